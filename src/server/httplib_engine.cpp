// The "httplib" engine: cpp-httplib's server, every accepted socket going through the
// connection gate (connection_gate.h), which lends a worker only to complete requests.
#include <sys/socket.h>

#include <exception>

#include "common/log.h"
#include "server/api.h"
#include "server/http_engine.h"
#include "server/http_wire.h"

namespace oiis::server {
namespace {

// httplib's listen backlog is a compile-time 5; re-listening raises it so a burst of
// connections (load generators open many at once) is not dropped into SYN retries.
class BacklogHttpServer : public GatedHttpServer {
 public:
  void raise_backlog(int backlog) { ::listen(svr_sock_, backlog); }
};

class HttplibEngine final : public HttpEngine {
 public:
  HttplibEngine(RequestHandler handler, std::size_t workers, const GateLimits& limits);
  int bind(const std::string& host, int port) override;
  bool listen() override { return http_.listen_after_bind(); }
  void stop() override { http_.stop(); }
  bool is_running() const override { return http_.is_running(); }

 private:
  void set_error_handlers();
  BacklogHttpServer http_;
};

HttplibEngine::HttplibEngine(RequestHandler handler, std::size_t workers,
                             const GateLimits& limits) {
  auto route = [handler = std::move(handler)](const httplib::Request& req,
                                              httplib::Response& res) { handler(req, res); };
  // One catch-all per method; the server's Router does the matching (cheaper than httplib's
  // regex list).
  http_.Get(".*", route);
  http_.Post(".*", route);
  http_.Put(".*", route);
  http_.Patch(".*", route);
  http_.Delete(".*", route);
  http_.Options(".*", route);
  set_error_handlers();
  http_.new_task_queue = [this, workers, limits] { return http_.make_gate(workers, limits); };
  http_.set_payload_max_length(limits.max_body_bytes);
  http_.set_tcp_nodelay(true);
  // SO_REUSEADDR only: httplib's default also sets SO_REUSEPORT, which would let a second
  // server silently share the port instead of failing to bind.
  http_.set_socket_options([](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  http_.set_keep_alive_max_count(1u << 20);
  http_.set_keep_alive_timeout(
      std::chrono::duration_cast<std::chrono::seconds>(limits.idle_timeout).count());
  http_.set_read_timeout(
      std::chrono::duration_cast<std::chrono::seconds>(limits.request_timeout).count());
}

void HttplibEngine::set_error_handlers() {
  using HandlerResponse = httplib::Server::HandlerResponse;
  http_.set_error_handler(httplib::Server::HandlerWithResponse(
      [](const httplib::Request&, httplib::Response& res) -> HandlerResponse {
        if (!res.body.empty()) return HandlerResponse::Unhandled;
        // A chunked body over the limit surfaces from httplib as a read failure (400).
        if (res.status == 400 && current_request_body_over_limit()) res.status = 413;
        std::string message = "HTTP error " + std::to_string(res.status);
        if (res.status == 400) message = "malformed HTTP request";
        const char* field = "";
        if (res.status == 413) {
          message = "request body is too large";
          field = "body";
        }
        write_error(res, res.status, wire::error_code_for_status(res.status), message, field);
        return HandlerResponse::Handled;
      }));
  http_.set_exception_handler(
      [](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unknown exception";
        try {
          if (ep) std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        log_error("unhandled exception in " + req.method + " " + req.path + ": " + what);
        write_error(res, 500, "internal", "internal server error");
      });
}

int HttplibEngine::bind(const std::string& host, int port) {
  int bound = -1;
  if (port == 0) {
    bound = http_.bind_to_any_port(host);
  } else if (http_.bind_to_port(host, port)) {
    bound = port;
  }
  if (bound > 0) http_.raise_backlog(1024);
  return bound > 0 ? bound : -1;
}

}  // namespace

const std::vector<std::string>& http_engine_names() {
  static const std::vector<std::string> names = {"httplib", "asio"};
  return names;
}

std::unique_ptr<HttpEngine> make_http_engine(std::string_view name, RequestHandler handler,
                                             std::size_t workers, const GateLimits& limits) {
  if (name == "httplib") return make_httplib_engine(std::move(handler), workers, limits);
  if (name == "asio") return make_asio_engine(std::move(handler), workers, limits);
  return nullptr;
}

std::unique_ptr<HttpEngine> make_httplib_engine(RequestHandler handler, std::size_t workers,
                                                const GateLimits& limits) {
  return std::make_unique<HttplibEngine>(std::move(handler), workers, limits);
}

}  // namespace oiis::server
