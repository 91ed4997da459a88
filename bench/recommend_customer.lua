-- wrk script: GET /api/v1/recommendations/customer/{id} for random customers with orders.
-- Environment: OIIS_KEY, OIIS_CUSTOMERS_FILE (one customer id per line).
local common = dofile((os.getenv("OIIS_BENCH_DIR") or "bench") .. "/common.lua")
local customers

function setup(thread) common.setup(thread) end

function init(args)
  customers = common.read_lines(os.getenv("OIIS_CUSTOMERS_FILE"))
  common.init(200)
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("OIIS_KEY")
end

function request()
  return wrk.format("GET", "/api/v1/recommendations/customer/" .. customers[math.random(#customers)])
end

response = common.response
done = common.done
