// The dashboard's files (web/): `/` for a browser (routes_system.cpp) and `/assets/{file}`.
// Public, like the page itself: the dashboard asks for an API key and sends it with every API
// call; the files hold no data.
#include "server/api.h"

namespace oiis::server {
namespace {

// What a browser finds when this binary was built without the dashboard (no npm at build time).
constexpr const char* kNoDashboardPage =
    "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>OIIS</title></head>"
    "<body><h1>OIIS</h1><p>This binary was built without the dashboard: npm or "
    "<code>web/node_modules</code> was missing at build time. Run <code>scripts/install-deps</code> "
    "and rebuild, or start <code>oiis serve --web-root web/dist</code>.</p>"
    "<p>The API is at <a href=\"/openapi.json\">/openapi.json</a>.</p></body></html>";

// The page may load only its own files and talk only to this server.
void set_page_headers(httplib::Response& res) {
  res.set_header("Content-Security-Policy",
                 "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
                 "media-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
                 "frame-ancestors 'none'");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Referrer-Policy", "no-referrer");
}

Status asset(Ctx& c) { return serve_web_file(c, "/assets/" + std::string(c.path[0])); }

}  // namespace

bool wants_html(const httplib::Request& req) {
  return req.get_header_value("Accept").find("text/html") != std::string::npos;
}

Status serve_web_file(Ctx& c, std::string_view path) {
  auto file = c.api.web().find(path);
  set_page_headers(c.res);
  if (!file) {
    if (path != "/index.html") return not_found("no dashboard file " + std::string(path));
    c.res.status = 200;
    c.res.set_content(kNoDashboardPage, "text/html; charset=utf-8");
    return Status::ok();
  }
  // Revalidated on every load (names are not content-hashed), answered 304 when unchanged.
  c.res.set_header("Cache-Control", "no-cache");
  c.res.set_header("ETag", file->etag);
  if (c.req.get_header_value("If-None-Match") == file->etag) {
    c.res.status = 304;
    return Status::ok();
  }
  c.res.status = 200;
  c.res.set_content(file->body, file->content_type);
  return Status::ok();
}

void add_web_routes(RouteTable& t) {
  t.push_back({"GET", "/assets/{file}", std::nullopt, "system",
               "The dashboard's scripts and styles (the page itself is `/` with Accept: text/html)",
               "", "", 200, {}, asset, "text/javascript"});
}

}  // namespace oiis::server
