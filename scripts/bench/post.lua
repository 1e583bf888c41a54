-- wrk script: an authenticated, quota-checked, schema-checked business call.
-- TOKEN and ACCOUNT come from the environment; BODY is the JSON body.
wrk.method = "POST"
wrk.body = os.getenv("BODY") or '{"codeLangue":"FR"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
wrk.headers["cpro-account"] = os.getenv("ACCOUNT")
