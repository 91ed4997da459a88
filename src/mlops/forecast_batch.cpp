#include "mlops/forecast_batch.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <numeric>
#include <thread>

#include "common/time.h"
#include "forecast/metrics.h"
#include "inventory/inventory.h"

namespace oiis::mlops {
namespace {

namespace fc = oiis::forecast;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Runs fn(i) for i in [0, n) on `threads` workers; the calling thread only reports progress
// (ProgressSink implementations are not required to be thread-safe).
void run_parallel(std::size_t n, int threads, const std::function<void(std::size_t)>& fn,
                  ProgressSink* progress) {
  std::atomic<std::size_t> next{0}, done{0};
  auto worker = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < n;) {
      fn(i);
      done.fetch_add(1);
    }
  };
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  threads = static_cast<int>(std::max<std::size_t>(1, std::min<std::size_t>(threads, n)));
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
  while (progress && done.load() < n) {
    progress->update(static_cast<std::int64_t>(done.load()), static_cast<std::int64_t>(n));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  for (auto& t : pool) t.join();
  if (progress) {
    progress->update(static_cast<std::int64_t>(n), static_cast<std::int64_t>(n));
    progress->finish();
  }
}

// A product with no usable history gets a zero forecast rather than an error: "no demand
// seen" is an answer the planner can act on, and every SKU keeps a row.
fc::Forecast zero_forecast(int horizon, bool intervals, std::string note) {
  fc::Forecast f;
  f.mean.assign(horizon, 0.0);
  if (intervals) f.lo80 = f.hi80 = f.lo95 = f.hi95 = f.mean;
  f.model = "Zero";
  f.note = std::move(note);
  return f;
}

Result<fc::Forecast> forecast_input(std::span<const double> y, const fc::ForecastOptions& opt) {
  const bool any_finite =
      std::any_of(y.begin(), y.end(), [](double v) { return std::isfinite(v); });
  if (!any_finite) return zero_forecast(opt.horizon, opt.intervals, "no uncensored demand history");
  return fc::forecast(y, opt);
}

}  // namespace

SkuForecast forecast_sku(const DemandSeries& s, const fc::ForecastOptions& opt, int drop_tail,
                         int max_history, const YearlyProfile* profile) {
  SkuForecast out;
  out.product_id = s.product_id;
  out.sku = s.sku;
  out.location = s.location;
  std::vector<double> y = model_input(s, drop_tail, max_history);
  const int end = static_cast<int>(s.values.size()) - drop_tail;
  const int begin = end - static_cast<int>(y.size());
  for (int p = begin; p < end; ++p) out.censored_periods += s.censored[p] > 0;
  if (profile)
    for (std::size_t i = 0; i < y.size(); ++i) y[i] /= profile->at(begin + static_cast<int>(i));
  auto f = forecast_input(y, opt);
  if (!f) {
    out.status = f.status();
    return out;
  }
  out.forecast = std::move(f).value();
  if (profile) {
    auto& x = out.forecast;
    for (std::size_t h = 0; h < x.mean.size(); ++h) {
      const double k = profile->at(end + static_cast<int>(h));
      for (auto* v : {&x.mean, &x.lo80, &x.hi80, &x.lo95, &x.hi95})
        if (!v->empty()) (*v)[h] *= k;
    }
    x.model = "Yearly*" + x.model;
  }
  return out;
}

double YearlyProfile::at(int period) const {
  if (index.empty()) return 1.0;
  const int n = static_cast<int>(index.size());
  return index[((period - anchor) % n + n) % n];
}

std::vector<YearlyProfile> category_profiles(const DemandSet& demand, int end) {
  constexpr int kYear = 52;
  std::vector<YearlyProfile> out(demand.series.size());
  if (demand.level != DemandLevel::kWeekly || end < kYear) return out;
  std::map<std::string, std::vector<double>> totals;
  for (const auto& s : demand.series) {
    auto& t = totals.try_emplace(s.category, kYear, 0.0).first->second;
    // Recorded sales, not censored values: a stock-out removes little from a category total.
    for (int k = 0; k < kYear; ++k) t[k] += s.sales[end - kYear + k];
  }
  std::map<std::string, std::vector<double>> index;
  for (auto& [category, t] : totals) {
    const double mean = std::accumulate(t.begin(), t.end(), 0.0) / kYear;
    if (mean <= 0) continue;
    std::vector<double> smooth(kYear);
    for (int k = 0; k < kYear; ++k)  // 3-week centred, circular: one year has one draw per week
      smooth[k] = (t[(k + kYear - 1) % kYear] + t[k] + t[(k + 1) % kYear]) / (3 * mean);
    for (double& v : smooth) v = std::max(v, 0.05);
    index[category] = std::move(smooth);
  }
  for (std::size_t i = 0; i < demand.series.size(); ++i) {
    auto it = index.find(demand.series[i].category);
    if (it == index.end()) continue;
    out[i].anchor = end - kYear;
    out[i].index = it->second;
  }
  return out;
}

