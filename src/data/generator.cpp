#include "data/generator.h"

#include <chrono>
#include <cstdio>
#include <string>

#include "common/log.h"
#include "data/generator_writer.h"
#include "data/world.h"

namespace oiis {
namespace {

// Reports rows written in batches so the sink is not called a million times.
class RowCounter {
 public:
  RowCounter(ProgressSink* sink, std::int64_t total) : sink_(sink), total_(total) {}
  void add(std::int64_t n = 1) {
    done_ += n;
    if (sink_ && (done_ - reported_ >= 4096 || done_ == total_)) {
      sink_->update(done_, total_);
      reported_ = done_;
    }
  }

 private:
  ProgressSink* sink_;
  std::int64_t total_, done_ = 0, reported_ = 0;
};

const Status& status_of(const Status& s) {
  return s;
}
template <typename T>
const Status& status_of(const Result<T>& r) {
  return r.status();
}

template <typename Rows, typename Add>
Status write_all(const Rows& rows, RowCounter& counter, const char* what, Add add) {
  for (const auto& row : rows) {
    auto result = add(row);
    if (!result.is_ok()) {
      const Status& s = status_of(result);
      return Status(s.code(), std::string("writing ") + what + ": " + s.message(), s.field());
    }
    counter.add();
  }
  return Status::ok();
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

GenerationSummary summarize(const world::World& w) {
  GenerationSummary s;
  s.suppliers = static_cast<std::int64_t>(w.suppliers.size());
  s.products = static_cast<std::int64_t>(w.products.size());
  s.customers = static_cast<std::int64_t>(w.customers.size());
  s.locations = static_cast<std::int64_t>(w.locations.size());
  s.orders = static_cast<std::int64_t>(w.orders.size());
  s.order_lines = w.order_lines();
  s.stock_movements = static_cast<std::int64_t>(w.movements.size());
  s.price_changes = static_cast<std::int64_t>(w.price_changes.size());
  s.purchase_orders = static_cast<std::int64_t>(w.purchase_orders.size());
  s.stockout_days = static_cast<std::int64_t>(w.truth.stockouts.size());
  s.anomalies = static_cast<std::int64_t>(w.truth.anomalies.size());
  return s;
}

Status check_store_empty(Store& store) {
  auto stats = store.stats();
  if (!stats) return stats.status();
  if (stats->products || stats->customers || stats->orders || stats->suppliers)
    return failed_precondition("the store already holds data; generate into an empty store");
  return Status::ok();
}

Status write_world_to_store(const world::World& w, Store& store, ProgressSink* progress) {
  auto writer_or = store.begin_bulk();
  if (!writer_or) return writer_or.status();
  BulkWriter& writer = **writer_or;
  const std::int64_t total = static_cast<std::int64_t>(
      w.suppliers.size() + w.locations.size() + w.products.size() + w.customers.size() +
      w.price_changes.size() + w.purchase_orders.size() + w.orders.size() + w.movements.size() +
      w.stock.size());
  RowCounter counter(progress, total);
  // Parents before children: movements reference orders and purchase orders.
  OIIS_RETURN_IF_ERROR(write_all(w.suppliers, counter, "suppliers",
                                 [&](const Supplier& r) { return writer.add_supplier(r); }));
  OIIS_RETURN_IF_ERROR(write_all(w.locations, counter, "locations",
                                 [&](const Location& r) { return writer.add_location(r); }));
  OIIS_RETURN_IF_ERROR(write_all(w.products, counter, "products",
                                 [&](const Product& r) { return writer.add_product(r); }));
  OIIS_RETURN_IF_ERROR(write_all(w.customers, counter, "customers",
                                 [&](const Customer& r) { return writer.add_customer(r); }));
  OIIS_RETURN_IF_ERROR(write_all(w.price_changes, counter, "price changes",
                                 [&](const PriceChange& r) { return writer.add_price_change(r); }));
  OIIS_RETURN_IF_ERROR(
      write_all(w.purchase_orders, counter, "purchase orders",
                [&](const PurchaseOrder& r) { return writer.add_purchase_order(r); }));
  OIIS_RETURN_IF_ERROR(
      write_all(w.orders, counter, "orders", [&](const Order& r) { return writer.add_order(r); }));
  OIIS_RETURN_IF_ERROR(write_all(w.movements, counter, "stock movements",
                                 [&](const StockMovement& r) { return writer.add_movement(r); }));
  OIIS_RETURN_IF_ERROR(write_all(w.stock, counter, "stock levels",
                                 [&](const StockLevel& r) { return writer.set_stock(r); }));
  OIIS_RETURN_IF_ERROR(writer.commit());
  if (progress) progress->finish();
  return Status::ok();
}

Result<GenerationSummary> generate_world(const GeneratorConfig& config, Store& store,
                                         const std::string& ground_truth_dir,
                                         ProgressSink* progress) {
  OIIS_RETURN_IF_ERROR(world::validate(config));
  OIIS_RETURN_IF_ERROR(check_store_empty(store));
  const auto start = std::chrono::steady_clock::now();
  world::World w = world::build_world(config);
  const double build_seconds = seconds_since(start);
  OIIS_RETURN_IF_ERROR(write_world_to_store(w, store, progress));
  const double write_seconds = seconds_since(start) - build_seconds;
  if (!ground_truth_dir.empty()) OIIS_RETURN_IF_ERROR(write_ground_truth(w, ground_truth_dir));
  GenerationSummary summary = summarize(w);
  summary.seconds = seconds_since(start);
  char line[160];
  std::snprintf(line, sizeof line,
                "generate: built world in %.2fs, wrote store in %.2fs, total %.2fs", build_seconds,
                write_seconds, summary.seconds);
  log_info(line);
  return summary;
}

}  // namespace oiis
