#include "forecast/arima.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <complex>
#include <limits>
#include <numbers>

#include "common/normal.h"
#include "forecast/arima_differencing.h"
#include "forecast/decompose.h"
#include "common/nelder_mead.h"

namespace oiis::forecast::detail {
namespace {

using namespace differencing;

using optimize::nelder_mead;
using optimize::NelderMeadOptions;
using optimize::NelderMeadResult;
using optimize::kMaxNmDims;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr int kMaxP = 5, kMaxQ = 5, kMaxSeasonalP = 2, kMaxSeasonalQ = 2;
constexpr int kMaxOrder = 5;    // p + q + P + Q: keeps the optimiser within kMaxNmDims
constexpr int kMaxModels = 94;  // R's nmodels
constexpr double kSeasonalStrengthThreshold = 0.64;
constexpr double kMinRoot = 1.01;  // R rejects models with a root this close to the unit circle

// Nonzero terms of an expanded lag polynomial, for the CSS hot loop.
struct Terms {
  static constexpr int kMax = (kMaxP + 1) * (kMaxSeasonalP + 1);
  std::array<int, kMax> lag{};
  std::array<double, kMax> coef{};
  int size = 0;
};

// Coefficients of one model in the parameter vector's order: ar, ma, sar, sma, mu.
struct Coefs {
  std::array<double, kMaxP> ar{}, ma{};
  std::array<double, kMaxSeasonalP> sar{}, sma{};
  double mu = 0;
};

// Partial autocorrelations -> coefficients of a stationary 1 - sum a_i B^i (Durbin–Levinson).
void pacf_to_ar(const double* kappa, int k, double* a) {
  std::array<double, kMaxP> prev{};
  for (int j = 0; j < k; ++j) {
    for (int i = 0; i < j; ++i) prev[i] = a[i];
    a[j] = kappa[j];
    for (int i = 0; i < j; ++i) a[i] = prev[i] - kappa[j] * prev[j - 1 - i];
  }
}

// Largest root modulus of z^k + c_1 z^(k-1) + ... + c_k (Durand–Kerner); trailing
// near-zero coefficients are dropped as R does before polyroot().
double max_root_modulus(const double* c, int k) {
  while (k > 0 && std::fabs(c[k - 1]) < 1e-8) --k;
  if (k == 0) return 0;
  if (k == 1) return std::fabs(c[0]);
  using C = std::complex<double>;
  std::array<C, kMaxP> z{};
  for (int j = 0; j < k; ++j) z[j] = std::pow(C(0.4, 0.9), j);
  for (int iter = 0; iter < 500; ++iter) {
    double moved = 0;
    for (int j = 0; j < k; ++j) {
      C f = 1;
      for (int i = 0; i < k; ++i) f = f * z[j] + c[i];
      C denom = 1;
      for (int i = 0; i < k; ++i) {
        if (i != j) denom *= z[j] - z[i];
      }
      const C step = f / denom;
      z[j] -= step;
      moved = std::max(moved, std::abs(step));
    }
    if (moved < 1e-12) break;
  }
  double r = 0;
  for (int j = 0; j < k; ++j) r = std::max(r, std::abs(z[j]));
  return r;
}

// Smallest root modulus of the expanded AR and MA polynomials (2 when there are none).
double min_root(const ArimaFit& f) {
  double smallest = 2;
  auto check = [&](const std::vector<double>& coefs, double sign, int period) {
    std::array<double, kMaxP> c{};
    for (size_t i = 0; i < coefs.size(); ++i) c[i] = sign * coefs[i];
    const double r = max_root_modulus(c.data(), static_cast<int>(coefs.size()));
    if (r > 0) smallest = std::min(smallest, std::pow(1 / r, 1.0 / period));
  };
  check(f.ar, -1, 1);
  check(f.ma, 1, 1);
  check(f.sar, -1, f.m);
  check(f.sma, 1, f.m);
  return smallest;
}

// (1 - sum a_i B^i)(1 - sum A_j B^(jm)) as 1 - sum out_k B^k, k = 1..p + mP, written to
// `out` (zeroed by the caller); sign = -1 for MA polynomials, 1 + sum ... (R's convention).
void expand_into(const double* a, int p, const double* seasonal, int sp, int m, double sign,
                 double* out) {
  for (int i = 0; i < p; ++i) out[i] += a[i];
  for (int j = 0; j < sp; ++j) {
    out[(j + 1) * m - 1] += seasonal[j];
    for (int i = 0; i < p; ++i) out[(j + 1) * m + i] -= sign * a[i] * seasonal[j];
  }
}

std::vector<double> expand(const std::vector<double>& a, const std::vector<double>& seasonal, int m,
                           double sign) {
  std::vector<double> out(a.size() + m * seasonal.size(), 0.0);
  expand_into(a.data(), static_cast<int>(a.size()), seasonal.data(),
              static_cast<int>(seasonal.size()), m, sign, out.data());
  return out;
}

void expand_terms(const double* a, int p, const double* seasonal, int sp, int m, double sign,
                  Terms& out) {
  out.size = 0;
  auto add = [&out](int lag, double c) {
    if (c != 0) out.lag[out.size] = lag, out.coef[out.size++] = c;
  };
  for (int i = 0; i < p; ++i) add(i + 1, a[i]);
  for (int j = 0; j < sp; ++j) {
    add((j + 1) * m, seasonal[j]);
    for (int i = 0; i < p; ++i) add((j + 1) * m + i + 1, -sign * a[i] * seasonal[j]);
  }
}

// Everything one model's likelihood needs, allocated once per fit: the evaluations inside the
// optimiser allocate nothing.
class Likelihood {
 public:
  Likelihood(std::span<const double> w, const ArimaOrder& o, int m)
      : w_(w), o_(o), m_(m), nw_(static_cast<int>(w.size())) {
    ncond_ = o.p + m * o.P;
    max_ma_lag_ = o.q + m * o.Q;
    r_ = std::max(ncond_, max_ma_lag_ + 1);
    e_.assign(nw_ + max_ma_lag_, 0.0);
    const double v = variance_of(w);
    var_ref_ = v > 0 ? v : 1;
    mu_ref_ = mean_of(w);
    mu_scale_ = std::sqrt(var_ref_ / nw_);
  }

