// Simulation stage: walks the history day by day. Each morning purchase orders arrive and
// returns come back; during the day every product's demand (lines drawn from its daily
// mean) is handed to the day's shopping trips, shelf permitting — an empty shelf loses the
// line, which is recorded as censored demand; at night orders are finalised, stock is
// counted (shrinkage) and a naive reorder-point policy raises purchase orders.
#include <algorithm>
#include <cmath>

#include "data/world_build.h"
#include "data/world_customers.h"
#include "data/cycle_counts.h"
#include "data/supplier_drift.h"

namespace oiis::world {
namespace {

constexpr double kFavouriteShare = 0.5;          // lines of a category going to its fans
constexpr double kEstimateSmoothing = 1.0 / 14;  // EWMA weight of today's sales in reordering
constexpr double kMaxPriceEffect = 10.0;         // caps the response to absurd (typo) prices
constexpr double kSupplierDelayRate = 0.003;     // share of purchase orders with injected delays

// Hour-of-day weights per channel (web, store, phone, marketplace).
constexpr double kHourWeights[4][24] = {
    {1,   .6,  .4,  .3,  .3,  .4,  .8,  1.5, 2.5, 3, 3.2, 3.3,
     3.6, 3.4, 3.2, 3.2, 3.4, 3.8, 4.5, 5.2, 5.6, 5, 3.6, 2},
    {0, 0, 0, 0, 0, 0, 0, 0, .5, 2, 3, 3.5, 4.5, 4.5, 3.8, 3.6, 3.8, 4.4, 4.8, 3.5, 2, 0, 0, 0},
    {0, 0, 0, 0, 0, 0, 0, 0, 2, 4, 4.5, 4.5, 3.5, 4, 4.5, 4, 3.5, 2, 0, 0, 0, 0, 0, 0},
    {1,   .6,  .4,  .3,  .3,  .4,  .8,  1.5, 2.5, 3, 3.2, 3.3,
     3.6, 3.4, 3.2, 3.2, 3.4, 3.8, 4.5, 5.2, 5.6, 5, 3.6, 2}};

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

  double lifecycle(const ProductTruth& t, int day) const {
    Date date = ctx_.start + day;
    if (date < t.launch || (t.discontinued && date >= *t.discontinued)) return 0.0;
    double f = 1.0;
    if (t.launch >= ctx_.start) f *= 1.0 - std::exp(-(date - t.launch + 1) / t.launch_ramp_days);
    if (t.decline_start && date >= *t.decline_start)
      f *= std::exp(-(date - *t.decline_start) / t.decline_days);
    return f;
  }

  void compute_demand_shape() {
    shape_.assign(products_ * days_, 0.0);
    for (std::size_t p = 0; p < products_; ++p) {
      const ProductTruth& t = w_.truth.products[p];
      for (int d = 0; d < days_; ++d) {
        double life = lifecycle(t, d);
        if (life == 0.0) continue;
        const PriceDay& price = ctx_.price(p, d);
        double price_effect =
            std::min(kMaxPriceEffect, std::pow(price.price / t.ref_price, t.elasticity));
        double trend = std::exp(t.annual_trend * d / 365.0);
        shape_[p * days_ + d] = t.base_demand * ctx_.category_factor(t.category, d) * trend * life *
                                price_effect * price.uplift;
      }
    }
  }

  // How much more often customers shop on history day `d` (GeneratorConfig's drift; 1 before).
  double drift_factor(int d) const {
    const auto& c = ctx_.config;
    return c.drift_from && ctx_.start + d >= *c.drift_from ? c.drift_demand : 1.0;
  }

