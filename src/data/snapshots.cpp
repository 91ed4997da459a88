#include "data/snapshots.h"

#include <algorithm>
#include <unordered_map>

#include "common/time.h"

namespace oiis {

bool counts_as_demand(OrderStatus status) {
  return status != OrderStatus::kCancelled;
}

namespace {

// Pages through a cursor-paginated list call until it is exhausted.
template <typename T, typename Fn>
Status collect(std::vector<T>& out, Fn list_page) {
  PageRequest page;
  page.limit = 1000;
  for (;;) {
    auto result = list_page(page);
    if (!result) return result.status();
    for (auto& item : result->items) out.push_back(std::move(item));
    if (result->next_cursor.empty()) return Status::ok();
    page.cursor = result->next_cursor;
  }
}

Status load_catalog(Store& store, InventorySnapshot& s) {
  OIIS_RETURN_IF_ERROR(collect(
      s.products, [&](const PageRequest& p) { return store.list_products(ProductFilter{}, p); }));
  OIIS_RETURN_IF_ERROR(collect(s.suppliers, [&](const PageRequest& p) {
    return store.list_suppliers(SupplierFilter{}, p);
  }));
  auto locations = store.list_locations();
  if (!locations) return locations.status();
  s.locations = std::move(locations).value();
  if (s.locations.empty()) return failed_precondition("the store has no locations");
  return Status::ok();
}

std::vector<std::ptrdiff_t> location_indices(const InventorySnapshot& s) {
  std::vector<std::ptrdiff_t> out;  // by location id (small, dense in practice)
  for (std::size_t i = 0; i < s.locations.size(); ++i) {
    const auto id = static_cast<std::size_t>(s.locations[i].id);
    if (out.size() <= id) out.resize(id + 1, -1);
    out[id] = static_cast<std::ptrdiff_t>(i);
  }
  return out;
}

// One credit-note line (a negative quantity): units handed back against earlier sales.
struct CreditLine {
  Id customer = 0, product = 0;
  Timestamp at = 0;
  double units = 0;  // positive: how many units it cancels
};
// One counted sale line that a credit note may cancel.
struct SaleLine {
  Timestamp at = 0;
  std::size_t slot = 0;
  int day = 0;
  double units = 0, unit_revenue = 0;
};
std::uint64_t customer_product_key(Id customer, Id product) {
  return (static_cast<std::uint64_t>(customer) << 32) ^ static_cast<std::uint64_t>(product);
}

// Calls fn(order, location index, day) for every order inside the snapshot's window.
template <typename Fn>
Status scan_window(Store& store, const InventorySnapshot& s, Fn fn) {
  const std::vector<std::ptrdiff_t> location_index = location_indices(s);
  OrderFilter filter;
  filter.placed_to = timestamp_of(s.end_day);
  return store.scan_orders(filter, [&](const Order& o) {
    const int day = date_of(o.placed_at) - s.first_day;
    const auto loc = static_cast<std::size_t>(o.location_id);
    if (day < 0 || day >= s.days() || loc >= location_index.size() || location_index[loc] < 0)
      return true;
    fn(o, static_cast<std::size_t>(location_index[loc]), day);
    return true;
  });
}

// Second pass, only when credit notes exist: each one cancels the most recent sales of the
// same product to the same customer at or before it (guests match guests). What it cannot
// match (the sale predates the history) cancels nothing.
Status apply_credits(Store& store, InventorySnapshot& s, std::vector<CreditLine>& credits) {
  std::unordered_map<std::uint64_t, std::vector<SaleLine>> sales;
  for (const auto& c : credits) sales[customer_product_key(c.customer, c.product)];
  OIIS_RETURN_IF_ERROR(scan_window(store, s, [&](const Order& o, std::size_t loc, int day) {
    if (!counts_as_demand(o.status)) return;
    for (const auto& line : o.lines) {
      if (line.quantity <= 0) continue;
      auto it = sales.find(customer_product_key(o.customer_id.value_or(0), line.product_id));
      const std::ptrdiff_t p = s.product_index(line.product_id);
      if (it == sales.end() || p < 0) continue;
      const double units = static_cast<double>(line.quantity);
      const double unit_revenue =
          o.status == OrderStatus::kReturned ? 0.0 : line.line_total() / units;
      it->second.push_back({o.placed_at, s.slot(p, loc), day, units, unit_revenue});
    }
  }));
  for (auto& [key, list] : sales)
    std::stable_sort(list.begin(), list.end(),
                     [](const SaleLine& a, const SaleLine& b) { return a.at < b.at; });
  for (const auto& c : credits) {
    auto& list = sales[customer_product_key(c.customer, c.product)];
    double left = c.units;
    auto it = std::upper_bound(list.begin(), list.end(), c.at,
                               [](Timestamp t, const SaleLine& x) { return t < x.at; });
    while (left > 0 && it != list.begin()) {
      SaleLine& sale = *--it;
      const double take = std::min(left, sale.units);
      if (take <= 0) continue;
      sale.units -= take;
      left -= take;
      s.demand[sale.slot][sale.day] -= take;
      s.revenue[sale.slot / s.locations.size()][sale.day] -= take * sale.unit_revenue;
      s.adjustments.credited_units += take;
    }
    s.adjustments.unmatched_credit_units += left;
  }
  return Status::ok();
}

Status load_orders(Store& store, InventorySnapshot& s) {
  const std::size_t n = s.products.size(), l = s.locations.size();
  s.demand.assign(n * l, std::vector<double>(s.days(), 0.0));
  s.revenue.assign(n, std::vector<double>(s.days(), 0.0));
  std::vector<CreditLine> credits;
  OIIS_RETURN_IF_ERROR(scan_window(store, s, [&](const Order& o, std::size_t loc, int day) {
    if (!counts_as_demand(o.status)) {
      ++s.adjustments.cancelled_orders;
      return;
    }
    for (const auto& line : o.lines) {
      const std::ptrdiff_t p = s.product_index(line.product_id);
      if (p < 0) continue;
      if (line.quantity < 0) {
        credits.push_back({o.customer_id.value_or(0), line.product_id, o.placed_at,
                           -static_cast<double>(line.quantity)});
        continue;
      }
      s.demand[s.slot(p, loc)][day] += static_cast<double>(line.quantity);
      if (o.status != OrderStatus::kReturned) s.revenue[p][day] += line.line_total();
    }
  }));
  s.adjustments.credit_lines = static_cast<long>(credits.size());
  if (credits.empty()) return Status::ok();
  return apply_credits(store, s, credits);
}

Status load_stock_and_purchases(Store& store, InventorySnapshot& s) {
  std::vector<StockLevel> levels;
  OIIS_RETURN_IF_ERROR(
      collect(levels, [&](const PageRequest& p) { return store.list_stock(StockFilter{}, p); }));
  s.stock.assign(s.products.size() * s.locations.size(), StockLevel{});
  s.stock_recorded.assign(s.stock.size(), false);
  for (const auto& level : levels) {
    const std::ptrdiff_t p = s.product_index(level.product_id);
    auto loc = std::find_if(s.locations.begin(), s.locations.end(),
                            [&](const Location& x) { return x.id == level.location_id; });
    if (p < 0 || loc == s.locations.end()) continue;
    s.stock[s.slot(p, loc - s.locations.begin())] = level;
    s.stock_recorded[s.slot(p, loc - s.locations.begin())] = true;
  }
  std::vector<PurchaseOrder> orders;
  OIIS_RETURN_IF_ERROR(collect(orders, [&](const PageRequest& p) {
    return store.list_purchase_orders(PurchaseOrderFilter{}, p);
  }));
  for (const auto& po : orders) {
    if (po.status == PurchaseOrderStatus::kDraft || po.status == PurchaseOrderStatus::kCancelled)
      continue;
    for (const auto& line : po.lines)
      s.purchases.push_back({po.id, po.supplier_id, line.product_id, po.created_at, po.expected_at,
                             po.received_at, line.quantity, line.received_quantity,
                             line.unit_cost});
  }
  return Status::ok();
}

}  // namespace

std::ptrdiff_t InventorySnapshot::product_index(Id id) const {
  auto it = std::lower_bound(products.begin(), products.end(), id,
                             [](const Product& p, Id v) { return p.id < v; });
  return it != products.end() && it->id == id ? it - products.begin() : -1;
}

std::ptrdiff_t InventorySnapshot::supplier_index(Id id) const {
  auto it = std::lower_bound(suppliers.begin(), suppliers.end(), id,
                             [](const Supplier& x, Id v) { return x.id < v; });
  return it != suppliers.end() && it->id == id ? it - suppliers.begin() : -1;
}

Result<InventorySnapshot> build_snapshot(Store& store, const SnapshotOptions& options) {
  auto stats = store.stats();
  if (!stats) return stats.status();
  if (!stats->first_order_at) return failed_precondition("the store holds no orders");
  InventorySnapshot s;
  s.first_day = date_of(*stats->first_order_at);
  s.end_day = options.as_of.value_or(date_of(*stats->last_order_at) + 1);
  if (s.end_day <= s.first_day) return invalid_argument("as_of is before the first order", "as_of");
  OIIS_RETURN_IF_ERROR(load_catalog(store, s));
  auto by_id = [](const auto& a, const auto& b) { return a.id < b.id; };
  std::sort(s.products.begin(), s.products.end(), by_id);
  std::sort(s.suppliers.begin(), s.suppliers.end(), by_id);
  std::sort(s.locations.begin(), s.locations.end(), by_id);
  OIIS_RETURN_IF_ERROR(load_orders(store, s));
  OIIS_RETURN_IF_ERROR(load_stock_and_purchases(store, s));
  s.price_changes.assign(s.products.size(), {});
  if (options.price_history) {
    for (std::size_t p = 0; p < s.products.size(); ++p) {
      auto history = store.price_history(s.products[p].id);
      if (!history) return history.status();
      s.price_changes[p] = std::move(history).value();
      std::stable_sort(s.price_changes[p].begin(), s.price_changes[p].end(),
                       [](const PriceChange& a, const PriceChange& b) { return a.at < b.at; });
    }
  }
  return s;
}

std::vector<double> daily_prices(const InventorySnapshot& s, std::size_t product, int days) {
  const auto& changes = s.price_changes[product];
  double price = changes.empty() ? s.products[product].price : changes.front().old_price;
  std::vector<double> out(days < 0 ? s.days() : days);
  std::size_t next = 0;
  for (int d = 0; d < static_cast<int>(out.size()); ++d) {
    // A change during a day applies from that day on (the generator changes prices at midnight).
    while (next < changes.size() && date_of(changes[next].at) <= s.first_day + d)
      price = changes[next++].new_price;
    out[d] = price;
  }
  return out;
}

}  // namespace oiis
