// The simulation's nights and its end (world_simulation.h): a naive reorder-point policy raises
// purchase orders, whose lead times follow each supplier's truth (late deliveries, injected
// delays, drift); at the end of the history the closing stock, the weekly demand truth and the
// expected ABC classes are written.
#include <algorithm>
#include <cmath>

#include "data/world_simulation.h"

namespace oiis::world {
namespace {

constexpr double kEstimateSmoothing = 1.0 / 14;  // EWMA weight of today's sales in reordering
constexpr double kSupplierDelayRate = 0.003;     // share of purchase orders with injected delays

}  // namespace

void Simulation::replenish(int day) {
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

void Simulation::raise_purchase_order(int day, Id supplier_id, Id location_id,
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

void Simulation::label_supplier_drift(const PurchaseOrder& po, const SupplierDrift& drift,
                                      int day) {
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

void Simulation::finish() {
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

void Simulation::assign_abc() {
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

}  // namespace oiis::world
