#include "services/inventory_service.h"

#include <algorithm>
#include <cstdio>
#include <cmath>
#include <numeric>

#include "common/parallel.h"
#include "services/inventory_detail.h"

namespace oiis::services {

using inventory_detail::sum_range;
namespace {

using inventory::DailyForecast;

constexpr int kMinReceivedForScorecard = 3;  // fewer deliveries: trust the stated lead time


// Revenue per product over [from, to) and ABC classes from it.
Result<std::vector<char>> abc_classes(const InventorySnapshot& s, int from, int to,
                                      const inventory::ClassificationConfig& c) {
  std::vector<double> revenue(s.products.size());
  for (std::size_t p = 0; p < revenue.size(); ++p) revenue[p] = std::max(0.0, sum_range(s.revenue[p], from, to));
  return inventory::classify_abc(revenue, c);
}

// Supplier inputs for the plan: the scorecard's observed lead times when there are enough
// deliveries (late suppliers understate theirs), else what the supplier states.
std::vector<inventory::SupplierInput> supplier_inputs(
    const InventorySnapshot& s, const std::vector<inventory::SupplierScorecard>& cards) {
  std::vector<inventory::SupplierInput> out;
  for (const Supplier& sup : s.suppliers) {
    inventory::SupplierInput in{sup.id, sup.name, sup.lead_time_mean_days, sup.lead_time_sd_days,
                                sup.order_cost, sup.min_order_qty, 1.0};
    auto card = std::find_if(cards.begin(), cards.end(),
                             [&](const auto& c) { return c.supplier_id == sup.id; });
    if (card != cards.end() && card->received_orders >= kMinReceivedForScorecard) {
      in.lead_time_mean = card->lead_time_mean;
      in.lead_time_sd = card->lead_time_sd;
      in.on_time_rate = card->on_time_rate;
    }
    out.push_back(std::move(in));
  }
  return out;
}

std::vector<inventory::PurchaseRecord> purchases_between(const InventorySnapshot& s, Date from, Date to) {
  std::vector<inventory::PurchaseRecord> out;
  for (const auto& r : s.purchases)
    if (r.created_at >= timestamp_of(from) && r.created_at < timestamp_of(to)) out.push_back(r);
  return out;
}

int forecast_horizon(const std::vector<inventory::SupplierInput>& suppliers,
                     const inventory::PolicyConfig& c) {
  double longest = 0;
  for (const auto& s : suppliers) longest = std::max(longest, s.lead_time_mean + 3 * s.lead_time_sd);
  return static_cast<int>(std::ceil(longest)) + c.max_review_days + 14;
}

}  // namespace

// ---- ABC / XYZ ------------------------------------------------------------------------------

Result<AbcReport> abc_report(const InventorySnapshot& s, const InventoryOptions& o) {
  const int to = s.days(), from = std::max(0, to - o.history_days);
  std::vector<double> revenue(s.products.size());
  std::vector<std::vector<double>> weekly(s.products.size());
  for (std::size_t p = 0; p < s.products.size(); ++p) {
    revenue[p] = std::max(0.0, sum_range(s.revenue[p], from, to));
    for (int w = to - 7; w >= from; w -= 7) {  // whole weeks back from the end
      double units = 0;
      for (std::size_t l = 0; l < s.locations.size(); ++l) units += sum_range(s.demand[s.slot(p, l)], w, w + 7);
      weekly[p].push_back(units);
    }
  }
  auto cells = inventory::abc_xyz(revenue, weekly, o.classes);
  if (!cells) return cells.status();
  AbcReport r;
  r.provenance.data_date = s.end_day - 1;
  r.provenance.parameters = parameters_json(o);
  for (std::size_t p = 0; p < s.products.size(); ++p) {
    const auto& c = (*cells)[p];
    r.rows.push_back({s.products[p].id, s.products[p].sku, s.products[p].name,
                      s.products[p].category, revenue[p], c});
    ++r.matrix[inventory::abc_index(c.abc)][c.xyz == 'X' ? 0 : c.xyz == 'Y' ? 1 : 2];
  }
  std::stable_sort(r.rows.begin(), r.rows.end(),
                   [](const AbcRow& a, const AbcRow& b) { return a.revenue > b.revenue; });
  return r;
}

Result<AbcReport> abc_report(Store& store, const InventoryOptions& o) {
  auto s = build_snapshot(store, {o.as_of, false});
  if (!s) return s.status();
  return abc_report(*s, o);
}

// ---- reorder plan ---------------------------------------------------------------------------

namespace {

// Fills the inputs the store lacks with the declared defaults, noting each on the line.
void apply_defaults(const InventoryOptions& o, inventory::ProductInventoryInput& in) {
  char note[160];
  if (in.supplier_id == 0 && o.default_supplier) {
    in.supplier_id = *o.default_supplier;
    std::snprintf(note, sizeof note, "supplier: none set, the default supplier %lld is used",
                  static_cast<long long>(*o.default_supplier));
    in.missing.push_back(note);
  }
  if (in.unit_cost == 0 && o.default_cost_share) {
    in.unit_cost = *o.default_cost_share * in.unit_price;
    std::snprintf(note, sizeof note, "cost: unknown, taken as %.0f%% of the price (default)",
                  100 * *o.default_cost_share);
    in.missing.push_back(note);
  }
}

}  // namespace


Result<ReorderReport> reorder_plan(const InventorySnapshot& s, const InventoryOptions& o) {
  OIIS_RETURN_IF_ERROR(inventory::validate(o.policy));
  const int to = s.days(), from = std::max(0, to - o.history_days);
  auto abc = abc_classes(s, from, to, o.classes);
  if (!abc) return abc.status();
  const auto suppliers = supplier_inputs(s, inventory::scorecards(s.purchases));
  const int horizon = forecast_horizon(suppliers, o.policy);
  std::vector<inventory::ProductInventoryInput> inputs;
  for (std::size_t p = 0; p < s.products.size(); ++p) {
    const Product& product = s.products[p];
    if (!product.active) continue;
    for (std::size_t l = 0; l < s.locations.size(); ++l) {
      inventory::ProductInventoryInput in;
      in.product_id = product.id;
      in.location_id = s.locations[l].id;
      in.sku = product.sku;
      in.name = product.name;
      in.supplier_id = product.supplier_id.value_or(0);
      in.unit_cost = product.cost;
      in.unit_price = product.price;
      in.pack_size = product.pack_size;
      in.on_hand = s.stock[s.slot(p, l)].available();
      in.on_order = s.stock[s.slot(p, l)].on_order;
      in.abc = (*abc)[p];
      apply_defaults(o, in);
      if (!s.stock_recorded[s.slot(p, l)])
        in.missing.push_back("stock: no stock record here, on hand taken as 0");
      inputs.push_back(std::move(in));
    }
  }
  // Forecasts per SKU and location, in parallel (each call is independent and pure).
  const auto forecaster = o.forecast_method == "profile" ? inventory::profile_forecaster()
                                                         : inventory::engine_forecaster(o.forecast_method);
  OIIS_RETURN_IF_ERROR(parallel_for(inputs.size(), [&](std::size_t i) -> Status {
    const std::size_t p = s.product_index(inputs[i].product_id);
    const std::size_t l = (i % s.locations.size());
    const auto& series = s.demand[s.slot(p, l)];
    auto f = forecaster(std::span(series).subspan(from, to - from), horizon);
    if (!f) return f.status();
    inputs[i].forecast = std::move(f).value();
    return Status::ok();
  }, {.threads = o.threads}));
  auto plan = inventory::plan_reorders(inputs, suppliers, s.end_day, o.policy);
  if (!plan) return plan.status();
  ReorderReport r;
  r.provenance.data_date = s.end_day - 1;
  r.provenance.parameters = parameters_json(o);
  r.plan = std::move(plan).value();
  r.forecast_method = o.forecast_method;
  return r;
}

Result<ReorderReport> reorder_plan(Store& store, const InventoryOptions& o) {
  auto s = build_snapshot(store, {o.as_of, false});
  if (!s) return s.status();
  return reorder_plan(*s, o);
}

Result<std::vector<PurchaseOrder>> save_drafts(Store& store, const inventory::ReorderPlan& plan) {
  std::vector<PurchaseOrder> out;
  for (const auto& d : plan.drafts) {
    PurchaseOrder po;
    po.supplier_id = d.supplier_id;
    po.location_id = d.location_id;
    po.status = PurchaseOrderStatus::kDraft;
    for (const auto& l : d.lines) {
      PurchaseOrderLine line;
      line.product_id = l.product_id;
      line.quantity = l.quantity;
      line.unit_cost = l.unit_cost;
      po.lines.push_back(line);
    }
    auto created = store.create_purchase_order(po);
    if (!created) return created.status();
    out.push_back(std::move(created).value());
  }
  return out;
}

Result<PurchaseOrder> approve_purchase_order(Store& store, Id id,
                                             const std::vector<PurchaseOrderLineChange>& changes) {
  auto po = store.get_purchase_order(id);
  if (!po) return po.status();
  if (po->status != PurchaseOrderStatus::kDraft)
    return failed_precondition("purchase order " + std::to_string(id) + " is " +
                                   std::string(to_string(po->status)) + ", not draft",
                               "status");
  // Two transactions: a failed submission leaves the revised draft, which is still a draft.
  if (!changes.empty())
    if (auto revised = store.revise_purchase_order(id, changes); !revised) return revised.status();
  return store.submit_purchase_order(id);
}

// ---- policy simulation ----------------------------------------------------------------------

namespace {

// One replay set-up over [start, start + days) of the snapshot's history. Lead times replayed
// are the deliveries of POs raised in that window; our policy believes the scorecard of the
// deliveries before it; the baselines use what suppliers state.
inventory::SimulationSetup make_setup(const InventorySnapshot& s, const std::vector<char>& abc,
                                      int start, int days, const SimulationOptions& so) {
  inventory::SimulationSetup setup;
  setup.start = start;
  setup.days = days;
  setup.seed = so.seed;
  const auto before = inventory::scorecards(purchases_between(s, s.first_day, s.first_day + start));
  const auto during = inventory::scorecards(purchases_between(s, s.first_day + start, s.first_day + start + days));
  for (const Supplier& sup : s.suppliers) {
    inventory::SimSupplier x;
    x.order_cost = sup.order_cost;
    x.min_order_qty = sup.min_order_qty;
    x.stated_lead_time_mean = x.lead_time_mean = sup.lead_time_mean_days;
    x.stated_lead_time_sd = x.lead_time_sd = sup.lead_time_sd_days;
    for (const auto& c : before)
      if (c.supplier_id == sup.id && c.received_orders >= kMinReceivedForScorecard)
        x.lead_time_mean = c.lead_time_mean, x.lead_time_sd = c.lead_time_sd;
    for (const auto& c : during)
      if (c.supplier_id == sup.id) x.lead_time_samples = c.lead_times;
    if (x.lead_time_samples.empty())
      for (const auto& c : before)
        if (c.supplier_id == sup.id) x.lead_time_samples = c.lead_times;
    setup.suppliers.push_back(std::move(x));
  }
  for (std::size_t p = 0; p < s.products.size(); ++p) {
    const Product& product = s.products[p];
    const std::ptrdiff_t si = product.supplier_id ? s.supplier_index(*product.supplier_id) : -1;
    if (si < 0 || product.price <= 0) continue;
    for (std::size_t l = 0; l < s.locations.size(); ++l) {
      const auto& demand = s.demand[s.slot(p, l)];
      if (sum_range(demand, 0, start) <= 0) continue;  // not yet sold: nothing to plan from
      inventory::SimItem item;
      item.product_id = product.id;
      item.supplier = static_cast<std::size_t>(si);
      item.unit_cost = product.cost;
      item.unit_price = product.price;
      item.pack_size = product.pack_size;
      item.abc = abc[p];
      item.demand.assign(demand.begin(), demand.begin() + start + days);
      // Everyone starts from the same shelf: recent demand over the stated lead time + 2 weeks.
      const double recent = sum_range(demand, start - 28, start) / 28;
      item.initial_on_hand = static_cast<Quantity>(
          std::ceil(recent * (s.suppliers[si].lead_time_mean_days + 14)));
      setup.items.push_back(std::move(item));
    }
  }
  return setup;
}

// The replay refuses what the plan refuses, instead of leaving such products out unseen.
Status validate_replayed_products(const InventorySnapshot& s) {
  for (std::size_t p = 0; p < s.products.size(); ++p) {
    const Product& product = s.products[p];
    if (!product.active) continue;
    const std::string f = "products[" + std::to_string(p) + "].";
    const std::string sku = " (sku '" + product.sku + "')";
    if (!product.supplier_id) return invalid_argument("product has no supplier" + sku, f + "supplier_id");
    if (s.supplier_index(*product.supplier_id) < 0)
      return invalid_argument("unknown supplier " + std::to_string(*product.supplier_id) + sku,
                              f + "supplier_id");
    if (!(product.price > 0)) return invalid_argument("price must be > 0" + sku, f + "unit_price");
  }
  return Status::ok();
}

}  // namespace

Result<SimulationReport> simulate_policies(const InventorySnapshot& s, const InventoryOptions& o,
                                           const SimulationOptions& so) {
  OIIS_RETURN_IF_ERROR(inventory::validate(o.policy));
  OIIS_RETURN_IF_ERROR(validate_replayed_products(s));
  if (so.holdout_days < 28) return invalid_argument("must be >= 28", "holdout_days");
  const int holdout = std::min(so.holdout_days, s.days() / 2);
  const int test_start = s.days() - holdout;
  const int validation = std::min(so.validation_days, test_start - 56);
  if (holdout < 28 || test_start < 56)
    return failed_precondition("need at least 112 days of order history to simulate", "holdout_days");
  // Classes from revenue before the holdout: the policy cannot peek at the replayed year.
  auto abc = abc_classes(s, 0, test_start, o.classes);
  if (!abc) return abc.status();
  const inventory::Forecaster forecaster = so.forecaster == "profile"
                                               ? inventory::profile_forecaster()
                                               : inventory::engine_forecaster(so.forecaster);
  auto run_setup = [&](int start, int days) { return make_setup(s, *abc, start, days, so); };
  auto horizon_of = [&](const inventory::SimulationSetup& setup) {
    double longest = 0;
    for (const auto& x : setup.suppliers) longest = std::max(longest, x.lead_time_mean + 3 * x.lead_time_sd);
    return static_cast<int>(std::ceil(longest)) + o.policy.max_review_days + 8;
  };

  if (so.recalibration_days < 0) return invalid_argument("must be >= 0", "recalibration_days");
  // Multipliers calibrated on the `validation` days before each step: only history the planner
  // has on the step's day (the replayed days before it, never those after).
  std::vector<inventory::MultiplierStep> schedule;
  if (validation >= 28 && so.calibration_iterations > 0) {
    const int step = so.recalibration_days > 0 ? so.recalibration_days : holdout;
    constexpr int kShortestStep = 28;  // a re-calibration for the last few days is wasted work
    for (int from = test_start; from == test_start || from + kShortestStep <= test_start + holdout;
         from += step) {
      const auto val = run_setup(from - validation, validation);
      auto cache = inventory::build_forecast_cache(val, forecaster, 7, horizon_of(val), o.threads);
      if (!cache) return cache.status();
      auto calibrated =
          inventory::calibrate_safety_multipliers(val, o.policy, *cache, so.calibration_iterations);
      if (!calibrated) return calibrated.status();
      schedule.push_back({from, calibrated->safety_multiplier});
    }
  }
  inventory::PolicyConfig config = o.policy;
  if (!schedule.empty()) config.safety_multiplier = schedule.front().multiplier;
  const auto test = run_setup(test_start, holdout);
  auto cache = inventory::build_forecast_cache(test, forecaster, 7, horizon_of(test), o.threads);
  if (!cache) return cache.status();

  SimulationReport r;
  r.provenance.data_date = s.end_day - 1;
  r.provenance.parameters = parameters_json(o);
  r.start = s.first_day + test_start;
  r.end = s.end_day;
  r.items = test.items.size();
  r.safety_multiplier = config.safety_multiplier;
  for (const auto& step : schedule) r.recalibrations.push_back({step.from_day - test_start, step.multiplier});
  r.provenance.parameters["simulation"] = {{"holdout_days", holdout},
                                           {"validation_days", validation},
                                           {"forecaster", so.forecaster},
                                           {"calibration_iterations", so.calibration_iterations},
                                           {"recalibration_days", so.recalibration_days},
                                           {"seed", so.seed},
                                           {"safety_multiplier", config.safety_multiplier}};
  for (int c = 0; c < 3; ++c) r.targets[c] = config.service[c].level;
  std::unique_ptr<inventory::Policy> policies[] = {inventory::make_forecast_policy(config, *cache, schedule),
                                                   inventory::make_naive_policy(),
                                                   inventory::make_minmax_policy()};
  for (auto& policy : policies) {
    auto result = inventory::simulate(test, *policy);
    if (!result) return result.status();
    for (int c = 0; c < 3; ++c) result->by_class[c].target = r.targets[c];
    r.policies.push_back(std::move(result).value());
  }
  return r;
}

Result<SimulationReport> simulate_policies(Store& store, const InventoryOptions& o,
                                           const SimulationOptions& so) {
  auto s = build_snapshot(store, {o.as_of, false});
  if (!s) return s.status();
  return simulate_policies(*s, o, so);
}

// ---- supplier scorecards ----------------------------------------------------------------------

std::vector<ScorecardRow> supplier_scorecards(const InventorySnapshot& s) {
  const auto cards = inventory::scorecards(s.purchases);
  std::vector<ScorecardRow> out;
  for (const Supplier& sup : s.suppliers) {
    ScorecardRow row{sup, {}};
    row.card.supplier_id = sup.id;
    for (const auto& c : cards)
      if (c.supplier_id == sup.id) row.card = c;
    out.push_back(std::move(row));
  }
  return out;
}

Result<std::vector<ScorecardRow>> supplier_scorecards(Store& store) {
  auto s = build_snapshot(store, {std::nullopt, false});
  if (!s) return s.status();
  return supplier_scorecards(*s);
}

Result<CalibratedPlan> calibrated_reorder_plan(Store& store, InventoryOptions o,
                                               const std::string& artefact_dir) {
  std::optional<StoredCalibration> calibration;
  if (!artefact_dir.empty()) calibration = latest_calibration(artefact_dir, o.policy);
  if (calibration) o.policy.safety_multiplier = calibration->multiplier;
  auto report = reorder_plan(store, o);
  if (!report) return report.status();
  auto json = to_json(*report);
  json["provenance"]["parameters"]["calibrated_by"] =
      calibration ? nlohmann::json(calibration->path) : nlohmann::json();
  return CalibratedPlan{std::move(*report), std::move(json)};
}

}  // namespace oiis::services
