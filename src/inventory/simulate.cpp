// Day-by-day policy replay, the two fixed baselines, our forecast-driven policy and the
// calibration of its safety multipliers.
#include <algorithm>
#include <cmath>

#include "common/parallel.h"
#include "inventory/inventory.h"

namespace oiis::inventory {
namespace {

// splitmix64-seeded xorshift: small, fast and the same on every platform (std distributions
// are not), so a replay is reproducible anywhere.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : s_(seed ^ 0x9E3779B97F4A7C15ull) { next(); }
  std::uint64_t next() {
    std::uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double uniform() { return (next() >> 11) * 0x1.0p-53; }
  double normal() {
    double u = std::max(uniform(), 1e-300), v = uniform();
    return std::sqrt(-2 * std::log(u)) * std::cos(2 * M_PI * v);
  }
  // Marsaglia & Tsang (2000), shape >= 1 (boosted below 1).
  double gamma(double shape) {
    if (shape < 1) return gamma(shape + 1) * std::pow(std::max(uniform(), 1e-300), 1 / shape);
    const double d = shape - 1.0 / 3, c = 1 / std::sqrt(9 * d);
    for (;;) {
      double x = normal(), v = 1 + c * x;
      if (v <= 0) continue;
      v = v * v * v;
      double u = uniform();
      if (std::log(std::max(u, 1e-300)) < 0.5 * x * x + d - d * v + d * std::log(v)) return d * v;
    }
  }

 private:
  std::uint64_t s_;
};

double draw_lead_time(Rng& rng, const SimSupplier& s) {
  if (!s.lead_time_samples.empty())
    return s.lead_time_samples[static_cast<std::size_t>(rng.uniform() * s.lead_time_samples.size())];
  if (s.stated_lead_time_sd <= 0) return s.stated_lead_time_mean;
  double shape = std::pow(s.stated_lead_time_mean / s.stated_lead_time_sd, 2);
  return rng.gamma(shape) * s.stated_lead_time_mean / shape;
}

// Mean and sd of demand over the `window` days ending with `day` (inclusive).
std::pair<double, double> trailing_stats(const std::vector<double>& demand, int day, int window) {
  const int from = std::max(0, day - window + 1);
  const int n = day - from + 1;
  if (n <= 0) return {0, 0};
  double sum = 0, ss = 0;
  for (int d = from; d <= day; ++d) sum += demand[d];
  const double mean = sum / n;
  for (int d = from; d <= day; ++d) ss += (demand[d] - mean) * (demand[d] - mean);
  return {mean, n > 1 ? std::sqrt(ss / (n - 1)) : 0.0};
}

constexpr int kBaselineWindow = 28;

class NaivePolicy final : public Policy {
 public:
  std::string name() const override { return "naive"; }
  void decide(const SimView& v, std::vector<Quantity>& order) override {
    for (std::size_t i = 0; i < v.setup.items.size(); ++i) {
      const SimItem& item = v.setup.items[i];
      const double m = trailing_stats(item.demand, v.day, kBaselineWindow).first;
      const double position = static_cast<double>(v.on_hand[i] + v.on_order[i]);
      const double lead = v.setup.suppliers[item.supplier].stated_lead_time_mean;
      order[i] = m > 0 && position <= m * lead
                     ? static_cast<Quantity>(std::ceil(kBaselineWindow * m - 1e-9))
                     : 0;
    }
  }
};

class MinMaxPolicy final : public Policy {
 public:
  std::string name() const override { return "minmax"; }
  void decide(const SimView& v, std::vector<Quantity>& order) override {
    for (std::size_t i = 0; i < v.setup.items.size(); ++i) {
      const SimItem& item = v.setup.items[i];
      const SimSupplier& s = v.setup.suppliers[item.supplier];
      auto [m, sd] = trailing_stats(item.demand, v.day, kBaselineWindow);
      const DemandOverPeriod ltd =
          lead_time_demand(m, sd, s.stated_lead_time_mean, s.stated_lead_time_sd);
      const double min_level = ltd.mean + ltd.sd;
      auto q = eoq(365 * m, s.order_cost, std::max(item.unit_cost, 1e-9), v.setup.holding_rate);
      const double max_level = min_level + (q ? *q : 0.0);
      const double position = static_cast<double>(v.on_hand[i] + v.on_order[i]);
      order[i] = m > 0 && position <= min_level
                     ? static_cast<Quantity>(std::ceil(max_level - position - 1e-9))
                     : 0;
    }
  }
};

class ForecastPolicy final : public Policy {
 public:
  ForecastPolicy(PolicyConfig config, std::shared_ptr<const ForecastCache> forecasts,
                 std::vector<MultiplierStep> schedule)
      : config_(std::move(config)), forecasts_(std::move(forecasts)), schedule_(std::move(schedule)) {}
  std::string name() const override { return "ours"; }

