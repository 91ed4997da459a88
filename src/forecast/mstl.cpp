#include "forecast/mstl.h"

#include <algorithm>
#include <cmath>

#include "forecast/ets.h"

namespace oiis::forecast::detail {
namespace {

constexpr int kProfileCycles = 6;  // cycles averaged for a profile: recent enough to adapt

// Centred moving average over `period` (2 x period when even); NaN where undefined.
std::vector<double> centred_ma(std::span<const double> x, int period) {
  const size_t n = x.size(), half = period / 2;
  std::vector<double> out(n, NAN);
  if (n < static_cast<size_t>(period) + 1) return out;
  double window = 0;  // x[t-half+1 .. t+half-1]
  for (size_t j = 1; j + 1 < 2 * half + 1; ++j) window += x[j];
  for (size_t t = half; t + half < n; ++t) {
    const double ends = x[t - half] + x[t + half];
    out[t] = (window + (period % 2 == 0 ? 0.5 : 1.0) * ends) / period;
    window += x[t + half] - x[t - half + 1];
  }
  return out;
}

}  // namespace

ModelFit mstl(const SeriesView& s, bool) {
  const size_t n = s.y.size();
  std::vector<int> periods;
  for (int p : {s.m2, s.m}) {
    if (p > 1 && n >= 2 * static_cast<size_t>(p) + 1) periods.push_back(p);
  }
  if (periods.empty()) return {};
  const bool use_log = s.positive;
  std::vector<double> x(s.y.begin(), s.y.end());
  if (use_log) {
    for (double& v : x) v = std::log(v);
  }
  const std::vector<double> trend = centred_ma(x, periods.front());
  std::vector<double> detrended(n);
  for (size_t t = 0; t < n; ++t) detrended[t] = x[t] - trend[t];  // NaN at the ends

  std::vector<double> seasonal(n + s.horizon, 0.0);  // sum of the profiles, past and future
  for (int p : periods) {
    std::vector<double> sum(p, 0.0);
    std::vector<int> count(p, 0);
    // The most recent kProfileCycles cycles with a defined trend.
    size_t last = n;
    while (last > 0 && std::isnan(detrended[last - 1])) --last;
    const size_t first = last > static_cast<size_t>(kProfileCycles) * p
                             ? last - static_cast<size_t>(kProfileCycles) * p
                             : 0;
    for (size_t t = first; t < last; ++t) {
      if (std::isnan(detrended[t])) continue;
      sum[t % p] += detrended[t] - seasonal[t];
      ++count[t % p];
    }
    double mean = 0;
    for (int k = 0; k < p; ++k) {
      sum[k] = count[k] ? sum[k] / count[k] : 0.0;
      mean += sum[k] / p;
    }
    for (size_t t = 0; t < seasonal.size(); ++t) seasonal[t] += sum[t % p] - mean;
  }
  for (size_t t = 0; t < n; ++t) x[t] -= seasonal[t];
  const std::optional<EtsFit> fit = auto_ets(x, 1, {.seasonal = false, .multiplicative = false});
  if (!fit) return {};
  ModelFit f = ets_forecast(*fit, s.horizon, false);
  f.name = "MSTL+" + f.name;
  for (int i = 0; i < s.horizon; ++i) {
    f.mean[i] += seasonal[n + i];
    if (use_log) f.mean[i] = std::exp(f.mean[i]);
  }
  return f;
}

}  // namespace oiis::forecast::detail