  // Ties total product demand to the customer base: the day's expected lines equal what the
  // active customers' trips can carry, and trips follow the day's relative demand.
  void calibrate_and_schedule() {
    std::vector<double> total(days_, 0.0);
    for (std::size_t p = 0; p < products_; ++p)
      for (int d = 0; d < days_; ++d) total[d] += shape_[p * days_ + d];
    double mean_total = 0;
    for (double t : total) mean_total += t;
    mean_total = std::max(mean_total / days_, 1e-12);

    std::vector<double> capacity = expected_lines_capacity(ctx_);
    lines_scale_.resize(days_);
    std::vector<double> cumulative(days_ + 1, 0.0);
    for (int d = 0; d < days_; ++d) {
      lines_scale_[d] = capacity[d] / mean_total;
      mean_scale_ += lines_scale_[d] / days_;
      cumulative[d + 1] = cumulative[d] + std::max(total[d] / mean_total, 1e-6) * drift_factor(d);
    }
    visits_ = schedule_visits(ctx_, cumulative);

    pairs_by_anchor_.assign(products_, {});
    for (std::size_t i = 0; i < w_.truth.pairs.size(); ++i)
      pairs_by_anchor_[w_.truth.pairs[i].anchor_product - 1].push_back(static_cast<int>(i));
  }

  void set_up_inventory() {
    const std::size_t slots = products_ * locations_;
    on_hand_.assign(slots, 0);
    on_order_.assign(slots, 0);
    opening_.assign(slots, 0);
    sold_today_.assign(slots, 0);
    lost_units_.assign(slots, 0);
    lost_lines_.assign(slots, 0);
    estimate_.assign(slots, 0.0);
    safety_.resize(products_);
    cover_days_.resize(products_);
    for (std::size_t p = 0; p < products_; ++p) {
      safety_[p] = rng_.uniform(0.9, 1.4);
      cover_days_[p] = rng_.uniform(10.0, 30.0);
    }
    arrivals_.assign(days_ + 1, {});
    returns_due_.assign(days_ + 1, {});
    first_week_ = ctx_.start - weekday(ctx_.start);
    weeks_ = (ctx_.end - 1 - first_week_) / 7 + 1;
    weekly_expected_.assign(products_ * weeks_, 0.0);
    weekly_sold_.assign(products_ * weeks_, 0);
    weekly_lost_.assign(products_ * weeks_, 0);
    expected_revenue_.assign(products_, 0.0);
    fan_trips_.assign(kRegularSegments * categories().size(), {});

    std::vector<std::size_t> by_price(products_);
    for (std::size_t p = 0; p < products_; ++p) by_price[p] = p;
    std::sort(by_price.begin(), by_price.end(), [&](std::size_t a, std::size_t b) {
      return w_.products[a].price > w_.products[b].price ||
             (w_.products[a].price == w_.products[b].price && a < b);
    });
    expensive_products_.assign(
        by_price.begin(),
        by_price.begin() +
            std::max<std::size_t>(std::min<std::size_t>(products_, 3), products_ * 15 / 100));
  }

  // Anomalies and incidents are spread over the history (not the first month, so the
  // normal pattern is established before the first anomaly).
  void schedule_incidents() {
    fraud_per_day_.assign(days_, 0);
    shrinkage_per_day_.assign(days_, 0);
    damage_per_day_.assign(days_, 0);
    int quiet_days = std::min(30, days_ / 4);
    auto scatter = [&](std::vector<int>& per_day, int count) {
      for (int i = 0; i < count; ++i) ++per_day[quiet_days + rng_.below(days_ - quiet_days)];
    };
    scatter(fraud_per_day_, std::max(2, static_cast<int>(w_.customers.size()) / 1000));
    scatter(shrinkage_per_day_, std::max(3, static_cast<int>(products_) / 40));
    scatter(damage_per_day_, std::max(3, static_cast<int>(products_) / 10));
  }

  // --- one day -----------------------------------------------------------------------------

  void simulate_day(int day) {
    open_new_products(day);
    receive_arrivals(day);
    process_returns(day);
    for (std::size_t s = 0; s < on_hand_.size(); ++s) {
      opening_[s] = on_hand_[s];
      sold_today_[s] = lost_units_[s] = lost_lines_[s] = 0;
    }
    index_trips(day);
    today_first_order_ = w_.orders.size();
    today_fraud_anomaly_.clear();
    for (std::size_t p = 0; p < products_; ++p) sell_product(day, p);
    inject_fraud(day);
    finalize_orders(day);
    count_and_damage(day, shrinkage_per_day_[day], true);
    count_and_damage(day, damage_per_day_[day], false);
    routine_counts(day);
    record_stockouts(day);
    replenish(day);
    if (progress_) progress_->update(day + 1, days_);
  }

