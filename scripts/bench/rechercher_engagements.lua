-- wrk script: /api/v1/engagements/rechercher from the issuer's side, over the engagements of
-- `facteur seed --scale 1` (about 1.1 million; the busiest issuer has about 5 % of them):
-- half list a page of the latest, a third look one up by number, the rest filter by state.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
wrk.headers["cpro-account"] = os.getenv("ACCOUNT")

local states = { "COMMANDE", "INACTIF", "REFUSE", "A_RECYCLER", "BROUILLON" }

request = function()
  local roll, body = math.random(), nil
  if roll < 0.5 then
    body = string.format('{"vue":"EMETTEUR","parametresRecherche":{"nbResultatsParPage":20,' ..
      '"pageResultatDemandee":%d,"triColonne":"DateCreationEJ","triSens":"Descendant"}}',
      math.random(1, 10))
  elseif roll < 0.83 then
    body = string.format('{"vue":"EMETTEUR","numeroEngagementJuridique":"EJ%010d"}',
      math.random(0, 1100000))
  else
    body = string.format('{"vue":"EMETTEUR","etatCourantEngagementJuridique":"%s",' ..
      '"parametresRecherche":{"nbResultatsParPage":20}}', states[math.random(1, #states)])
  end
  return wrk.format(nil, nil, nil, body)
end
