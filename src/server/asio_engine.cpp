// The "asio" engine (http_engine.h): one event loop (the listen() thread) accepts, reads,
// parses and writes every connection; idle, slow and half-sent connections cost a socket and
// a buffer, never a thread. A request whose head and body are complete goes to a fixed pool
// of workers, which run the handler (it may block on group commit) and post the serialised
// answer back to the loop. While a request is being handled its connection is not read, so
// pipelined requests are answered in order.
#include <sys/socket.h>

#include <asio.hpp>

#include <atomic>
#include <deque>
#include <unordered_map>
#include <mutex>

#include "common/log.h"
#include "server/api.h"
#include "server/http_engine.h"
#include "server/http_wire.h"

namespace oiis::server {
namespace {

using asio::ip::tcp;
using EngineClock = std::chrono::steady_clock;

// After a refusal the socket is half-closed and drained for up to this long before closing,
// so the client reads the 4xx instead of a reset for the bytes it was still sending.
constexpr std::chrono::milliseconds kLingerAfterRefusal{2000};

class AsioEngine;

class AsioConnection : public std::enable_shared_from_this<AsioConnection> {
 public:
  AsioConnection(AsioEngine& engine, tcp::socket socket, std::string peer_ip, int peer_port);
  void start();
  // Answers `refusal` at once and closes (limits hit at accept).
  void refuse(const wire::Refusal& refusal);
  void close();
  const std::string& peer_ip() const { return peer_ip_; }
  bool counted = false;  // holds a place in the engine's connection counts

 private:
  enum class Phase { kIdle, kHead, kBody, kHandling, kWriting, kLingering };
  void read_more();
  void on_read(std::size_t n);
  void advance();
  bool take_head();
  bool take_body();
  void hand_to_worker();
  void run_handler(const httplib::Request& req);
  std::size_t send_from_worker(const std::string& bytes);
  void stream_chunks(const httplib::Request& req, httplib::Response& res);
  void send(std::string bytes, bool last);
  void write_next();
  void finish_response();
  void arm(std::chrono::milliseconds timeout);
  void on_deadline();
  void linger();

  AsioEngine& engine_;
  tcp::socket socket_;
  asio::steady_timer timer_;
  std::string peer_ip_;
  int peer_port_;
  Phase phase_ = Phase::kIdle;
  std::string in_;  // bytes read and not yet consumed
  std::array<char, 16 << 10> chunk_{};
  bool reading_ = false;
  wire::RequestHead head_;
  wire::ChunkedDecoder chunked_;
  std::string body_;
  std::deque<std::string> out_;
  std::size_t written_ = 0;  // bytes of out_.front() already sent
  bool writing_ = false;
  bool response_done_ = false;
  bool keep_alive_ = true;
  std::size_t requests_ = 0;  // requests read on this connection
  std::atomic<bool> closed_{false};
  bool worker_may_write_ = false;  // set by the loop before a handler runs
  std::mutex socket_mutex_;        // a worker's direct send against close()
};

class AsioEngine final : public HttpEngine {
 public:
  AsioEngine(RequestHandler handler, std::size_t workers, const GateLimits& limits)
      : handler_(std::move(handler)), limits_(limits), workers_(workers) {}
  ~AsioEngine() override;
  int bind(const std::string& host, int port) override;
  bool listen() override;
  void stop() override;
  bool is_running() const override { return running_; }

  // Used by connections (on the loop thread unless said otherwise).
  asio::io_context& io() { return io_; }
  const GateLimits& limits() const { return limits_; }
  // Any thread: runs `fn` on a worker.
  void run_on_worker(std::function<void()> fn) { workers_.enqueue(std::move(fn)); }
  // On a worker: the route's answer; never throws.
  void handle(const httplib::Request& req, httplib::Response& res);
  void forget(AsioConnection* conn);

 private:
  void accept_next();
  void admit(tcp::socket socket);
  void close_all();
  void join_workers();