  void decide(const SimView& v, std::vector<Quantity>& order) override {
    if (review_.empty()) set_review_periods(v.setup);
    while (next_step_ < schedule_.size() && schedule_[next_step_].from_day <= v.day)
      config_.safety_multiplier = schedule_[next_step_++].multiplier;
    std::fill(order.begin(), order.end(), 0);
    const int elapsed = v.day - v.setup.start;
    DailyForecast ahead;
    for (std::size_t i = 0; i < v.setup.items.size(); ++i) {
      const SimItem& item = v.setup.items[i];
      const SimSupplier& s = v.setup.suppliers[item.supplier];
      const int r = review_[item.supplier];
      if (elapsed % r != 0) continue;
      int age = 0;
      const DailyForecast& f = forecasts_->at(i, v.day, v.setup.start, age);
      ahead.mean.assign(f.mean.begin() + std::min<std::size_t>(age, f.mean.size() - 1), f.mean.end());
      ahead.sd.assign(f.sd.begin() + std::min<std::size_t>(age, f.sd.size() - 1), f.sd.end());
      const int c = abc_index(item.abc);
      const ItemLevels levels = compute_levels(ahead, s.lead_time_mean, s.lead_time_sd, r,
                                               config_.service[c], config_.safety_multiplier[c],
                                               item.unit_cost, s.order_cost, v.setup.holding_rate);
      order[i] = order_quantity(levels, static_cast<double>(v.on_hand[i] + v.on_order[i]),
                                s.min_order_qty, item.pack_size);
    }
  }

 private:
  // Each supplier's review interval from the recent demand of its items (joint EOQ).
  void set_review_periods(const SimulationSetup& setup) {
    std::vector<double> holding(setup.suppliers.size(), 0.0);
    for (const SimItem& item : setup.items) {
      const double m = trailing_stats(item.demand, setup.start - 1, 91).first;
      holding[item.supplier] += setup.holding_rate * item.unit_cost * 365 * m;
    }
    review_.resize(setup.suppliers.size());
    for (std::size_t s = 0; s < setup.suppliers.size(); ++s)
      review_[s] = review_period_days(setup.suppliers[s].order_cost, holding[s], config_);
  }