  int params() const { return o_.p + o_.q + o_.P + o_.Q + (o_.constant ? 1 : 0); }
  int ncond() const { return ncond_; }
  int state_dim() const { return r_; }

  // Unconstrained vector -> coefficients: tanh'd partial autocorrelations, scaled mean.
  Coefs decode(const double* x) const {
    Coefs c;
    std::array<double, kMaxP> kappa{};
    int i = 0;
    auto block = [&](int k, double* out, double sign) {
      for (int j = 0; j < k; ++j) kappa[j] = std::tanh(x[i++]);
      pacf_to_ar(kappa.data(), k, out);
      for (int j = 0; j < k; ++j)
        out[j] *= sign;  // MA: theta = -a keeps 1 + sum theta B^j invertible
    };
    block(o_.p, c.ar.data(), 1);
    block(o_.q, c.ma.data(), -1);
    block(o_.P, c.sar.data(), 1);
    block(o_.Q, c.sma.data(), -1);
    c.mu = o_.constant ? mu_ref_ + mu_scale_ * x[i] : 0;
    return c;
  }

  // Conditional sum of squares after the first p + mP values (R's "CSS"), relative to var(w).
  double css(const double* x) {
    const Coefs c = decode(x);
    Terms ar, ma;
    expand_terms(c.ar.data(), o_.p, c.sar.data(), o_.P, m_, 1, ar);
    expand_terms(c.ma.data(), o_.q, c.sma.data(), o_.Q, m_, -1, ma);
    double level = c.mu;
    for (int k = 0; k < ar.size; ++k) level -= ar.coef[k] * c.mu;
    double* e = e_.data() + max_ma_lag_;  // e[t] for t < ncond stays 0
    double ssq = 0;
    for (int t = ncond_; t < nw_; ++t) {
      double v = w_[t] - level;
      for (int k = 0; k < ar.size; ++k) v -= ar.coef[k] * w_[t - ar.lag[k]];
      for (int k = 0; k < ma.size; ++k) v -= ma.coef[k] * e[t - ma.lag[k]];
      e[t] = v;
      ssq += v * v;
    }
    return ssq / (nw_ - ncond_) / var_ref_;
  }