namespace {

// Location index by id (locations are sorted by id in the snapshot).
std::ptrdiff_t location_index(const InventorySnapshot& s, Id id) {
  auto it = std::lower_bound(s.locations.begin(), s.locations.end(), id,
                             [](const Location& l, Id v) { return l.id < v; });
  return it != s.locations.end() && it->id == id ? it - s.locations.begin() : -1;
}

// Per snapshot day, whether the product's sales that day are censored: some location where
// it has been stocked before closed the day empty. Discontinued products are not censored:
// their zeros are real.
std::vector<bool> censored_days(const InventorySnapshot& s, std::size_t p,
                                const std::vector<std::vector<double>>& closing,
                                const std::vector<std::size_t>& locations) {
  std::vector<bool> out(s.days(), false);
  if (closing.empty() || !s.products[p].active) return out;
  for (std::size_t l : locations) {
    const auto& stock = closing[s.slot(p, l)];
    const auto& sold = s.demand[s.slot(p, l)];
    // A location that never held the product does not censor it. Holding shows as a positive
    // close or a sale (a first delivery can sell out the day it arrives).
    bool stocked = false;
    for (int d = 0; d < s.days(); ++d) {
      stocked = stocked || stock[d] > 0 || sold[d] > 0;
      if (stocked && stock[d] <= 0) out[d] = true;
    }
  }
  return out;
}

// Per snapshot day, whether a promotion was in force and whether the product was in clearance
// (from the price-change reasons: a "markdown" is the last price of a product on its way out).
struct PriceStates {
  std::vector<bool> promotion, clearance;
};
PriceStates price_states(const InventorySnapshot& s, std::size_t p, int days) {
  PriceStates out{std::vector<bool>(days, false), std::vector<bool>(days, false)};
  bool promotion = false, clearance = false;
  std::size_t next = 0;
  const auto& changes = s.price_changes[p];
  for (int d = 0; d < days; ++d) {
    for (; next < changes.size() && date_of(changes[next].at) <= s.first_day + d; ++next) {
      const std::string& why = changes[next].reason;
      if (why == "promotion" || why == "featured_promotion")
        promotion = true;
      else if (why == "promotion_end")
        promotion = false;
      else if (why == "markdown")
        clearance = true;
    }
    out.promotion[d] = promotion;
    out.clearance[d] = clearance;
  }
  return out;
}

// Period means of the daily list price, promotion share and clearance share, over the history
// and `plan` periods after it.
void add_prices(const InventorySnapshot& s, std::size_t p, int offset, int len, int plan,
                DemandSeries& out) {
  const std::size_t periods = out.sales.size() + plan;
  const int days = offset + static_cast<int>(periods) * len;
  const std::vector<double> price = daily_prices(s, p, days);
  const PriceStates states = price_states(s, p, days);
  out.price.assign(periods, 0.0);
  out.promo.assign(periods, 0.0);
  out.clearance.assign(periods, 0.0);
  for (int d = offset; d < days; ++d) {
    const int q = (d - offset) / len;
    out.price[q] += price[d] / len;
    out.promo[q] += states.promotion[d] ? 1.0 / len : 0.0;
    out.clearance[q] += states.clearance[d] ? 1.0 / len : 0.0;
  }
}

// Units sold per day over all products of each category (all locations): the daily shape of
// demand that a censored day's share of its week is read from.
std::map<std::string, std::vector<double>> category_days(const InventorySnapshot& s) {
  std::map<std::string, std::vector<double>> out;
  for (std::size_t p = 0; p < s.products.size(); ++p) {
    auto& total = out.try_emplace(s.products[p].category, s.days(), 0.0).first->second;
    for (std::size_t l = 0; l < s.locations.size(); ++l)
      for (int d = 0; d < s.days(); ++d) total[d] += s.demand[s.slot(p, l)][d];
  }
  return out;
}

// Product p's series over `locations` (location indices).
DemandSeries series_for(const InventorySnapshot& s, std::size_t p,
                        const std::vector<std::size_t>& locations,
                        const std::vector<std::vector<double>>& closing, const DemandSet& grid,
                        int offset, const std::vector<double>& category_day) {
  const int len = period_days(grid.level);
  DemandSeries out;
  out.product_id = s.products[p].id;
  out.sku = s.products[p].sku;
  out.active = s.products[p].active;
  out.category = s.products[p].category;
  out.sales.assign(grid.periods, 0.0);
  out.revenue.assign(grid.periods, 0.0);
  out.values.assign(grid.periods, 0.0);
  out.censored.assign(grid.periods, 0);
  const std::vector<bool> censored = censored_days(s, p, closing, locations);
  // Per period: units on uncensored days, and the category's units on all / uncensored days.
  std::vector<double> uncensored(grid.periods, 0.0), shape_all(grid.periods, 0.0),
      shape_seen(grid.periods, 0.0);
  int first_day = s.days();
  for (int d = offset; d < s.days(); ++d) {
    double units = 0, all_locations = 0;
    bool stocked = false;
    for (std::size_t l = 0; l < s.locations.size(); ++l) all_locations += s.demand[s.slot(p, l)][d];
    for (std::size_t l : locations) {
      units += s.demand[s.slot(p, l)][d];
      stocked = stocked || (!closing.empty() && closing[s.slot(p, l)][d] > 0);
    }
    if (units > 0 || stocked) first_day = std::min(first_day, d);
    const int period = (d - offset) / len;
    out.sales[period] += units;
    // Revenue is kept per product only: a location gets its share of the day's units.
    if (all_locations > 0) out.revenue[period] += s.revenue[p][d] * units / all_locations;
    shape_all[period] += category_day[d];
    if (censored[d]) {
      ++out.censored[period];
    } else {
      uncensored[period] += units;
      shape_seen[period] += category_day[d];
    }
  }
  // A partly censored period is scaled up by the share of the category's demand that fell on
  // its uncensored days, not by their count: stock-outs cluster on the busiest days (Black
  // Friday, the Saturday rush), and a day count would miss exactly those peaks.
  for (int q = 0; q < grid.periods; ++q) {
    const int seen = len - out.censored[q];
    if (seen == len)
      out.values[q] = out.sales[q];
    else if (seen == 0)
      out.values[q] = kNaN;
    else if (shape_seen[q] > 0)
      out.values[q] = uncensored[q] * shape_all[q] / shape_seen[q];
    else
      out.values[q] = uncensored[q] * len / seen;
  }
  out.first = std::min(grid.periods, (first_day - offset) / len);
  return out;
}

// Pooled accuracy of one group of series.
struct Scorer {
  double abs_error = 0, actual = 0, forecast = 0;
  long points = 0, in80 = 0, in95 = 0, series = 0;
  fc::MeanAccumulator mase;

