#include "stream/nats_connection.h"

#include <random>

namespace oiis::stream::nats {
namespace {

int nats_ms_left(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return left.count() < 0 ? 0 : static_cast<int>(left.count());
}

std::string nats_random_token() {
  std::random_device rd;
  std::mt19937_64 gen((static_cast<std::uint64_t>(rd()) << 32) ^ rd());
  static constexpr char kDigits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::string out;
  for (int i = 0; i < 20; ++i) out += kDigits[gen() % 36];
  return out;
}

}  // namespace

Result<std::unique_ptr<Connection>> Connection::open(const std::string& host, int port,
                                                     int timeout_ms, std::string_view client_name) {
  std::unique_ptr<Connection> c(new Connection());
  c->address_ = host + ":" + std::to_string(port);
  c->timeout_ms_ = timeout_ms;
  auto socket = TcpSocket::connect(host, port, timeout_ms);
  if (!socket) return unavailable("nats " + c->address_ + ": " + socket.status().message());
  c->socket_ = std::move(*socket);
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  auto info = c->next_op(deadline);
  if (!info) return info.status();
  if (!*info || (*info)->kind != ServerOp::Kind::kInfo)
    return unavailable("nats " + c->address_ + " did not greet with INFO");
  c->info_ = (*info)->text;
  c->inbox_ = "_INBOX." + nats_random_token();
  auto sub = encode_sub(c->inbox_ + ".>", "1");
  if (!sub) return sub.status();
  OIIS_RETURN_IF_ERROR(c->write_raw(encode_connect(client_name) + *sub));
  OIIS_RETURN_IF_ERROR(c->flush(timeout_ms));
  return c;
}

std::string Connection::new_reply_subject() { return inbox_ + "." + std::to_string(++next_reply_); }

Status Connection::write_raw(std::string_view encoded) {
  Status sent = socket_.send_all(encoded, timeout_ms_);
  if (!sent.is_ok()) return unavailable("nats " + address_ + ": " + sent.message());
  return Status::ok();
}

Status Connection::publish(std::string_view subject, std::string_view reply,
                           std::string_view payload, const HeaderList& headers) {
  auto op = headers.empty() ? encode_pub(subject, reply, payload)
                            : encode_hpub(subject, reply, headers, payload);
  if (!op) return op.status();
  return write_raw(*op);
}

Result<std::optional<ServerOp>> Connection::next_op(Clock::time_point deadline) {
  std::string chunk;
  for (;;) {
    auto op = parser_.next();
    if (!op) {
      socket_.close();
      return unavailable("nats " + address_ + ": " + op.status().message());
    }
    if (*op) {
      if ((*op)->kind == ServerOp::Kind::kErr)
        return unavailable("nats " + address_ + " refused: " + (*op)->text);
      return op;
    }
    const int wait_ms = nats_ms_left(deadline);
    chunk.clear();
    auto got = socket_.receive_some(chunk, wait_ms);
    if (!got) return unavailable("nats " + address_ + ": " + got.status().message());
    if (*got == 0 && wait_ms == 0) return std::optional<ServerOp>{};
    parser_.feed(chunk);
  }
}

Result<std::optional<ServerOp>> Connection::next_message(Clock::time_point deadline) {
  if (!held_.empty()) {
    ServerOp op = std::move(held_.front());
    held_.pop_front();
    return std::optional<ServerOp>(std::move(op));
  }
  for (;;) {
    auto op = next_op(deadline);
    if (!op || !*op) return op;
    switch ((*op)->kind) {
      case ServerOp::Kind::kMsg:
        return op;
      case ServerOp::Kind::kPing:
        OIIS_RETURN_IF_ERROR(write_raw("PONG\r\n"));
        break;
      case ServerOp::Kind::kPong:
        ++pongs_seen_;
        break;
      default:  // INFO updates (cluster changes) and +OK: nothing to do
        break;
    }
  }
}

Status Connection::flush(int timeout_ms) {
  const long want = pongs_seen_ + 1;
  OIIS_RETURN_IF_ERROR(write_raw("PING\r\n"));
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  while (pongs_seen_ < want) {
    auto op = next_op(deadline);
    if (!op) return op.status();
    if (!*op) return unavailable("nats " + address_ + " did not answer PING in time");
    if ((*op)->kind == ServerOp::Kind::kMsg) held_.push_back(std::move(**op));
    if ((*op)->kind == ServerOp::Kind::kPing) OIIS_RETURN_IF_ERROR(write_raw("PONG\r\n"));
    if ((*op)->kind == ServerOp::Kind::kPong) ++pongs_seen_;
  }
  return Status::ok();
}

Result<ServerOp> Connection::request(std::string_view subject, std::string_view payload,
                                     int timeout_ms) {
  const std::string reply = new_reply_subject();
  OIIS_RETURN_IF_ERROR(publish(subject, reply, payload));
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    auto msg = next_message(deadline);
    if (!msg) return msg.status();
    if (!*msg)
      return unavailable("nats " + address_ + ": no reply to " + std::string(subject) + " in " +
                         std::to_string(timeout_ms) + " ms");
    if ((*msg)->subject != reply) continue;  // a late reply to an earlier request
    if ((*msg)->headers.status == 503)
      return unavailable("nats " + address_ + ": no responders for " + std::string(subject) +
                         " (is JetStream enabled, nats-server -js?)");
    return std::move(**msg);
  }
}

}  // namespace oiis::stream::nats
