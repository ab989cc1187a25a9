-- wrk script used by bench/run.py for every measured URL.
--
-- * BENCH_PATHS_FILE (optional): a file with one path per line; each request then
--   asks for a random one of them (e.g. random product pages). Without it wrk
--   requests the URL given on its command line, at full speed.
-- * done(): prints one line that bench/run.py parses, with latencies in microseconds:
--   BENCH_RESULT requests=.. status_errors=.. connect_errors=.. ... p50_us=.. p95_us=..

local paths_file = os.getenv("BENCH_PATHS_FILE")
local counter = 0

if paths_file and paths_file ~= "" then
  local paths = {}
  for line in io.lines(paths_file) do
    if line ~= "" then
      paths[#paths + 1] = line
    end
  end
  if #paths == 0 then
    error("no paths in " .. paths_file)
  end

  -- setup() runs in the main state once per thread, before that thread's init().
  function setup(thread)
    counter = counter + 1
    thread:set("thread_id", counter)
  end

  function init(args)
    math.randomseed(os.time() * 1000 + (thread_id or 0))
  end

  function request()
    return wrk.format(nil, paths[math.random(#paths)])
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH_RESULT requests=%d duration_us=%d status_errors=%d connect_errors=%d read_errors=%d"
      .. " write_errors=%d timeout_errors=%d p50_us=%d p90_us=%d p95_us=%d p99_us=%d max_us=%d\n",
    summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99), latency.max
  ))
end
