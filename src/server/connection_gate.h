// Internal to the server module: the waiting room in front of httplib's worker pool.
//
// httplib gives each connection a worker from the first byte to the last keep-alive timeout,
// so 500 idle sockets (or 100 sending one header byte every 3 s) occupy every worker and
// /healthz waits behind them. The gate lends a worker only to a connection whose request line
// and headers have fully arrived: until then the socket waits in one epoll thread, under a
// total deadline (not a per-byte one, which a slow drip resets forever). It also enforces, in
// one place, the limits that httplib lacks or applies too late:
//   - header block size and header count (431), connections per client address and in all (503);
//   - a body with neither Content-Length nor Transfer-Encoding has length 0 (RFC 9112 6.3), so
//     a body-less `curl -X POST` is answered at once instead of after a read timeout;
//   - chunked bodies count against the body limit (httplib only checks Content-Length);
//   - headers sent with an empty value are kept (httplib drops them), so a route can refuse an
//     empty Idempotency-Key instead of silently ignoring it.
#pragma once

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace oiis::server {

struct GateLimits {
  std::chrono::milliseconds idle_timeout{5000};     // no request started (keep-alive idle)
  std::chrono::milliseconds header_timeout{10000};  // first byte of a request to end of headers
  std::chrono::milliseconds request_timeout{30000}; // reading the body once headers are in
  std::chrono::milliseconds write_timeout{5000};    // each write of the answer
  std::size_t max_header_bytes = 32 << 10;          // request line + headers
  std::size_t max_header_count = 100;
  std::size_t max_body_bytes = 1 << 20;             // chunked bodies (httplib checks the rest)
  int max_connections_per_client = 1000;
  int max_connections = 10000;
  std::size_t max_requests_per_connection = 1u << 20;
};

// One client connection: its socket and the bytes read but not yet handed to httplib.
struct Connection {
  int sock = -1;
  std::string peer_ip;
  int peer_port = 0;
  std::string buffer;       // unread bytes are buffer[pos, size)
  std::size_t pos = 0;
  std::size_t header_end = 0;  // end of the complete header block in buffer (0 = none yet)
  bool chunked = false;
  std::vector<std::string> empty_headers;  // names of headers sent with an empty value
  std::chrono::steady_clock::time_point request_started{};  // first byte of the pending request
  std::chrono::steady_clock::time_point deadline{};
  std::size_t requests = 0;
};

// httplib::Stream over a Connection: reads from its buffer first, then the socket, within the
// request's deadline; counts chunked body bytes against the limit.
class ConnectionStream : public httplib::Stream {
 public:
  ConnectionStream(Connection& conn, const GateLimits& limits);
  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override { return conn_.sock; }
  // True when this request's chunked body went over the limit (the reply must be 413).
  bool body_over_limit() const { return body_over_limit_; }

 private:
  Connection& conn_;
  const GateLimits& limits_;
  std::chrono::steady_clock::time_point deadline_;
  std::size_t body_bytes_ = 0;
  bool body_over_limit_ = false;
};

// Set on the worker thread while a request whose chunked body exceeded the limit is answered,
// so the error handler can turn httplib's generic 400 into 413.
bool current_request_body_over_limit();

class ConnectionGate : public httplib::TaskQueue {
 public:
  // Serves the one complete request at the front of `conn` on the calling worker; returns
  // whether the connection may carry another request.
  using ServeOne = std::function<bool(Connection& conn, ConnectionStream& stream, bool last)>;

  ConnectionGate(std::size_t workers, GateLimits limits, ServeOne serve);
  ~ConnectionGate() override;

  // httplib's accept loop hands each accepted socket's task here.
  void enqueue(std::function<void()> fn) override { pool_.enqueue(std::move(fn)); }
  // Closes every waiting connection, then drains and joins the workers.
  void shutdown() override;

  // A freshly accepted socket (on a worker): serves it, parks it, or refuses it.
  void admit(int sock);

  std::size_t waiting() const;

 private:
  enum class Ready { kComplete, kIncomplete, kClosed, kTooLarge };
  void advance(std::shared_ptr<Connection> conn);
  Ready fill_and_classify(Connection& conn);
  void park(std::shared_ptr<Connection> conn);
  void close(Connection& conn);
  void waiting_room_loop();
  void expire_waiting(std::chrono::steady_clock::time_point now);

  GateLimits limits_;
  ServeOne serve_;
  httplib::ThreadPool pool_;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;  // eventfd that wakes the waiting room for shutdown
  std::thread waiting_room_;
  mutable std::mutex mutex_;  // guards everything below
  bool stopping_ = false;
  std::map<int, std::shared_ptr<Connection>> parked_;  // by socket
  std::map<std::string, int> per_client_;               // open connections by peer address
  int open_ = 0;
};

// httplib's server with every accepted socket going through a ConnectionGate. The gate becomes
// the server's task queue: set `new_task_queue = [&] { return server.make_gate(n, limits); }`.
class GatedHttpServer : public httplib::Server {
 public:
  // Called by httplib once per listen(), before the first connection; httplib owns the result.
  httplib::TaskQueue* make_gate(std::size_t workers, const GateLimits& limits);

 private:
  bool serve_one(Connection& conn, ConnectionStream& stream, bool last);
  bool process_and_close_socket(socket_t sock) override;

  ConnectionGate* gate_ = nullptr;  // owned by httplib's listen loop (its task queue)
};

}  // namespace oiis::server
