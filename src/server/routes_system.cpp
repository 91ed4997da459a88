// Unauthenticated operational endpoints: health, Prometheus metrics, the OpenAPI document.
#include <chrono>

#include "server/api.h"

namespace oiis::server {
namespace {

// Checks the store with a cheap query; 503 (error body) when it fails.
Status healthz(Ctx& c) {
  auto locations = c.store.list_locations();
  if (!locations)
    return unavailable("store check failed: " + locations.status().message());
  const auto uptime = std::chrono::duration_cast<std::chrono::seconds>(
      std::chrono::steady_clock::now() - c.api.started());
  return reply(c, {{"status", "ok"},
                   {"store", c.store.backend_name()},
                   {"uptime_seconds", uptime.count()},
                   {"version", "0.1.0"}});
}

// What a person or client opening the printed URL finds: a browser gets the dashboard, a
// client this index of where everything is.
Status index(Ctx& c) {
  if (wants_html(c.req)) return serve_web_file(c, "/index.html");
  return reply(c, {{"name", "OIIS — Orders & Inventory Intelligence System"},
                   {"version", "0.1.0"},
                   {"api", "/api/v1"},
                   {"openapi", "/openapi.json"},
                   {"health", "/healthz"},
                   {"metrics", "/metrics"},
                   {"auth", "Authorization: Bearer <API key> on every /api/v1 route"},
                   {"start_with", {"/api/v1/products?limit=5", "/api/v1/inventory/reorder-plan",
                                   "/api/v1/forecast/{sku}?level=weekly"}}});
}

Status metrics(Ctx& c) {
  c.res.status = 200;
  c.res.set_content(c.api.render_metrics(), "text/plain; version=0.0.4");
  return Status::ok();
}

Status openapi(Ctx& c) {
  c.res.status = 200;
  c.res.set_content(c.api.openapi_text(), "application/json");
  return Status::ok();
}

}  // namespace

void add_system_routes(RouteTable& t) {
  t.push_back({"GET", "/", std::nullopt, "system", "Index: where the API, its OpenAPI document "
               "and the health check are", "", "", 200, {}, index});
  t.push_back({"GET", "/healthz", std::nullopt, "system", "Liveness and store check", "",
               "Health", 200, {}, healthz});
  t.push_back({"GET", "/metrics", std::nullopt, "system", "Prometheus metrics", "", "", 200, {},
               metrics, "text/plain"});
  t.push_back({"GET", "/openapi.json", std::nullopt, "system", "This OpenAPI document", "", "",
               200, {}, openapi});
}

}  // namespace oiis::server
