-- wrk script: a GET with only the bearer token (health-check).
wrk.method = "GET"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
