// Stream over NATS JetStream through our text-protocol client (nats_connection.h). One
// JetStream stream "<name>" on subjects "<name>.>", an event on "<name>.<type>" with header
// Nats-Msg-Id "<event id>": JetStream drops a repeat within the stream's duplicate window and
// says so in its ack ("duplicate": true). Consumption is a durable pull consumer with explicit
// acks; an unacked message is delivered again after ack_wait (= redeliver_after_ms).
#include <nlohmann/json.hpp>

#include <charconv>

#include "stream/backends.h"
#include "stream/nats_connection.h"

namespace oiis::stream {
namespace {

using nlohmann::json;
constexpr std::int64_t kNanosPerMs = 1'000'000;
// The event type also travels as a header: a pulled message's subject line is not guaranteed to
// be the one it was published on.
constexpr const char* kTypeHeader = "Oiis-Type";

// JetStream API replies carry {"error": {"code", "err_code", "description"}} on failure.
Status js_error(const json& reply, const std::string& what) {
  if (!reply.contains("error")) return Status::ok();
  const json& e = reply["error"];
  return unavailable("jetstream " + what + ": " + e.value("description", std::string("error")) +
                     " (err_code " + std::to_string(e.value("err_code", 0)) + ")");
}

Result<json> js_parse(const std::string& payload, const std::string& what) {
  json j = json::parse(payload, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return unavailable("jetstream " + what + ": the reply is not a JSON object");
  return j;
}

// JetStream's message-get API returns headers base64-encoded (RFC 4648).
std::string js_base64_decode(const std::string& in) {
  std::string out;
  int bits = 0, value = 0;
  for (char c : in) {
    int v;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    else if (c >= '0' && c <= '9') v = c - '0' + 52;
    else if (c == '+') v = 62;
    else if (c == '/') v = 63;
    else continue;  // '=' padding, line breaks
    value = (value << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((value >> bits) & 0xff);
    }
  }
  return out;
}

class JetStream final : public Stream {
 public:
  JetStream(std::string host, int port, StreamOptions options)
      : host_(std::move(host)), port_(port), options_(std::move(options)) {}

  std::string describe() const override {
    return "nats " + host_ + ":" + std::to_string(port_) + " stream " + options_.name;
  }

  Status connect() {
    if (conn_) return Status::ok();
    auto c = nats::Connection::open(host_, port_, options_.timeout_ms, "oiis");
    if (!c) return c.status();
    conn_ = std::move(*c);
    consumer_ready_ = false;
    Status created = create_stream();
    if (!created.is_ok()) conn_.reset();
    return created;
  }

  Result<PublishReport> publish(const std::vector<Event>& events) override {
    OIIS_RETURN_IF_ERROR(connect());
    // Pipelined: every HPUB written first, then the acks read (JetStream acks in order).
    std::string ops;
    const std::string reply_base = conn_->new_reply_subject();
    for (std::size_t i = 0; i < events.size(); ++i) {
      const Event& e = events[i];
      if (e.id <= 0) return invalid_argument("event ids must be positive", "id");
      if (!valid_event_type(e.type)) return invalid_argument("bad event type: " + e.type, "type");
      auto op = nats::encode_hpub(options_.name + "." + e.type, reply_base + "." + std::to_string(i),
                                  {{"Nats-Msg-Id", std::to_string(e.id)}, {kTypeHeader, e.type}},
                                  e.body);
      if (!op) return op.status();
      ops += *op;
    }
    return fail_closed(send_and_count(ops, reply_base, events.size()));
  }

  Result<std::vector<Delivery>> fetch(int max, int wait_ms) override {
    OIIS_RETURN_IF_ERROR(connect());
    OIIS_RETURN_IF_ERROR(fail_closed(ensure_consumer()));
    // What is ready now (no_wait), and only when nothing is: a long poll for one message, so
    // that no pull request is left open on the server when we return.
    auto ready = fail_closed(pull(json{{"batch", std::max(1, max)}, {"no_wait", true}}, max, 0));
    if (!ready || !ready->empty()) return ready;
    return fail_closed(pull(json{{"batch", 1}, {"expires", std::int64_t{wait_ms} * kNanosPerMs}},
                            1, wait_ms));
  }

  Status ack(const Delivery& d) override {
    OIIS_RETURN_IF_ERROR(connect());
    // With a reply subject the server answers once the ack is recorded (a synchronous ack).
    auto reply = conn_->request(d.ack_token, "+ACK", options_.timeout_ms);
    return fail_closed(reply.status());
  }

  Result<std::int64_t> last_id() override {
    OIIS_RETURN_IF_ERROR(connect());
    return fail_closed(last_msg_id());
  }

 private:
  // The stream's last sequence, then that message's Nats-Msg-Id.
  Result<std::int64_t> last_msg_id();

  // A failure leaves the connection in an unknown state: the next call opens a new one.
  template <typename R>
  R fail_closed(R result) {
    if (!result_ok(result)) conn_.reset();
    return result;
  }
  static bool result_ok(const Status& s) { return s.is_ok(); }
  template <typename T>
  static bool result_ok(const Result<T>& r) { return r.is_ok(); }

  Status create_stream() {
    json config = {{"name", options_.name},
                   {"subjects", {options_.name + ".>"}},
                   {"retention", "limits"},
                   {"storage", "file"},
                   {"duplicate_window", std::int64_t{options_.duplicate_window_ms} * kNanosPerMs}};
    auto reply = conn_->request("$JS.API.STREAM.CREATE." + options_.name, config.dump(),
                                options_.timeout_ms);
    if (!reply) return reply.status();
    auto j = js_parse(reply->payload, "stream create");
    if (!j) return j.status();
    // 10058: a stream of that name exists (with other settings): use it as it is.
    if (j->contains("error") && (*j)["error"].value("err_code", 0) == 10058) return Status::ok();
    return js_error(*j, "stream create");
  }

  Status ensure_consumer() {
    if (consumer_ready_) return Status::ok();
    json config = {{"stream_name", options_.name},
                   {"config",
                    {{"durable_name", options_.group},
                     {"ack_policy", "explicit"},
                     {"deliver_policy", "all"},
                     {"ack_wait", std::int64_t{options_.redeliver_after_ms} * kNanosPerMs},
                     {"max_ack_pending", 10000}}}};
    auto reply = conn_->request("$JS.API.CONSUMER.DURABLE.CREATE." + options_.name + "." +
                                    options_.group,
                                config.dump(), options_.timeout_ms);
    if (!reply) return reply.status();
    auto j = js_parse(reply->payload, "consumer create");
    if (!j) return j.status();
    OIIS_RETURN_IF_ERROR(js_error(*j, "consumer create"));
    consumer_ready_ = true;
    return Status::ok();
  }

  Result<PublishReport> send_and_count(const std::string& ops, const std::string& reply_base,
                                       std::size_t count);
  Result<std::vector<Delivery>> pull(const json& request, int max, int wait_ms);

  std::string host_;
  int port_;
  StreamOptions options_;
  std::unique_ptr<nats::Connection> conn_;
  bool consumer_ready_ = false;
};

Result<std::int64_t> JetStream::last_msg_id() {
  auto info = conn_->request("$JS.API.STREAM.INFO." + options_.name, "", options_.timeout_ms);
  if (!info) return info.status();
  auto state = js_parse(info->payload, "stream info");
  if (!state) return state.status();
  OIIS_RETURN_IF_ERROR(js_error(*state, "stream info"));
  const std::int64_t last_seq = state->value("/state/last_seq"_json_pointer, std::int64_t{0});
  if (last_seq == 0) return std::int64_t{0};
  auto got = conn_->request("$JS.API.STREAM.MSG.GET." + options_.name,
                            json{{"seq", last_seq}}.dump(), options_.timeout_ms);
  if (!got) return got.status();
  auto msg = js_parse(got->payload, "message get");
  if (!msg) return msg.status();
  OIIS_RETURN_IF_ERROR(js_error(*msg, "message get"));
  auto headers = nats::parse_headers(
      js_base64_decode(msg->value("/message/hdrs"_json_pointer, std::string())));
  const std::string id = headers ? headers->get("Nats-Msg-Id").value_or("") : "";
  std::int64_t value = 0;
  std::from_chars(id.data(), id.data() + id.size(), value);
  return value;
}

Result<PublishReport> JetStream::send_and_count(const std::string& ops,
                                                const std::string& reply_base, std::size_t count) {
  OIIS_RETURN_IF_ERROR(conn_->write_raw(ops));
  PublishReport report;
  const auto deadline = nats::Clock::now() + std::chrono::milliseconds(options_.timeout_ms);
  std::size_t acked = 0;
  while (acked < count) {
    auto msg = conn_->next_message(deadline);
    if (!msg) return msg.status();
    if (!*msg) return unavailable("jetstream publish: acks missing after " +
                                  std::to_string(options_.timeout_ms) + " ms");
    if ((*msg)->subject.rfind(reply_base + ".", 0) != 0) continue;  // late reply to older work
    if ((*msg)->headers.status == 503) return unavailable("jetstream publish: no stream answers");
    auto j = js_parse((*msg)->payload, "publish");
    if (!j) return j.status();
    OIIS_RETURN_IF_ERROR(js_error(*j, "publish"));
    ++acked;
    if (j->value("duplicate", false)) ++report.duplicates;
    else ++report.appended;
  }
  return report;
}

Result<std::vector<Delivery>> JetStream::pull(const json& request, int max, int wait_ms) {
  const std::string inbox = conn_->new_reply_subject();
  OIIS_RETURN_IF_ERROR(conn_->publish("$JS.API.CONSUMER.MSG.NEXT." + options_.name + "." +
                                          options_.group,
                                      inbox, request.dump()));
  std::vector<Delivery> out;
  const auto deadline =
      nats::Clock::now() + std::chrono::milliseconds(wait_ms + options_.timeout_ms);
  while (static_cast<int>(out.size()) < max) {
    auto msg = conn_->next_message(deadline);
    if (!msg) return msg.status();
    if (!*msg) break;
    if ((*msg)->reply.rfind("$JS.ACK.", 0) != 0) {
      // A status for this pull (404 no messages, 408 expired, 409) ends it; anything else is
      // a late answer to older work.
      if ((*msg)->subject == inbox && (*msg)->headers.status != 0) break;
      continue;
    }
    // Messages pulled by an earlier request that arrive now are just as good: they are ours.
    Delivery d;
    d.ack_token = (*msg)->reply;
    d.event.type = (*msg)->headers.get(kTypeHeader).value_or("");
    const std::string id = (*msg)->headers.get("Nats-Msg-Id").value_or("");
    std::from_chars(id.data(), id.data() + id.size(), d.event.id);
    d.event.body = std::move((*msg)->payload);
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace

Result<std::unique_ptr<Stream>> open_jetstream(const std::string& host, int port,
                                               const StreamOptions& options) {
  auto s = std::make_unique<JetStream>(host, port, options);
  OIIS_RETURN_IF_ERROR(s->connect());
  return std::unique_ptr<Stream>(std::move(s));
}

}  // namespace oiis::stream