  // Records a movement whose stock effect has already been applied (sales take stock when
  // the line is placed, so later lines of the day see the shelf as it is).
  void record_movement(std::size_t product, Id location, MovementType type, Quantity quantity,
                       std::string_view reason, Timestamp when, std::optional<Id> order_id = {},
                       std::optional<Id> po_id = {}) {
    StockMovement m;
    m.id = static_cast<Id>(w_.movements.size() + 1);
    m.product_id = static_cast<Id>(product + 1);
    m.location_id = location;
    m.type = type;
    m.quantity = quantity;
    m.reason = std::string(reason);
    m.order_id = order_id;
    m.purchase_order_id = po_id;
    m.at = when;
    w_.movements.push_back(std::move(m));
  }

  void add_movement(std::size_t product, Id location, MovementType type, Quantity quantity,
                    std::string_view reason, Timestamp when, std::optional<Id> order_id = {},
                    std::optional<Id> po_id = {}) {
    record_movement(product, location, type, quantity, reason, when, order_id, po_id);
    on_hand_[slot(product, location)] += quantity;
  }

  double mature_daily_units(std::size_t p) const {
    const ProductTruth& t = w_.truth.products[p];
    return t.base_demand * mean_scale_ * t.mean_line_qty / static_cast<double>(locations_);
  }
  double stated_lead_days(std::size_t p) const {
    return w_.suppliers[*w_.products[p].supplier_id - 1].lead_time_mean_days;
  }

  void open_new_products(int day) {
    for (std::size_t p = 0; p < products_; ++p) {
      int first = std::max(0, w_.truth.products[p].launch - ctx_.start);
      if (first != day) continue;
      for (const auto& location : w_.locations) {
        double daily = mature_daily_units(p);
        std::size_t s = slot(p, location.id);
        estimate_[s] = daily;
        Quantity opening = std::max<Quantity>(
            2, static_cast<Quantity>(std::ceil(daily * (stated_lead_days(p) + cover_days_[p]))));
        add_movement(p, location.id, MovementType::kReceipt, opening, "opening stock", at(day, 0));
      }
    }
  }

  void receive_arrivals(int day) {
    for (std::size_t index : arrivals_[day]) {
      const PurchaseOrder& po = w_.purchase_orders[index];
      for (const auto& line : po.lines) {
        std::size_t p = static_cast<std::size_t>(line.product_id - 1);
        on_order_[slot(p, po.location_id)] -= line.quantity;  // a short delivery's rest is cancelled
        add_movement(p, po.location_id, MovementType::kReceipt, line.received_quantity,
                     "purchase order receipt", *po.received_at, std::nullopt, po.id);
      }
    }
  }

  void process_returns(int day) {
    for (std::size_t index : returns_due_[day]) {
      const Order& order = w_.orders[index];
      Timestamp when = at(day, rng_.uniform(9.0, 18.0));
      for (const auto& line : order.lines)
        add_movement(static_cast<std::size_t>(line.product_id - 1), order.location_id,
                     MovementType::kReturn, line.quantity, "customer return", when, order.id);
    }
  }

  void index_trips(int day) {
    trip_customer_.assign(visits_.customers.begin() + visits_.day_offsets[day],
                          visits_.customers.begin() + visits_.day_offsets[day + 1]);
    trip_order_.assign(trip_customer_.size(), -1);
    for (auto& v : segment_cumulative_) v.clear();
    for (auto& v : segment_trips_) v.clear();
    for (auto& v : fan_trips_) v.clear();
    const std::size_t category_count = categories().size();
    for (std::size_t i = 0; i < trip_customer_.size(); ++i) {
      const CustomerTruth& c = w_.truth.customers[trip_customer_[i]];
      int s = static_cast<int>(c.segment);
      double previous = segment_cumulative_[s].empty() ? 0.0 : segment_cumulative_[s].back();
      segment_cumulative_[s].push_back(previous + c.basket_lines);
      segment_trips_[s].push_back(static_cast<int>(i));
      for (int fav : c.favourite_categories)
        fan_trips_[s * category_count + fav].push_back(static_cast<int>(i));
    }
  }

