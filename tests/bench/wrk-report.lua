-- wrk's report for tests/bench/wrk.ts: one JSON line. A response other than 200 counts as an
-- error (a page that redirects to the login page is not served), as the fetch driver counts it.
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) non200 = 0 end
function response(status, headers, body) if status ~= 200 then non200 = non200 + 1 end end
function done(summary, latency, requests)
  local refused = 0
  for _, thread in ipairs(threads) do refused = refused + thread:get("non200") end
  local e = summary.errors
  io.write(string.format('WRK {"requests":%d,"seconds":%.3f,"socketErrors":%d,"non200":%d,"p50":%.1f,"p95":%.1f,"p99":%.1f}\n',
    summary.requests, summary.duration / 1e6, e.connect + e.read + e.write + e.timeout, refused,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