  PolicyConfig config_;
  std::shared_ptr<const ForecastCache> forecasts_;
  std::vector<MultiplierStep> schedule_;
  std::size_t next_step_ = 0;
  std::vector<int> review_;
};

// Book-keeping of one replay.
struct Ledger {
  double holding = 0, ordering = 0, lost_cost = 0, inventory_value_days = 0, cogs = 0;
  double demanded = 0, lost = 0;
  std::int64_t stockouts = 0, purchase_orders = 0;
  std::array<ClassServiceLevel, 3> by_class{};
};

PolicyResult summarise(const std::string& name, const Ledger& l, int days) {
  PolicyResult r;
  r.name = name;
  r.holding_cost = l.holding;
  r.ordering_cost = l.ordering;
  r.lost_sales_cost = l.lost_cost;
  r.total_cost = l.holding + l.ordering + l.lost_cost;
  r.units_demanded = l.demanded;
  r.units_lost = l.lost;
  r.fill_rate = l.demanded > 0 ? 1 - l.lost / l.demanded : 1;
  r.stockouts = l.stockouts;
  r.purchase_orders = l.purchase_orders;
  r.average_inventory_value = days > 0 ? l.inventory_value_days / days : 0;
  r.turnover = r.average_inventory_value > 0 ? l.cogs / r.average_inventory_value * 365.0 / days : 0;
  std::int64_t cycles = 0, ok = 0;
  r.by_class = l.by_class;
  for (auto& c : r.by_class) {
    c.achieved = c.cycles > 0 ? static_cast<double>(c.cycles_without_stockout) / c.cycles : 1;
    cycles += c.cycles;
    ok += c.cycles_without_stockout;
  }
  r.cycle_service_level = cycles > 0 ? static_cast<double>(ok) / cycles : 1;
  return r;
}

}  // namespace

Status validate(const SimulationSetup& setup) {
  for (std::size_t s = 0; s < setup.suppliers.size(); ++s) {
    const SimSupplier& sup = setup.suppliers[s];
    const std::string f = "suppliers[" + std::to_string(s) + "].";
    if (!(sup.stated_lead_time_mean >= 0))
      return invalid_argument("lead time must be >= 0 days", f + "lead_time_mean");
    if (!(sup.stated_lead_time_sd >= 0))
      return invalid_argument("lead time spread must be >= 0 days", f + "lead_time_sd");
    if (!(sup.lead_time_mean >= 0))
      return invalid_argument("lead time must be >= 0 days", f + "lead_time_mean");
    if (!(sup.order_cost >= 0)) return invalid_argument("must be >= 0", f + "order_cost");
    for (double lt : sup.lead_time_samples)
      if (!(lt >= 0)) return invalid_argument("lead times must be >= 0", f + "lead_time_samples");
  }
  if (setup.start < 0) return invalid_argument("must be >= 0", "start");
  if (setup.days < 1) return invalid_argument("must be >= 1", "days");
  for (std::size_t i = 0; i < setup.items.size(); ++i) {
    const SimItem& item = setup.items[i];
    const std::string f = "items[" + std::to_string(i) + "].";
    if (item.supplier >= setup.suppliers.size()) return invalid_argument("unknown supplier", f + "supplier");
    if (!(item.unit_price > 0)) return invalid_argument("must be > 0", f + "unit_price");
    if (!(item.unit_cost >= 0)) return invalid_argument("must be >= 0", f + "unit_cost");
    if (item.demand.size() < static_cast<std::size_t>(setup.start + setup.days))
      return invalid_argument("shorter than start + days", f + "demand");
  }
  return Status::ok();
}

Result<PolicyResult> simulate(const SimulationSetup& setup, Policy& policy) {
  OIIS_RETURN_IF_ERROR(validate(setup));
  const std::size_t n = setup.items.size();
  std::vector<Quantity> on_hand(n), on_order(n, 0), order(n, 0);
  std::vector<char> lost_in_cycle(n, 0);
  std::vector<int> last_receipt(n, -1);
  for (std::size_t i = 0; i < n; ++i) on_hand[i] = setup.items[i].initial_on_hand;
  std::vector<std::vector<std::pair<std::size_t, Quantity>>> arrivals(setup.days);
  std::vector<Rng> lead_rng;
  for (std::size_t s = 0; s < setup.suppliers.size(); ++s) lead_rng.emplace_back(setup.seed * 1000003 + s);
  std::vector<std::vector<std::size_t>> po_lines(setup.suppliers.size());
  Ledger l;

  for (int t = 0; t < setup.days; ++t) {
    const int day = setup.start + t;
    for (auto [i, q] : arrivals[t]) {  // morning receipts close the item's cycle
      on_hand[i] += q;
      on_order[i] -= q;
      if (last_receipt[i] == t) continue;
      last_receipt[i] = t;
      auto& c = l.by_class[abc_index(setup.items[i].abc)];
      ++c.cycles;
      c.cycles_without_stockout += lost_in_cycle[i] ? 0 : 1;
      lost_in_cycle[i] = 0;
    }
    for (std::size_t i = 0; i < n; ++i) {
      const SimItem& item = setup.items[i];
      const Quantity want = std::max<Quantity>(0, std::llround(item.demand[day]));
      const Quantity served = std::min(want, std::max<Quantity>(on_hand[i], 0));
      on_hand[i] -= served;
      l.demanded += static_cast<double>(want);
      l.cogs += static_cast<double>(served) * item.unit_cost;
      if (served < want) {
        l.lost += static_cast<double>(want - served);
        l.lost_cost += static_cast<double>(want - served) * std::max(0.0, item.unit_price - item.unit_cost);
        ++l.stockouts;
        lost_in_cycle[i] = 1;
      }
      const double value = static_cast<double>(on_hand[i]) * item.unit_cost;
      l.inventory_value_days += value;
      l.holding += value * setup.holding_rate / 365.0;
    }
    policy.decide(SimView{setup, day, on_hand, on_order}, order);
    for (auto& lines : po_lines) lines.clear();
    for (std::size_t i = 0; i < n; ++i) {
      if (order[i] <= 0) continue;
      const SimItem& item = setup.items[i];
      if (setup.order_constraints)
        order[i] = round_order_quantity(static_cast<double>(order[i]),
                                        setup.suppliers[item.supplier].min_order_qty, item.pack_size);
      po_lines[item.supplier].push_back(i);
    }
    for (std::size_t s = 0; s < po_lines.size(); ++s) {
      if (po_lines[s].empty()) continue;
      ++l.purchase_orders;
      l.ordering += setup.suppliers[s].order_cost;
      const double lead = draw_lead_time(lead_rng[s], setup.suppliers[s]);
      const int arrival = t + std::max(1, static_cast<int>(std::ceil(lead - 1e-9)));
      for (std::size_t i : po_lines[s]) {
        on_order[i] += order[i];
        if (arrival < setup.days) arrivals[arrival].emplace_back(i, order[i]);
      }
    }
  }
  return summarise(policy.name(), l, setup.days);
}

std::unique_ptr<Policy> make_naive_policy() { return std::make_unique<NaivePolicy>(); }
std::unique_ptr<Policy> make_minmax_policy() { return std::make_unique<MinMaxPolicy>(); }
std::unique_ptr<Policy> make_forecast_policy(const PolicyConfig& config,
                                             std::shared_ptr<const ForecastCache> forecasts,
                                             std::vector<MultiplierStep> schedule) {
  return std::make_unique<ForecastPolicy>(config, std::move(forecasts), std::move(schedule));
}

const DailyForecast& ForecastCache::at(std::size_t item, int day, int start, int& age) const {
  const auto& list = by_item[item];
  const int origin_offset = std::max(0, day + 1 - start);  // forecasting from tomorrow
  const std::size_t index = std::min<std::size_t>(origin_offset / refresh_days, list.size() - 1);
  age = origin_offset - static_cast<int>(index) * refresh_days;
  return list[index];
}

Result<std::shared_ptr<const ForecastCache>> build_forecast_cache(const SimulationSetup& setup,
                                                                  const Forecaster& forecaster,
                                                                  int refresh_days, int horizon,
                                                                  int threads) {
  OIIS_RETURN_IF_ERROR(validate(setup));
  if (refresh_days < 1) return invalid_argument("must be >= 1", "refresh_days");
  if (horizon < refresh_days) return invalid_argument("must be >= refresh_days", "horizon");
  auto cache = std::make_shared<ForecastCache>();
  cache->refresh_days = refresh_days;
  cache->horizon = horizon;
  const int origins = setup.days / refresh_days + 1;
  const std::size_t n = setup.items.size();
  cache->by_item.assign(n, std::vector<DailyForecast>(origins));
  OIIS_RETURN_IF_ERROR(parallel_for(
      n,
      [&](std::size_t i) -> Status {
        const auto& demand = setup.items[i].demand;
        for (int k = 0; k < origins; ++k) {
          const std::size_t origin = setup.start + k * refresh_days;
          auto f = forecaster(std::span(demand).first(std::min(origin, demand.size())), horizon);
          if (!f) return f.status();
          cache->by_item[i][k] = std::move(f).value();
        }
        return Status::ok();
      },
      {.threads = threads}));
  return std::shared_ptr<const ForecastCache>(std::move(cache));
}

Result<PolicyConfig> calibrate_safety_multipliers(const SimulationSetup& setup, PolicyConfig config,
                                                  std::shared_ptr<const ForecastCache> forecasts,
                                                  int iterations) {
  OIIS_RETURN_IF_ERROR(validate(config));
  std::array<double, 3> lo{0, 0, 0}, hi{3, 3, 3};
  for (int it = 0; it < iterations; ++it) {
    for (int c = 0; c < 3; ++c) config.safety_multiplier[c] = 0.5 * (lo[c] + hi[c]);
    auto policy = make_forecast_policy(config, forecasts);
    auto result = simulate(setup, *policy);
    if (!result) return result.status();
    for (int c = 0; c < 3; ++c) {
      if (config.service[c].kind != ServiceKind::kCycle) continue;
      const auto& cls = result->by_class[c];
      if (cls.cycles == 0) continue;
      (cls.achieved < config.service[c].level ? lo[c] : hi[c]) = config.safety_multiplier[c];
    }
  }
  for (int c = 0; c < 3; ++c)
    config.safety_multiplier[c] =
        config.service[c].kind == ServiceKind::kCycle ? 0.5 * (lo[c] + hi[c]) : 1.0;
  return config;
}

}  // namespace oiis::inventory
