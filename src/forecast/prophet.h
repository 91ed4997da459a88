// A Prophet-style decomposable model (Taylor & Letham 2018, "Forecasting at scale"):
//
//   y(t) = g(t) + s_m(t) + s_m2(t) + sum_j beta_j x_j(t) + e_t,   e_t ~ N(0, sigma^2)
//
// g is piecewise linear, k t + m + sum_j delta_j (t - c_j)_+, with up to 25 candidate
// changepoints c_j evenly spread over the first 80% of the history; s_m and s_m2 are Fourier
// series of the periods m and m2; x_j are the caller's known regressors (holidays,
// promotions, price) over history and horizon. As Prophet's MAP fit: y scaled by max |y|,
// time by the history length, priors delta ~ Laplace(0, 0.05), seasonal and regressor
// coefficients ~ N(0, 10^2), k, m ~ N(0, 5^2), sigma ~ half-N(0, 0.5^2). With sigma fixed the
// posterior mode is an L1/L2-regularised least-squares problem; it is solved exactly by
// majorise-minimise (each |delta| bounded by a quadratic at the current iterate, so every step
// is one ridge solve by Cholesky on the small Gram matrix), alternating with sigma's own mode.
//
// Intervals as Prophet's: 1000 simulated paths (fixed seed) of future trend changes (as many
// per step as the history had, Laplace sizes with the mean fitted |delta|) plus N(0, sigma^2)
// noise; no uncertainty in the seasonal or regressor coefficients.
#pragma once

#include "forecast/model.h"

namespace oiis::forecast::detail {

enum class ProphetScale {
  kAdditive,        // y = g + s + beta x
  kMultiplicative,  // log y = g + s + beta x: seasonal swings and regressor lifts scale with
                    // the level (positive data only; otherwise additive is used)
};

struct ProphetConfig {
  ProphetScale scale = ProphetScale::kAdditive;
  int changepoints = 25;
  double changepoint_range = 0.8;         // fraction of the history that may hold changepoints
  double changepoint_prior_scale = 0.05;  // Laplace scale of the slope changes
  double seasonality_prior_scale = 10;    // normal sd of Fourier and regressor coefficients
};

// Fourier order used for a seasonal period of `period` observations: Prophet's defaults by
// what the period is in practice — 4 for a day of hours (24), 3 for a week (7 days, 168
// hours), 10 for a year (4 quarters, 12 months, 52 weeks, 365 days) — and min(10, period / 2)
// for anything else; never above period / 2, where the harmonics would alias.
int prophet_fourier_order(int period);

// The period used in the Fourier terms: a year of weeks or days is 365.25 / 7 or 365.25
// steps, not the rounded 52 or 365, so the yearly cycle does not drift; others as given.
double prophet_period_length(int period);

// The fitted decomposition, on the model scale (y units, or log y when multiplicative). The
// series are n + horizon long: history, then forecast.
struct ProphetComponents {
  bool multiplicative = false;
  std::vector<double> trend, seasonal, regression;  // g(t), s_m + s_m2, sum_j beta_j x_j(t)
  std::vector<int> changepoints;                    // observation index of each c_j
  std::vector<double> slope_changes;                // delta_j, per observation
  std::vector<double> regressor_effects;            // beta_j per unit of regressor j
  double sigma = 0;                                 // residual standard deviation
};

// Fits and forecasts with `config`; s.regressors are used. Empty fit (not applicable) when
// there are fewer than 3 observations. `components`, when given, receives the decomposition.
ModelFit prophet_fit(const SeriesView& s, bool intervals, const ProphetConfig& config,
                     ProphetComponents* components = nullptr);

// The registered method: multiplicative (log scale) for positive series, additive otherwise.
ModelFit prophet(const SeriesView& s, bool intervals);

}  // namespace oiis::forecast::detail
