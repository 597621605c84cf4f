-- wrk script: POST a new session (fresh client_id each time) for the seeded plan.
local plan_id = os.getenv("PIRI_PLAN_ID")
local counter = 0
math.randomseed(os.time())

local function uuid4()
  local template = "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx"
  return (template:gsub("[xy]", function(c)
    local v = (c == "x") and math.random(0, 15) or math.random(8, 11)
    return string.format("%x", v)
  end))
end

request = function()
  counter = counter + 1
  local body = string.format(
    '{"client_id":"%s","plan_id":"%s","started_at":"2026-11-20T09:00:00+00:00",' ..
    '"ended_at":"2026-11-20T09:12:00+00:00","completed":true,"steps":[],"checks":[],' ..
    '"end_pain":2}', uuid4(), plan_id)
  -- wrk.format replaces wrk.headers when given a table: keep the cookie and CSRF headers.
  local headers = {}
  for name, value in pairs(wrk.headers) do headers[name] = value end
  headers["Content-Type"] = "application/json"
  return wrk.format("POST", nil, headers, body)
end
