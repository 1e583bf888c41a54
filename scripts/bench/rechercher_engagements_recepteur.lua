-- wrk script: /cpro/engagementsJuridiques/v1/rechercher as a supplier's software calls it to
-- check an order reference before it sends an invoice: by number, for its own structure.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
wrk.headers["cpro-account"] = os.getenv("ACCOUNT_RECEPTEUR")

request = function()
  local body = string.format('{"numeroEngagementJuridique":"EJ%010d",' ..
    '"structureReceptriceEngagementJuridique":"%s"}', math.random(0, 1100000), os.getenv("RECEPTEUR_ID"))
  return wrk.format(nil, nil, nil, body)
end
