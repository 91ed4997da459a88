// Internal to the world generator: the simulation stage's state and steps (see
// world_simulation.cpp for the day's steps, world_replenish.cpp for the naive reorder policy
// and the end of the history). One Simulation walks one world's history once.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "data/cycle_counts.h"
#include "data/supplier_drift.h"
#include "data/world_build.h"
#include "data/world_customers.h"

namespace oiis::world {

class Simulation {
 public:
  Simulation(BuildContext& ctx, ProgressSink* progress)
      : ctx_(ctx),
        w_(ctx.world),
        rng_(ctx.rng),
        count_rng_(routine_count_seed(ctx.config)),
        progress_(progress),
        products_(w_.products.size()),
        locations_(w_.locations.size()),
        days_(ctx.days) {}

  void run() {
    compute_demand_shape();
    calibrate_and_schedule();
    set_up_inventory();
    schedule_incidents();
    for (int day = 0; day < days_; ++day) simulate_day(day);
    finish();
  }

 private:
  BuildContext& ctx_;
  World& w_;
  Rng& rng_;
  Rng count_rng_;  // routine counts' own draws: a world without them keeps rng_'s sequence
  ProgressSink* progress_;
  const std::size_t products_, locations_;
  const int days_;
  std::vector<double> shape_;        // relative expected lines, [product * days + day]
  std::vector<double> lines_scale_;  // shape -> expected lines, per day
  VisitSchedule visits_;
  std::vector<std::vector<int>> pairs_by_anchor_;

  // Stock state per [product * locations + location].
  std::vector<Quantity> on_hand_, on_order_, opening_, sold_today_, lost_units_;
  std::vector<std::int64_t> lost_lines_;
  std::vector<double> estimate_;                       // smoothed daily sales for reordering
  std::vector<double> safety_, cover_days_;            // per product policy knobs
  std::vector<std::vector<std::size_t>> arrivals_;     // purchase orders arriving, per day
  std::vector<std::vector<std::size_t>> returns_due_;  // orders coming back, per day
  std::vector<int> fraud_per_day_, shrinkage_per_day_, damage_per_day_;
  std::vector<std::size_t> expensive_products_;
  std::vector<bool> drift_labelled_;  // per supplier: its drift's first order is labelled

  // Today's shopping trips, indexed by segment and favourite category.
  std::vector<int> trip_customer_;
  std::vector<std::ptrdiff_t> trip_order_;  // index into w_.orders, -1 = nothing bought yet
  std::array<std::vector<double>, kRegularSegments> segment_cumulative_;
  std::array<std::vector<int>, kRegularSegments> segment_trips_;
  std::vector<std::vector<int>> fan_trips_;  // [segment * categories + category]
  std::size_t today_first_order_ = 0;
  std::vector<std::ptrdiff_t> today_fraud_anomaly_;  // per order placed today, -1 = genuine

  // Ground-truth accumulators.
  Date first_week_ = 0;
  int weeks_ = 0;
  std::vector<double> weekly_expected_, expected_revenue_;
  std::vector<Quantity> weekly_sold_, weekly_lost_;
  double mean_scale_ = 0;
  std::size_t slot(std::size_t product, Id location) const {
    return product * locations_ + static_cast<std::size_t>(location - 1);
  }
  std::size_t week_of(int day) const {
    return static_cast<std::size_t>((ctx_.start + day - first_week_) / 7);
  }
  Timestamp at(int day, double hours) const {
    return timestamp_of(ctx_.start + day) + static_cast<Timestamp>(hours * 3600);
  }

  // --- set-up ------------------------------------------------------------------------------

  double lifecycle(const ProductTruth& t, int day) const;
  void compute_demand_shape();

  // How much more often customers shop on history day `d` (GeneratorConfig's drift; 1 before).
  double drift_factor(int d) const {
    const auto& c = ctx_.config;
    return c.drift_from && ctx_.start + d >= *c.drift_from ? c.drift_demand : 1.0;
  }

  // Ties total product demand to the customer base: the day's expected lines equal what the
  // active customers' trips can carry, and trips follow the day's relative demand.
  void calibrate_and_schedule();
  void set_up_inventory();

  // Anomalies and incidents are spread over the history (not the first month, so the
  // normal pattern is established before the first anomaly).
  void schedule_incidents();

  // --- one day -----------------------------------------------------------------------------

  void simulate_day(int day);

  // Records a movement whose stock effect has already been applied (sales take stock when
  // the line is placed, so later lines of the day see the shelf as it is).
  void record_movement(std::size_t product, Id location, MovementType type, Quantity quantity,
                       std::string_view reason, Timestamp when, std::optional<Id> order_id = {},
                       std::optional<Id> po_id = {});
  void add_movement(std::size_t product, Id location, MovementType type, Quantity quantity,
                    std::string_view reason, Timestamp when, std::optional<Id> order_id = {},
                    std::optional<Id> po_id = {});
  double mature_daily_units(std::size_t p) const {
    const ProductTruth& t = w_.truth.products[p];
    return t.base_demand * mean_scale_ * t.mean_line_qty / static_cast<double>(locations_);
  }
  double stated_lead_days(std::size_t p) const {
    return w_.suppliers[*w_.products[p].supplier_id - 1].lead_time_mean_days;
  }

  void open_new_products(int day);
  void receive_arrivals(int day);
  void process_returns(int day);
  void index_trips(int day);

  // A trip to carry a line: segment by basket weight (bargain hunters pulled towards
  // promotions), then half the time a fan of the category, else any trip by basket size.
  int pick_trip(int category, bool promoted);
  void sell_product(int day, std::size_t p);
  Order& order_for_trip(int day, int trip);
  bool take_stock(int day, std::size_t p, Id location, Quantity quantity);
  static void add_line(Order& order, const Product& product, Quantity quantity, double price);
  bool place_line(int day, std::size_t p, Quantity quantity, int trip);

  // Fraud: a brand-new account ordering many expensive items in bulk in the small hours.
  void inject_fraud(int day);

  // Today's orders get ids in placement order.
  void finalize_orders(int day);

  // Writes the sale movements and decides the order's fate: cancelled, delivered (maybe
  // returned later) or still on its way when the history ends.
  void settle(int day, std::size_t index, bool fraud);
  Timestamp delivery_seconds(const std::string& channel);

  // Apparel comes back far more often (sizes).
  double return_rate(const Order& order) const;

  // Shrinkage (anomaly): a cycle count finds units missing with no sale behind them.
  // Damage (normal): a few units written off with a reason.
  void count_and_damage(int day, int events, bool shrinkage);

  // GeneratorConfig::cycle_count_days: the slots due today are counted after the shrinkage
  // counts and damage; the difference found (often none) is recorded as a count movement.
  void routine_counts(int day);
  void record_stockouts(int day);

  // Naive policy: reorder when stock plus stock on order falls below the stated lead time's
  // worth of smoothed sales (times a per-product safety factor), up to lead time plus cover.
  // Smoothed sales are censored by stock-outs, which is exactly how naive policies fail.
  void replenish(int day);
  void raise_purchase_order(int day, Id supplier_id, Id location_id,
                            std::vector<PurchaseOrderLine> lines);

  // The first drifted purchase order of each drifting supplier is labelled.
  void label_supplier_drift(const PurchaseOrder& po, const SupplierDrift& drift, int day);

  // --- end of history ----------------------------------------------------------------------

  void finish();
  void assign_abc();
};

}  // namespace oiis::world
