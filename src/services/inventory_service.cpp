#include "services/inventory_service.h"

#include <algorithm>
#include <cstdio>
#include <cmath>
#include <numeric>

#include "common/parallel.h"

namespace oiis::services {
namespace {

using inventory::DailyForecast;

constexpr int kMinReceivedForScorecard = 3;  // fewer deliveries: trust the stated lead time

// Sum of a series over [from, to) clipped to its bounds.
double sum_range(const std::vector<double>& v, int from, int to) {
  from = std::max(from, 0);
  to = std::min<int>(to, static_cast<int>(v.size()));
  double s = 0;
  for (int d = from; d < to; ++d) s += v[d];
  return s;
}

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

Result<PurchaseOrder> approve_purchase_order(Store& store, Id id) {
  auto po = store.get_purchase_order(id);
  if (!po) return po.status();
  if (po->status != PurchaseOrderStatus::kDraft)
    return failed_precondition("purchase order " + std::to_string(id) + " is " +
                                   std::string(to_string(po->status)) + ", not draft",
                               "status");
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

// ---- pricing --------------------------------------------------------------------------------

namespace {

constexpr int kLaunchSkipDays = 28;       // demand ramps up after launch
constexpr double kTypoFactor = 2.0;       // one-day price jumps beyond x2 are typos
constexpr double kCensoredRunP = 0.001;   // zero runs this unlikely are stock-outs

std::vector<double> product_units(const InventorySnapshot& s, std::size_t p) {
  std::vector<double> q(s.days(), 0.0);
  for (std::size_t l = 0; l < s.locations.size(); ++l)
    for (int d = 0; d < s.days(); ++d) q[d] += s.demand[s.slot(p, l)][d];
  return q;
}

// Promotion days from the price log ("promotion" ... "promotion_end") and the last usable day
// (a markdown marks a declining product: its demand falls for reasons other than price).
void promo_and_cutoff(const InventorySnapshot& s, std::size_t p, std::vector<std::uint8_t>& promo,
                      int& cutoff) {
  promo.assign(s.days(), 0);
  cutoff = s.days();
  int promo_from = -1;
  for (const auto& c : s.price_changes[p]) {
    const int d = std::clamp(date_of(c.at) - s.first_day, 0, s.days());
    if (c.reason == "promotion") promo_from = d;
    if (c.reason == "promotion_end" && promo_from >= 0) {
      std::fill(promo.begin() + promo_from, promo.begin() + d, 1);
      promo_from = -1;
    }
    if (c.reason == "markdown") cutoff = std::min(cutoff, d);
  }
  if (promo_from >= 0) std::fill(promo.begin() + promo_from, promo.end(), 1);
}

// Days a regression can use: after the launch ramp, before the cut-off and the last sale, not
// a one-day price typo, not inside an implausibly long run of zero sales (a stock-out).
// `receipt[d]` marks days a purchase order for the product arrived: a run of zero sales that
// ends with a delivery is the shelf being empty, and the day before it sold out part-way.
std::vector<std::uint8_t> usable_days(const std::vector<double>& q, const std::vector<double>& price,
                                      const std::vector<std::uint8_t>& receipt, int cutoff) {
  const int n = static_cast<int>(q.size());
  std::vector<std::uint8_t> use(n, 0);
  int first = 0, last = n - 1;
  while (first < n && q[first] <= 0) ++first;
  while (last >= 0 && q[last] <= 0) --last;
  const int from = first + kLaunchSkipDays, to = std::min(cutoff, last + 1);
  if (from >= to) return use;
  for (int d = from; d < to; ++d) use[d] = 1;
  for (int d = std::max(from, 1); d + 1 < to; ++d) {
    const double up = price[d] / price[d - 1], down = price[d] / price[d + 1];
    if ((up > kTypoFactor || up < 1 / kTypoFactor) && (down > kTypoFactor || down < 1 / kTypoFactor))
      use[d] = 0;
  }
  double total = 0;
  int days = 0;
  for (int d = from; d < to; ++d) total += use[d] ? q[d] : 0, days += use[d];
  // Units come in lines of a few units; a third of the unit rate is a cautious line rate.
  const double line_rate = days > 0 ? total / days / 3 : 0;
  for (int d = from; d < to;) {
    if (q[d] > 0) {
      ++d;
      continue;
    }
    int e = d;
    while (e < to && q[e] <= 0) ++e;
    const bool restocked = e < static_cast<int>(receipt.size()) && receipt[e];
    if (restocked || std::exp(-line_rate * (e - d)) < kCensoredRunP)
      std::fill(use.begin() + std::max(from, d - (restocked ? 1 : 0)), use.begin() + e, 0);
    d = e;
  }
  return use;
}

}  // namespace

namespace {

// What a price recommendation would have to guess for this product. A category prior is not
// evidence about the product's own customers, and without a cost there is no margin to keep.
std::vector<std::string> pricing_gaps(const Product& product,
                                      const inventory::ElasticityEstimate& raw) {
  std::vector<std::string> out;
  if (!(product.cost > 0)) out.push_back("cost: unknown, so the margin cannot be computed");
  if (!raw.identified)
    out.push_back("elasticity: not identified from this product's own prices (" +
                  std::to_string(raw.observations) +
                  " usable days, too little price variation); a category prior is not evidence");
  return out;
}

}  // namespace

Result<PricingReport> pricing_report(const InventorySnapshot& s, const InventoryOptions& o,
                                     const inventory::PricingConfig& pc) {
  const std::size_t n = s.products.size();
  // Category demand index: seasonality, holidays and traffic shared by the category.
  std::vector<std::string> names;
  std::vector<int> group(n);
  for (std::size_t p = 0; p < n; ++p) {
    auto it = std::find(names.begin(), names.end(), s.products[p].category);
    group[p] = static_cast<int>(it - names.begin());
    if (it == names.end()) names.push_back(s.products[p].category);
  }
  std::vector<std::vector<double>> units(n);
  std::vector<std::vector<double>> category(names.size(), std::vector<double>(s.days(), 0.0));
  for (std::size_t p = 0; p < n; ++p) {
    units[p] = product_units(s, p);
    for (int d = 0; d < s.days(); ++d) category[group[p]][d] += units[p][d];
  }
  std::vector<inventory::ElasticityEstimate> raw(n);
  OIIS_RETURN_IF_ERROR(parallel_for(n, [&](std::size_t p) -> Status {
    // Leave the product out of its own index: a big seller's promotions would otherwise lift
    // the index and hide its own price response.
    std::vector<double> others(s.days());
    for (int d = 0; d < s.days(); ++d) others[d] = category[group[p]][d] - units[p][d];
    const double mean = std::accumulate(others.begin(), others.end(), 0.0) / std::max(1, s.days());
    std::vector<double> log_index(s.days());
    for (int d = 0; d < s.days(); ++d)
      log_index[d] = others[d] > 0 && mean > 0 ? std::log(others[d] / mean) : NAN;
    const auto price = daily_prices(s, p);
    std::vector<std::uint8_t> promo;
    int cutoff = 0;
    promo_and_cutoff(s, p, promo, cutoff);
    std::vector<std::uint8_t> receipt(s.days() + 1, 0);
    for (const auto& r : s.purchases) {
      if (r.product_id != s.products[p].id || !r.received_at) continue;
      const int d = date_of(*r.received_at) - s.first_day;
      if (d >= 0 && d <= s.days()) receipt[d] = 1;
    }
    const auto use = usable_days(units[p], price, receipt, cutoff);
    auto e = inventory::estimate_elasticity({price, units[p], log_index, {}, use});
    if (!e) return e.status();
    raw[p] = *e;
    return Status::ok();
  }, {.threads = o.threads}));
  const auto shrunk = inventory::shrink_elasticities(raw, group);
  PricingReport r;
  r.provenance.data_date = s.end_day - 1;
  r.provenance.parameters = parameters_json(o);
  r.provenance.parameters["pricing"] = {
      {"max_increase", pc.max_increase}, {"max_decrease", pc.max_decrease},
      {"min_margin", pc.min_margin},     {"overstock_days", pc.overstock_days},
      {"slow_days", pc.slow_days},       {"clear_days", pc.clear_days}};
  for (std::size_t p = 0; p < n; ++p) {
    const Product& product = s.products[p];
    inventory::PricingInput in;
    in.price = product.price;
    in.unit_cost = product.cost;
    in.elasticity = shrunk[p];
    in.daily_demand = sum_range(units[p], s.days() - 28, s.days()) / 28;
    for (std::size_t l = 0; l < s.locations.size(); ++l) in.on_hand += s.stock[s.slot(p, l)].on_hand;
    int last = s.days() - 1;
    while (last >= 0 && units[p][last] <= 0) --last;
    in.days_since_last_sale = s.days() - 1 - last;
    PricingRow row{product.id, product.sku, product.name, product.category, product.price,
                   product.cost, raw[p], shrunk[p], pricing_gaps(product, raw[p]), {}};
    if (row.missing.empty()) {
      auto suggestion = inventory::suggest_price(in, pc);
      if (!suggestion)
        return invalid_argument(suggestion.status().message() + " (sku '" + product.sku + "')",
                                "products[" + std::to_string(p) + "]." +
                                    suggestion.status().field());
      row.suggestion = std::move(suggestion).value();
    }
    r.rows.push_back(std::move(row));
  }
  return r;
}

Result<PricingReport> pricing_report(Store& store, const InventoryOptions& o,
                                     const inventory::PricingConfig& pc) {
  auto s = build_snapshot(store, {o.as_of, true});
  if (!s) return s.status();
  return pricing_report(*s, o, pc);
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
