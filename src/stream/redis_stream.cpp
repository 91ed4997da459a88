// Stream over Redis Streams (hiredis): one stream key holding entries "<event id>-0" with
// fields type and body; a consumer group per durable consumer. XADD with an explicit id is
// refused when the id is not above the stream's last one (Redis keeps that last id even when
// entries are trimmed), which is what makes a re-publish a counted duplicate.
#include <hiredis/hiredis.h>
#include <sys/time.h>

#include <charconv>
#include <cstring>

#include "stream/backends.h"

namespace oiis::stream {
namespace {

struct RedisReplyOwner {
  redisReply* r = nullptr;
  ~RedisReplyOwner() {
    if (r) freeReplyObject(r);
  }
};

timeval redis_timeval(int ms) { return timeval{ms / 1000, (ms % 1000) * 1000}; }

std::string redis_text(const redisReply* r) { return r ? std::string(r->str, r->len) : ""; }

// One stream entry ([id, [field, value, ...]]) as a delivery; nullopt for a deleted entry.
std::optional<Delivery> redis_entry(const redisReply* e) {
  if (!e || e->type != REDIS_REPLY_ARRAY || e->elements != 2) return std::nullopt;
  const redisReply* fields = e->element[1];
  if (fields->type != REDIS_REPLY_ARRAY) return std::nullopt;
  Delivery d;
  d.ack_token = redis_text(e->element[0]);
  const std::string millis = d.ack_token.substr(0, d.ack_token.find('-'));
  std::from_chars(millis.data(), millis.data() + millis.size(), d.event.id);
  for (std::size_t i = 0; i + 1 < fields->elements; i += 2) {
    const std::string name = redis_text(fields->element[i]);
    if (name == "type") d.event.type = redis_text(fields->element[i + 1]);
    if (name == "body") d.event.body = redis_text(fields->element[i + 1]);
  }
  return d;
}

void redis_append_entries(const redisReply* entries, std::vector<Delivery>& out) {
  if (!entries || entries->type != REDIS_REPLY_ARRAY) return;
  for (std::size_t i = 0; i < entries->elements; ++i)
    if (auto d = redis_entry(entries->element[i])) out.push_back(std::move(*d));
}

class RedisStream final : public Stream {
 public:
  RedisStream(std::string host, int port, StreamOptions options)
      : host_(std::move(host)), port_(port), options_(std::move(options)) {}
  ~RedisStream() override { drop(); }

  std::string describe() const override {
    return "redis " + host_ + ":" + std::to_string(port_) + " stream " + options_.name;
  }

  Status connect() {
    if (ctx_) return Status::ok();
    ctx_ = redisConnectWithTimeout(host_.c_str(), port_, redis_timeval(options_.timeout_ms));
    if (!ctx_ || ctx_->err) {
      const std::string why = ctx_ ? ctx_->errstr : "out of memory";
      drop();
      return unavailable("redis " + host_ + ":" + std::to_string(port_) + ": " + why);
    }
    redisSetTimeout(ctx_, redis_timeval(options_.timeout_ms));
    group_ready_ = false;
    pending_from_ = "0";  // after a (re)connect, this reader's unacked entries come first
    return Status::ok();
  }

  Result<PublishReport> publish(const std::vector<Event>& events) override {
    OIIS_RETURN_IF_ERROR(connect());
    for (const auto& e : events) {
      if (e.id <= 0) return invalid_argument("event ids must be positive", "id");
      const std::string id = std::to_string(e.id) + "-0";
      redisAppendCommand(ctx_, "XADD %b %s type %b body %b", options_.name.data(),
                         options_.name.size(), id.c_str(), e.type.data(), e.type.size(),
                         e.body.data(), e.body.size());
    }
    PublishReport report;
    Status failure;
    for (std::size_t i = 0; i < events.size(); ++i) {
      RedisReplyOwner reply;
      if (redisGetReply(ctx_, reinterpret_cast<void**>(&reply.r)) != REDIS_OK) return lost();
      if (reply.r->type == REDIS_REPLY_STRING) {
        ++report.appended;
      } else if (reply.r->type == REDIS_REPLY_ERROR &&
                 std::strstr(reply.r->str, "equal or smaller") != nullptr) {
        ++report.duplicates;
      } else if (failure.is_ok()) {  // keep reading: the other replies are still owed
        failure = unavailable("redis XADD " + std::to_string(events[i].id) + ": " +
                              redis_text(reply.r));
      }
    }
    if (!failure.is_ok()) return failure;
    return report;
  }

  Result<std::vector<Delivery>> fetch(int max, int wait_ms) override {
    OIIS_RETURN_IF_ERROR(connect());
    OIIS_RETURN_IF_ERROR(ensure_group());
    std::vector<Delivery> out;
    if (pending_from_ != ">") {  // this reader's own unacked entries, from before a restart
      auto pending = read_group(pending_from_, max, -1);
      if (!pending) return pending.status();
      if (pending->empty()) {
        pending_from_ = ">";
      } else {
        pending_from_ = pending->back().ack_token;
        return pending;
      }
    }
    auto claimed = autoclaim(max);  // entries another (dead) reader left unacked too long
    if (!claimed || !claimed->empty()) return claimed;
    return read_group(">", max, wait_ms);
  }

