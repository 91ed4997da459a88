// Forecast accuracy measures, M4 definitions (Makridakis et al. 2020, IJF 36(1), section 3.1).
// `actual` and `predicted` are aligned, same length (the test period); `insample` is the
// training series the forecast was made from. Pairs where either value is not finite are
// skipped; a measure with nothing to average returns NaN (callers decide how to report it).
#pragma once

#include <span>
#include <vector>

namespace oiis::forecast {

double mae(std::span<const double> actual, std::span<const double> predicted);
double rmse(std::span<const double> actual, std::span<const double> predicted);
// Mean of predicted - actual: positive when the forecast is too high.
double bias(std::span<const double> actual, std::span<const double> predicted);
// sum |e| / sum |actual|, as a fraction (0.1 = 10%).
double wape(std::span<const double> actual, std::span<const double> predicted);
// Symmetric MAPE x 100: mean of 200 |y - f| / (|y| + |f|); a pair with y = f = 0 counts 0.
double smape(std::span<const double> actual, std::span<const double> predicted);
// In-sample MAE of the seasonal naive forecast with period m: mean |y_t - y_{t-m}|, t > m.
// NaN when the series has m or fewer values.
double seasonal_naive_scale(std::span<const double> insample, int m);
// MASE: MAE of the forecast divided by seasonal_naive_scale(insample, m). NaN when the scale
// is 0 or undefined (a constant in-sample series).
double mase(std::span<const double> insample, std::span<const double> actual,
            std::span<const double> predicted, int m);
// Pinball (quantile) loss of a forecast of quantile q in (0, 1), averaged over the horizon.
double pinball(std::span<const double> actual, std::span<const double> quantile_forecast, double q);
// Fraction of actual values inside [lo, hi].
double coverage(std::span<const double> actual, std::span<const double> lo,
                std::span<const double> hi);
// The split-conformal quantile of the finite values: the ceil(p (n + 1))-th smallest of n
// (clamped to n), so small samples give wider, not narrower, bounds (Vovk et al. 2005). NaN
// when no value is finite.
double conformal_quantile(std::vector<double> values, double p);
// M4's Overall Weighted Average, from the totals (means over series) of a method and of Naive2:
// 0.5 (sMAPE / sMAPE_Naive2 + MASE / MASE_Naive2).
double owa(double smape, double mase, double smape_naive2, double mase_naive2);

// Running mean of per-series values that ignores NaN (a series whose MASE is undefined).
class MeanAccumulator {
 public:
  void add(double v) {
    if (v == v) {
      sum_ += v;
      ++n_;
    }
  }
  void merge(const MeanAccumulator& o) {
    sum_ += o.sum_;
    n_ += o.n_;
  }
  double mean() const;
  long count() const { return n_; }

 private:
  double sum_ = 0;
  long n_ = 0;
};

}  // namespace oiis::forecast
