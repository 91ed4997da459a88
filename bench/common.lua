-- Shared by the wrk scripts: per-thread random seeds, counting answers that are not the
-- expected status, and a summary line the runner parses ("unexpected_status N first=CODE").
local M = {}
local threads, counter = {}, 0
local expected = 200
-- Globals, not locals: the main state reads them from each thread's state with thread:get().
unexpected, first_bad = 0, 0

function M.setup(thread)
  counter = counter + 1
  thread:set("thread_id", counter)
  table.insert(threads, thread)
end

function M.read_lines(path)
  local out = {}
  for line in io.lines(path) do
    if #line > 0 then out[#out + 1] = line end
  end
  assert(#out > 0, "no lines in " .. tostring(path))
  return out
end

function M.init(expected_status)
  expected = expected_status
  math.randomseed(os.time() * 1000 + (thread_id or 0))
end

function M.response(status, headers, body)
  if status ~= expected then
    unexpected = unexpected + 1
    if first_bad == 0 then first_bad = status end
  end
end

function M.done(summary, latency, requests)
  local bad, first = 0, 0
  for _, t in ipairs(threads) do
    bad = bad + (t:get("unexpected") or 0)
    if first == 0 then first = t:get("first_bad") or 0 end
  end
  io.write(string.format("unexpected_status %d first=%d\n", bad, first))
end

return M
