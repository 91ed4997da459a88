// Seasonality detection and classical decomposition, as used by the M4 benchmarks
// (M4-methods, "Benchmarks and Evaluation.R": SeasonalityTest + stats::decompose).
#pragma once

#include <span>
#include <vector>

namespace oiis::forecast::detail {

// M4's test: the lag-m autocorrelation exceeds its 90% one-sided limit,
// |r_m| > 1.645 sqrt((1 + 2 sum_{k<m} r_k^2) / n). False when m <= 1 or n < 3m.
bool seasonality_test(std::span<const double> y, int m);

// stats::decompose's seasonal figure: m factors (multiplicative: mean 1; additive: mean 0)
// where figure[i] belongs to the positions t with t mod m == i (t from 0 at the first value),
// estimated from y detrended by a centred 2xm (m even) or m (m odd) moving average.
// Requires n >= 2m; multiplicative requires y > 0.
std::vector<double> seasonal_figure(std::span<const double> y, int m, bool multiplicative);

// A series with its seasonal factors divided out, and the factors for the h future steps.
struct Deseasonalised {
  std::vector<double> adjusted;  // n values
  std::vector<double> future;    // h factors to multiply forecasts of `adjusted` by
  bool seasonal = false;         // false: adjusted == y, future all 1
};

// M4 benchmark preprocessing: multiplicative decomposition when the series is positive and
// passes seasonality_test(y, m); otherwise the series unchanged.
Deseasonalised m4_deseasonalise(std::span<const double> y, int m, int h);

}  // namespace oiis::forecast::detail
