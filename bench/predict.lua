-- wrk script: GET /api/v1/predict/{family}/{entity} for random entities of the published table.
-- Environment: OIIS_KEY, OIIS_FAMILY, OIIS_ENTITIES_FILE (one entity per line).
local common = dofile((os.getenv("OIIS_BENCH_DIR") or "bench") .. "/common.lua")
local entities, family

function setup(thread) common.setup(thread) end

function init(args)
  entities = common.read_lines(os.getenv("OIIS_ENTITIES_FILE"))
  family = os.getenv("OIIS_FAMILY")
  common.init(200)
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("OIIS_KEY")
end

function request()
  return wrk.format("GET", "/api/v1/predict/" .. family .. "/" .. entities[math.random(#entities)])
end

response = common.response
done = common.done