  void add(std::span<const double> insample, const std::vector<double>& actual_values,
           const fc::Forecast& f, const std::vector<bool>& use, int m) {
    std::vector<double> a, pred;
    for (std::size_t h = 0; h < actual_values.size(); ++h) {
      if (!use[h]) continue;
      const double y = actual_values[h];
      abs_error += std::abs(y - f.mean[h]);
      actual += std::abs(y);
      forecast += f.mean[h];
      in80 += !f.lo80.empty() && y >= f.lo80[h] && y <= f.hi80[h];
      in95 += !f.lo95.empty() && y >= f.lo95[h] && y <= f.hi95[h];
      ++points;
      a.push_back(y);
      pred.push_back(f.mean[h]);
    }
    if (a.empty()) return;
    ++series;
    mase.add(fc::mase(insample, a, pred, m));
  }
  Accuracy result() const {
    Accuracy r;
    r.series = series;
    r.points = points;
    r.actual_units = actual;
    r.forecast_units = forecast;
    r.wape = actual > 0 ? abs_error / actual : kNaN;
    r.mase = mase.mean();
    r.coverage80 = points ? static_cast<double>(in80) / points : kNaN;
    r.coverage95 = points ? static_cast<double>(in95) / points : kNaN;
    return r;
  }
};

std::string model_family(const std::string& model) {
  return model.substr(0, model.find('('));
}

nlohmann::json accuracy_json(const Accuracy& a) {
  return {{"series", a.series},
          {"points", a.points},
          {"actual_units", a.actual_units},
          {"forecast_units", a.forecast_units},
          {"wape", a.wape},
          {"one_minus_wape", 1 - a.wape},
          {"mase", a.mase},
          {"coverage80", a.coverage80},
          {"coverage95", a.coverage95}};
}

}  // namespace

std::string_view level_name(DemandLevel level) {
  return level == DemandLevel::kWeekly ? "weekly" : "daily";
}