  // Exact Gaussian likelihood of w by the Kalman filter, as the "generalised variance"
  // (ssq / n) exp(sumlog / n) / var(w) = exp(-2 log L / n - log(2 pi) - 1) / var(w): positive,
  // so the optimiser's relative tolerance means a relative change in the likelihood's scale.
  double exact(const double* x) {
    double ssq = 0, sumlog = 0;
    if (!filter(decode(x), ssq, sumlog)) return kInf;
    return std::max(ssq / nw_, 1e-300) * std::exp(sumlog / nw_) / var_ref_;
  }

  // sigma^2 = ssq / n of the exact likelihood at x.
  double sigma2_exact(const double* x) {
    double ssq = 0, sumlog = 0;
    filter(decode(x), ssq, sumlog);
    return ssq / nw_;
  }

  double var_ref() const { return var_ref_; }
  int nw() const { return nw_; }

 private:
  // Runs the filter through w: ssq = sum v_t^2 / F_t and sumlog = sum log F_t (sigma^2 = 1).
  bool filter(const Coefs& c, double& ssq, double& sumlog) {
    prepare_state_space(c);
    if (!stationary_covariance()) return false;
    const int r = r_;
    std::fill(a_.begin(), a_.end(), 0.0);
    bool steady = false;
    for (int t = 0; t < nw_; ++t) {
      const double v = w_[t] - c.mu - a_[0];
      if (steady) {
        ssq += v * v;
        for (int i = 0; i < r; ++i) a_[i] += rvec_[i] * v;
      } else {
        const double f = p_[0];
        if (!(f > 0)) return false;
        ssq += v * v / f;
        sumlog += std::log(f);
        for (int i = 0; i < r; ++i) a_[i] += p_[i * r] / f * v;
        double trace = 0;
        for (int i = 0; i < r; ++i) {
          for (int j = 0; j < r; ++j) m_buf_[i * r + j] = p_[i * r + j] - p_[i * r] * p_[j] / f;
          trace += m_buf_[i * r + i];
        }
        // Once the updated covariance vanishes the filter is the innovations recursion.
        steady = trace < 1e-9;
        predict_covariance();
      }
      const double a0 = a_[0];  // a <- T a
      for (int i = 0; i + 1 < r; ++i) a_[i] = phi_[i] * a0 + a_[i + 1];
      a_[r - 1] = phi_[r - 1] * a0;
    }
    return std::isfinite(ssq) && std::isfinite(sumlog);
  }

  // Harvey's form: state dimension r, T = [phi | I; 0], R = (1, theta_1, ..., theta_{r-1}).
  void prepare_state_space(const Coefs& c) {
    if (p_.empty()) {  // first exact evaluation: the CSS-only fits never need these
      for (auto* v : {&phi_, &rvec_, &a_}) v->assign(r_, 0.0);
      for (auto* v : {&p_, &m_buf_, &t_pow_, &tmp_}) v->assign(static_cast<size_t>(r_) * r_, 0.0);
    }
    std::fill(phi_.begin(), phi_.end(), 0.0);
    std::fill(rvec_.begin(), rvec_.end(), 0.0);
    expand_into(c.ar.data(), o_.p, c.sar.data(), o_.P, m_, 1, phi_.data());
    expand_into(c.ma.data(), o_.q, c.sma.data(), o_.Q, m_, -1, rvec_.data() + 1);
    rvec_[0] = 1;
  }

  // P <- T M T' + R R' with M = m_buf_ (the updated covariance); O(r^2) for the companion T.
  void predict_covariance() {
    const int r = r_;
    for (int i = 0; i < r; ++i) {  // tmp = T M
      for (int j = 0; j < r; ++j) {
        tmp_[i * r + j] = phi_[i] * m_buf_[j] + (i + 1 < r ? m_buf_[(i + 1) * r + j] : 0.0);
      }
    }
    for (int i = 0; i < r; ++i) {  // P = tmp T' + R R'
      for (int j = 0; j < r; ++j) {
        p_[i * r + j] =
            tmp_[i * r] * phi_[j] + (j + 1 < r ? tmp_[i * r + j + 1] : 0.0) + rvec_[i] * rvec_[j];
      }
    }
  }

