// A fixed-size pool of libpqxx connections. Connections are opened lazily up to `max_size`,
// set up once (prepared statements) and handed out one caller at a time.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/status.h"

namespace oiis::pg {

class ConnectionPool {
 public:
  using Setup = std::function<void(pqxx::connection&)>;

  // Exclusive use of one connection; returns it to the pool when destroyed.
  class Lease {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<pqxx::connection> conn)
        : pool_(pool), conn_(std::move(conn)) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    pqxx::connection& conn() { return *conn_; }
    // Closes the connection instead of reusing it (after it broke).
    void discard() { discard_ = true; }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<pqxx::connection> conn_;
    bool discard_ = false;
  };

  ConnectionPool(std::string url, size_t max_size, Setup setup);

  // Waits for a free connection (opening one when below max_size). kUnavailable when the
  // server cannot be reached or no connection frees up within the wait limit.
  Result<Lease> acquire();
  // Closes every idle connection: after one broke (server restart, failover, admin kill) the
  // others most likely did too, and each would cost a failed attempt.
  void drop_idle();

 private:
  void release(std::unique_ptr<pqxx::connection> conn, bool discard);
  Result<std::unique_ptr<pqxx::connection>> open_connection();

  const std::string url_;
  const size_t max_size_;
  const Setup setup_;
  std::mutex mu_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_;
  size_t open_count_ = 0;  // idle + leased + being opened
};

// The URL with any password replaced by "***", for error messages.
std::string redact_url(const std::string& url);

}  // namespace oiis::pg
