-- wrk script: GET /api/v1/products/{sku} for random SKUs. Environment: OIIS_KEY, OIIS_SKUS_FILE.
local common = dofile((os.getenv("OIIS_BENCH_DIR") or "bench") .. "/common.lua")
local skus

function setup(thread) common.setup(thread) end

function init(args)
  skus = common.read_lines(os.getenv("OIIS_SKUS_FILE"))
  common.init(200)
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("OIIS_KEY")
end

function request()
  return wrk.format("GET", "/api/v1/products/" .. skus[math.random(#skus)])
end

response = common.response
done = common.done