std::optional<DemandLevel> parse_level(std::string_view name) {
  if (name == "daily") return DemandLevel::kDaily;
  if (name == "weekly") return DemandLevel::kWeekly;
  return std::nullopt;
}

int period_days(DemandLevel level) {
  return level == DemandLevel::kWeekly ? 7 : 1;
}
int default_season(DemandLevel level) {
  return level == DemandLevel::kWeekly ? 1 : 7;
}

std::ptrdiff_t DemandSet::find(std::string_view sku) const {
  for (std::size_t i = 0; i < series.size(); ++i)
    if (series[i].sku == sku) return static_cast<std::ptrdiff_t>(i);
  return -1;
}

Result<std::vector<std::vector<double>>> closing_stock(Store& store, const InventorySnapshot& s) {
  const std::size_t slots = s.products.size() * s.locations.size();
  std::vector<std::vector<double>> delta(slots, std::vector<double>(s.days(), 0.0));
  std::vector<double> opening(slots, 0.0);  // movements before the first history day
  MovementFilter filter;
  filter.to = timestamp_of(s.end_day);
  PageRequest page;
  page.limit = 1000;
  for (;;) {
    auto result = store.list_movements(filter, page);
    if (!result) return result.status();
    for (const auto& m : result->items) {
      const std::ptrdiff_t p = s.product_index(m.product_id), l = location_index(s, m.location_id);
      if (p < 0 || l < 0) continue;
      const int day = date_of(m.at) - s.first_day;
      if (day < 0)
        opening[s.slot(p, l)] += static_cast<double>(m.quantity);
      else
        delta[s.slot(p, l)][day] += static_cast<double>(m.quantity);
    }
    if (result->next_cursor.empty()) break;
    page.cursor = result->next_cursor;
  }
  for (std::size_t i = 0; i < slots; ++i) {
    double on_hand = opening[i];
    for (double& d : delta[i]) d = on_hand += d;  // delta becomes the closing balance
  }
  return delta;
}

// Whether location l ever held product p (a positive close) or sold it.
bool ever_held(const InventorySnapshot& s, const std::vector<std::vector<double>>& closing,
               std::size_t p, std::size_t l) {
  const std::size_t slot = s.slot(p, l);
  const auto positive = [](double v) { return v > 0; };
  return std::any_of(s.demand[slot].begin(), s.demand[slot].end(), positive) ||
         (!closing.empty() && std::any_of(closing[slot].begin(), closing[slot].end(), positive));
}

DemandSet demand_from_snapshot(const InventorySnapshot& s,
                               const std::vector<std::vector<double>>& closing,
                               const DemandOptions& options) {
  DemandSet out;
  out.level = options.level;
  out.end_day = s.end_day;
  const int len = period_days(options.level);
  out.periods = s.days() / len;
  // Whole periods ending at end_day: the last period must be complete, or the newest
  // observation would look like a demand drop. Leading partial days are dropped instead.
  const int offset = s.days() - out.periods * len;
  out.grid_start = s.first_day + offset;
  out.series.reserve(s.products.size());
  const auto shapes = category_days(s);
  std::vector<std::size_t> all(s.locations.size());
  std::iota(all.begin(), all.end(), std::size_t{0});
  auto add = [&](std::size_t p, const std::vector<std::size_t>& locations) {
    out.series.push_back(
        series_for(s, p, locations, closing, out, offset, shapes.at(s.products[p].category)));
    if (options.prices) add_prices(s, p, offset, len, options.plan_periods, out.series.back());
  };
  for (std::size_t p = 0; p < s.products.size(); ++p) {
    if (!options.by_location) {
      add(p, all);
      continue;
    }
    for (std::size_t l : all) {
      if (!ever_held(s, closing, p, l)) continue;
      add(p, {l});
      out.series.back().location_id = s.locations[l].id;
      out.series.back().location = s.locations[l].code;
    }
  }
  return out;
}

Result<DemandSet> build_demand(Store& store, const DemandOptions& options) {
  SnapshotOptions so;
  so.as_of = options.as_of;
  so.price_history = options.prices;
  auto snapshot = build_snapshot(store, so);
  if (!snapshot) return snapshot.status();
  std::vector<std::vector<double>> closing;
  if (options.censor_stockouts) {
    auto stock = closing_stock(store, *snapshot);
    if (!stock) return stock.status();
    closing = std::move(stock).value();
  }
  return demand_from_snapshot(*snapshot, closing, options);
}