  // A trip to carry a line: segment by basket weight (bargain hunters pulled towards
  // promotions), then half the time a fan of the category, else any trip by basket size.
  int pick_trip(int category, bool promoted) {
    double weights[kRegularSegments];
    for (int s = 0; s < kRegularSegments; ++s) {
      double total = segment_cumulative_[s].empty() ? 0.0 : segment_cumulative_[s].back();
      weights[s] = total * (promoted ? segments()[s].promo_affinity : 1.0);
    }
    int s = static_cast<int>(rng_.weighted(weights));
    const auto& fans = fan_trips_[s * categories().size() + category];
    if (!fans.empty() && rng_.chance(kFavouriteShare))
      return fans[rng_.below(static_cast<std::int64_t>(fans.size()))];
    return segment_trips_[s][rng_.from_cumulative(segment_cumulative_[s])];
  }

  void sell_product(int day, std::size_t p) {
    const double shape = shape_[p * days_ + day];
    if (shape == 0.0) return;
    const ProductTruth& t = w_.truth.products[p];
    const double expected_lines = shape * lines_scale_[day];
    const PriceDay& price = ctx_.price(p, day);
    weekly_expected_[p * weeks_ + week_of(day)] += expected_lines * t.mean_line_qty;
    expected_revenue_[p] += expected_lines * t.mean_line_qty * price.price;
    for (int pair : pairs_by_anchor_[p]) {
      const ComplementaryPair& cp = w_.truth.pairs[pair];
      weekly_expected_[(cp.accessory_product - 1) * weeks_ + week_of(day)] +=
          expected_lines * cp.attach_probability;
    }
    std::int64_t lines = rng_.negative_binomial(expected_lines, t.dispersion);
    if (trip_customer_.empty()) return;
    const bool promoted = price.flags & kPromoFlag;
    for (std::int64_t i = 0; i < lines; ++i) {
      Quantity quantity = 1 + rng_.geometric(1.0 / t.mean_line_qty);
      int trip = pick_trip(t.category, promoted);
      if (!place_line(day, p, quantity, trip)) continue;
      for (int pair : pairs_by_anchor_[p]) {
        const ComplementaryPair& cp = w_.truth.pairs[pair];
        std::size_t accessory = static_cast<std::size_t>(cp.accessory_product - 1);
        if (shape_[accessory * days_ + day] > 0 && rng_.chance(cp.attach_probability))
          place_line(day, accessory, 1, trip);
      }
    }
  }

  Order& order_for_trip(int day, int trip) {
    if (trip_order_[trip] < 0) {
      const CustomerTruth& c = w_.truth.customers[trip_customer_[trip]];
      const SegmentProfile& profile = segments()[static_cast<int>(c.segment)];
      Order o;
      o.customer_id = c.customer_id;
      o.location_id = c.home_location;
      int channel = rng_.chance(0.8) ? c.preferred_channel
                                     : static_cast<int>(rng_.weighted(profile.channel_weights));
      int payment = rng_.chance(0.85) ? c.preferred_payment : static_cast<int>(rng_.below(4));
      if (kChannels[channel] != "store" && kPayments[payment] == "cash") payment = 0;
      o.channel = std::string(kChannels[channel]);
      o.payment_method = std::string(kPayments[payment]);
      o.placed_at = at(day, rng_.weighted(kHourWeights[channel]) + rng_.uniform());
      trip_order_[trip] = static_cast<std::ptrdiff_t>(w_.orders.size());
      today_fraud_anomaly_.push_back(-1);
      w_.orders.push_back(std::move(o));
    }
    return w_.orders[trip_order_[trip]];
  }

  bool take_stock(int day, std::size_t p, Id location, Quantity quantity) {
    std::size_t s = slot(p, location);
    if (on_hand_[s] < quantity) {
      ++lost_lines_[s];
      lost_units_[s] += quantity;
      weekly_lost_[p * weeks_ + week_of(day)] += quantity;
      return false;
    }
    on_hand_[s] -= quantity;  // the sale movement is written when the order is finalised
    sold_today_[s] += quantity;
    return true;
  }

  static void add_line(Order& order, const Product& product, Quantity quantity, double price) {
    for (auto& line : order.lines) {
      if (line.product_id == product.id) {
        line.quantity += quantity;
        return;
      }
    }
    OrderLine line;
    line.product_id = product.id;
    line.sku = product.sku;
    line.quantity = quantity;
    line.unit_price = price;
    order.lines.push_back(std::move(line));
  }

