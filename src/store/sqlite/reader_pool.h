// Read-only connections for concurrent readers. In WAL mode readers never block the writer
// nor each other, so every reading thread gets its own connection: checked out from this pool
// for one call and returned afterwards (the pool grows to the peak number of concurrent readers).
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <type_traits>
#include <vector>

#include "store/sqlite/sqlite_connection.h"

namespace oiis::sqlite {

class ReaderPool {
 public:
  explicit ReaderPool(std::string path) : path_(std::move(path)) {}

  class Lease {
   public:
    Lease(ReaderPool* pool, std::unique_ptr<Connection> c) : pool_(pool), c_(std::move(c)) {}
    ~Lease() { pool_->give_back(std::move(c_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Connection& operator*() { return *c_; }
    Connection* operator->() { return c_.get(); }

   private:
    ReaderPool* pool_;
    std::unique_ptr<Connection> c_;
  };

  Lease acquire();

  // Runs fn(Connection&) on a pooled connection; SqliteError becomes a Status.
  template <typename Fn>
  auto run(Fn&& fn) -> std::invoke_result_t<Fn&, Connection&> {
    try {
      auto reader = acquire();
      return fn(*reader);
    } catch (const SqliteError& e) {
      return to_status(e);
    }
  }

 private:
  std::unique_ptr<Connection> open_reader() const;
  void give_back(std::unique_ptr<Connection> c);

  std::string path_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace oiis::sqlite
