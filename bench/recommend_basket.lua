-- wrk script: POST /api/v1/recommendations/basket with two random active SKUs.
-- Environment: OIIS_KEY, OIIS_SKUS_FILE (one SKU per line).
local common = dofile((os.getenv("OIIS_BENCH_DIR") or "bench") .. "/common.lua")
local skus

function setup(thread) common.setup(thread) end

function init(args)
  skus = common.read_lines(os.getenv("OIIS_SKUS_FILE"))
  common.init(200)
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("OIIS_KEY")
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  local body = string.format('{"skus": ["%s", "%s"]}', skus[math.random(#skus)], skus[math.random(#skus)])
  return wrk.format("POST", "/api/v1/recommendations/basket", nil, body)
end

response = common.response
done = common.done