  // P0 = sum_k T^k R R' T'^k by doubling: S <- S + A S A', A <- A A.
  bool stationary_covariance() {
    const int r = r_;
    for (int i = 0; i < r; ++i) {
      for (int j = 0; j < r; ++j) {
        p_[i * r + j] = rvec_[i] * rvec_[j];
        t_pow_[i * r + j] = (j == 0 ? phi_[i] : 0.0) + (j == i + 1 ? 1.0 : 0.0);
      }
    }
    auto mul = [r](const double* a, const double* b, double* out, bool b_transposed) {
      for (int i = 0; i < r; ++i) {
        for (int j = 0; j < r; ++j) {
          double s = 0;
          for (int k = 0; k < r; ++k)
            s += a[i * r + k] * (b_transposed ? b[j * r + k] : b[k * r + j]);
          out[i * r + j] = s;
        }
      }
    };
    for (int iter = 0; iter < 40; ++iter) {
      mul(t_pow_.data(), p_.data(), tmp_.data(), false);     // A S
      mul(tmp_.data(), t_pow_.data(), m_buf_.data(), true);  // A S A'
      double added = 0, size = 0;
      for (int k = 0; k < r * r; ++k) {
        p_[k] += m_buf_[k];
        added = std::max(added, std::fabs(m_buf_[k]));
        size = std::max(size, std::fabs(p_[k]));
      }
      if (!std::isfinite(size)) return false;
      if (added <= 1e-12 * size) return true;
      mul(t_pow_.data(), t_pow_.data(), tmp_.data(), false);
      std::copy(tmp_.begin(), tmp_.end(), t_pow_.begin());
    }
    return true;
  }

