// One test suite, every backend: each backend's test file instantiates StoreContract with
// a factory that returns a fresh, empty, migrated store.
//
//   INSTANTIATE_TEST_SUITE_P(Sqlite, StoreContract,
//                            ::testing::Values(StoreBackend{"sqlite", &make_sqlite_store}));
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

#include "store/store.h"
#include "support/required_part.h"

namespace oiis::testing {

struct StoreBackend {
  std::string name;
  // Returns a new empty store (a fresh database each call), or nullptr with a printed reason
  // when the backend cannot run here (the test is then skipped, saying why).
  std::function<std::unique_ptr<Store>(const StoreOptions&)> make;
};

inline std::string PrintToString(const StoreBackend& b) { return b.name; }
inline void PrintTo(const StoreBackend& b, std::ostream* os) { *os << b.name; }

// A fresh, empty, migrated store of each backend (defined in the backend test files), for
// tests that compare the backends with each other; nullptr (reason printed) when unavailable.
std::unique_ptr<Store> make_sqlite_store(const StoreOptions& options);
std::unique_ptr<Store> make_postgres_store(const StoreOptions& options);
// A new, empty, migrated database on the binary's shared PostgreSQL server (for tests that
// open several stores on one database); "" with *why_not when there is none.
std::string fresh_postgres_database_url(std::string* why_not);

// The value of a result the test needs; a failed expectation (and an exception that ends the
// test) when it is an error.
template <typename T>
T must(Result<T> r) {
  EXPECT_TRUE(r.is_ok()) << r.status().to_string();
  if (!r.is_ok()) throw std::runtime_error(r.status().to_string());
  return std::move(r).value();
}

// An order for `qty` units of one SKU at its list price.
inline OrderRequest order_for(const std::string& sku, Quantity qty) {
  OrderRequest r;
  r.lines.push_back(OrderRequestLine{sku, qty, std::nullopt, 0.0});
  return r;
}

class StoreContract : public ::testing::TestWithParam<StoreBackend> {
 protected:
  void SetUp() override {
    store_ = open(StoreOptions{});
    // SQLite is embedded: it must always open (a broken migration fails here, never skips).
    // GTEST_SKIP returns void, so it can only be used in a void function like this one.
    if (!store_ && GetParam().name == std::string("sqlite"))
      GTEST_FAIL() << "the embedded SQLite store did not open";
    if (!store_) OIIS_SKIP_UNLESS_REQUIRED(GetParam().name << " backend unavailable here");
  }
  // A further fresh store (e.g. with other options); nullptr when the backend is unavailable.
  std::unique_ptr<Store> open(const StoreOptions& options) { return GetParam().make(options); }
  std::unique_ptr<Store> store_;
};

}  // namespace oiis::testing
