// Demand series per SKU (and stock location) on a daily or weekly grid, read from the store:
// the one definition of demand that forecasts, backtests and their baselines share.
//
// Demand comes from the inventory snapshot (data/snapshots.h: net units ordered per day,
// summed over locations). Censoring comes from replaying the stock-movement ledger: a day
// that *closes* with on_hand <= 0 at a location that keeps a ledger either opened empty or
// sold out, so its recorded sales are only a lower bound on demand. Such days become NaN in
// the model input (the engine interpolates) instead of teaching the model zero demand.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "domain/types.h"
#include "data/snapshots.h"
#include "store/store.h"

namespace oiis {

enum class DemandLevel { kDaily, kWeekly };
std::string_view level_name(DemandLevel level);
std::optional<DemandLevel> parse_level(std::string_view name);
int period_days(DemandLevel level);  // 1 or 7

// One SKU's demand on the level's period grid (at one location, or summed over all); every
// vector has DemandSet::periods entries (the price plan may run past them).
struct DemandSeries {
  Id product_id = 0;
  std::string sku;
  Id location_id = 0;    // DemandOptions::by_location: the stock location; 0 = all locations
  std::string location;  // that location's code; empty = all
  std::string key() const { return location.empty() ? sku : sku + "@" + location; }
  std::string category;
  bool active = true;
  std::vector<double> sales;    // recorded units (order lines, cancelled included)
  std::vector<double> revenue;  // money of not-cancelled, not-returned lines
  // What the model sees: sales, except censored periods. Daily: NaN. Weekly: the uncensored
  // days' units scaled up by the share of the category's demand those days carry, NaN when
  // the whole week was censored.
  std::vector<double> values;
  std::vector<std::uint8_t> censored;  // censored days inside each period (0..period length)
  // Only with DemandOptions::prices (else empty; periods + DemandOptions::plan_periods
  // long): the mean list price of each period, the
  // share of its days on promotion and the share in clearance, from the store's price-change
  // log (a "promotion" or "featured_promotion" change starts a promotion, "promotion_end" ends
  // it; a "markdown" starts clearance for good).
  std::vector<double> price, promo, clearance;
  int first = 0;  // first period with stock or sales: earlier ones predate the product
  // Some location of this series keeps a stock ledger (movements), so stock-outs can be seen
  // and censored; false for a sales-only history, whose zeros are taken as they are.
  bool stock_tracked = false;
};

struct DemandSet {
  DemandLevel level = DemandLevel::kDaily;
  Date grid_start = 0;  // period p covers [grid_start + p*len, +len); the grid ends at end_day
  Date end_day = 0;     // exclusive; periods are whole (weekly drops leading partial days)
  int periods = 0;
  std::vector<DemandSeries> series;               // product id (then location id) order
  Date data_date() const { return end_day - 1; }  // last day of history
  Date period_start(int p) const { return grid_start + p * period_days(level); }
  std::ptrdiff_t find(std::string_view sku) const;  // index of the SKU's first series or -1
  DemandAdjustments adjustments;  // what the demand definition took out (snapshots.h)
  bool censoring = true;          // DemandOptions::censor_stockouts
};
// What a reader of forecasts from this demand must know: sales-only series (no stock ledger,
// stock-outs invisible), cancelled orders and credit notes taken out. Empty when nothing applies.
std::vector<std::string> demand_caveats(const DemandSet& demand);

struct DemandOptions {
  DemandLevel level = DemandLevel::kDaily;
  std::optional<Date> as_of;  // history ends before this day (default: after the last order)
  bool censor_stockouts = true;
  bool prices = false;  // also lay out DemandSeries::price/promo (one price-history query per SKU)
  // With prices: also lay out the price plan of this many periods after the history - the
  // price log's changes dated after it (a promotion calendar; in a backtest, what happened),
  // else the last price and states carried on. The global model reads it as known ahead.
  int plan_periods = 0;
  // One series per product and location that ever held or sold it (sales, stock-outs and
  // censoring of that location alone), instead of one per product summed over locations.
  bool by_location = false;
};

// Reads the store (snapshot + movement ledger). kFailedPrecondition when there are no orders.
Result<DemandSet> build_demand(Store& store, const DemandOptions& options = {});
// The pure half: `closing_stock[slot][day]` is on_hand at the end of each snapshot day (empty
// = no censoring information).
// Of `options`, level, prices (fill DemandSeries::price/promo/clearance from s.price_changes,
// plan_periods past the history) and by_location count here.
DemandSet demand_from_snapshot(const InventorySnapshot& s,
                               const std::vector<std::vector<double>>& closing_stock,
                               const DemandOptions& options);
// on_hand at the end of every snapshot day per slot, from the movement ledger (forward sum);
// an empty vector for a slot without any movement: it keeps no ledger, so nothing is known
// of its stock (sales alone are not a ledger).
Result<std::vector<std::vector<double>>> closing_stock(Store& store, const InventorySnapshot& s);

}  // namespace oiis
