-- wrk script: valid, unique 防贫申报 submissions at a fixed rate.
-- Usage: wrk -t2 -c8 -d60s --latency -s .ci/report-load.lua URL/report -- RATE CONNECTIONS
-- Every request has its own idempotency token, anti-forgery value (cookie and field) and
-- description, so each one is a new case. A 303 to the receipt is success.
local threads = {}
local next_id = 1

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  local rate = tonumber(args[1]) or 100
  local connections = tonumber(args[2]) or 8
  pause = 1000 * connections / rate
  counter = 0
  failures = 0
  math.randomseed(os.time() * 1000 + id)
end

local hexdigits = "0123456789abcdef"
local function hex(n)
  local out = {}
  for i = 1, n do
    local k = math.random(1, 16)
    out[i] = hexdigits:sub(k, k)
  end
  return table.concat(out)
end

function delay()
  return pause
end

function request()
  counter = counter + 1
  local csrf = hex(32)
  local body = "token=" .. hex(32) .. "&csrf=" .. csrf
    .. "&village=qxn-p-01&name=%E7%8E%8B%E5%A4%A7%E5%B1%B1&id_number=11010519491231002X"
    .. "&phone=13812345678&household_size=4&risks=illness&risks=expense"
    .. "&description=bench-" .. id .. "-" .. counter .. "-" .. hex(8)
    .. "&reporter=self&consent=yes&website="
  return wrk.format("POST", "/report", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "portal_csrf=" .. csrf,
  }, body)
end

function response(status, headers, body)
  if status ~= 303 then
    failures = failures + 1
  end
end

function done(summary, latency, requests)
  local failed = 0
  for _, thread in ipairs(threads) do
    failed = failed + thread:get("failures")
  end
  local seconds = summary.duration / 1e6
  io.write(string.format("submissions          %d in %.1f s\n", summary.requests, seconds))
  io.write(string.format("throughput           %.1f submissions/s\n", summary.requests / seconds))
  io.write(string.format("not a receipt (303)  %d\n", failed))
  io.write(string.format("socket errors        connect %d, read %d, write %d, timeout %d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
  for _, p in ipairs({ 50, 90, 99, 99.9 }) do
    io.write(string.format("latency p%-5s       %.2f ms\n", tostring(p), latency:percentile(p) / 1000))
  end
  io.write(string.format("latency max          %.2f ms\n", latency.max / 1000))
end
