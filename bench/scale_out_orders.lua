-- wrk script for bench/scale_out_orders.sh: POST /api/v1/orders, one guest order of 1-2
-- random SKUs (1-2 units each), every request with an Idempotency-Key of its own (so a run
-- against two processes can be checked for duplicates afterwards). Environment:
--   OIIS_KEY        bearer key (admin or write)
--   OIIS_SKUS_FILE  file with one SKU per line
--   OIIS_RUN        a label unique to this wrk process (keys must not collide across runs)
local common = dofile((os.getenv("OIIS_BENCH_DIR") or "bench") .. "/common.lua")
local skus, run, sent = nil, nil, 0
local headers = {}  -- wrk.format takes the headers whole (it does not merge wrk.headers)

function setup(thread) common.setup(thread) end

function init(args)
  skus = common.read_lines(os.getenv("OIIS_SKUS_FILE"))
  run = os.getenv("OIIS_RUN") or "run"
  common.init(201)
  wrk.method = "POST"
  wrk.path = "/api/v1/orders"
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("OIIS_KEY")
  wrk.headers["Content-Type"] = "application/json"
  for name, value in pairs(wrk.headers) do headers[name] = value end
end

function request()
  sent = sent + 1
  local first = math.random(#skus)
  local lines = { string.format('{"sku":"%s","quantity":%d}', skus[first], math.random(1, 2)) }
  local second = math.random(#skus)
  if second ~= first and math.random() < 0.5 then
    lines[2] = string.format('{"sku":"%s","quantity":%d}', skus[second], math.random(1, 2))
  end
  headers["Idempotency-Key"] = string.format("%s-t%d-%d", run, thread_id or 0, sent)
  return wrk.format(nil, nil, headers, '{"lines":[' .. table.concat(lines, ",") .. ']}')
end

response = common.response
done = common.done
