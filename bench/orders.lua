-- wrk script: POST /api/v1/orders with 1-3 distinct random SKUs (1-3 units each) for a random
-- customer; the same mix as bench/raw_sqlite_orders.cpp. Environment:
--   OIIS_KEY        bearer key (admin or write)
--   OIIS_SKUS_FILE  file with one SKU per line
--   OIIS_CUSTOMERS  highest customer id (customers are 1..N)
-- Answers other than 201 are counted and reported at the end: a fast 409/500 is no placement.
local common = dofile((os.getenv("OIIS_BENCH_DIR") or "bench") .. "/common.lua")
local skus, customers

function setup(thread) common.setup(thread) end

function init(args)
  skus = common.read_lines(os.getenv("OIIS_SKUS_FILE"))
  customers = tonumber(os.getenv("OIIS_CUSTOMERS") or "1")
  common.init(201)
  wrk.method = "POST"
  wrk.path = "/api/v1/orders"
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("OIIS_KEY")
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  local n = math.random(1, 3)
  local chosen, lines = {}, {}
  while #lines < n do
    local sku = skus[math.random(#skus)]
    if not chosen[sku] then
      chosen[sku] = true
      lines[#lines + 1] = string.format('{"sku":"%s","quantity":%d}', sku, math.random(1, 3))
    end
  end
  local body = string.format('{"customer_id":%d,"lines":[%s]}', math.random(customers),
                             table.concat(lines, ","))
  return wrk.format(nil, nil, nil, body)
end

response = common.response
done = common.done
