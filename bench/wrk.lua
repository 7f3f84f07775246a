-- wrk script for make bench: every request as a logged-in Folka user.
-- bench/run.py writes a Lua data file and names it in FOLKA_BENCH_DATA:
--   return { mode = "today" | "briefing" | "review" | "sync" | "hello",
--            run_tag = <integer>, user_agent = "...", review_path = "/review?week=…",
--            identities = { { cookie = "session=…", csrf = "…", user_id = 5, clients = {…} }, … } }
-- Requests rotate over the identities (one rep per team) and their clients. Sync sends 100
-- NEW note operations per request, each with a fresh UUID. done() prints one JSON line.

local data = dofile(os.getenv("FOLKA_BENCH_DATA"))
local identities = data.identities
local threads = {}
local thread_count = 0
local turn = 0
local made = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_number", thread_count)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() * 1000 + (thread_number or 0))
  turn = thread_number or 0
end

local function headers(identity, extra)
  local h = { ["User-Agent"] = data.user_agent, Cookie = identity.cookie }
  for name, value in pairs(extra or {}) do h[name] = value end
  return h
end

-- A version-4 UUID unique for this run: run tag, wrk thread and a counter, plus randomness.
local function uuid()
  made = made + 1
  return string.format("%08x-%04x-4%03x-%04x-0000%08x", data.run_tag, thread_number or 0,
    math.random(0, 0xfff), 0x8000 + math.random(0, 0x3fff), made)
end

local NOTE = "Went through the spring order; they want delivery split over two weeks. "
  .. "Anna says the dog is finally eating again. Send the updated price list by Friday."

local function sync_body(identity)
  local at = os.date("!%Y-%m-%dT%H:%M:%S.000Z")
  local ops = {}
  for i = 1, data.batch do
    local client = identity.clients[(turn + i) % #identity.clients + 1]
    ops[i] = string.format(
      '{"id":"%s","kind":"note","at":"%s","client_id":%d,"body":"%s","contacts_met":[]}',
      uuid(), at, client, NOTE)
  end
  return '{"user_id":' .. identity.user_id .. ',"operations":[' .. table.concat(ops, ",") .. "]}"
end

function request()
  turn = turn + 1
  local identity = identities[turn % #identities + 1]
  if data.mode == "hello" then
    return wrk.format("GET", "/", { ["User-Agent"] = data.user_agent })
  elseif data.mode == "today" then
    return wrk.format("GET", "/", headers(identity))
  elseif data.mode == "briefing" then
    local clients = identity.clients
    local client = clients[math.floor(turn / #identities) % #clients + 1]
    return wrk.format("GET", "/clients/" .. client, headers(identity))
  elseif data.mode == "review" then
    return wrk.format("GET", data.review_path, headers(identity))
  elseif data.mode == "sync" then
    return wrk.format("POST", "/api/sync", headers(identity, {
      ["Content-Type"] = "application/json", ["X-CSRFToken"] = identity.csrf,
    }), sync_body(identity))
  end
  error("unknown mode " .. tostring(data.mode))
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'FOLKA_RESULT {"requests":%d,"duration_us":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,'
    .. '"max_us":%d,"mean_us":%.1f,"errors_connect":%d,"errors_read":%d,"errors_write":%d,'
    .. '"errors_status":%d,"errors_timeout":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, latency.mean, e.connect, e.read, e.write, e.status,
    e.timeout))
end
