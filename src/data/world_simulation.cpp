// Simulation stage: walks the history day by day. Each morning purchase orders arrive and
// returns come back; during the day every product's demand (lines drawn from its daily
// mean) is handed to the day's shopping trips, shelf permitting — an empty shelf loses the
// line, which is recorded as censored demand; at night orders are finalised, stock is
// counted (shrinkage) and a naive reorder-point policy raises purchase orders.
#include "data/world_simulation.h"

#include <algorithm>
#include <cmath>

namespace oiis::world {
namespace {

constexpr double kFavouriteShare = 0.5;   // lines of a category going to its fans
constexpr double kMaxPriceEffect = 10.0;  // caps the response to absurd (typo) prices

// Hour-of-day weights per channel (web, store, phone, marketplace).
constexpr double kHourWeights[4][24] = {
    {1,   .6,  .4,  .3,  .3,  .4,  .8,  1.5, 2.5, 3, 3.2, 3.3,
     3.6, 3.4, 3.2, 3.2, 3.4, 3.8, 4.5, 5.2, 5.6, 5, 3.6, 2},
    {0, 0, 0, 0, 0, 0, 0, 0, .5, 2, 3, 3.5, 4.5, 4.5, 3.8, 3.6, 3.8, 4.4, 4.8, 3.5, 2, 0, 0, 0},
    {0, 0, 0, 0, 0, 0, 0, 0, 2, 4, 4.5, 4.5, 3.5, 4, 4.5, 4, 3.5, 2, 0, 0, 0, 0, 0, 0},
    {1,   .6,  .4,  .3,  .3,  .4,  .8,  1.5, 2.5, 3, 3.2, 3.3,
     3.6, 3.4, 3.2, 3.2, 3.4, 3.8, 4.5, 5.2, 5.6, 5, 3.6, 2}};


}  // namespace

double Simulation::lifecycle(const ProductTruth& t, int day) const {
  Date date = ctx_.start + day;
  if (date < t.launch || (t.discontinued && date >= *t.discontinued)) return 0.0;
  double f = 1.0;
  if (t.launch >= ctx_.start) f *= 1.0 - std::exp(-(date - t.launch + 1) / t.launch_ramp_days);
  if (t.decline_start && date >= *t.decline_start)
    f *= std::exp(-(date - *t.decline_start) / t.decline_days);
  return f;
}

void Simulation::compute_demand_shape() {
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

void Simulation::calibrate_and_schedule() {
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

void Simulation::set_up_inventory() {
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

void Simulation::schedule_incidents() {
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

void Simulation::simulate_day(int day) {
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

void Simulation::record_movement(std::size_t product, Id location, MovementType type,
                                 Quantity quantity, std::string_view reason, Timestamp when,
                                 std::optional<Id> order_id, std::optional<Id> po_id) {
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

void Simulation::add_movement(std::size_t product, Id location, MovementType type,
                              Quantity quantity, std::string_view reason, Timestamp when,
                              std::optional<Id> order_id, std::optional<Id> po_id) {
  record_movement(product, location, type, quantity, reason, when, order_id, po_id);
  on_hand_[slot(product, location)] += quantity;
}

void Simulation::open_new_products(int day) {
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

void Simulation::receive_arrivals(int day) {
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

void Simulation::process_returns(int day) {
  for (std::size_t index : returns_due_[day]) {
    const Order& order = w_.orders[index];
    Timestamp when = at(day, rng_.uniform(9.0, 18.0));
    for (const auto& line : order.lines)
      add_movement(static_cast<std::size_t>(line.product_id - 1), order.location_id,
                   MovementType::kReturn, line.quantity, "customer return", when, order.id);
  }
}

void Simulation::index_trips(int day) {
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

int Simulation::pick_trip(int category, bool promoted) {
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

void Simulation::sell_product(int day, std::size_t p) {
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

Order& Simulation::order_for_trip(int day, int trip) {
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

bool Simulation::take_stock(int day, std::size_t p, Id location, Quantity quantity) {
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

void Simulation::add_line(Order& order, const Product& product, Quantity quantity,
                          double price) {
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

bool Simulation::place_line(int day, std::size_t p, Quantity quantity, int trip) {
  Id location = w_.truth.customers[trip_customer_[trip]].home_location;
  if (!take_stock(day, p, location, quantity)) return false;
  weekly_sold_[p * weeks_ + week_of(day)] += quantity;
  add_line(order_for_trip(day, trip), w_.products[p], quantity, ctx_.price(p, day).price);
  return true;
}

void Simulation::inject_fraud(int day) {
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

void Simulation::finalize_orders(int day) {
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

void Simulation::settle(int day, std::size_t index, bool fraud) {
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

Timestamp Simulation::delivery_seconds(const std::string& channel) {
  if (channel == "store") return rng_.between(60, 900);
  int days = channel == "web" ? static_cast<int>(rng_.between(1, 4))
                              : static_cast<int>(rng_.between(2, 6));
  return days * kSecondsPerDay + rng_.between(-4 * 3600, 4 * 3600);
}

double Simulation::return_rate(const Order& order) const {
  double rate = 0.025;
  for (const auto& line : order.lines)
    if (w_.products[line.product_id - 1].category == "apparel") {
      rate += 0.1;
      break;
    }
  return rate;
}

void Simulation::count_and_damage(int day, int events, bool shrinkage) {
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

void Simulation::routine_counts(int day) {
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

void Simulation::record_stockouts(int day) {
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

void simulate(BuildContext& ctx, ProgressSink* progress) {
  Simulation(ctx, progress).run();
}

}  // namespace oiis::world
