-- wrk script for bench/run.py: rotates over the paths in a file (one per line), appends an
-- optional query-string suffix (the page-cache bypass), and prints one JSON summary line.
-- Usage: wrk ... -s bench/wrk.lua URL -- PATHS_FILE [QUERY_SUFFIX]
-- Redirects are ruled out before the run (run.py checks every path answers 200), so
-- wrk's own counters (status >= 400, socket errors) are the error count.

local paths = {}
local suffix = ""
counter = 0

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then
      paths[#paths + 1] = line
    end
  end
  suffix = args[2] or ""
  -- Threads start at different places in the list.
  counter = math.random(#paths)
end

function request()
  counter = counter + 1
  local path = paths[(counter % #paths) + 1]
  if suffix ~= "" then
    if string.find(path, "?", 1, true) then
      path = path .. "&" .. suffix
    else
      path = path .. "?" .. suffix
    end
  end
  return wrk.format("GET", path)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p90_us": %d, ' ..
    '"p99_us": %d, "mean_us": %.1f, "max_us": %d, "connect_errors": %d, "read_errors": %d, ' ..
    '"write_errors": %d, "status_errors": %d, "timeouts": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.mean, latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