std::vector<double> model_input(const DemandSeries& s, int drop_tail, int max_history) {
  const int end = std::max(s.first, static_cast<int>(s.values.size()) - drop_tail);
  const int begin = max_history > 0 ? std::max(s.first, end - max_history) : s.first;
  return {s.values.begin() + begin, s.values.begin() + end};
}

int default_max_history(DemandLevel level) {
  return level == DemandLevel::kDaily ? 364 : 0;
}

int history_limit(DemandLevel level, const BatchOptions& o) {
  return o.max_history >= 0 ? o.max_history : default_max_history(level);
}

fc::ForecastOptions engine_options(DemandLevel level, const BatchOptions& o) {
  fc::ForecastOptions opt;
  opt.horizon = o.horizon;
  opt.season_length = o.season_length > 0 ? o.season_length : default_season(level);
  opt.method = o.method;
  opt.intervals = o.intervals;
  opt.combine_top = o.combine_top;
  return opt;
}

std::string_view global_name(fc::GlobalLearner learner) {
  return learner == fc::GlobalLearner::kNeuralNet ? "mlp" : "gbm";
}

std::string batch_method_name(const BatchOptions& o) {
  const std::string univariate(fc::method_name(o.method));
  const std::string global(global_name(o.global_learner));
  switch (o.model) {
    case BatchOptions::Model::kGlobal:
      return global;
    case BatchOptions::Model::kCombined:
      return global + "+" + univariate;
    case BatchOptions::Model::kUnivariate:
      break;
  }
  return univariate;
}

std::optional<BatchOptions> parse_batch_method(std::string_view name, BatchOptions options) {
  options.model = BatchOptions::Model::kUnivariate;
  for (const auto learner : {fc::GlobalLearner::kGradientBoosting, fc::GlobalLearner::kNeuralNet}) {
    const std::string_view global = global_name(learner);
    if (!name.starts_with(global)) continue;
    options.global_learner = learner;
    if (name == global) {
      options.model = BatchOptions::Model::kGlobal;
      return options;
    }
    if (name.substr(global.size()).starts_with("+")) {
      options.model = BatchOptions::Model::kCombined;
      name.remove_prefix(global.size() + 1);
    }
    break;
  }
  const auto method = fc::parse_method(name);
  if (!method) return std::nullopt;
  options.method = *method;
  return options;
}

namespace {

constexpr int kBlackFridayMonth = 11, kChristmasMonth = 12, kChristmasDay = 25;

// Fourth Thursday of November.
Date black_friday(int year) {
  const Date first = date_from_civil(year, kBlackFridayMonth, 1);
  const int to_thursday = (3 - weekday(first) + 7) % 7;
  return first + to_thursday + 21 + 1;
}

// Known-in-advance calendar of the week starting `start`.
std::vector<double> week_calendar(Date start) {
  const CivilDate c = civil_from_date(start);
  const Date christmas = date_from_civil(c.year, kChristmasMonth, kChristmasDay);
  const Date friday = black_friday(c.year);
  const double week_of_year = (start - date_from_civil(c.year, 1, 1)) / 7;
  const bool has_christmas = christmas - 1 >= start && christmas - 1 < start + 7;
  const bool has_black_friday = friday >= start && friday < start + 7;
  const double weeks_to_christmas = std::clamp((christmas - start) / 7.0, -1.0, 10.0);
  return {week_of_year, has_black_friday ? 1.0 : 0.0, has_christmas ? 1.0 : 0.0,
          weeks_to_christmas};
}

// The mean of two forecasts of the same SKU, point and bounds.
fc::Forecast combine(const fc::Forecast& a, const fc::Forecast& b) {
  fc::Forecast out = a;
  auto mean_of = [](std::vector<double>& x, const std::vector<double>& y) {
    if (x.size() != y.size()) return x.clear();
    for (std::size_t h = 0; h < x.size(); ++h) x[h] = (x[h] + y[h]) / 2;
  };
  mean_of(out.mean, b.mean);
  mean_of(out.lo80, b.lo80);
  mean_of(out.hi80, b.hi80);
  mean_of(out.lo95, b.lo95);
  mean_of(out.hi95, b.hi95);
  out.model = "Mean(" + a.model + "," + b.model + ")";
  out.params.insert(out.params.end(), b.params.begin(), b.params.end());
  out.note = a.note.empty() ? b.note : b.note.empty() ? a.note : a.note + "; " + b.note;
  return out;
}

// The global model's forecasts for every SKU, in place; the error goes to every item.
Result<std::vector<fc::Forecast>> global_forecasts(const DemandSet& demand,
                                                   const BatchOptions& options, int drop_tail) {
  if (demand.level != DemandLevel::kWeekly)
    return invalid_argument("the global model needs weekly demand", "level");
  fc::GlobalModelOptions g;
  g.horizon = options.horizon;
  g.intervals = options.intervals;
  g.threads = options.threads;
  g.rounds = options.global_rounds;
  g.learner = options.global_learner;
  return fc::forecast_global(
      demand_panel(demand, demand.periods - drop_tail, options.horizon, options.price_plan), g);
}

void forecast_global_into(const DemandSet& demand, const BatchOptions& options, int drop_tail,
                          std::vector<SkuForecast>& items) {
  auto global = global_forecasts(demand, options, drop_tail);
  for (std::size_t i = 0; i < items.size(); ++i) {
    SkuForecast& item = items[i];
    item.product_id = demand.series[i].product_id;
    item.sku = demand.series[i].sku;
    item.location = demand.series[i].location;
    if (!global) {
      item.status = global.status();
      continue;
    }
    fc::Forecast& f = (*global)[i];
    if (options.model == BatchOptions::Model::kGlobal)
      item.forecast = std::move(f);
    else if (item.status.is_ok())
      item.forecast = combine(f, item.forecast);
  }
}

}  // namespace

