// Seasonal ARIMA(p,d,q)(P,D,Q)_m with automatic order selection, after R forecast's auto.arima
// (Hyndman & Khandakar 2008, "Automatic time series forecasting: the forecast package for R",
// JSS 27(3)):
//   phi(B) Phi(B^m) (w_t - mu) = theta(B) Theta(B^m) e_t,   w = (1 - B)^d (1 - B^m)^D y,
// phi(B) = 1 - sum phi_i B^i, theta(B) = 1 + sum theta_i B^i (R's sign convention), mu the
// mean of w: the mean of y when d + D = 0, the drift (per step, times m when D = 1) when
// d + D = 1, absent otherwise.
//   * D: 1 when the seasonal strength of a classical additive decomposition exceeds 0.64
//     (R's nsdiffs test "seas"; it uses STL), needs m > 1 and n >= 2m.
//   * d: KPSS level test at 5% (statistic > 0.463, Bartlett lag trunc(3 sqrt(n) / 13)) on
//     the seasonally differenced series, repeated after each difference, d <= 2 (R's ndiffs).
//   * Orders: R's stepwise search from (2,d,2)(1,D,1), (0,d,0)(0,D,0), (1,d,0)(1,D,0),
//     (0,d,1)(0,D,1), moving to any better neighbour (p, q, P, Q by +-1, singly and in pairs,
//     constant toggled) until none improves AICc; p, q <= 5, P, Q <= 2, p + q + P + Q <= 5
//     (R bounds only its non-stepwise search so), at most 94 models.
//     Models with an AR or MA root within 1% of the unit circle are rejected, as in R.
//   * Estimation: conditional sum of squares (CSS), then exact Gaussian maximum likelihood by a
//     Kalman filter on w (stationary initial covariance by the doubling algorithm; the filter
//     switches to the plain innovations recursion once its covariance has converged) — R's
//     "CSS-ML". As in R, long (n > 150) or long-period (m > 12) series are searched on the
//     CSS likelihood and only the chosen model is refitted by exact ML; models with a state
//     dimension max(p + mP, q + mQ + 1) > 16 (seasonal ones at m = 24) keep their CSS
//     estimates, the exact filter being O(r^2) a step. Coefficients are
//     optimised as partial autocorrelations (tanh-transformed, Monahan 1984), so every fit is
//     stationary and invertible.
//   * Intervals: analytic, sigma^2 sum_{j<h} psi_j^2 from the psi-weights of
//     theta(B) Theta(B^m) / (phi(B) Phi(B^m) (1 - B)^d (1 - B^m)^D).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "forecast/model.h"

namespace oiis::forecast::detail {

struct ArimaOrder {
  int p = 0, d = 0, q = 0;
  int P = 0, D = 0, Q = 0;
  bool constant = false;  // mu estimated (mean or drift); only when d + D <= 1

  bool operator==(const ArimaOrder&) const = default;
};

std::string arima_name(const ArimaOrder& order, int m);  // "ARIMA(1,1,1)(0,1,1)[24] with drift"

struct ArimaFit {
  ArimaOrder order;
  int m = 1;                     // 1 for non-seasonal models
  std::vector<double> ar, ma;    // phi_1..phi_p, theta_1..theta_q
  std::vector<double> sar, sma;  // Phi_1..Phi_P, Theta_1..Theta_Q
  double mu = 0;                 // mean of the differenced series (0 without constant)
  double sigma2 = 0;             // innovation variance
  double aicc = 0;               // exact-likelihood AICc, or the CSS one (exact == false)
  bool exact = false;            // estimated by exact maximum likelihood
};

// KPSS level-stationarity statistic with a Bartlett long-run variance of `lags` lags.
double kpss_statistic(std::span<const double> y, int lags);
// Number of first differences the KPSS test asks for (0..max_d).
int kpss_ndiffs(std::span<const double> y, int max_d = 2);
// max(0, 1 - var(remainder) / var(season + remainder)) of a classical additive decomposition;
// 0 when m <= 1 or n < 2m.
double seasonal_strength(std::span<const double> y, int m);

// Fits one model (m ignored when P = D = Q = 0); nullopt when the series is too short for its
// parameters or no finite likelihood is found. exact: refine the CSS estimates by exact ML.
std::optional<ArimaFit> fit_arima(std::span<const double> y, const ArimaOrder& order, int m,
                                  bool exact);

// The automatic choice described above; nullopt for series too short for any model.
std::optional<ArimaFit> auto_arima(std::span<const double> y, int m);

// Point forecasts h steps past the end of `y` (the series `fit` was fitted on) and, if asked,
// the analytic 80% and 95% intervals.
ModelFit arima_forecast(const ArimaFit& fit, std::span<const double> y, int h, bool intervals);

// The ModelFn: auto_arima with period s.m, then arima_forecast.
ModelFit arima(const SeriesView& s, bool intervals);

}  // namespace oiis::forecast::detail
