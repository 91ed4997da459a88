// Exponential smoothing state space models ETS(error, trend, season) — Hyndman, Koehler,
// Snyder & Grose (2002) and Hyndman et al. (2008) "Forecasting with Exponential Smoothing",
// with the recursions, likelihood and AICc of R's forecast::ets (etscalc.c):
//   one-step forecast  f_t = (l + phi_b b) (+|x) s_{t-m}
//   level              l_t = q + alpha (p - q),  q = l + phi b,  p = y - s | y / s | y
//   slope              b_t = phi b + (beta / alpha) (l_t - l - phi b)
//   season             s_t = s_{t-m} + gamma (y - q - s_{t-m})  |  (y / q - s_{t-m})
//   -2 log L ~ n log(sum e^2) (+ 2 sum log|f_t| for multiplicative errors), e = y - f | (y-f)/f
// Smoothing parameters lie in the usual region (1e-4 < alpha < 1, beta < alpha,
// gamma < 1 - alpha, 0.8 <= phi <= 0.98). alpha..phi and the initial level and slope are fitted
// by Nelder–Mead on the likelihood; the m initial seasonal states are set from a classical
// decomposition and not optimised (R optimises them too: slower, rarely more accurate).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "forecast/model.h"

namespace oiis::forecast::detail {

enum class EtsError { kAdditive, kMultiplicative };
enum class EtsTrend { kNone, kAdditive, kDamped };
enum class EtsSeason { kNone, kAdditive, kMultiplicative };

struct EtsSpec {
  EtsError error = EtsError::kAdditive;
  EtsTrend trend = EtsTrend::kNone;
  EtsSeason season = EtsSeason::kNone;
};

std::string ets_name(EtsSpec spec);  // "ETS(M,Ad,A)"

struct EtsFit {
  EtsSpec spec;
  int m = 1;  // 1 when spec.season is kNone
  int n = 0;  // observations fitted
  double alpha = 0, beta = 0, gamma = 0, phi = 1;
  double level = 0, slope = 0;  // states after the last observation
  std::vector<double> season;   // m states; season[k] serves positions t with t mod m == k
  double sigma2 = 0;            // residual variance (relative errors for multiplicative error)
  double aicc = 0;
};

// Fits one model; nullopt when it cannot be (too few observations for its parameters,
// non-positive data for a multiplicative component, or no finite likelihood).
std::optional<EtsFit> fit_ets(std::span<const double> y, EtsSpec spec, int m);

struct EtsFamily {
  bool seasonal = true;        // include seasonal models (m > 1 and n >= 2m)
  bool multiplicative = true;  // include multiplicative error/season (positive data only)
  bool trend = true;           // include additive and damped trend
};

// Fits the admissible members of the family (R's default set: no multiplicative trend, no
// additive error with multiplicative season) and returns the lowest-AICc fit.
std::optional<EtsFit> auto_ets(std::span<const double> y, int m, EtsFamily family = {});

// Point forecasts for h steps and, if asked, 80/95% intervals: analytic for the linear
// homoscedastic models (Hyndman et al. 2008, class 1: additive error, no multiplicative
// season), otherwise quantiles of 1000 simulated sample paths (fixed seed: reproducible).
ModelFit ets_forecast(const EtsFit& fit, int h, bool intervals);

}  // namespace oiis::forecast::detail
