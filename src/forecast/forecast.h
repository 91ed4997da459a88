// Univariate point and interval forecasting. The module is pure: a series goes in as a span of
// observations (oldest first, equally spaced), forecasts come out; no store, no files, no clocks.
//
//   ForecastOptions opt;  opt.horizon = 13;  opt.season_length = 1;  opt.method = Method::kAuto;
//   Result<Forecast> f = forecast(y, opt);   // f->mean[h-1] is the h-step-ahead forecast
//
// Models live in per-model headers inside the module (naive.h, ets.h, theta.h, intermittent.h,
// auto_select.h); metrics.h scores forecasts (M4 definitions) and m4_format.h parses the M4
// wide CSV layout from text.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace oiis::forecast {

enum class Method {
  kAuto,            // mean of the models that backtest close to the best (auto_select.h)
  kNaive,           // last value (M4 "Naive1")
  kSeasonalNaive,   // value one season ago
  kNaive2,          // naive on the seasonally adjusted series (M4 benchmark definition)
  kMovingAverage,   // mean of the last k values, k chosen by in-sample one-step error
  kSes,             // simple exponential smoothing, ETS(A,N,N), on the deseasonalised series
  kHolt,            // Holt's linear trend, ETS(A,A,N), deseasonalised
  kDamped,          // damped trend, ETS(A,Ad,N), deseasonalised
  kComb,            // mean of SES, Holt and Damped (M4 "Comb" benchmark)
  kEts,             // ETS family fitted by maximum likelihood, chosen by AICc
  kTheta,           // standard Theta (M4 benchmark): SES with drift = half the linear slope
  kOptimizedTheta,  // Theta with theta, alpha and level fitted (Fiorucci et al. 2016, OTM)
  kCroston,         // intermittent demand: Croston (1972)
  kSba,             // Syntetos-Boylan approximation: Croston debiased by (1 - alpha/2)
  kTsb,             // Teunter-Syntetos-Babai: smoothed demand probability times size
  kMstl,            // multi-seasonal decomposition (periods m and m2) + damped trend on the rest
  kArima,           // seasonal ARIMA, orders chosen as R forecast's auto.arima (stepwise AICc)
  kProphet,         // Prophet-style: piecewise-linear trend + Fourier seasonalities + regressors
};

// Stable lowercase names used by the CLI and in reports: "auto", "naive", "snaive", "naive2",
// "ma", "ses", "holt", "damped", "comb", "ets", "theta", "otm", "croston", "sba", "tsb", "mstl",
// "arima", "prophet".
std::string_view method_name(Method method);
std::optional<Method> parse_method(std::string_view name);
// Every method except kAuto, in declaration order.
std::span<const Method> all_methods();

// A known explanatory series (holiday or promotion indicator, price) over the history and the
// horizon: values[t] belongs to y[t] for t < y.size(), values[y.size() + i] to forecast step
// i + 1, so values.size() == y.size() + horizon. Models that cannot use regressors ignore them
// (today only kProphet uses them).
struct Regressor {
  std::string name;
  std::vector<double> values;
};

struct ForecastOptions {
  int horizon = 1;        // steps ahead to forecast, >= 1
  int season_length = 1;  // m: observations per seasonal cycle (1 = no seasonality; 24 hourly)
  // A second, longer seasonal period for multi-seasonal models (168 = weekly cycle of hourly
  // data). -1 infers it: 24 -> 168; 1 -> 52 when the series passes M4's seasonality test at
  // lag 52 (the yearly cycle of weekly data; needs >= 156 values); otherwise none. 0 disables it.
  int season_length2 = -1;
  Method method = Method::kAuto;
  bool intervals = true;  // also compute the 80% and 95% prediction intervals
  // kAuto: at most this many of the best backtested candidates are averaged.
  int combine_top = 3;
  std::vector<Regressor> regressors;  // each finite, y.size() + horizon values
};

struct Forecast {
  // Each `horizon` long; mean[i] is the (i+1)-step-ahead point forecast. Intervals are empty
  // when options.intervals is false. Never NaN or infinite.
  std::vector<double> mean, lo80, hi80, lo95, hi95;
  std::string model;  // what produced it: "ETS(M,Ad,N)", "Theta", "Mean(Theta,ETS(A,N,A),...)"
  std::vector<std::pair<std::string, double>> params;  // fitted parameters, e.g. {"alpha", 0.3}
  std::string note;  // why a fallback was used ("series is constant"), empty normally
};

// Forecasts `y` (oldest first). Errors (kInvalidArgument): horizon < 1 or > 100000,
// season_length < 1, a series with no finite value, or a regressor of the wrong length or
// with a non-finite value (field "regressors[i]"). NaN/inf values are interpolated, a series
// too short for the requested model falls back to a simpler one (Forecast::note says so), and
// a non-negative series never gets negative forecasts.
Result<Forecast> forecast(std::span<const double> y, const ForecastOptions& options);

}  // namespace oiis::forecast
