-- wrk script: structures/v1/rechercher by SIRET, over the generated directory of
-- `facteur seed --scale 1`: a random structure each time, computed with the generator's rule
-- (SIREN base + index, NIC 0001, Luhn key).
local publiques, privees = 130000, 490000

local function luhn_key(prefix)
  for key = 0, 9 do
    local digits, sum = prefix .. key, 0
    for i = #digits, 1, -1 do
      local d = tonumber(digits:sub(i, i))
      if (#digits - i) % 2 == 1 then
        d = d * 2
        if d > 9 then d = d - 9 end
      end
      sum = sum + d
    end
    if sum % 10 == 0 then return digits end
  end
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
wrk.headers["cpro-account"] = os.getenv("ACCOUNT")

request = function()
  local siren
  if math.random() < 0.2 then
    siren = 200000000 + math.random(0, publiques - 1)
  else
    siren = 300000000 + math.random(0, privees - 1)
  end
  local siret = luhn_key(string.format("%09d0001", siren))
  local body = '{"structure":{"identifiantStructure":"' .. siret ..
    '","typeIdentifiantStructure":"SIRET"},"restreindreStructuresPrivees":false}'
  return wrk.format(nil, nil, nil, body)
end