fc::Panel demand_panel(const DemandSet& demand, int end, int horizon, bool price_plan) {
  fc::Panel panel;
  panel.periods = end;
  for (int p = 0; p < end + horizon; ++p)
    panel.calendar.push_back(week_calendar(demand.period_start(p)));
  std::map<std::string, int> groups;
  for (const auto& s : demand.series) {
    fc::PanelSeries& x = panel.series.emplace_back();
    x.y.assign(s.values.begin(), s.values.begin() + end);
    std::fill(x.y.begin(), x.y.begin() + std::min(s.first, end), kNaN);
    const bool priced =
        static_cast<int>(s.price.size()) >= end &&
        std::all_of(s.price.begin(), s.price.begin() + end, [](double v) { return v > 0; });
    if (priced) {
      const bool planned = price_plan && static_cast<int>(s.price.size()) >= end + horizon;
      const int known = planned ? end + horizon : end;
      x.price.assign(s.price.begin(), s.price.begin() + known);
      x.promo.assign(s.promo.begin(), s.promo.begin() + known);
      x.clearance.assign(s.clearance.begin(), s.clearance.begin() + known);
    }
    x.group = groups.try_emplace(s.category, static_cast<int>(groups.size())).first->second;
  }
  return panel;
}

std::vector<SkuForecast> forecast_skus(const DemandSet& demand, const BatchOptions& options,
                                       int drop_tail, ProgressSink* progress) {
  std::vector<SkuForecast> items(demand.series.size());
  if (options.model != BatchOptions::Model::kGlobal) {
    const fc::ForecastOptions opt = engine_options(demand.level, options);
    const int history = history_limit(demand.level, options);
    const int end = demand.periods - drop_tail;
    const auto profiles =
        options.pooled_season ? category_profiles(demand, end) : std::vector<YearlyProfile>{};
    run_parallel(
        demand.series.size(), options.threads,
        [&](std::size_t i) {
          items[i] =
              forecast_sku(demand.series[i], opt, drop_tail, history,
                           profiles.empty() || profiles[i].index.empty() ? nullptr : &profiles[i]);
        },
        progress);
  }
  if (options.model != BatchOptions::Model::kUnivariate)
    forecast_global_into(demand, options, drop_tail, items);
  return items;
}

BatchResult forecast_demand(const DemandSet& demand, const BatchOptions& options,
                            ProgressSink* progress) {
  const auto start = std::chrono::steady_clock::now();
  BatchResult r;
  r.level = demand.level;
  r.horizon = options.horizon;
  r.method = batch_method_name(options);
  r.data_date = demand.data_date();
  r.first_forecast_day = demand.end_day;
  r.created_at = now_utc();
  r.max_history = history_limit(demand.level, options);
  r.items = forecast_skus(demand, options, 0, progress);
  r.seconds = seconds_since(start);
  return r;
}

