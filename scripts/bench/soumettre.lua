-- wrk script: factures/v1/soumettre, each request a new invoice number, from the demo
-- supplier to the demo ministry's DAF-01 service.
local counter = 0
local prefix = "B" .. os.time() % 100000000

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
wrk.headers["cpro-account"] = os.getenv("ACCOUNT")

local body = [[{"modeDepot":"SAISIE_API","numeroFactureSaisi":"%s","dateFacture":"2026-11-02",
"cadreDeFacturation":{"codeCadreFacturation":"A1_FACTURE_FOURNISSEUR"},
"destinataire":{"codeDestinataire":"11000201100044","codeServiceExecutant":"DAF-01"},
"references":{"deviseFacture":"EUR","typeFacture":"FACTURE","typeTva":"TVA_SUR_DEBIT"},
"lignePoste":[{"lignePosteNumero":1,"lignePosteDenomination":"Ramettes","lignePosteQuantite":3,"lignePosteMontantUnitaireHT":4.99,"lignePosteTauxTva":"TVA_20"},
{"lignePosteNumero":2,"lignePosteDenomination":"Livres","lignePosteQuantite":2.5,"lignePosteMontantUnitaireHT":10,"lignePosteTauxTvaManuel":5.5}],
"ligneTva":[{"ligneTvaTauxManuel":20,"ligneTvaMontantBaseHtParTaux":14.97,"ligneTvaMontantTvaParTaux":2.99},
{"ligneTvaTauxManuel":5.5,"ligneTvaMontantBaseHtParTaux":25,"ligneTvaMontantTvaParTaux":1.38}],
"montantTotal":{"montantHtTotal":39.97,"montantTVA":4.37,"montantTtcTotal":44.34,"montantAPayer":44.34}}]]

request = function()
  counter = counter + 1
  return wrk.format(nil, nil, nil, string.format(body, prefix .. "-" .. counter))
end
