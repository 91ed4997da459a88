// Snapshot builders: read the store once and lay out what the inventory models need as plain
// arrays (daily demand per product and location, prices per day, stock, purchase history).
// The only place in the inventory path that talks to the Store.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "common/status.h"
#include "domain/types.h"
#include "store/store.h"

namespace oiis {

// Demand, one definition for every model and report (docs/data-model.md "Demand"): the units
// of order lines, except
// - cancelled orders, which never count;
// - credit notes: lines with a negative quantity (Online Retail's "C" invoices) hand units
//   back; each cancels the most recent earlier sales of the same product to the same customer,
//   which then count neither as demand nor as revenue;
// - a whole order returned after delivery still counts as demand (the goods left the shelf;
//   they come back as a stock movement), but not as revenue.
bool counts_as_demand(OrderStatus status);

// What the demand definition took out, for the reports to say.
struct DemandAdjustments {
  long cancelled_orders = 0;
  long credit_lines = 0;
  double credited_units = 0;          // sales units cancelled by credit notes
  double unmatched_credit_units = 0;  // credit units with no earlier sale in the history
};

struct InventorySnapshot {
  Date first_day = 0, end_day = 0;  // daily history covers [first_day, end_day)
  std::vector<Product> products;    // id order
  std::vector<Supplier> suppliers;  // id order
  std::vector<Location> locations;  // id order
  // Net units demanded per day (counts_as_demand), [product index * locations + location
  // index][day - first_day].
  std::vector<std::vector<double>> demand;
  std::vector<std::vector<double>> revenue;  // net money per day, [product index][day]
  DemandAdjustments adjustments;
  std::vector<StockLevel> stock;             // [product index * locations + location index]
  std::vector<bool> stock_recorded;  // [slot]: the store holds a stock level for it
  std::vector<PurchaseRecord> purchases;
  std::vector<std::vector<PriceChange>> price_changes;  // per product index, by time

  int days() const { return end_day - first_day; }
  std::size_t slot(std::size_t product, std::size_t location) const {
    return product * locations.size() + location;
  }
  // Index of a product / supplier id, or -1.
  std::ptrdiff_t product_index(Id id) const;
  std::ptrdiff_t supplier_index(Id id) const;
};

struct SnapshotOptions {
  std::optional<Date>
      as_of;  // history ends before this day (default: the day after the last order)
  bool price_history = true;  // one query per product; off when not needed
};

// kFailedPrecondition when the store holds no orders.
Result<InventorySnapshot> build_snapshot(Store& store, const SnapshotOptions& options = {});

// The list price on every history day, from the price-change log (the first change's old
// price before it, the current price when there is no change). [day - first_day]; `days`
// past first_day (-1 = the history's days; more = the plan: changes dated after the history).
std::vector<double> daily_prices(const InventorySnapshot& s, std::size_t product, int days = -1);

}  // namespace oiis
