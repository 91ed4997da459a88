#include "forecast/forecast.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "forecast/arima.h"
#include "forecast/auto_select.h"
#include "forecast/backtest.h"
#include "forecast/decompose.h"
#include "forecast/intermittent.h"
#include "forecast/mstl.h"
#include "forecast/naive.h"
#include "forecast/prophet.h"
#include "forecast/theta.h"

namespace oiis::forecast {
namespace {

using detail::ModelFit;
using detail::ModelFn;
using detail::SeriesView;

// Backtest origins for empirical intervals: more errors give steadier quantiles, each costs a
// refit of the model.
constexpr int kIntervalOrigins = 10;

struct MethodInfo {
  Method method;
  std::string_view name;
  ModelFn fn;  // nullptr for kAuto, which takes extra options
};

constexpr std::array<MethodInfo, 18> kMethods{{
    {Method::kAuto, "auto", nullptr},
    {Method::kNaive, "naive", detail::naive},
    {Method::kSeasonalNaive, "snaive", detail::seasonal_naive},
    {Method::kNaive2, "naive2", detail::naive2},
    {Method::kMovingAverage, "ma", detail::moving_average},
    {Method::kSes, "ses", detail::ses},
    {Method::kHolt, "holt", detail::holt},
    {Method::kDamped, "damped", detail::damped},
    {Method::kComb, "comb", detail::comb},
    {Method::kEts, "ets", detail::ets},
    {Method::kTheta, "theta", detail::theta},
    {Method::kOptimizedTheta, "otm", detail::optimized_theta},
    {Method::kCroston, "croston", detail::croston},
    {Method::kSba, "sba", detail::sba},
    {Method::kTsb, "tsb", detail::tsb},
    {Method::kMstl, "mstl", detail::mstl},
    {Method::kArima, "arima", detail::arima},
    {Method::kProphet, "prophet", detail::prophet},
}};

constexpr std::array<Method, kMethods.size() - 1> kAllMethods = [] {
  std::array<Method, kMethods.size() - 1> out{};
  for (size_t i = 1; i < kMethods.size(); ++i) out[i - 1] = kMethods[i].method;
  return out;
}();

const MethodInfo& info(Method m) {
  for (const MethodInfo& i : kMethods) {
    if (i.method == m) return i;
  }
  return kMethods[0];
}

// The cycle a caller did not name: the week of hourly data, and the year of a non-seasonal
// series long enough to show one at lag 52 (weekly data; M4 scores Weekly with m = 1). A wrong
// guess costs little: the period only adds multi-seasonal candidates that auto must backtest.
int inferred_second_period(std::span<const double> y, int m) {
  if (m == 24) return 168;
  if (m == 1 && detail::seasonality_test(y, 52)) return 52;
  return 0;
}

// Finite values only: interior gaps linearly interpolated, leading/trailing gaps dropped.
std::vector<double> clean(std::span<const double> y, bool& changed) {
  size_t first = 0, last = y.size();
  while (first < last && !std::isfinite(y[first])) ++first;
  while (last > first && !std::isfinite(y[last - 1])) --last;
  changed = first > 0 || last < y.size();
  std::vector<double> out(y.begin() + first, y.begin() + last);
  size_t prev = 0;  // index of the last finite value
  for (size_t t = 1; t < out.size(); ++t) {
    if (!std::isfinite(out[t])) continue;
    for (size_t g = prev + 1; g < t; ++g) {  // fill the gap between prev and t
      const double w = static_cast<double>(g - prev) / static_cast<double>(t - prev);
      out[g] = out[prev] + w * (out[t] - out[prev]);
      changed = true;
    }
    prev = t;
  }
  return out;
}

bool all_finite(const ModelFit& f, size_t h, bool intervals) {
  auto ok = [h](const std::vector<double>& v) {
    return v.size() == h && std::all_of(v.begin(), v.end(), [](double x) { return std::isfinite(x); });
  };
  return ok(f.mean) && (!intervals || (ok(f.lo80) && ok(f.hi80) && ok(f.lo95) && ok(f.hi95)));
}

ModelFit fit_method(const SeriesView& s, const ForecastOptions& opt) {
  if (opt.method == Method::kAuto) return detail::auto_forecast(s, opt.intervals, opt.combine_top);
  const ModelFn fn = info(opt.method).fn;
  ModelFit f = fn(s, opt.intervals);
  if (f.ok() && opt.intervals && !f.has_intervals()) {
    const int min_train = std::max(4, 2 * s.m + 1);
    const auto origins =
        detail::backtest_origins(static_cast<int>(s.y.size()), s.horizon, kIntervalOrigins, min_train);
    const auto forecasts = detail::backtest_forecasts(s, fn, origins);
    std::vector<std::vector<double>> errors(origins.size());
    for (size_t k = 0; k < origins.size(); ++k) {
      for (size_t i = 0; i < forecasts[k].size(); ++i) {
        errors[k].push_back(s.y[origins[k] + i] - forecasts[k][i]);
      }
    }
    detail::empirical_intervals(s.y, errors, f);
  }
  return f;
}

// Each regressor finite and y.size() + h long; the error names the regressor's index.
Status check_regressors(const std::vector<Regressor>& regressors, size_t n, int h) {
  for (size_t i = 0; i < regressors.size(); ++i) {
    const Regressor& r = regressors[i];
    const std::string field = "regressors[" + std::to_string(i) + "]";
    if (r.values.size() != n + static_cast<size_t>(h)) {
      return invalid_argument("regressor '" + r.name + "' has " + std::to_string(r.values.size()) +
                                  " values; it needs one per observation and forecast step (" +
                                  std::to_string(n + h) + ")",
                              field);
    }
    const auto bad =
        std::find_if(r.values.begin(), r.values.end(), [](double v) { return !std::isfinite(v); });
    if (bad != r.values.end()) {
      return invalid_argument("regressor '" + r.name + "' value " +
                                  std::to_string(bad - r.values.begin()) + " is not finite",
                              field);
    }
  }
  return Status::ok();
}

// A constant series: every model would forecast the constant; intervals have zero width.
ModelFit constant_forecast(double value, int h) {
  ModelFit f;
  f.name = "Constant";
  f.mean.assign(h, value);
  f.lo80 = f.hi80 = f.lo95 = f.hi95 = f.mean;
  return f;
}

// Clamps at 0 for non-negative data and orders lo95 <= lo80 <= mean <= hi80 <= hi95.
void tidy(ModelFit& f, bool nonnegative, bool intervals) {
  const size_t h = f.mean.size();
  for (size_t i = 0; i < h; ++i) {
    if (nonnegative) {
      for (auto* v : {&f.mean, &f.lo80, &f.hi80, &f.lo95, &f.hi95}) {
        if (i < v->size()) (*v)[i] = std::max((*v)[i], 0.0);
      }
    }
    if (!intervals) continue;
    f.lo80[i] = std::min(f.lo80[i], f.mean[i]);
    f.hi80[i] = std::max(f.hi80[i], f.mean[i]);
    f.lo95[i] = std::min(f.lo95[i], f.lo80[i]);
    f.hi95[i] = std::max(f.hi95[i], f.hi80[i]);
  }
}

}  // namespace

std::string_view method_name(Method method) { return info(method).name; }

std::optional<Method> parse_method(std::string_view name) {
  for (const MethodInfo& i : kMethods) {
    if (i.name == name) return i.method;
  }
  return std::nullopt;
}

std::span<const Method> all_methods() { return kAllMethods; }

Result<Forecast> forecast(std::span<const double> y, const ForecastOptions& opt) {
  if (opt.horizon < 1 || opt.horizon > 100000) {
    return invalid_argument("horizon must be between 1 and 100000", "horizon");
  }
  if (opt.season_length < 1) return invalid_argument("season length must be >= 1", "season_length");
  if (opt.combine_top < 1 || opt.combine_top > 16) {
    return invalid_argument("combine_top must be between 1 and 16", "combine_top");
  }
  if (Status st = check_regressors(opt.regressors, y.size(), opt.horizon); !st.is_ok()) return st;
  bool cleaned = false;
  const std::vector<double> x = clean(y, cleaned);
  if (x.empty()) return invalid_argument("series has no finite values", "y");
  // Regressors re-aligned with x: clean() dropped the leading non-finite values.
  const auto first =
      std::find_if(y.begin(), y.end(), [](double v) { return std::isfinite(v); }) - y.begin();
  std::vector<Regressor> regressors = opt.regressors;
  for (Regressor& r : regressors) {
    r.values.erase(r.values.begin(), r.values.begin() + first);
  }

  SeriesView s;
  s.y = x;
  s.horizon = opt.horizon;
  s.m = opt.season_length;
  s.m2 = opt.season_length2 >= 0 ? opt.season_length2 : inferred_second_period(x, s.m);
  if (s.m2 <= s.m) s.m2 = 0;
  s.positive = std::all_of(x.begin(), x.end(), [](double v) { return v > 0; });
  s.nonnegative = std::all_of(x.begin(), x.end(), [](double v) { return v >= 0; });
  s.regressors = regressors;

  Forecast out;
  std::string note = cleaned ? "missing values interpolated or dropped" : "";
  auto add_note = [&note](const std::string& n) { note += (note.empty() ? "" : "; ") + n; };
  ModelFit fit;
  if (std::all_of(x.begin(), x.end(), [&](double v) { return v == x[0]; })) {
    fit = constant_forecast(x[0], opt.horizon);
    add_note("series is constant");
  } else {
    fit = fit_method(s, opt);
    if (!fit.ok() || !all_finite(fit, opt.horizon, opt.intervals)) {
      add_note(std::string(method_name(opt.method)) + " not applicable to this series (" +
               std::to_string(x.size()) + " values): naive used");
      ForecastOptions naive_opt = opt;
      naive_opt.method = Method::kNaive;
      fit = fit_method(s, naive_opt);
    }
  }
  tidy(fit, s.nonnegative, opt.intervals);
  out.mean = std::move(fit.mean);
  if (opt.intervals) {
    out.lo80 = std::move(fit.lo80), out.hi80 = std::move(fit.hi80);
    out.lo95 = std::move(fit.lo95), out.hi95 = std::move(fit.hi95);
  }
  out.model = std::move(fit.name);
  out.params = std::move(fit.params);
  out.note = std::move(note);
  return out;
}

}  // namespace oiis::forecast
