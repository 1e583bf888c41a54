-- wrk script: factures/v1/rechercher/{fournisseur,recipiendaire} as the technical accounts of
-- generated structures, one after the other (ACCOUNTS: base64 cpro-account values separated
-- by spaces). Each request asks for the first page, or the first page in one status.
local accounts = {}
for a in string.gmatch(os.getenv("ACCOUNTS"), "%S+") do
  table.insert(accounts, a)
end
local counter = 0
local bodies = {
  '{"paramRecherche":{"nbResultatsParPage":10},"rechercheFactureParFournisseur":{"nbResultatsParPage":10}}',
  '{"statutCourant":["MISE_EN_PAIEMENT"]}',
  '{"periodeDateDepotDu":"2026-09-01","periodeDateDepotAu":"2026-09-30"}',
}

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")

request = function()
  counter = counter + 1
  -- wrk.format takes these headers instead of wrk.headers: copy them all (Host included).
  local headers = {}
  for name, value in pairs(wrk.headers) do
    headers[name] = value
  end
  headers["cpro-account"] = accounts[(counter % #accounts) + 1]
  return wrk.format(nil, nil, headers, bodies[(counter % #bodies) + 1])
end