nlohmann::json to_json(const SkuForecast& f, const DemandSet& demand, int horizon) {
  nlohmann::json j = {{"sku", f.sku}, {"product_id", f.product_id}};
  if (!f.location.empty()) j["location"] = f.location;
  if (!f.status.is_ok()) {
    j["error"] = f.status.to_string();
    return j;
  }
  nlohmann::json params = nlohmann::json::object();
  for (const auto& [name, value] : f.forecast.params) params[name] = value;
  nlohmann::json starts = nlohmann::json::array();
  for (int h = 0; h < horizon; ++h)
    starts.push_back(format_date(demand.period_start(demand.periods + h)));
  j.update({{"model", f.forecast.model},
            {"params", std::move(params)},
            {"note", f.forecast.note},
            {"censored_periods", f.censored_periods},
            {"period_start", std::move(starts)},
            {"mean", f.forecast.mean},
            {"lo80", f.forecast.lo80},
            {"hi80", f.forecast.hi80},
            {"lo95", f.forecast.lo95},
            {"hi95", f.forecast.hi95}});
  return j;
}

nlohmann::json to_json(const BatchResult& r, const DemandSet& demand) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& f : r.items) items.push_back(to_json(f, demand, r.horizon));
  return {{"created_at", format_timestamp(r.created_at)},
          {"data_date", format_date(r.data_date)},
          {"level", level_name(r.level)},
          {"horizon", r.horizon},
          {"method", r.method},
          {"max_history", r.max_history},
          {"seconds", r.seconds},
          {"skus", r.items.size()},
          {"forecasts", std::move(items)}};
}

Result<std::string> write_artefact(const BatchResult& r, const DemandSet& demand,
                                   const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return internal_error("cannot create " + dir + ": " + ec.message());
  const std::string path =
      (std::filesystem::path(dir) /
       ("forecast-" + std::string(level_name(r.level)) + "-" + format_date(r.data_date) + ".json"))
          .string();
  // Write then rename, so a reader never sees half a file.
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return internal_error("cannot write " + tmp);
    out << to_json(r, demand).dump() << "\n";
    if (!out) return internal_error("cannot write " + tmp);
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) return internal_error("cannot rename " + tmp + ": " + ec.message());
  return path;
}

Result<BacktestReport> backtest(const DemandSet& demand, const BacktestOptions& options,
                                ProgressSink* progress) {
  if (options.holdout < 1) return invalid_argument("holdout must be >= 1", "holdout");
  if (options.holdout >= demand.periods)
    return invalid_argument(
        "holdout leaves no history (" + std::to_string(demand.periods) + " periods)", "holdout");
  const auto start = std::chrono::steady_clock::now();
  const int train_end = demand.periods - options.holdout;
  if (!options.lost_units.empty() && options.lost_units.size() != demand.series.size())
    return invalid_argument("needs one row per series", "lost_units");
  BatchOptions batch = options.batch;
  batch.horizon = options.holdout;
  const std::vector<SkuForecast> items = forecast_skus(demand, batch, options.holdout, progress);

  // A class by revenue in the training window only: the holdout must not pick the classes.
  std::vector<double> revenue;
  for (const auto& s : demand.series)
    revenue.push_back(std::accumulate(s.revenue.begin(), s.revenue.begin() + train_end, 0.0));
  inventory::ClassificationConfig classes;
  classes.a_share = options.a_share;
  auto abc = inventory::classify_abc(revenue, classes);
  if (!abc) return abc.status();

  const int m = demand.level == DemandLevel::kWeekly ? 1 : 7;  // MASE scaling period
  Scorer all, a, all_u, a_u, all_t, a_t;
  std::map<std::string, long> models;
  for (std::size_t i = 0; i < demand.series.size(); ++i) {
    const DemandSeries& s = demand.series[i];
    if (!items[i].status.is_ok()) continue;
    const fc::Forecast& f = items[i].forecast;
    ++models[model_family(f.model)];
    const std::vector<double> actual(s.sales.begin() + train_end, s.sales.end());
    const std::vector<double> insample(s.sales.begin() + std::min(s.first, train_end),
                                       s.sales.begin() + train_end);
    std::vector<bool> every(actual.size(), true), uncensored(actual.size());
    for (std::size_t h = 0; h < actual.size(); ++h) uncensored[h] = s.censored[train_end + h] == 0;
    const bool is_a = (*abc)[i] == 'A';
    all.add(insample, actual, f, every, m);
    all_u.add(insample, actual, f, uncensored, m);
    if (is_a) {
      a.add(insample, actual, f, every, m);
      a_u.add(insample, actual, f, uncensored, m);
    }
    if (options.lost_units.empty()) continue;
    std::vector<double> demanded = actual;
    for (std::size_t h = 0; h < actual.size(); ++h)
      demanded[h] += options.lost_units[i][train_end + h];
    all_t.add(insample, demanded, f, every, m);
    if (is_a) a_t.add(insample, demanded, f, every, m);
  }
  BacktestReport r;
  r.level = demand.level;
  r.holdout = options.holdout;
  r.holdout_start = demand.period_start(train_end);
  r.method = batch_method_name(batch);
  r.all = all.result();
  r.all_true = all_t.result();
  r.a_class_true = a_t.result();
  r.a_class = a.result();
  r.all_uncensored = all_u.result();
  r.a_class_uncensored = a_u.result();
  r.models.assign(models.begin(), models.end());
  std::sort(r.models.begin(), r.models.end(),
            [](const auto& x, const auto& y) { return x.second > y.second; });
  r.seconds = seconds_since(start);
  return r;
}

