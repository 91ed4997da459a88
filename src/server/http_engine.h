// Internal to the server module: the one door between the routes and whatever speaks HTTP.
//
// An engine accepts connections, enforces the connection limits (header size and count 431,
// body size 413, connections per client and in all 503, idle/header/request/write deadlines),
// parses each request into an httplib::Request, calls the handler on a worker thread (handlers
// block: group commit, forecasts, the assistant) and writes the httplib::Response it filled.
// The route table, the handlers and Ctx never see which engine carried the request.
//   "httplib": cpp-httplib's thread-per-connection server behind our epoll connection gate
//              (connection_gate.h): a worker per connection whose headers have arrived.
//   "asio":    standalone Asio (libasio-dev): one event loop does every socket's I/O and
//              parsing; a fixed pool of workers only runs handlers (asio_engine.cpp).
#pragma once

#include <httplib.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "server/connection_gate.h"

namespace oiis::server {

// Fills `res` for `req`; may block; must not throw (the engine answers 500 if it does).
using RequestHandler = std::function<void(const httplib::Request& req, httplib::Response& res)>;

class HttpEngine {
 public:
  virtual ~HttpEngine() = default;
  // Binds host:port (0 = any free port) with a deep accept backlog; the bound port, or -1.
  virtual int bind(const std::string& host, int port) = 0;
  // Serves on the calling thread until stop(); false when the listener failed.
  virtual bool listen() = 0;
  // Thread-safe, idempotent: makes listen() return once in-flight handlers have finished.
  virtual void stop() = 0;
  virtual bool is_running() const = 0;
};

// The engines `oiis serve --http-engine` accepts, the default first.
const std::vector<std::string>& http_engine_names();

// nullptr when `name` is not one of http_engine_names().
std::unique_ptr<HttpEngine> make_http_engine(std::string_view name, RequestHandler handler,
                                             std::size_t workers, const GateLimits& limits);

std::unique_ptr<HttpEngine> make_httplib_engine(RequestHandler handler, std::size_t workers,
                                                const GateLimits& limits);
std::unique_ptr<HttpEngine> make_asio_engine(RequestHandler handler, std::size_t workers,
                                             const GateLimits& limits);

}  // namespace oiis::server