  bool place_line(int day, std::size_t p, Quantity quantity, int trip) {
    Id location = w_.truth.customers[trip_customer_[trip]].home_location;
    if (!take_stock(day, p, location, quantity)) return false;
    weekly_sold_[p * weeks_ + week_of(day)] += quantity;
    add_line(order_for_trip(day, trip), w_.products[p], quantity, ctx_.price(p, day).price);
    return true;
  }

  // Fraud: a brand-new account ordering many expensive items in bulk in the small hours.
  void inject_fraud(int day) {
    for (int i = 0; i < fraud_per_day_[day]; ++i) {
      Id location = w_.locations[rng_.below(static_cast<std::int64_t>(locations_))].id;
      Order o;
      o.location_id = location;
      o.channel = "web";
      o.payment_method = rng_.chance(0.6) ? "card" : "gift_card";
      o.placed_at = at(day, rng_.uniform(1.0, 4.5));
      int wanted = static_cast<int>(rng_.between(3, 8));
      for (int tries = 0; tries < 40 && static_cast<int>(o.lines.size()) < wanted; ++tries) {
        std::size_t p =
            expensive_products_[rng_.below(static_cast<std::int64_t>(expensive_products_.size()))];
        Quantity available = on_hand_[slot(p, location)];
        if (shape_[p * days_ + day] == 0.0 || available < 2) continue;
        Quantity quantity = std::min<Quantity>(available, rng_.between(5, 20));
        on_hand_[slot(p, location)] -= quantity;
        add_line(o, w_.products[p], quantity, ctx_.price(p, day).price);
      }
      if (o.lines.empty()) continue;
      Id customer_id = static_cast<Id>(w_.customers.size() + 1);
      Customer c = make_customer(ctx_, customer_id, ctx_.start + day);
      c.signup_at = o.placed_at - rng_.between(120, 3000);
      CustomerTruth t;
      t.customer_id = customer_id;
      t.segment = Segment::kFraudster;
      t.signup = ctx_.start + day;
      t.home_location = location;
      w_.customers.push_back(std::move(c));
      w_.truth.customers.push_back(t);
      o.customer_id = customer_id;

      Anomaly a;
      a.type = AnomalyType::kFraud;
      a.entity = "order";
      a.customer_id = customer_id;
      a.location_id = location;
      a.date = ctx_.start + day;
      a.detail =
          std::to_string(o.lines.size()) + " expensive lines in bulk from a new account at night";
      today_fraud_anomaly_.push_back(static_cast<std::ptrdiff_t>(w_.truth.anomalies.size()));
      w_.truth.anomalies.push_back(std::move(a));
      w_.orders.push_back(std::move(o));
    }
  }

  // Today's orders get ids in placement order.
  void finalize_orders(int day) {
    const std::size_t first = today_first_order_;
    const std::size_t count = w_.orders.size() - first;
    std::vector<std::size_t> permutation(count);
    for (std::size_t i = 0; i < count; ++i) permutation[i] = i;
    std::stable_sort(permutation.begin(), permutation.end(), [&](std::size_t a, std::size_t b) {
      return w_.orders[first + a].placed_at < w_.orders[first + b].placed_at;
    });
    std::vector<Order> sorted;
    sorted.reserve(count);
    for (std::size_t i : permutation) sorted.push_back(std::move(w_.orders[first + i]));
    for (std::size_t i = 0; i < count; ++i) {
      std::size_t index = first + i;
      w_.orders[index] = std::move(sorted[i]);
      w_.orders[index].id = static_cast<Id>(index + 1);
      std::ptrdiff_t anomaly = today_fraud_anomaly_[permutation[i]];
      if (anomaly >= 0) w_.truth.anomalies[anomaly].entity_id = w_.orders[index].id;
      settle(day, index, anomaly >= 0);
    }
  }

