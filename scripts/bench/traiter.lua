-- wrk script: factures/v1/traiter/recue, the recipient moving each invoice deposited by the
-- soumettre run (ids FIRST_ID, FIRST_ID + 1, …) from MISE_A_DISPOSITION to SERVICE_FAIT.
local id = tonumber(os.getenv("FIRST_ID")) - 1

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
wrk.headers["cpro-account"] = os.getenv("ACCOUNT")

request = function()
  id = id + 1
  return wrk.format(nil, nil, nil, '{"idFacture":' .. id .. ',"nouveauStatut":"SERVICE_FAIT"}')
end
