#include "store/postgres/pg_pool.h"

#include <chrono>

#include "store/postgres/pg_support.h"

namespace oiis::pg {
namespace {
constexpr auto kAcquireTimeout = std::chrono::seconds(30);
}

ConnectionPool::Lease::~Lease() {
  if (pool_ && conn_) pool_->release(std::move(conn_), discard_);
}

ConnectionPool::ConnectionPool(std::string url, size_t max_size, Setup setup)
    : url_(std::move(url)), max_size_(max_size < 1 ? 1 : max_size), setup_(std::move(setup)) {}

Result<ConnectionPool::Lease> ConnectionPool::acquire() {
  std::unique_lock lock(mu_);
  if (!freed_.wait_for(lock, kAcquireTimeout,
                       [&] { return !idle_.empty() || open_count_ < max_size_; }))
    return unavailable("no PostgreSQL connection became free within 30 s");
  if (!idle_.empty()) {
    auto conn = std::move(idle_.back());
    idle_.pop_back();
    return Lease(this, std::move(conn));
  }
  ++open_count_;
  lock.unlock();  // connecting takes a round trip or more; don't block other callers
  auto conn = open_connection();
  if (!conn) {
    lock.lock();
    --open_count_;
    freed_.notify_one();
    return conn.status();
  }
  return Lease(this, std::move(conn).value());
}

Result<std::unique_ptr<pqxx::connection>> ConnectionPool::open_connection() {
  try {
    auto conn = std::make_unique<pqxx::connection>(url_);
    if (setup_) setup_(*conn);
    return conn;
  } catch (const pqxx::broken_connection& e) {
    std::string what = e.what();
    return unavailable("cannot connect to PostgreSQL at " + redact_url(url_) + ": " +
                       what.substr(0, what.find_last_not_of("\n ") + 1));
  } catch (const std::exception& e) {
    return status_from_exception(e);
  }
}

void ConnectionPool::release(std::unique_ptr<pqxx::connection> conn, bool discard) {
  std::lock_guard lock(mu_);
  if (discard || !conn->is_open()) {
    --open_count_;
    conn.reset();
  } else {
    idle_.push_back(std::move(conn));
  }
  freed_.notify_one();
}

void ConnectionPool::drop_idle() {
  std::vector<std::unique_ptr<pqxx::connection>> dropped;
  {
    std::lock_guard lock(mu_);
    dropped.swap(idle_);
    open_count_ -= dropped.size();
  }
  freed_.notify_all();
}  // `dropped` closes here, outside the lock

std::string redact_url(const std::string& url) {
  auto scheme = url.find("://");
  auto at = url.find('@');
  if (scheme == std::string::npos || at == std::string::npos || at < scheme) return url;
  auto colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

}  // namespace oiis::pg