  RequestHandler handler_;
  GateLimits limits_;
  asio::io_context io_{1};
  tcp::acceptor acceptor_{io_};
  httplib::ThreadPool workers_;
  std::atomic<bool> running_{false};
  std::atomic<bool> stopping_{false};
  std::once_flag workers_joined_;
  // Loop thread only.
  std::unordered_map<AsioConnection*, std::shared_ptr<AsioConnection>> live_;
  std::unordered_map<std::string, int> per_client_;
  int open_ = 0;  // counted connections (refusals being written are not)
};

// ------------------------------------------------------------------- AsioConnection

AsioConnection::AsioConnection(AsioEngine& engine, tcp::socket socket, std::string peer_ip,
                               int peer_port)
    : engine_(engine),
      socket_(std::move(socket)),
      timer_(engine.io()),
      peer_ip_(std::move(peer_ip)),
      peer_port_(peer_port) {}

void AsioConnection::start() {
  arm(engine_.limits().idle_timeout);
  read_more();
}

void AsioConnection::read_more() {
  if (reading_ || closed_) return;
  reading_ = true;
  socket_.async_read_some(asio::buffer(chunk_),
                          [self = shared_from_this()](const asio::error_code& ec, std::size_t n) {
                            self->reading_ = false;
                            if (ec || n == 0) {
                              self->close();
                              return;
                            }
                            self->on_read(n);
                          });
}

void AsioConnection::on_read(std::size_t n) {
  if (phase_ == Phase::kLingering) {  // drained and dropped until the peer closes
    read_more();
    return;
  }
  if (phase_ == Phase::kIdle) {
    // The first byte of a request starts its total header deadline, however slowly the rest
    // drips in (a per-read deadline would be reset forever by a byte every few seconds).
    phase_ = Phase::kHead;
    arm(engine_.limits().header_timeout);
  }
  in_.append(chunk_.data(), n);
  advance();
}

// Consumes as much of in_ as makes sense in the current phase; reads more when it needs to.
void AsioConnection::advance() {
  if (phase_ == Phase::kIdle && !in_.empty()) {
    phase_ = Phase::kHead;
    arm(engine_.limits().header_timeout);
  }
  if (phase_ == Phase::kHead && !take_head()) return;
  if (phase_ == Phase::kBody && !take_body()) return;
  if (phase_ == Phase::kHandling) {
    hand_to_worker();
    return;
  }
  read_more();
}

// True once the head is parsed (phase kBody); false when waiting for bytes or refused.
bool AsioConnection::take_head() {
  const GateLimits& limits = engine_.limits();
  const std::size_t end = in_.find("\r\n\r\n");
  if (end == std::string::npos || end + 4 > limits.max_header_bytes) {
    if (end != std::string::npos || in_.size() > limits.max_header_bytes)
      refuse({431, "the request line and headers are limited to " +
                       std::to_string(limits.max_header_bytes) + " bytes and " +
                       std::to_string(limits.max_header_count) + " headers",
              ""});
    else
      read_more();
    return false;
  }
  head_ = wire::RequestHead{};
  const wire::Refusal refusal = wire::parse_head(std::string_view(in_).substr(0, end), limits, head_);
  in_.erase(0, end + 4);
  if (refusal.status != 0) {
    refuse(refusal);
    return false;
  }
  // As the gate does for httplib: a connection is closed after its cap of requests.
  keep_alive_ = head_.keep_alive && ++requests_ < engine_.limits().max_requests_per_connection;
  body_.clear();
  chunked_ = wire::ChunkedDecoder{};
  if ((head_.chunked || head_.content_length > 0) && head_.expect_continue && in_.empty())
    send("HTTP/1.1 100 Continue\r\n\r\n", false);
  phase_ = Phase::kBody;
  arm(limits.request_timeout);
  return true;
}

// True once the whole body is in (phase kHandling); false when waiting for bytes or refused.
bool AsioConnection::take_body() {
  if (head_.chunked) {
    std::size_t consumed = 0;
    const auto result =
        chunked_.feed(in_, engine_.limits().max_body_bytes, consumed, body_);
    in_.erase(0, consumed);
    switch (result) {
      case wire::ChunkedDecoder::Result::kNeedMore: read_more(); return false;
      case wire::ChunkedDecoder::Result::kMalformed:
        refuse({400, "malformed chunked body", "body"});
        return false;
      case wire::ChunkedDecoder::Result::kTooLarge:
        refuse({413, "request body is too large", "body"});
        return false;
      case wire::ChunkedDecoder::Result::kDone: break;
    }
  } else {
    const std::size_t take = std::min(in_.size(), head_.content_length - body_.size());
    body_.append(in_, 0, take);
    in_.erase(0, take);
    if (body_.size() < head_.content_length) {
      read_more();
      return false;
    }
  }
  if (const wire::Refusal refusal =
          wire::decode_body(head_.req, engine_.limits().max_body_bytes, body_);
      refusal.status != 0) {
    refuse(refusal);
    return false;
  }
  phase_ = Phase::kHandling;
  return true;
}

void AsioConnection::hand_to_worker() {
  timer_.cancel();  // a handler takes as long as it takes, as with httplib
  worker_may_write_ = out_.empty() && !writing_;  // no 100 Continue still on its way
  auto req = std::make_shared<httplib::Request>(std::move(head_.req));
  req->body = std::move(body_);
  req->remote_addr = peer_ip_;
  req->remote_port = peer_port_;
  req->set_header("REMOTE_ADDR", peer_ip_);
  engine_.run_on_worker([self = shared_from_this(), req] { self->run_handler(*req); });
}

// On a worker.
void AsioConnection::run_handler(const httplib::Request& req) {
  httplib::Response res;
  engine_.handle(req, res);
  if (res.content_provider_ && res.is_chunked_content_provider_ && req.method != "HEAD") {
    stream_chunks(req, res);
    return;
  }
  if (res.content_provider_) {  // a provider of known or unknown length: gathered here
    httplib::DataSink sink;
    bool done = false;
    sink.write = [&res](const char* d, std::size_t n) { res.body.append(d, n); return true; };
    sink.done = [&done] { done = true; };
    sink.is_writable = [] { return true; };
    while (!done && (res.content_length_ == 0 || res.body.size() < res.content_length_))
      if (!res.content_provider_(res.body.size(), 0, sink)) break;
    res.content_provider_success_ = true;
  }
  std::string bytes = wire::serialize_response(req, res, keep_alive_);
  if (worker_may_write_) bytes.erase(0, send_from_worker(bytes));
  // The loop writes what is left (usually nothing) and goes on with the connection.
  asio::post(engine_.io(), [self = shared_from_this(), bytes = std::move(bytes)]() mutable {
    self->send(std::move(bytes), true);
  });
}

// On a worker: as much of the answer as the socket takes now, without blocking. The client
// gets its answer without waiting for the loop thread to be scheduled (on a loaded machine
// that wait was most of a read's latency). Safe because while a handler runs the loop has no
// read or write pending on this socket (worker_may_write_), and close() takes the same lock,
// so the descriptor cannot be closed, and reused by another connection, during the send.
std::size_t AsioConnection::send_from_worker(const std::string& bytes) {
  std::lock_guard lock(socket_mutex_);
  if (closed_) return 0;
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = ::send(socket_.native_handle(), bytes.data() + sent, bytes.size() - sent,
                             MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // full (the loop writes the rest) or failed (its write fails, closes)
    sent += static_cast<std::size_t>(n);
  }
  return sent;
}

// On a worker: each piece the provider writes goes out as its own chunk, as it is written
// (the assistant's server-sent events show their steps before the answer is finished).
void AsioConnection::stream_chunks(const httplib::Request&, httplib::Response& res) {
  auto post_bytes = [self = shared_from_this()](std::string bytes, bool last) {
    asio::post(self->engine_.io(), [self, bytes = std::move(bytes), last]() mutable {
      self->send(std::move(bytes), last);
    });
  };
  post_bytes(wire::serialize_head(res, keep_alive_, true, 0), false);
  httplib::DataSink sink;
  bool done = false;
  std::size_t offset = 0;
  sink.write = [&](const char* d, std::size_t n) {
    if (closed_) return false;
    if (n > 0) post_bytes(wire::frame_chunk(std::string_view(d, n)), false);
    offset += n;
    return true;
  };
  sink.done = [&done] { done = true; };
  sink.is_writable = [this] { return !closed_; };
  while (!done && !closed_)
    if (!res.content_provider_(offset, 0, sink)) break;
  res.content_provider_success_ = done;
  if (!done) keep_alive_ = false;  // the body is cut short: the client must see it end
  post_bytes(done ? wire::frame_chunk("") : std::string(), true);
}

void AsioConnection::send(std::string bytes, bool last) {
  if (closed_) return;
  if (last) {
    response_done_ = true;
    if (phase_ != Phase::kLingering) phase_ = Phase::kWriting;
  }
  if (!bytes.empty()) out_.push_back(std::move(bytes));
  write_next();
}

void AsioConnection::write_next() {
  if (writing_ || closed_) return;
  if (out_.empty()) {
    if (response_done_) finish_response();
    return;
  }
  writing_ = true;
  // The write deadline is per write that makes progress (as the gate's), not for the whole
  // answer: a slow reader of a 2 MB report is not cut off while it keeps reading. A
  // 100 Continue goes out while the body deadline runs: it keeps that deadline.
  if (phase_ != Phase::kBody) arm(engine_.limits().write_timeout);
  const std::string& front = out_.front();
  socket_.async_write_some(
      asio::buffer(front.data() + written_, front.size() - written_),
      [self = shared_from_this()](const asio::error_code& ec, std::size_t n) {
        self->writing_ = false;
        if (ec) {
          self->close();
          return;
        }
        self->written_ += n;
        if (self->written_ == self->out_.front().size()) {
          self->out_.pop_front();
          self->written_ = 0;
        }
        self->write_next();
      });
}

void AsioConnection::finish_response() {
  response_done_ = false;
  if (phase_ == Phase::kLingering || !keep_alive_) {
    linger();
    return;
  }
  phase_ = Phase::kIdle;
  arm(engine_.limits().idle_timeout);
  advance();  // a pipelined request may already be waiting in in_
}

void AsioConnection::refuse(const wire::Refusal& refusal) {
  keep_alive_ = false;
  phase_ = Phase::kLingering;
  send(wire::serialize_refusal(refusal), true);
}

// Half-closes and reads what the peer still sends until it closes or the linger ends.
void AsioConnection::linger() {
  phase_ = Phase::kLingering;
  asio::error_code ignored;
  socket_.shutdown(tcp::socket::shutdown_send, ignored);
  arm(kLingerAfterRefusal);
  read_more();
}

void AsioConnection::arm(std::chrono::milliseconds timeout) {
  timer_.expires_after(timeout);
  timer_.async_wait([self = shared_from_this()](const asio::error_code& ec) {
    // A wait that completed just before the timer was re-armed is stale: check the expiry.
    if (!ec && self->timer_.expiry() <= EngineClock::now()) self->on_deadline();
  });
}

void AsioConnection::on_deadline() {
  if (closed_) return;
  switch (phase_) {
    case Phase::kHead:
    case Phase::kBody:
      refuse({408, phase_ == Phase::kHead
                       ? "the request line and headers did not arrive in time"
                       : "the request body did not arrive in time",
              ""});
      // The refusal itself may not be read by a stalled client: its own write deadline and
      // the linger close the socket.
      return;
    case Phase::kHandling: return;  // not armed while a handler runs
    case Phase::kIdle:
    case Phase::kWriting:
    case Phase::kLingering: close(); return;
  }
}

void AsioConnection::close() {
  {
    std::lock_guard lock(socket_mutex_);
    if (closed_.exchange(true)) return;
    asio::error_code ignored;
    timer_.cancel();
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
  }
  engine_.forget(this);  // may drop the last reference but the caller's
}

// ------------------------------------------------------------------- AsioEngine

AsioEngine::~AsioEngine() {
  stop();
  join_workers();
}

void AsioEngine::join_workers() {
  std::call_once(workers_joined_, [this] { workers_.shutdown(); });
}

int AsioEngine::bind(const std::string& host, int port) {
  asio::error_code ec;
  tcp::resolver resolver(io_);
  const auto endpoints = resolver.resolve(host, std::to_string(port), ec);
  if (ec || endpoints.empty()) return -1;
  const tcp::endpoint endpoint = endpoints.begin()->endpoint();
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(1024, ec);
  if (ec) {
    acceptor_.close(ec);
    return -1;
  }
  return acceptor_.local_endpoint().port();
}

bool AsioEngine::listen() {
  if (!acceptor_.is_open() || stopping_) return false;
  accept_next();
  running_ = true;
  io_.run();
  running_ = false;
  join_workers();  // handlers still running finish before listen() returns
  return true;
}

void AsioEngine::stop() {
  if (stopping_.exchange(true)) return;
  // On the loop: stop accepting, close every connection, then let run() return.
  asio::post(io_, [this] {
    asio::error_code ignored;
    acceptor_.close(ignored);
    close_all();
    io_.stop();
  });
  if (!running_) {  // never served: nothing runs the loop to carry the post out
    asio::error_code ignored;
    acceptor_.close(ignored);
  }
}

void AsioEngine::handle(const httplib::Request& req, httplib::Response& res) {
  try {
    handler_(req, res);
  } catch (const std::exception& e) {
    log_error("unhandled exception in " + req.method + " " + req.path + ": " + e.what());
    res = httplib::Response{};
    write_error(res, 500, "internal", "internal server error");
  } catch (...) {
    log_error("unhandled exception in " + req.method + " " + req.path);
    res = httplib::Response{};
    write_error(res, 500, "internal", "internal server error");
  }
}

void AsioEngine::accept_next() {
  acceptor_.async_accept([this](const asio::error_code& ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || stopping_) return;
    if (!ec) {
      admit(std::move(socket));
    } else {
      // Out of descriptors (EMFILE) and the like: back off briefly instead of spinning.
      auto pause = std::make_shared<asio::steady_timer>(io_, std::chrono::milliseconds(20));
      pause->async_wait([this, pause](const asio::error_code&) { accept_next(); });
      return;
    }
    accept_next();
  });
}

void AsioEngine::admit(tcp::socket socket) {
  asio::error_code ec;
  const tcp::endpoint peer = socket.remote_endpoint(ec);
  if (ec) return;
  socket.set_option(tcp::no_delay(true), ec);
  auto conn = std::make_shared<AsioConnection>(*this, std::move(socket),
                                               peer.address().to_string(), peer.port());
  int& from_client = per_client_[conn->peer_ip()];
  if (open_ >= limits_.max_connections || from_client >= limits_.max_connections_per_client) {
    if (from_client == 0) per_client_.erase(conn->peer_ip());
    live_.emplace(conn.get(), conn);  // held until its refusal is written
    conn->refuse({503, "too many open connections from this client", ""});
    return;
  }
  ++from_client;
  ++open_;
  conn->counted = true;
  live_.emplace(conn.get(), conn);
  conn->start();
}

void AsioEngine::forget(AsioConnection* conn) {
  if (conn->counted) {
    --open_;
    auto it = per_client_.find(conn->peer_ip());
    if (it != per_client_.end() && --it->second <= 0) per_client_.erase(it);
  }
  live_.erase(conn);
}

void AsioEngine::close_all() {
  const auto live = live_;  // close() erases from live_
  for (const auto& [raw, conn] : live) conn->close();
}

}  // namespace

std::unique_ptr<HttpEngine> make_asio_engine(RequestHandler handler, std::size_t workers,
                                             const GateLimits& limits) {
  return std::make_unique<AsioEngine>(std::move(handler), workers, limits);
}

}  // namespace oiis::server
