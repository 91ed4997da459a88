#include "forecast/ets.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <random>

#include "forecast/decompose.h"
#include "common/nelder_mead.h"

namespace oiis::forecast::detail {
namespace {

using optimize::nelder_mead;
using optimize::NelderMeadOptions;
using optimize::NelderMeadResult;
using optimize::kMaxNmDims;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kLower = 1e-4, kUpper = 0.9999;  // usual region for alpha, beta, gamma
constexpr double kPhiLower = 0.8, kPhiUpper = 0.98;

struct Smoothing {
  double alpha = 0, beta = 0, gamma = 0, phi = 1;
};

// The parameters as Recursion::update uses them: beta replaced by beta / alpha, so the hot
// loop has no division.
Smoothing gains(const Smoothing& p) {
  Smoothing g = p;
  g.beta = p.alpha > 0 ? p.beta / p.alpha : 0;
  return g;
}

// One step of the recursions for a trend/season combination; the error type only changes
// the likelihood, not the state updates (Hyndman et al. 2008, ch. 2).
template <EtsTrend T, EtsSeason S>
struct Recursion {
  static double damped(double b, double phi) {
    if constexpr (T == EtsTrend::kNone) return 0.0;
    if constexpr (T == EtsTrend::kAdditive) return b;
    return phi * b;
  }
  // One-step forecast from level l, slope b and the season state s of this phase.
  static double predict(double l, double b, double s, double phi) {
    const double lb = l + damped(b, phi);
    if constexpr (S == EtsSeason::kNone) return lb;
    if constexpr (S == EtsSeason::kAdditive) return lb + s;
    return lb * s;
  }
  // Updates l, b and this phase's season state s after observing y. `p.beta` here is the
  // gain beta / alpha (see gains()).
  static void update(double& l, double& b, double& s, double y, const Smoothing& p) {
    const double phib = damped(b, p.phi);
    const double q = l + phib;
    double deseasoned = y;
    if constexpr (S == EtsSeason::kAdditive) deseasoned = y - s;
    if constexpr (S == EtsSeason::kMultiplicative) deseasoned = y / s;
    const double l_new = q + p.alpha * (deseasoned - q);
    if constexpr (T != EtsTrend::kNone) b = phib + p.beta * (l_new - l - phib);
    if constexpr (S == EtsSeason::kAdditive) s += p.gamma * (y - q - s);
    if constexpr (S == EtsSeason::kMultiplicative) s += p.gamma * (y / q - s);
    l = l_new;
  }
};

struct Pass {
  double lik = kInf;  // n log(SSE) (+ 2 sum log|f|): -2 log L up to a constant
  double sse = 0;
  double level = 0, slope = 0;
};

// Runs the model through y; `season` (m states, phase-indexed) is updated in place.
// The hot loop of the fit: no allocation, no branches on the model type.
template <EtsError E, EtsTrend T, EtsSeason S>
Pass run_pass(std::span<const double> y, int m, const Smoothing& params, double l, double b,
              double* season) {
  using R = Recursion<T, S>;
  const Smoothing p = gains(params);  // a local copy: the compiler may keep it in registers
  constexpr bool kMultError = E == EtsError::kMultiplicative;
  const int n = static_cast<int>(y.size());
  double sse = 0, sum_log = 0, prod = 1;
  bool bad = false;
  int k = 0;
  for (int t = 0; t < n; ++t) {
    double& s = season[k];
    const double f = R::predict(l, b, s, p.phi);
    double e;
    if constexpr (kMultError) {
      e = (y[t] - f) / f;
      prod *= f;  // log|f| summed in blocks: one log per 16 steps instead of one per step
      if ((t & 15) == 15) {
        sum_log += std::log(prod);
        prod = 1;
      }
    } else {
      e = y[t] - f;
    }
    if constexpr (kMultError || S == EtsSeason::kMultiplicative) bad |= !(f > 0);
    sse += e * e;
    R::update(l, b, s, y[t], p);
    if (++k == m) k = 0;
  }
  Pass out;
  if (bad || !std::isfinite(sse)) return out;
  sse = std::max(sse, 1e-300);  // an exact fit (e.g. a straight line) still has a likelihood
  if constexpr (kMultError) sum_log += std::log(prod);
  out.lik = n * std::log(sse) + (kMultError ? 2 * sum_log : 0.0);
  out.sse = sse;
  out.level = l;
  out.slope = b;
  if (!std::isfinite(out.lik)) out.lik = kInf;
  return out;
}

// Calls fn.template operator()<E, T, S>() for the runtime spec.
template <EtsError E, EtsTrend T, typename Fn>
decltype(auto) with_season(EtsSeason s, Fn&& fn) {
  switch (s) {
    case EtsSeason::kNone: return fn.template operator()<E, T, EtsSeason::kNone>();
    case EtsSeason::kAdditive: return fn.template operator()<E, T, EtsSeason::kAdditive>();
    default: return fn.template operator()<E, T, EtsSeason::kMultiplicative>();
  }
}
template <EtsError E, typename Fn>
decltype(auto) with_trend(EtsTrend t, EtsSeason s, Fn&& fn) {
  switch (t) {
    case EtsTrend::kNone: return with_season<E, EtsTrend::kNone>(s, fn);
    case EtsTrend::kAdditive: return with_season<E, EtsTrend::kAdditive>(s, fn);
    default: return with_season<E, EtsTrend::kDamped>(s, fn);
  }
}
template <typename Fn>
decltype(auto) with_spec(EtsSpec spec, Fn&& fn) {
  if (spec.error == EtsError::kAdditive) {
    return with_trend<EtsError::kAdditive>(spec.trend, spec.season, fn);
  }
  return with_trend<EtsError::kMultiplicative>(spec.trend, spec.season, fn);
}

double sigmoid(double u) { return 1.0 / (1.0 + std::exp(-u)); }
double logit(double p) { return std::log(p / (1 - p)); }

// Heuristic initial states, as R's forecast:::initstate: seasonal states from a classical
// decomposition, level (and slope) from the first max(10, 2m) seasonally adjusted values.
struct InitialStates {
  double level = 0, slope = 0;
  double level_scale = 1, slope_scale = 1;  // Nelder–Mead step sizes for level and slope
  std::vector<double> season;               // m (1 when non-seasonal)
};

InitialStates initial_states(std::span<const double> y, EtsSpec spec, int m) {
  InitialStates init;
  const bool mult_season = spec.season == EtsSeason::kMultiplicative;
  const size_t n = y.size();
  if (spec.season == EtsSeason::kNone) {
    init.season.assign(1, 0.0);
  } else {
    // A longer window than R's first 3 seasons, because these states are not optimised.
    const size_t span_n = std::min(n, static_cast<size_t>(10) * m);
    init.season = seasonal_figure(y.first(span_n), m, mult_season);
  }
  const size_t maxn = std::min(n, static_cast<size_t>(std::max(10, 2 * m)));
  std::vector<double> sa(maxn);
  for (size_t t = 0; t < maxn; ++t) {
    const double s = init.season[t % init.season.size()];
    if (spec.season == EtsSeason::kNone) {
      sa[t] = y[t];
    } else {
      sa[t] = mult_season ? y[t] / std::max(s, 1e-2) : y[t] - s;
    }
  }
  double mean = 0;
  for (double v : sa) mean += v;
  mean /= static_cast<double>(maxn);
  double var = 0;
  for (double v : sa) var += (v - mean) * (v - mean);
  const double sd = std::sqrt(var / static_cast<double>(maxn));
  if (spec.trend == EtsTrend::kNone) {
    init.level = mean;
  } else {  // least squares line on t = 1..maxn; level at t = 0 is the intercept
    const double tbar = (static_cast<double>(maxn) + 1) / 2;
    double sxy = 0, sxx = 0;
    for (size_t t = 0; t < maxn; ++t) {
      const double dt = static_cast<double>(t + 1) - tbar;
      sxy += dt * (sa[t] - mean);
      sxx += dt * dt;
    }
    init.slope = sxx > 0 ? sxy / sxx : 0;
    init.level = mean - init.slope * tbar;
    if (spec.error == EtsError::kMultiplicative && init.level + init.slope <= 1e-3) {
      init.level = std::max(mean, 1e-3);  // R: avoid l0 + b0 ~ 0 under multiplicative error
      init.slope = 0;
    }
  }
  init.level_scale = std::max({sd, 1e-3 * std::fabs(init.level), 1e-8});
  init.slope_scale = std::max(init.level_scale / static_cast<double>(maxn), 1e-10);
  return init;
}

// Maps the unconstrained Nelder–Mead vector onto admissible parameters and initial states.
// Layout: alpha, [beta], [gamma], [phi], level, [slope].
struct ParamMap {
  EtsSpec spec;
  const InitialStates* init;
  int count() const {
    return 2 + (spec.trend != EtsTrend::kNone) * 2 + (spec.season != EtsSeason::kNone) +
           (spec.trend == EtsTrend::kDamped);
  }
  void decode(const double* u, Smoothing& p, double& l0, double& b0) const {
    int i = 0;
    p.alpha = kLower + (kUpper - kLower) * sigmoid(u[i++]);
    p.beta = p.gamma = 0;
    p.phi = 1;
    if (spec.trend != EtsTrend::kNone) p.beta = kLower + (p.alpha - kLower) * sigmoid(u[i++]);
    if (spec.season != EtsSeason::kNone) {
      p.gamma = kLower + std::max(0.0, 1 - p.alpha - kLower) * sigmoid(u[i++]);
    }
    if (spec.trend == EtsTrend::kDamped) p.phi = kPhiLower + (kPhiUpper - kPhiLower) * sigmoid(u[i++]);
    l0 = init->level + init->level_scale * u[i++];
    b0 = spec.trend != EtsTrend::kNone ? init->slope + init->slope_scale * u[i++] : 0.0;
  }
  // Starting point (R's forecast:::initparam) and step sizes.
  void start(int m, double* u, double* step) const {
    int i = 0;
    const double alpha0 = kLower + 0.2 * (kUpper - kLower) / m;
    u[i] = logit((alpha0 - kLower) / (kUpper - kLower)), step[i++] = 1.0;
    if (spec.trend != EtsTrend::kNone) u[i] = logit(0.1), step[i++] = 1.0;
    if (spec.season != EtsSeason::kNone) u[i] = logit(0.05), step[i++] = 1.0;
    if (spec.trend == EtsTrend::kDamped) u[i] = logit(0.99), step[i++] = 1.0;
    u[i] = 0, step[i++] = 1.0;
    if (spec.trend != EtsTrend::kNone) u[i] = 0, step[i++] = 1.0;
  }
};

bool season_allowed(EtsSpec spec, int m, size_t n) {
  return spec.season == EtsSeason::kNone || (m > 1 && n >= 2 * static_cast<size_t>(m));
}

// ETS forecast variance multipliers for class 1 models: v_h = sigma2 (1 + sum_{j<h} c_j^2),
// c_j = alpha + beta (j | phi + ... + phi^j) + gamma [j mod m == 0] (Hyndman et al. 2008,
// Table 6.1).
std::vector<double> class1_sd(const EtsFit& f, int h) {
  std::vector<double> sd(h);
  double acc = 1, phi_j = 0, phi_pow = 1;
  for (int i = 0; i < h; ++i) {
    sd[i] = std::sqrt(f.sigma2 * acc);
    const int j = i + 1;
    phi_pow *= f.phi;
    phi_j += phi_pow;
    double c = f.alpha;
    if (f.spec.trend == EtsTrend::kAdditive) c += f.beta * j;
    if (f.spec.trend == EtsTrend::kDamped) c += f.beta * phi_j;
    if (f.spec.season != EtsSeason::kNone && j % f.m == 0) c += f.gamma;
    acc += c * c;
  }
  return sd;
}

// Quantiles of simulated sample paths (Hyndman et al. 2008, section 6.4).
void simulate_intervals(const EtsFit& f, ModelFit& out) {
  constexpr int kPaths = 1000;
  const int h = static_cast<int>(out.mean.size());
  std::vector<double> paths(static_cast<size_t>(kPaths) * h);
  std::mt19937_64 rng(20180101);
  std::normal_distribution<double> normal(0.0, std::sqrt(f.sigma2));
  const Smoothing p = gains({f.alpha, f.beta, f.gamma, f.phi});
  std::vector<double> season(f.season.size());
  with_spec(f.spec, [&]<EtsError E, EtsTrend T, EtsSeason S>() {
    using R = Recursion<T, S>;
    for (int path = 0; path < kPaths; ++path) {
      double l = f.level, b = f.slope;
      std::copy(f.season.begin(), f.season.end(), season.begin());
      for (int i = 0; i < h; ++i) {
        double& s = season[(f.n + i) % f.m];
        const double fc = R::predict(l, b, s, p.phi);
        const double e = normal(rng);
        const double y = E == EtsError::kAdditive ? fc + e : fc * (1 + e);
        paths[static_cast<size_t>(i) * kPaths + path] = y;
        R::update(l, b, s, y, p);
      }
    }
  });
  for (auto* v : {&out.lo80, &out.hi80, &out.lo95, &out.hi95}) v->resize(h);
  for (int i = 0; i < h; ++i) {
    auto first = paths.begin() + static_cast<std::ptrdiff_t>(i) * kPaths;
    auto quantile = [&](double q) {
      auto it = first + static_cast<std::ptrdiff_t>(q * (kPaths - 1));
      std::nth_element(first, it, first + kPaths);
      return *it;
    };
    out.lo95[i] = quantile(0.025);
    out.lo80[i] = quantile(0.10);
    out.hi80[i] = quantile(0.90);
    out.hi95[i] = quantile(0.975);
  }
}

}  // namespace

std::string ets_name(EtsSpec spec) {
  static constexpr const char* kTrend[] = {"N", "A", "Ad"};
  static constexpr const char* kSeason[] = {"N", "A", "M"};
  return std::string("ETS(") + (spec.error == EtsError::kAdditive ? "A" : "M") + "," +
         kTrend[static_cast<int>(spec.trend)] + "," + kSeason[static_cast<int>(spec.season)] + ")";
}

std::optional<EtsFit> fit_ets(std::span<const double> y, EtsSpec spec, int m) {
  const size_t n = y.size();
  if (spec.season == EtsSeason::kNone) m = 1;
  if (!season_allowed(spec, m, n)) return std::nullopt;
  const bool needs_positive =
      spec.error == EtsError::kMultiplicative || spec.season == EtsSeason::kMultiplicative;
  if (needs_positive && !std::all_of(y.begin(), y.end(), [](double v) { return v > 0; })) {
    return std::nullopt;
  }
  const ParamMap map{spec, nullptr};
  const int d = map.count();
  // Parameters as R counts them for AICc: smoothing, initial states (m-1 free seasonal
  // states), plus the residual variance.
  const int np = d + (spec.season != EtsSeason::kNone ? m - 1 : 0) + 1;
  if (static_cast<int>(n) < np + 4) return std::nullopt;

  const InitialStates init = initial_states(y, spec, m);
  const ParamMap pm{spec, &init};
  std::vector<double> season(init.season.size());
  auto objective = [&](const double* u) {
    Smoothing p;
    double l0, b0;
    pm.decode(u, p, l0, b0);
    std::copy(init.season.begin(), init.season.end(), season.begin());
    return with_spec(spec, [&]<EtsError E, EtsTrend T, EtsSeason S>() {
      return run_pass<E, T, S>(y, m, p, l0, b0, season.data()).lik;
    });
  };
  std::array<double, kMaxNmDims> u{}, step{};
  pm.start(m, u.data(), step.data());
  NelderMeadOptions opt;
  opt.max_evals = 100 + 60 * d;
  opt.rel_tol = 1e-6;
  nelder_mead(objective, std::span<double>(u.data(), d), std::span<const double>(step.data(), d),
              opt);

  EtsFit fit;
  fit.spec = spec;
  fit.m = m;
  fit.n = static_cast<int>(n);
  Smoothing p;
  double l0, b0;
  pm.decode(u.data(), p, l0, b0);
  std::copy(init.season.begin(), init.season.end(), season.begin());
  const Pass pass = with_spec(spec, [&]<EtsError E, EtsTrend T, EtsSeason S>() {
    return run_pass<E, T, S>(y, m, p, l0, b0, season.data());
  });
  if (!std::isfinite(pass.lik)) return std::nullopt;
  fit.alpha = p.alpha, fit.beta = p.beta, fit.gamma = p.gamma, fit.phi = p.phi;
  fit.level = pass.level;
  fit.slope = pass.slope;
  fit.season = std::move(season);
  fit.sigma2 = pass.sse / static_cast<double>(static_cast<int>(n) - np);
  fit.aicc = pass.lik + 2.0 * np + 2.0 * np * (np + 1) / static_cast<double>(n - np - 1);
  return fit;
}

std::optional<EtsFit> auto_ets(std::span<const double> y, int m, EtsFamily family) {
  const bool positive = std::all_of(y.begin(), y.end(), [](double v) { return v > 0; });
  std::optional<EtsFit> best;
  for (EtsError e : {EtsError::kAdditive, EtsError::kMultiplicative}) {
    if (e == EtsError::kMultiplicative && !(family.multiplicative && positive)) continue;
    for (EtsTrend t : {EtsTrend::kNone, EtsTrend::kAdditive, EtsTrend::kDamped}) {
      if (t != EtsTrend::kNone && !family.trend) continue;
      for (EtsSeason s : {EtsSeason::kNone, EtsSeason::kAdditive, EtsSeason::kMultiplicative}) {
        if (s != EtsSeason::kNone && !(family.seasonal && m > 1)) continue;
        if (s == EtsSeason::kMultiplicative && (e == EtsError::kAdditive || !positive)) continue;
        std::optional<EtsFit> fit = fit_ets(y, {e, t, s}, m);
        if (fit && (!best || fit->aicc < best->aicc)) best = std::move(fit);
      }
    }
  }
  return best;
}

ModelFit ets_forecast(const EtsFit& f, int h, bool intervals) {
  ModelFit out;
  out.name = ets_name(f.spec);
  out.params = {{"alpha", f.alpha}};
  if (f.spec.trend != EtsTrend::kNone) out.params.emplace_back("beta", f.beta);
  if (f.spec.season != EtsSeason::kNone) out.params.emplace_back("gamma", f.gamma);
  if (f.spec.trend == EtsTrend::kDamped) out.params.emplace_back("phi", f.phi);
  out.params.emplace_back("sigma2", f.sigma2);
  out.mean.resize(h);
  double trend = 0, phi_pow = 1;
  for (int i = 0; i < h; ++i) {
    if (f.spec.trend == EtsTrend::kAdditive) trend += f.slope;
    if (f.spec.trend == EtsTrend::kDamped) {
      phi_pow *= f.phi;
      trend += phi_pow * f.slope;
    }
    const double s = f.season[(f.n + i) % f.m];
    const double lb = f.level + trend;
    out.mean[i] = f.spec.season == EtsSeason::kNone       ? lb
                  : f.spec.season == EtsSeason::kAdditive ? lb + s
                                                          : lb * s;
  }
  if (!intervals) return out;
  const bool class1 =
      f.spec.error == EtsError::kAdditive && f.spec.season != EtsSeason::kMultiplicative;
  if (!class1) {
    simulate_intervals(f, out);
    return out;
  }
  const std::vector<double> sd = class1_sd(f, h);
  const double z80 = normal_quantile(0.90), z95 = normal_quantile(0.975);
  for (auto* v : {&out.lo80, &out.hi80, &out.lo95, &out.hi95}) v->resize(h);
  for (int i = 0; i < h; ++i) {
    out.lo80[i] = out.mean[i] - z80 * sd[i];
    out.hi80[i] = out.mean[i] + z80 * sd[i];
    out.lo95[i] = out.mean[i] - z95 * sd[i];
    out.hi95[i] = out.mean[i] + z95 * sd[i];
  }
  return out;
}

}  // namespace oiis::forecast::detail
