-- wrk script for the Wharf benchmarks: adds the request headers given in the environment and, at
-- the end, prints one machine-readable line (BENCH_JSON {...}) next to wrk's own --latency report.
--   BENCH_AUTHORIZATION  value of the Authorization header ("Bearer ..." or "Basic ...")
--   BENCH_ACCEPT         value of the Accept header (optional)
--   BENCH_VARY_PATH      request path with {n}, replaced by a number unique to each request (optional)
local auth = os.getenv("BENCH_AUTHORIZATION")
local accept = os.getenv("BENCH_ACCEPT")
if auth and auth ~= "" then wrk.headers["Authorization"] = auth end
if accept and accept ~= "" then wrk.headers["Accept"] = accept end

-- BENCH_VARY_PATH: a path with "{n}" in it; every request then asks for its own n, so that no two
-- requests are alike (the token service cannot hand out a token it signed a moment ago).
local vary = os.getenv("BENCH_VARY_PATH")
local threads, counter = 0, 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
if vary and vary ~= "" then
  function request()
    counter = counter + 1
    return wrk.format(nil, (vary:gsub("{n}", string.format("%d", (tid or 0) * 1000000000 + counter))))
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"seconds":%.3f,"rps":%.1f,"p50_ms":%.2f,"p90_ms":%.2f,"p99_ms":%.2f,' ..
    '"max_ms":%.2f,"mean_ms":%.2f,"non2xx":%d,"connect_errors":%d,"read_errors":%d,"write_errors":%d,"timeouts":%d}\n',
    summary.requests, secs, summary.requests / secs,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, latency.mean / 1000,
    e.status, e.connect, e.read, e.write, e.timeout))
end