  // Writes the sale movements and decides the order's fate: cancelled, delivered (maybe
  // returned later) or still on its way when the history ends.
  void settle(int day, std::size_t index, bool fraud) {
    Order& order = w_.orders[index];
    for (auto& line : order.lines) {
      line.order_id = order.id;
      record_movement(static_cast<std::size_t>(line.product_id - 1), order.location_id,
                      MovementType::kSale, -line.quantity, "sale", order.placed_at, order.id);
    }
    double cancel_rate = fraud ? 0.3 : order.payment_method == "bank_transfer" ? 0.08 : 0.02;
    if (rng_.chance(cancel_rate)) {
      order.status = OrderStatus::kCancelled;
      Timestamp when = order.placed_at + rng_.between(600, 6 * 3600);
      for (const auto& line : order.lines)
        add_movement(static_cast<std::size_t>(line.product_id - 1), order.location_id,
                     MovementType::kReturn, line.quantity, "order cancelled", when, order.id);
      return;
    }
    const Timestamp history_end = timestamp_of(ctx_.end);
    Timestamp delivered = order.placed_at + delivery_seconds(order.channel);
    if (delivered >= history_end) {
      bool shipped = order.placed_at + kSecondsPerDay < history_end;
      order.status = shipped                                   ? OrderStatus::kShipped
                     : order.payment_method == "bank_transfer" ? OrderStatus::kPlaced
                                                               : OrderStatus::kPaid;
      if (shipped) order.fulfilled_at = order.placed_at + kSecondsPerDay;
      return;
    }
    order.status = OrderStatus::kDelivered;
    order.fulfilled_at = delivered;
    if (fraud) return;
    if (rng_.chance(return_rate(order))) {
      int return_day = date_of(delivered) - ctx_.start + static_cast<int>(rng_.between(2, 20));
      if (return_day < days_) {
        order.status = OrderStatus::kReturned;
        returns_due_[return_day].push_back(index);
      }
    }
  }

  Timestamp delivery_seconds(const std::string& channel) {
    if (channel == "store") return rng_.between(60, 900);
    int days = channel == "web" ? static_cast<int>(rng_.between(1, 4))
                                : static_cast<int>(rng_.between(2, 6));
    return days * kSecondsPerDay + rng_.between(-4 * 3600, 4 * 3600);
  }

  // Apparel comes back far more often (sizes).
  double return_rate(const Order& order) const {
    double rate = 0.025;
    for (const auto& line : order.lines)
      if (w_.products[line.product_id - 1].category == "apparel") {
        rate += 0.1;
        break;
      }
    return rate;
  }

  // Shrinkage (anomaly): a cycle count finds units missing with no sale behind them.
  // Damage (normal): a few units written off with a reason.
  void count_and_damage(int day, int events, bool shrinkage) {
    for (int e = 0; e < events; ++e) {
      for (int tries = 0; tries < 50; ++tries) {
        std::size_t p = static_cast<std::size_t>(rng_.below(static_cast<std::int64_t>(products_)));
        Id location = w_.locations[rng_.below(static_cast<std::int64_t>(locations_))].id;
        Quantity have = on_hand_[slot(p, location)];
        if (have < (shrinkage ? 5 : 1) || shape_[p * days_ + day] == 0.0) continue;
        Timestamp when = at(day, rng_.uniform(18.0, 22.0));
        if (!shrinkage) {
          Quantity lost = std::min<Quantity>(have, rng_.between(1, 3));
          add_movement(p, location, MovementType::kAdjustment, -lost, "damaged in warehouse", when);
          break;
        }
        Quantity missing = std::max<Quantity>(2, std::llround(have * rng_.uniform(0.15, 0.4)));
        add_movement(p, location, MovementType::kCount, -missing, "cycle count", when);
        Anomaly a;
        a.type = AnomalyType::kShrinkage;
        a.entity = "movement";
        a.entity_id = w_.movements.back().id;
        a.product_id = static_cast<Id>(p + 1);
        a.location_id = location;
        a.date = ctx_.start + day;
        a.detail =
            std::to_string(missing) + " of " + std::to_string(have) + " units missing at count";
        w_.truth.anomalies.push_back(std::move(a));
        break;
      }
    }
  }

