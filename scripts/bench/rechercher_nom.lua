-- wrk script: structures/v1/rechercher by the start of a name ("SAS Martin", "Commune de
-- Dubois"…), first page of 10, over the generated directory of `facteur seed --scale 1`.
local formes = {"SARL", "SAS", "SASU", "EURL", "SA", "SCOP", "Commune de"}
local noms = {"Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois",
  "Moreau", "Laurent", "Simon", "Michel", "Leroy", "Roux", "David", "Bertrand", "Morel",
  "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent"}

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
wrk.headers["cpro-account"] = os.getenv("ACCOUNT")

request = function()
  local nom = formes[math.random(#formes)] .. " " .. noms[math.random(#noms)]
  local body = '{"structure":{"raisonSocialeStructure":"' .. nom ..
    '"},"restreindreStructuresPrivees":false,"parametres":{"nbResultatsParPage":10}}'
  return wrk.format(nil, nil, nil, body)
end