  Status ack(const Delivery& d) override {
    OIIS_RETURN_IF_ERROR(connect());
    RedisReplyOwner reply{static_cast<redisReply*>(
        redisCommand(ctx_, "XACK %b %b %b", options_.name.data(), options_.name.size(),
                     options_.group.data(), options_.group.size(), d.ack_token.data(),
                     d.ack_token.size()))};
    if (!reply.r) return lost().status();
    if (reply.r->type == REDIS_REPLY_ERROR)
      return unavailable("redis XACK: " + redis_text(reply.r));
    return Status::ok();
  }

  Result<std::int64_t> last_id() override {
    OIIS_RETURN_IF_ERROR(connect());
    RedisReplyOwner reply{command({"XREVRANGE", options_.name, "+", "-", "COUNT", "1"})};
    if (!reply.r) return lost().status();
    if (reply.r->type == REDIS_REPLY_ERROR)
      return unavailable("redis XREVRANGE: " + redis_text(reply.r));
    std::vector<Delivery> last;
    redis_append_entries(reply.r, last);
    return last.empty() ? std::int64_t{0} : last.front().event.id;
  }

 private:
  Result<PublishReport> lost() {
    const std::string why = ctx_ && ctx_->err ? ctx_->errstr : "no reply";
    drop();
    return unavailable("redis " + host_ + ":" + std::to_string(port_) + ": " + why);
  }

  // One command from its arguments (binary-safe).
  redisReply* command(const std::vector<std::string>& args) {
    std::vector<const char*> argv;
    std::vector<std::size_t> lengths;
    for (const auto& a : args) {
      argv.push_back(a.data());
      lengths.push_back(a.size());
    }
    return static_cast<redisReply*>(
        redisCommandArgv(ctx_, static_cast<int>(args.size()), argv.data(), lengths.data()));
  }

  void drop() {
    if (ctx_) redisFree(ctx_);
    ctx_ = nullptr;
  }

  Status ensure_group() {
    if (group_ready_) return Status::ok();
    RedisReplyOwner reply{static_cast<redisReply*>(
        redisCommand(ctx_, "XGROUP CREATE %b %b 0 MKSTREAM", options_.name.data(),
                     options_.name.size(), options_.group.data(), options_.group.size()))};
    if (!reply.r) return lost().status();
    if (reply.r->type == REDIS_REPLY_ERROR && !std::strstr(reply.r->str, "BUSYGROUP"))
      return unavailable("redis XGROUP CREATE: " + redis_text(reply.r));
    group_ready_ = true;
    return Status::ok();
  }

  // XREADGROUP from `from` ("0"-like: this reader's pending entries after that id; ">": new
  // ones); `block_ms` < 0 does not block.
  Result<std::vector<Delivery>> read_group(const std::string& from, int max, int block_ms) {
    const std::string count = std::to_string(max < 1 ? 1 : max);
    const std::string block = std::to_string(block_ms < 0 ? 0 : block_ms);
    std::vector<std::string> args = {"XREADGROUP", "GROUP", options_.group, options_.consumer,
                                     "COUNT", count};
    if (block_ms >= 0) args.insert(args.end(), {"BLOCK", block});
    args.insert(args.end(), {"STREAMS", options_.name, from});
    if (block_ms >= 0) redisSetTimeout(ctx_, redis_timeval(block_ms + options_.timeout_ms));
    RedisReplyOwner reply{command(args)};
    if (!reply.r) return lost().status();
    if (block_ms >= 0) redisSetTimeout(ctx_, redis_timeval(options_.timeout_ms));
    std::vector<Delivery> out;
    if (reply.r->type == REDIS_REPLY_ERROR)
      return unavailable("redis XREADGROUP: " + redis_text(reply.r));
    // [[key, [entries]]], or nil when BLOCK timed out.
    if (reply.r->type == REDIS_REPLY_ARRAY && reply.r->elements == 1 &&
        reply.r->element[0]->type == REDIS_REPLY_ARRAY && reply.r->element[0]->elements == 2)
      redis_append_entries(reply.r->element[0]->element[1], out);
    return out;
  }

  Result<std::vector<Delivery>> autoclaim(int max) {
    const std::string idle = std::to_string(options_.redeliver_after_ms);
    const std::string count = std::to_string(max < 1 ? 1 : max);
    RedisReplyOwner reply{static_cast<redisReply*>(redisCommand(
        ctx_, "XAUTOCLAIM %b %b %b %s 0-0 COUNT %s", options_.name.data(), options_.name.size(),
        options_.group.data(), options_.group.size(), options_.consumer.data(),
        options_.consumer.size(), idle.c_str(), count.c_str()))};
    if (!reply.r) return lost().status();
    if (reply.r->type == REDIS_REPLY_ERROR)
      return unavailable("redis XAUTOCLAIM: " + redis_text(reply.r));
    std::vector<Delivery> out;  // [next cursor, [entries], [deleted ids]]
    if (reply.r->type == REDIS_REPLY_ARRAY && reply.r->elements >= 2)
      redis_append_entries(reply.r->element[1], out);
    return out;
  }

  std::string host_;
  int port_;
  StreamOptions options_;
  redisContext* ctx_ = nullptr;
  bool group_ready_ = false;
  std::string pending_from_ = "0";
};

}  // namespace

Result<std::unique_ptr<Stream>> open_redis_stream(const std::string& host, int port,
                                                  const StreamOptions& options) {
  auto s = std::make_unique<RedisStream>(host, port, options);
  OIIS_RETURN_IF_ERROR(s->connect());
  return std::unique_ptr<Stream>(std::move(s));
}

}  // namespace oiis::stream