  // GeneratorConfig::cycle_count_days: the slots due today are counted after the shrinkage
  // counts and damage; the difference found (often none) is recorded as a count movement.
  void routine_counts(int day) {
    if (ctx_.config.cycle_count_days <= 0) return;
    for (std::size_t p = 0; p < products_; ++p) {
      if (shape_[p * days_ + day] == 0.0) continue;
      for (const auto& location : w_.locations) {
        const std::size_t s = slot(p, location.id);
        if (!routine_count_due(ctx_.config, s, day)) continue;
        const Quantity found = routine_count_difference(count_rng_, on_hand_[s]);
        add_movement(p, location.id, MovementType::kCount, found, "cycle count",
                     at(day, count_rng_.uniform(22.0, 23.5)));
      }
    }
  }

  void record_stockouts(int day) {
    for (std::size_t p = 0; p < products_; ++p) {
      if (shape_[p * days_ + day] == 0.0) continue;
      for (const auto& location : w_.locations) {
        std::size_t s = slot(p, location.id);
        if (opening_[s] > 0 && lost_units_[s] == 0) continue;
        w_.truth.stockouts.push_back({static_cast<Id>(p + 1), location.id, ctx_.start + day,
                                      opening_[s], lost_lines_[s], lost_units_[s]});
      }
    }
  }

  // Naive policy: reorder when stock plus stock on order falls below the stated lead time's
  // worth of smoothed sales (times a per-product safety factor), up to lead time plus cover.
  // Smoothed sales are censored by stock-outs, which is exactly how naive policies fail.
  void replenish(int day) {
    const std::size_t suppliers = w_.suppliers.size();
    std::vector<std::vector<PurchaseOrderLine>> draft(suppliers * locations_);
    for (std::size_t p = 0; p < products_; ++p) {
      const ProductTruth& t = w_.truth.products[p];
      Date date = ctx_.start + day;
      if (shape_[p * days_ + day] == 0.0 || (t.decline_start && date >= *t.decline_start)) continue;
      const Product& product = w_.products[p];
      double lead = stated_lead_days(p);
      for (const auto& location : w_.locations) {
        std::size_t s = slot(p, location.id);
        estimate_[s] += kEstimateSmoothing * (static_cast<double>(sold_today_[s]) - estimate_[s]);
        double position = static_cast<double>(on_hand_[s] + on_order_[s]);
        if (position > estimate_[s] * (lead + 2) * safety_[p]) continue;
        Quantity quantity =
            static_cast<Quantity>(std::ceil(estimate_[s] * (lead + cover_days_[p]) - position));
        const Supplier& supplier = w_.suppliers[*product.supplier_id - 1];
        quantity = std::max({quantity, supplier.min_order_qty, Quantity{1}});
        quantity = (quantity + product.pack_size - 1) / product.pack_size * product.pack_size;
        PurchaseOrderLine line;
        line.product_id = product.id;
        line.quantity = quantity;
        line.unit_cost = product.cost;
        draft[(*product.supplier_id - 1) * locations_ + (location.id - 1)].push_back(line);
      }
    }
    for (std::size_t key = 0; key < draft.size(); ++key)
      if (!draft[key].empty())
        raise_purchase_order(day, static_cast<Id>(key / locations_ + 1),
                             static_cast<Id>(key % locations_ + 1), std::move(draft[key]));
  }

