// A throwaway PostgreSQL server for tests: initdb into a fresh temporary folder, start on a
// free loopback port with fsync off, stop and delete everything on destruction.
//
//   std::string why;
//   auto pg = PostgresServer::start(&why);
//   if (!pg) GTEST_SKIP() << why;
//   ASSERT_TRUE(pg->create_database("t1", &why)) << why;
//   auto store = open_store(pg->url("t1"));
//
// Needs the PostgreSQL server binaries (initdb, pg_ctl, psql). Set OIIS_PG_BIN to their folder
// to override the search of /usr/lib/postgresql/<version>/bin. When run as root the server
// runs as the `postgres` user (PostgreSQL refuses to run as root).
// Depends on nothing but the C++ and POSIX libraries, so any test binary can link it.
#pragma once

#include <memory>
#include <string>

namespace oiis::testing {

class PostgresServer {
 public:
  // Starts a server, or returns nullptr and sets *why_not (when given) to the reason.
  static std::unique_ptr<PostgresServer> start(std::string* why_not = nullptr);
  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  // "postgresql://postgres@127.0.0.1:PORT/<db>"
  std::string url(const std::string& db) const;
  int port() const { return port_; }
  // CREATE DATABASE `name` (letters, digits and '_' only). False with *why_not on failure.
  bool create_database(const std::string& name, std::string* why_not = nullptr);
  // Runs one SQL statement with psql against `db`; false with *why_not on failure.
  bool execute(const std::string& db, const std::string& sql, std::string* why_not = nullptr);

 private:
  PostgresServer() = default;
  std::string as_postgres(const std::string& command) const;

  std::string bin_dir_;
  std::string root_;  // temporary folder: data/, the socket and the logs
  int port_ = 0;
  bool running_ = false;
};

}  // namespace oiis::testing
