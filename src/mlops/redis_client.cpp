#include "mlops/redis_client.h"

#include <hiredis/hiredis.h>

#include <charconv>
#include <sys/time.h>

namespace oiis::mlops {
namespace {

// hiredis replies are owned C structs: freed however the call ends.
struct Reply {
  redisReply* r;
  ~Reply() {
    if (r) freeReplyObject(r);
  }
};

}  // namespace

Result<std::unique_ptr<RedisClient>> RedisClient::create(const std::string& url, int timeout_ms) {
  constexpr std::string_view kScheme = "redis://";
  if (url.rfind(kScheme, 0) != 0)
    return invalid_argument("expected redis://HOST:PORT", "redis");
  std::string rest = url.substr(kScheme.size());
  if (!rest.empty() && rest.back() == '/') rest.pop_back();
  int port = 6379;
  const auto colon = rest.rfind(':');
  if (colon != std::string::npos) {
    const char* first = rest.data() + colon + 1;
    const char* last = rest.data() + rest.size();
    auto [end, ec] = std::from_chars(first, last, port);
    if (ec != std::errc() || end != last || port < 1 || port > 65535)
      return invalid_argument("the port must be 1..65535", "redis");
    rest.resize(colon);
  }
  if (rest.empty()) return invalid_argument("the host is missing", "redis");
  return std::unique_ptr<RedisClient>(new RedisClient(rest, port, timeout_ms));
}

Status RedisClient::ping() {
  std::lock_guard lock(mutex_);
  OIIS_RETURN_IF_ERROR(ensure_connected());
  Reply reply{static_cast<redisReply*>(redisCommand(context_, "PING"))};
  if (!reply.r) {
    drop();
    return unavailable("redis " + host_ + ":" + std::to_string(port_) + " did not answer PING");
  }
  return Status::ok();
}

RedisClient::~RedisClient() {
  std::lock_guard lock(mutex_);
  drop();
}

void RedisClient::drop() {
  if (context_) redisFree(context_);
  context_ = nullptr;
}

Status RedisClient::ensure_connected() {
  if (context_) return Status::ok();
  // A dead Redis must not hold a prediction (or a rate-limited request) up for long.
  const timeval timeout{timeout_ms_ / 1000, (timeout_ms_ % 1000) * 1000};
  context_ = redisConnectWithTimeout(host_.c_str(), port_, timeout);
  if (!context_ || context_->err) {
    const std::string why = context_ ? context_->errstr : "out of memory";
    drop();
    return unavailable("redis " + host_ + ":" + std::to_string(port_) + ": " + why);
  }
  redisSetTimeout(context_, timeout);
  return Status::ok();
}

Result<std::optional<std::string>> RedisClient::get(const std::string& key) {
  std::lock_guard lock(mutex_);
  OIIS_RETURN_IF_ERROR(ensure_connected());
  Reply reply{static_cast<redisReply*>(redisCommand(context_, "GET %b", key.data(), key.size()))};
  if (!reply.r) {
    drop();
    return unavailable("redis GET failed");
  }
  if (reply.r->type == REDIS_REPLY_NIL) return std::optional<std::string>();
  if (reply.r->type != REDIS_REPLY_STRING) return internal_error("redis GET: unexpected reply");
  return std::optional<std::string>(std::string(reply.r->str, reply.r->len));
}

Status RedisClient::set(const std::string& key, const std::string& value, int ttl_seconds) {
  std::lock_guard lock(mutex_);
  OIIS_RETURN_IF_ERROR(ensure_connected());
  Reply reply{static_cast<redisReply*>(redisCommand(context_, "SET %b %b EX %d", key.data(),
                                                    key.size(), value.data(), value.size(),
                                                    ttl_seconds))};
  if (!reply.r) {
    drop();
    return unavailable("redis SET failed");
  }
  if (reply.r->type == REDIS_REPLY_ERROR) return internal_error(std::string("redis SET: ") + reply.r->str);
  return Status::ok();
}

Result<std::int64_t> RedisClient::incr(const std::string& key) {
  std::lock_guard lock(mutex_);
  OIIS_RETURN_IF_ERROR(ensure_connected());
  Reply reply{static_cast<redisReply*>(redisCommand(context_, "INCR %b", key.data(), key.size()))};
  if (!reply.r) {
    drop();
    return unavailable("redis INCR failed");
  }
  if (reply.r->type != REDIS_REPLY_INTEGER) return internal_error("redis INCR: unexpected reply");
  return static_cast<std::int64_t>(reply.r->integer);
}

Result<std::int64_t> RedisClient::eval_int(const std::string& script, const std::string& key,
                                           const std::string& arg1, const std::string& arg2) {
  std::lock_guard lock(mutex_);
  OIIS_RETURN_IF_ERROR(ensure_connected());
  Reply reply{static_cast<redisReply*>(redisCommand(
      context_, "EVAL %b 1 %b %b %b", script.data(), script.size(), key.data(), key.size(),
      arg1.data(), arg1.size(), arg2.data(), arg2.size()))};
  if (!reply.r) {
    drop();
    return unavailable("redis EVAL failed");
  }
  if (reply.r->type == REDIS_REPLY_ERROR)
    return internal_error(std::string("redis EVAL: ") + reply.r->str);
  if (reply.r->type != REDIS_REPLY_INTEGER) return internal_error("redis EVAL: unexpected reply");
  return static_cast<std::int64_t>(reply.r->integer);
}

}  // namespace oiis::mlops