nlohmann::json to_json(const BacktestReport& r) {
  nlohmann::json models = nlohmann::json::object();
  for (const auto& [name, n] : r.models) models[name] = n;
  return {{"level", level_name(r.level)},
          {"holdout", r.holdout},
          {"holdout_start", format_date(r.holdout_start)},
          {"method", r.method},
          {"all", accuracy_json(r.all)},
          {"a_class", accuracy_json(r.a_class)},
          {"all_uncensored", accuracy_json(r.all_uncensored)},
          {"a_class_uncensored", accuracy_json(r.a_class_uncensored)},
          {"all_true_demand", r.all_true.series ? accuracy_json(r.all_true) : nlohmann::json()},
          {"a_class_true_demand",
           r.a_class_true.series ? accuracy_json(r.a_class_true) : nlohmann::json()},
          {"models", std::move(models)},
          {"seconds", r.seconds}};
}

Result<std::vector<LostSales>> read_lost_sales(const std::string& path) {
  std::ifstream in(path);
  if (!in) return not_found("cannot read " + path, "ground_truth");
  auto split = [](const std::string& line) {
    std::vector<std::string> fields;
    std::size_t from = 0;
    for (std::size_t comma; (comma = line.find(',', from)) != std::string::npos; from = comma + 1)
      fields.push_back(line.substr(from, comma - from));
    fields.push_back(line.substr(from));
    return fields;
  };
  std::string line;
  std::getline(in, line);
  const std::vector<std::string> header = split(line);
  auto column = [&](std::string_view name) -> std::ptrdiff_t {
    auto it = std::find(header.begin(), header.end(), name);
    return it == header.end() ? -1 : it - header.begin();
  };
  const std::ptrdiff_t product = column("product_id"), date = column("date"),
                       units = column("lost_units"), location = column("location_id");
  if (product < 0 || date < 0 || units < 0)
    return invalid_argument(path + ": needs columns product_id, date, lost_units", "ground_truth");
  const auto needed = static_cast<std::size_t>(std::max({product, date, units}));
  std::vector<LostSales> out;
  for (long row = 2; std::getline(in, line); ++row) {
    if (line.empty()) continue;
    const std::vector<std::string> f = split(line);
    auto day =
        f.size() > needed ? parse_date(f[date]) : Result<Date>(invalid_argument("short row"));
    char* end = nullptr;
    LostSales x;
    if (day) {
      x.date = *day;
      x.product_id = std::strtoll(f[product].c_str(), &end, 10);
      x.units = std::strtod(f[units].c_str(), &end);
      if (location >= 0 && static_cast<std::size_t>(location) < f.size())
        x.location_id = std::strtoll(f[location].c_str(), &end, 10);
    }
    if (!day || !(x.units >= 0) || x.product_id <= 0)
      return invalid_argument(path + ":" + std::to_string(row) + ": bad row", "ground_truth");
    if (x.units > 0) out.push_back(x);
  }
  return out;
}

std::vector<std::vector<double>> lost_on_grid(const DemandSet& demand,
                                              const std::vector<LostSales>& lost) {
  std::vector<std::vector<double>> out(demand.series.size(),
                                       std::vector<double>(demand.periods, 0.0));
  // Series by (product, location); location 0 = summed over locations, which takes every
  // location's lost units.
  std::map<std::pair<Id, Id>, std::size_t> index;
  for (std::size_t i = 0; i < demand.series.size(); ++i)
    index[{demand.series[i].product_id, demand.series[i].location_id}] = i;
  const int len = period_days(demand.level);
  for (const LostSales& x : lost) {
    auto it = index.find({x.product_id, 0});
    if (it == index.end()) it = index.find({x.product_id, x.location_id});
    const int day = x.date - demand.grid_start;
    if (it == index.end() || day < 0 || day >= demand.periods * len) continue;
    out[it->second][day / len] += x.units;
  }
  return out;
}

}  // namespace oiis::mlops
