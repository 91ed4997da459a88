-- wrk script: GET /healthz, the HTTP layer's own ceiling (no store, no key) beside a route.
local common = dofile((os.getenv("OIIS_BENCH_DIR") or "bench") .. "/common.lua")

function setup(thread) common.setup(thread) end
function init(args) common.init(200) end
function request() return wrk.format("GET", "/healthz") end

response = common.response
done = common.done