  std::span<const double> w_;
  ArimaOrder o_;
  int m_, nw_, ncond_, max_ma_lag_, r_;
  double var_ref_, mu_ref_, mu_scale_;
  std::vector<double> e_;
  std::vector<double> phi_, rvec_, a_, p_, m_buf_, t_pow_, tmp_;
};

// Largest state dimension fitted by exact likelihood: the filter costs O(r^2) a step until it
// converges (never, near an MA unit root) and the doubling O(r^3); beyond this (seasonal
// models with m > 12 or large orders) the CSS estimates are kept.
constexpr int kMaxExactState = 16;

ArimaFit to_fit(const Coefs& c, const ArimaOrder& o, int m) {
  ArimaFit f;
  f.order = o;
  f.m = (o.P || o.D || o.Q) ? m : 1;
  f.ar.assign(c.ar.begin(), c.ar.begin() + o.p);
  f.ma.assign(c.ma.begin(), c.ma.begin() + o.q);
  f.sar.assign(c.sar.begin(), c.sar.begin() + o.P);
  f.sma.assign(c.sma.begin(), c.sma.begin() + o.Q);
  f.mu = c.mu;
  return f;
}

double aicc_of(double minus2ll, int coefs, int n) {
  const int k = coefs + 1;  // + sigma^2, as R counts
  if (n - k - 1 <= 0) return kInf;
  return minus2ll + 2.0 * k + 2.0 * k * (k + 1) / (n - k - 1);
}

// w constant: a random walk / seasonal random walk with the drift the differences show.
ArimaFit constant_difference_fit(std::span<const double> w, const ArimaOrder& base, int m) {
  ArimaFit f;
  f.order = base;
  f.order.constant = base.d + base.D <= 1 && w[0] != 0;
  f.m = base.D ? m : 1;
  f.mu = f.order.constant ? w[0] : 0;
  f.sigma2 = 0;
  f.aicc = -kInf;
  f.exact = true;
  return f;
}

// Seasonal differences the seasonal-strength test asks for (0 or 1).
int seasonal_ndiffs(std::span<const double> y, int m) {
  return seasonal_strength(y, m) > kSeasonalStrengthThreshold ? 1 : 0;
}

struct Searched {
  ArimaOrder order;
  double aicc;
};

}  // namespace

std::string arima_name(const ArimaOrder& o, int m) {
  std::string s =
      "ARIMA(" + std::to_string(o.p) + "," + std::to_string(o.d) + "," + std::to_string(o.q) + ")";
  if (o.P || o.D || o.Q) {
    s += "(" + std::to_string(o.P) + "," + std::to_string(o.D) + "," + std::to_string(o.Q) + ")[" +
         std::to_string(m) + "]";
  }
  if (o.constant) s += o.d + o.D == 0 ? " with non-zero mean" : " with drift";
  return s;
}

std::optional<ArimaFit> fit_arima(std::span<const double> y, const ArimaOrder& order, int m,
                                  bool exact) {
  ArimaOrder o = order;
  if (o.d + o.D > 1) o.constant = false;
  if (m <= 1) o.P = o.D = o.Q = 0, m = 1;
  if (o.p > kMaxP || o.q > kMaxQ || o.P > kMaxSeasonalP || o.Q > kMaxSeasonalQ ||
      o.p + o.q + o.P + o.Q + 1 > kMaxNmDims || o.p < 0 || o.q < 0 || o.P < 0 || o.Q < 0) {
    return std::nullopt;
  }
  const std::vector<double> w = difference(y, o.d, o.D, m);
  Likelihood lik(w, o, m);
  const int k = lik.params();
  if (lik.nw() - lik.ncond() < k + 3) return std::nullopt;
  if (is_constant(w)) return constant_difference_fit(w, o, m);

  std::array<double, kMaxNmDims> x{}, step{};
  for (int i = 0; i < k; ++i) step[i] = 0.3;
  if (o.constant) step[k - 1] = 1.0;
  const std::span<double> xs(x.data(), k);
  const std::span<const double> steps(step.data(), k);
  NelderMeadOptions opt;
  opt.max_evals = 150 + 150 * k;
  opt.rel_tol = 1e-7;
  NelderMeadResult res;
  if (k > 0) {
    res = nelder_mead([&](const double* u) { return lik.css(u); }, xs, steps, opt);
  } else {
    res.value = lik.css(x.data());
  }
  if (!std::isfinite(res.value)) return std::nullopt;
  ArimaFit fit = to_fit(lik.decode(x.data()), o, m);
  const double n = lik.nw();
  if (exact && lik.state_dim() <= kMaxExactState) {
    for (int i = 0; i < k; ++i) step[i] = 0.1;
    if (o.constant) step[k - 1] = 0.5;
    opt.max_evals = 100 + 60 * k;  // a refinement of the CSS optimum
    NelderMeadResult ml;
    if (k > 0) {
      ml = nelder_mead([&](const double* u) { return lik.exact(u); }, xs, steps, opt);
    } else {
      ml.value = lik.exact(x.data());
    }
    if (std::isfinite(ml.value)) {
      fit = to_fit(lik.decode(x.data()), o, m);
      // value = sigma2 exp(sumlog / n) / var: -2 log L = n (log(2 pi value var) + 1).
      const double m2ll = n * (std::log(2 * std::numbers::pi * ml.value * lik.var_ref()) + 1);
      fit.sigma2 = lik.sigma2_exact(x.data());
      fit.aicc = aicc_of(m2ll, k, static_cast<int>(n));
      fit.exact = true;
    }
  }
  if (!fit.exact) {
    // R's approximation: n log(sigma2_CSS) in place of -2 log L (constants cancel between
    // models of the same differencing).
    fit.sigma2 = std::max(res.value * lik.var_ref(), 1e-300);
    fit.aicc =
        aicc_of(n * (std::log(2 * std::numbers::pi * fit.sigma2) + 1), k, static_cast<int>(n));
  }
  if (min_root(fit) < kMinRoot) fit.aicc = kInf;
  return fit;
}

std::optional<ArimaFit> auto_arima(std::span<const double> y, int m) {
  const int n = static_cast<int>(y.size());
  if (n < 4 || is_constant(y)) return std::nullopt;
  const bool seasonal = m > 1 && n >= 2 * m;
  if (!seasonal) m = 1;
  ArimaOrder base;
  base.D = seasonal ? seasonal_ndiffs(y, m) : 0;
  const std::vector<double> sdiffed = difference(y, 0, base.D, m);
  base.d = kpss_ndiffs(sdiffed, 2);
  const std::vector<double> w = difference(sdiffed, base.d, 0, 1);
  if (w.size() < 3) return std::nullopt;
  if (is_constant(w)) return constant_difference_fit(w, base, m);
  const bool allow_constant = base.d + base.D <= 1;
  const bool approximate = n > 150 || m > 12;
  const int max_sp = seasonal ? kMaxSeasonalP : 0, max_sq = seasonal ? kMaxSeasonalQ : 0;

  std::vector<Searched> tried;
  std::optional<ArimaFit> best;
  // Fits `o` unless already tried; true when it becomes the best.
  auto consider = [&](ArimaOrder o) {
    if (!allow_constant) o.constant = false;
    if (o.p < 0 || o.q < 0 || o.P < 0 || o.Q < 0 || o.p > kMaxP || o.q > kMaxQ || o.P > max_sp ||
        o.Q > max_sq || o.p + o.q + o.P + o.Q > kMaxOrder) {
      return false;
    }
    for (const Searched& s : tried) {
      if (s.order == o) return false;
    }
    if (static_cast<int>(tried.size()) >= kMaxModels) return false;
    std::optional<ArimaFit> f = fit_arima(y, o, m, !approximate);
    tried.push_back({o, f ? f->aicc : kInf});
    if (!f || !std::isfinite(f->aicc)) return false;
    if (best && f->aicc >= best->aicc) return false;
    best = std::move(f);
    return true;
  };
  auto with = [&base](int p, int q, int P, int Q, bool constant) {
    ArimaOrder o = base;
    o.p = p, o.q = q, o.P = P, o.Q = Q, o.constant = constant;
    return o;
  };
  consider(with(2, 2, seasonal ? 1 : 0, seasonal ? 1 : 0, allow_constant));
  consider(with(0, 0, 0, 0, allow_constant));
  consider(with(1, 0, seasonal ? 1 : 0, 0, allow_constant));
  consider(with(0, 1, 0, seasonal ? 1 : 0, allow_constant));
  if (allow_constant) consider(with(0, 0, 0, 0, false));
  // R's neighbourhood, in R's order; restart from the top after every improvement.
  static constexpr std::array<std::array<int, 4>, 16> kMoves{{
      {0, 0, -1, 0},
      {0, 0, 0, -1},
      {0, 0, 1, 0},
      {0, 0, 0, 1},
      {0, 0, -1, -1},
      {0, 0, -1, 1},
      {0, 0, 1, -1},
      {0, 0, 1, 1},
      {-1, 0, 0, 0},
      {0, -1, 0, 0},
      {1, 0, 0, 0},
      {0, 1, 0, 0},
      {-1, -1, 0, 0},
      {-1, 1, 0, 0},
      {1, -1, 0, 0},
      {1, 1, 0, 0},
  }};
  bool improved = best.has_value();
  while (improved && static_cast<int>(tried.size()) < kMaxModels) {
    improved = false;
    const ArimaOrder at = best->order;
    for (const auto& mv : kMoves) {
      if (consider(with(at.p + mv[0], at.q + mv[1], at.P + mv[2], at.Q + mv[3], at.constant))) {
        improved = true;
        break;
      }
    }
    if (!improved && allow_constant) {
      improved = consider(with(at.p, at.q, at.P, at.Q, !at.constant));
    }
  }
  if (!best) return std::nullopt;
  if (approximate && !best->exact) {
    std::optional<ArimaFit> refit = fit_arima(y, best->order, m, /*exact=*/true);
    if (refit && std::isfinite(refit->aicc)) best = std::move(refit);
  }
  return best;
}

ModelFit arima_forecast(const ArimaFit& fit, std::span<const double> y, int h, bool intervals) {
  const ArimaOrder& o = fit.order;
  const int m = fit.m;
  const std::vector<double> w = difference(y, o.d, o.D, m);
  const std::vector<double> ar = expand(fit.ar, fit.sar, m, 1);
  const std::vector<double> ma = expand(fit.ma, fit.sma, m, -1);
  const int nw = static_cast<int>(w.size()), pa = static_cast<int>(ar.size());
  const int qa = static_cast<int>(ma.size());
  // Residuals by the conditional recursion, then the ARMA forecasts of w.
  std::vector<double> wx(w), e(nw + h, 0.0);
  wx.resize(nw + h);
  for (int t = 0; t < nw + h; ++t) {
    double v = t < nw ? w[t] - fit.mu : 0;
    double pred = 0;
    for (int i = 0; i < pa && i < t; ++i) pred += ar[i] * (wx[t - 1 - i] - fit.mu);
    for (int j = 0; j < qa && j < t; ++j) pred += ma[j] * e[t - 1 - j];
    if (t < pa) pred = 0;  // conditioning values: no residual
    if (t < nw) {
      e[t] = t < pa ? 0 : v - pred;
    } else {
      wx[t] = fit.mu + pred;
    }
  }
  // Undo the differencing: y_t = w_t + sum delta_k y_{t-k}.
  const std::vector<double> delta = differencing_poly(o.d, o.D, m);
  const int n = static_cast<int>(y.size());
  std::vector<double> yx(y.begin(), y.end());
  yx.resize(n + h);
  ModelFit out;
  out.mean.resize(h);
  for (int i = 0; i < h; ++i) {
    double v = wx[nw + i];
    for (size_t k = 0; k < delta.size(); ++k) v += delta[k] * yx[n + i - 1 - k];
    yx[n + i] = v;
    out.mean[i] = v;
  }
  out.name = arima_name(o, m);
  auto add = [&out](const std::string& prefix, const std::vector<double>& v) {
    for (size_t i = 0; i < v.size(); ++i)
      out.params.emplace_back(prefix + std::to_string(i + 1), v[i]);
  };
  add("ar", fit.ar);
  add("ma", fit.ma);
  add("sar", fit.sar);
  add("sma", fit.sma);
  if (o.constant) out.params.emplace_back(o.d + o.D == 0 ? "mean" : "drift", fit.mu);
  out.params.emplace_back("sigma2", fit.sigma2);
  if (!intervals) return out;
  // psi-weights of theta(B) / (phi(B) delta(B)).
  std::vector<double> full(pa + delta.size(), 0.0);  // phi(B) delta(B) = 1 - sum full_k B^k
  for (int i = 0; i < pa; ++i) full[i] += ar[i];
  for (size_t k = 0; k < delta.size(); ++k) {
    full[k] += delta[k];
    for (int i = 0; i < pa; ++i) full[i + k + 1] -= ar[i] * delta[k];
  }
  std::vector<double> psi(h, 0.0);
  psi[0] = 1;
  for (int j = 1; j < h; ++j) {
    double v = j <= qa ? ma[j - 1] : 0;
    for (size_t i = 0; i < full.size() && static_cast<int>(i) < j; ++i)
      v += full[i] * psi[j - 1 - i];
    psi[j] = v;
  }
  const double z80 = oiis::normal_quantile(0.9), z95 = oiis::normal_quantile(0.975);
  out.lo80.resize(h), out.hi80.resize(h), out.lo95.resize(h), out.hi95.resize(h);
  double acc = 0;
  for (int i = 0; i < h; ++i) {
    acc += psi[i] * psi[i];
    const double sd = std::sqrt(fit.sigma2 * acc);
    out.lo80[i] = out.mean[i] - z80 * sd, out.hi80[i] = out.mean[i] + z80 * sd;
    out.lo95[i] = out.mean[i] - z95 * sd, out.hi95[i] = out.mean[i] + z95 * sd;
  }
  return out;
}

ModelFit arima(const SeriesView& s, bool intervals) {
  const std::optional<ArimaFit> fit = auto_arima(s.y, s.m);
  if (!fit) return {};
  return arima_forecast(*fit, s.y, s.horizon, intervals);
}

}  // namespace oiis::forecast::detail
