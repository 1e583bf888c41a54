-- wrk script of scripts/bench/flux: deposits pre-built deposer/flux bodies, each once.
--
--   wrk -t T -c C -d 3600s -s scripts/bench/flux.lua URL -- BODIES T DONE_DIR TOKEN ACCOUNT
--
-- BODIES holds one JSON body a line. Thread i (numbered by setup) sends the lines whose
-- number is i modulo T, so that no body goes twice (a repeated invoice number would be a
-- duplicate); once its share is answered it writes DONE_DIR/i ("answered errors") and stops.
-- wrk itself runs until SIGINT (scripts/bench/flux sends it once every thread is done). A
-- connection that finds nothing left to send asks for /healthz meanwhile.

local numbered = 0

function setup(thread)
   thread:set("id", numbered)
   numbered = numbered + 1
end

function init(args)
   local path, threads, token, account = args[1], tonumber(args[2]), args[4], args[5]
   done_dir = args[3]
   bodies = {}
   local n = 0
   for line in io.lines(path) do
      if n % threads == id then
         bodies[#bodies + 1] = line
      end
      n = n + 1
   end
   headers = {
      ["Authorization"] = "Bearer " .. token,
      ["cpro-account"] = account,
      ["Content-Type"] = "application/json",
   }
   next_body, answered, errors = 1, 0, 0
   -- wrk asks thread 0 for one request before it starts, to see whether it changes: that
   -- one is never sent.
   verified = id ~= 0
end

function request()
   if not verified then
      verified = true
      return wrk.format("POST", "/cpro/factures/v1/deposer/flux", headers, bodies[1])
   end
   local body = bodies[next_body]
   if body == nil then
      return wrk.format("GET", "/healthz")
   end
   next_body = next_body + 1
   return wrk.format("POST", "/cpro/factures/v1/deposer/flux", headers, body)
end

function response(status, _, body)
   if body:sub(1, 1) ~= "{" then
      return -- /healthz
   end
   answered = answered + 1
   if status ~= 200 or not body:find("numeroFluxDepot", 1, true) then
      errors = errors + 1
      if errors <= 3 then
         io.stderr:write("deposit answered " .. status .. ": " .. body:sub(1, 300) .. "\n")
      end
   end
   if answered == #bodies then
      local f = io.open(done_dir .. "/" .. id, "w")
      f:write(answered .. " " .. errors .. "\n")
      f:close()
      wrk.thread:stop()
   end
end