  void raise_purchase_order(int day, Id supplier_id, Id location_id,
                            std::vector<PurchaseOrderLine> lines) {
    const SupplierTruth& truth = w_.truth.suppliers[supplier_id - 1];
    const Supplier& supplier = w_.suppliers[supplier_id - 1];
    PurchaseOrder po;
    po.id = static_cast<Id>(w_.purchase_orders.size() + 1);
    po.supplier_id = supplier_id;
    po.location_id = location_id;
    po.created_at = at(day, rng_.uniform(16.0, 18.0));
    po.expected_at =
        po.created_at + static_cast<Timestamp>(supplier.lead_time_mean_days * kSecondsPerDay);
    double lead = rng_.gamma_mean_sd(truth.lead_time_mean, truth.lead_time_sd);
    if (!rng_.chance(truth.reliability)) lead += rng_.exponential(1.0 / truth.late_delay_mean);
    if (rng_.chance(kSupplierDelayRate)) {
      lead = lead * rng_.uniform(3.0, 5.0) + truth.lead_time_mean;
      Anomaly a;
      a.type = AnomalyType::kSupplierDelay;
      a.entity = "purchase_order";
      a.entity_id = po.id;
      a.supplier_id = supplier_id;
      a.location_id = location_id;
      a.date = ctx_.start + day;
      a.detail = "lead time " + std::to_string(static_cast<int>(std::ceil(lead))) +
                 " days vs stated " + std::to_string(supplier.lead_time_mean_days);
      w_.truth.anomalies.push_back(std::move(a));
    }
    const SupplierDrift drift = supplier_drift(ctx_.config, supplier_id, ctx_.start + day);
    lead *= drift.lead_factor;  // after every draw above, so undrifted worlds keep their numbers
    if (drift.drifting()) label_supplier_drift(po, drift, day);
    int arrival = day + std::max(1, static_cast<int>(std::ceil(lead)));
    for (auto& line : lines) {
      line.purchase_order_id = po.id;
      on_order_[slot(static_cast<std::size_t>(line.product_id - 1), location_id)] += line.quantity;
    }
    if (arrival < days_) {
      po.status = PurchaseOrderStatus::kReceived;
      po.received_at = at(arrival, rng_.uniform(6.0, 8.0));
      for (auto& line : lines) line.received_quantity = drift.received(line.quantity);
      arrivals_[arrival].push_back(w_.purchase_orders.size());
    }
    po.lines = std::move(lines);
    w_.purchase_orders.push_back(std::move(po));
  }

  // The first drifted purchase order of each drifting supplier is labelled.
  void label_supplier_drift(const PurchaseOrder& po, const SupplierDrift& drift, int day) {
    drift_labelled_.resize(w_.suppliers.size(), false);
    if (drift_labelled_[po.supplier_id - 1]) return;
    drift_labelled_[po.supplier_id - 1] = true;
    Anomaly a;
    a.type = AnomalyType::kSupplierDrift;
    a.entity = "purchase_order";
    a.entity_id = po.id;
    a.supplier_id = po.supplier_id;
    a.location_id = po.location_id;
    a.date = ctx_.start + day;
    a.detail = drift.describe();
    w_.truth.anomalies.push_back(std::move(a));
  }

  // --- end of history ----------------------------------------------------------------------

  void finish() {
    Timestamp closing = timestamp_of(ctx_.end) - 1;
    for (std::size_t p = 0; p < products_; ++p) {
      for (const auto& location : w_.locations) {
        std::size_t s = slot(p, location.id);
        if (w_.truth.products[p].launch >= ctx_.end) continue;
        w_.stock.push_back(
            {static_cast<Id>(p + 1), location.id, on_hand_[s], 0, on_order_[s], closing});
      }
    }
    Id line_id = 0;
    for (auto& order : w_.orders)
      for (auto& line : order.lines) line.id = ++line_id;
    for (std::size_t p = 0; p < products_; ++p) {
      ProductTruth& t = w_.truth.products[p];
      t.base_demand = t.base_demand * mean_scale_ * t.mean_line_qty;
      for (int week = 0; week < weeks_; ++week) {
        std::size_t k = p * weeks_ + week;
        if (weekly_expected_[k] == 0 && weekly_sold_[k] == 0 && weekly_lost_[k] == 0) continue;
        w_.truth.weekly_demand.push_back({t.product_id, first_week_ + 7 * week, weekly_expected_[k],
                                          weekly_sold_[k], weekly_lost_[k]});
      }
    }
    assign_abc();
  }

  void assign_abc() {
    std::vector<std::size_t> order(products_);
    double total = 0;
    for (std::size_t p = 0; p < products_; ++p) {
      order[p] = p;
      total += expected_revenue_[p];
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return expected_revenue_[a] > expected_revenue_[b];
    });
    double running = 0;
    for (std::size_t p : order) {
      double share_before = total > 0 ? running / total : 1.0;
      w_.truth.products[p].expected_abc = share_before < 0.8    ? 'A'
                                          : share_before < 0.95 ? 'B'
                                                                : 'C';
      running += expected_revenue_[p];
    }
  }
};

}  // namespace

void simulate(BuildContext& ctx, ProgressSink* progress) {
  Simulation(ctx, progress).run();
}

}  // namespace oiis::world
