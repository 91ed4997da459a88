// Shared pieces of the tool implementations (tools_*.cpp): the checked read-only query with its
// citation, period arguments, and the revenue definitions every figure uses.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>

#include "agents/tools.h"
#include "store/agent_tables.h"
#include "store/store.h"

namespace oiis::agents::detail {

// Revenue and order counts leave out cancelled and returned orders (as `oiis stats` does).
inline constexpr const char* kRevenue = "coalesce(sum(l.quantity * l.unit_price - l.discount), 0)";
inline constexpr const char* kCounted = "o.status NOT IN ('cancelled', 'returned')";

struct Query {
  QueryTable table;
  Source source;
};
// Runs the SQL on the store's read-only query and records it as a source.
Result<Query> run_query(ToolEnvironment& env, const std::string& sql,
                        std::vector<nlohmann::json> params);
// The first column of the first row (null when no row).
nlohmann::json first_value(const QueryTable& t);
// Money rounded to cents (SQL leaves it unrounded: PostgreSQL has no round(double, 2)).
double money(const nlohmann::json& v);

// A tool's period: "from"/"to" (YYYY-MM-DD, inclusive); missing ones default to the first and
// last day of the data. Bound as unix-second limits [start, end).
struct Range {
  Date first = 0, last = 0;
  Timestamp start() const { return timestamp_of(first); }
  Timestamp end() const { return timestamp_of(last + 1); }
  nlohmann::json to_json() const;
};
Result<Range> range_of(const nlohmann::json& args, const ToolEnvironment& env);
nlohmann::json range_properties();  // the "from"/"to" schema properties
nlohmann::json schema(nlohmann::json properties, std::vector<std::string> required = {});

// A product argument ("sku"): the product's id, sku, name, price, cost, supplier (kNotFound
// naming "sku").
Result<nlohmann::json> product_row(ToolEnvironment& env, const std::string& sku, Source* source);
// A customer argument ("customer": external id, or the numeric id).
Result<nlohmann::json> customer_row(ToolEnvironment& env, const std::string& customer);

// One result built from the whole store (the reorder plan, the fitted fraud model), shared by
// every question until the store's data changes. Thread-safe; one build at a time.
template <typename T>
class PerDataVersion {
 public:
  template <typename Build>  // Build: () -> Result<T>
  Result<std::shared_ptr<const T>> get(ToolEnvironment& env, Build build) {
    auto version = env.store->data_version();
    if (!version.is_ok()) return version.status();
    std::string key = version.value() + "|" + env.data_dir + "|" +
                      std::to_string(reinterpret_cast<std::uintptr_t>(env.store));
    std::lock_guard lock(mutex_);
    if (!value_ || key_ != key) {
      auto fresh = build();
      if (!fresh.is_ok()) return fresh.status();
      value_ = std::make_shared<const T>(std::move(fresh).value());
      key_ = std::move(key);
    }
    return value_;
  }

 private:
  std::mutex mutex_;
  std::string key_;
  std::shared_ptr<const T> value_;
};

void add_bi_tools(ToolRegistry& r);
void add_inventory_tools(ToolRegistry& r);
void add_customer_tools(ToolRegistry& r);
void add_operations_tools(ToolRegistry& r);
void add_document_tools(ToolRegistry& r);

}  // namespace oiis::agents::detail
