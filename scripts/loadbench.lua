-- wrk script for scripts/loadbench.py.
-- Arguments after "--": a file of "sessionid csrftoken" lines, GET or POST,
-- and the status every answer must have. Each request picks one of the
-- sessions at random; POSTs send a check-in with that session's CSRF token.
-- Answers with another status are counted and reported as errors.

local sessions, method, expected = {}, "GET", 200
local unexpected = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do
    local sid, token = line:match("^(%S+)%s+(%S+)$")
    if sid then table.insert(sessions, { sid, token }) end
  end
  method = args[2]
  expected = tonumber(args[3])
  math.randomseed(os.time() + #threads + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
end

function request()
  local headers = {}
  if #sessions > 0 then
    local s = sessions[math.random(#sessions)]
    headers["Cookie"] = "sessionid=" .. s[1] .. "; csrftoken=" .. s[2]
    if method == "POST" then
      headers["Content-Type"] = "application/x-www-form-urlencoded"
      local body = "csrfmiddlewaretoken=" .. s[2]
        .. "&pain=" .. math.random(0, 10) .. "&mood=" .. math.random(0, 10)
        .. "&sleep_hours=" .. (math.random(8, 18) / 2) .. "&sleep_quality=" .. math.random(1, 5)
        .. "&exercise_minutes=" .. (math.random(1, 12) * 5) .. "&exercise_kind=walking&note="
      return wrk.format("POST", nil, headers, body)
    end
  end
  return wrk.format(method, nil, headers, nil)
end

function response(status, headers, body)
  if status ~= expected then unexpected = unexpected + 1 end
end

function done(summary, latency, requests)
  local wrong = 0
  for _, thread in ipairs(threads) do wrong = wrong + (thread:get("unexpected") or 0) end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, '
      .. '"max_us": %d, "socket_errors": %d, "http_errors": %d, "unexpected_status": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, e.connect + e.read + e.write + e.timeout, e.status, wrong))
end
