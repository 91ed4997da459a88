#include "forecast/prophet.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <optional>
#include <random>

#include <Eigen/Cholesky>

namespace oiis::forecast::detail {
namespace {

constexpr double kTrendPriorSd = 5;    // k, m ~ N(0, 5^2), as Prophet
constexpr double kSigmaPriorSd = 0.5;  // sigma ~ half-N(0, 0.5^2)
constexpr int kMaxIterations = 200;
constexpr double kTolerance = 1e-9;     // on the coefficients of the scaled problem
constexpr double kMinAbsDelta = 1e-10;  // floor of |delta| in the L1 bound: keeps it finite
constexpr int kSamples = 1000;          // simulated paths for the intervals, as Prophet

// The regression columns: slope, offset, one hinge per changepoint, sin/cos pairs per
// seasonal period and order, then the standardised regressors.
class Design {
 public:
  Design(const SeriesView& s, const ProphetConfig& config) : n_(static_cast<int>(s.y.size())) {
    const int hist = static_cast<int>(std::floor(n_ * config.changepoint_range));
    const int count = std::min(config.changepoints, hist - 1);
    for (int j = 1; j <= count; ++j) {  // evenly spaced observations, as np.linspace(...)[1:]
      changepoints_.push_back(static_cast<int>(std::lround(j * (hist - 1.0) / count)));
    }
    for (int period : {s.m, s.m2}) {
      if (period > 1 && n_ >= 2 * period) {
        waves_.push_back({prophet_period_length(period), prophet_fourier_order(period)});
      }
    }
    for (const Regressor& r : s.regressors) {
      const std::span<const double> v(r.values);
      // Prophet's "auto" standardisation: 0/1 indicators as they are, others to mean 0, sd 1
      // over the history, so one prior scale suits every regressor.
      const bool binary =
          std::all_of(v.begin(), v.end(), [](double x) { return x == 0 || x == 1; });
      double mean = 0, sd = 1;
      if (!binary) {
        double sum = 0, ss = 0;
        for (int t = 0; t < n_; ++t) sum += v[t];
        mean = sum / n_;
        for (int t = 0; t < n_; ++t) ss += (v[t] - mean) * (v[t] - mean);
        sd = n_ > 1 ? std::sqrt(ss / (n_ - 1)) : 0;
        if (!(sd > 0)) mean = 0, sd = 1;  // constant over the history: left to the prior
      }
      regressors_.push_back({v, mean, sd});
    }
  }

  int size() const { return first_regressor() + static_cast<int>(regressors_.size()); }
  int first_changepoint() const { return 2; }
  int first_fourier() const { return 2 + static_cast<int>(changepoints_.size()); }
  int first_regressor() const {
    int p = first_fourier();
    for (const Wave& w : waves_) p += 2 * w.order;
    return p;
  }
  const std::vector<int>& changepoints() const { return changepoints_; }
  double time(int i) const { return n_ > 1 ? static_cast<double>(i) / (n_ - 1) : 0.0; }
  double regressor_sd(size_t j) const { return regressors_[j].sd; }

  // Row i of the design (i >= n: forecast step i - n + 1) into out[0, size()).
  void row(int i, double* out) const {
    const double t = time(i);
    out[0] = t;
    out[1] = 1;
    double* p = out + 2;
    for (int c : changepoints_) *p++ = std::max(0.0, t - time(c));
    for (const Wave& w : waves_) {
      for (int k = 1; k <= w.order; ++k) {
        const double angle = 2 * std::numbers::pi * k * i / w.period;
        *p++ = std::sin(angle);
        *p++ = std::cos(angle);
      }
    }
    for (const Column& r : regressors_) *p++ = (r.values[i] - r.mean) / r.sd;
  }

 private:
  struct Wave {
    double period;
    int order;
  };
  struct Column {
    std::span<const double> values;
    double mean, sd;
  };
  int n_;
  std::vector<int> changepoints_;
  std::vector<Wave> waves_;
  std::vector<Column> regressors_;
};

// Solves a x = b in place (x into b) for a symmetric positive definite p x p row-major `a`.
// False when `a` is not positive definite.
bool cholesky_solve(const std::vector<double>& a, std::vector<double>& b, int p) {
  using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const Eigen::LLT<RowMajor> llt(Eigen::Map<const RowMajor>(a.data(), p, p));
  if (llt.info() != Eigen::Success) return false;
  Eigen::Map<Eigen::VectorXd> x(b.data(), p);
  x = llt.solve(x);
  return true;
}

struct Posterior {
  std::vector<double> beta;
  double sigma2 = 0;
};

// Posterior mode of the coefficients and sigma for the scaled series z. With sigma fixed,
// -log posterior * sigma^2 = RSS / 2 + sigma^2 (sum |delta_j| / tau + sum beta_j^2 / (2 s_j^2));
// |delta| <= delta^2 / (2 |delta_0|) + |delta_0| / 2 turns each step into a ridge solve on
// the Gram matrix (majorise-minimise, monotone), and sigma^2 then takes its own mode.
std::optional<Posterior> fit_posterior(const Design& design, std::span<const double> z,
                                       const ProphetConfig& config) {
  const int p = design.size(), n = static_cast<int>(z.size());
  std::vector<double> gram(static_cast<size_t>(p) * p, 0.0), xz(p, 0.0), x(p);
  double zz = 0;
  for (int t = 0; t < n; ++t) {
    design.row(t, x.data());
    for (int i = 0; i < p; ++i) {
      xz[i] += x[i] * z[t];
      for (int j = 0; j <= i; ++j) gram[i * p + j] += x[i] * x[j];
    }
    zz += z[t] * z[t];
  }
  for (int i = 0; i < p; ++i) {
    for (int j = 0; j < i; ++j) gram[j * p + i] = gram[i * p + j];
  }
  // Gaussian prior precisions; zero on the changepoint columns, whose L1 bound is added below.
  std::vector<double> precision(
      p, 1 / (config.seasonality_prior_scale * config.seasonality_prior_scale));
  precision[0] = precision[1] = 1 / (kTrendPriorSd * kTrendPriorSd);
  const int cp_begin = design.first_changepoint(), cp_end = design.first_fourier();
  for (int j = cp_begin; j < cp_end; ++j) precision[j] = 0;

  Posterior post{std::vector<double>(p, 0.0), 1e-6};  // the first solve is nearly least squares
  std::vector<double> a, b;
  for (int it = 0; it < kMaxIterations; ++it) {
    a = gram;
    b = xz;
    for (int j = 0; j < p; ++j) {
      double w = precision[j];
      if (j >= cp_begin && j < cp_end) {
        const double prev = it == 0 ? config.changepoint_prior_scale : std::fabs(post.beta[j]);
        w = 1 / (config.changepoint_prior_scale * std::max(prev, kMinAbsDelta));
      }
      a[j * p + j] += post.sigma2 * w;
    }
    if (!cholesky_solve(a, b, p)) return std::nullopt;
    double change = 0, rss = zz;
    for (int i = 0; i < p; ++i) {
      change = std::max(change, std::fabs(b[i] - post.beta[i]));
      double gb = 0;
      for (int j = 0; j < p; ++j) gb += gram[i * p + j] * b[j];
      rss += b[i] * (gb - 2 * xz[i]);
    }
    post.beta = b;
    // d/d sigma of n log sigma + RSS / (2 sigma^2) + sigma^2 / (2 s^2) = 0, a quadratic in
    // sigma^2; RSS comes from the Gram matrix and may round slightly below zero.
    rss = std::max(rss, 1e-12 * std::max(zz, 1e-300));
    const double q = 1 / (kSigmaPriorSd * kSigmaPriorSd);
    post.sigma2 =
        std::max((-n + std::sqrt(static_cast<double>(n) * n + 4 * q * rss)) / (2 * q), 1e-300);
    if (it > 0 && change < kTolerance) break;
  }
  for (double v : post.beta) {
    if (!std::isfinite(v)) return std::nullopt;
  }
  return post;
}

// Interpolated quantile (as numpy's percentile) of v, which is reordered.
double quantile(std::vector<double>& v, double q) {
  const double pos = q * static_cast<double>(v.size() - 1);
  const auto k = static_cast<size_t>(pos);
  std::nth_element(v.begin(), v.begin() + k, v.end());
  const double lo = v[k];
  if (k + 1 >= v.size()) return lo;
  const double hi = *std::min_element(v.begin() + k + 1, v.end());
  return lo + (pos - k) * (hi - lo);
}

// Prophet's predictive intervals around `point` (scaled units): future changepoints at the
// history's rate with Laplace(mean |delta|) sizes, plus N(0, sigma^2) noise.
void simulate_intervals(const Design& design, const Posterior& post, int n, int h,
                        const std::vector<double>& point, ModelFit& f) {
  const int cp_begin = design.first_changepoint(), cp_end = design.first_fourier();
  const int changepoints = cp_end - cp_begin;
  double mean_abs = 1e-8;
  for (int j = cp_begin; j < cp_end; ++j) mean_abs += std::fabs(post.beta[j]) / changepoints;
  const double t_end = design.time(n - 1 + h);
  const double rate = changepoints * (t_end - 1);  // expected new changepoints in the horizon

  std::mt19937_64 rng(20170223);
  std::normal_distribution<double> noise(0, std::sqrt(post.sigma2));
  std::poisson_distribution<int> count(changepoints > 0 ? rate : 1.0);
  std::uniform_real_distribution<double> unit(0, 1);
  std::exponential_distribution<double> size(1 / mean_abs);
  std::vector<double> samples(static_cast<size_t>(h) * kSamples);
  std::vector<std::pair<double, double>> changes;  // (time, slope change)
  for (int path = 0; path < kSamples; ++path) {
    changes.clear();
    const int k = changepoints > 0 ? count(rng) : 0;
    for (int c = 0; c < k; ++c) {
      const double when = 1 + unit(rng) * (t_end - 1);
      const double delta = (unit(rng) < 0.5 ? -1 : 1) * size(rng);  // Laplace(0, mean |delta|)
      changes.emplace_back(when, delta);
    }
    // The trend deviation sum_c delta_c (t - when_c)_+ = t sum delta_c - sum delta_c when_c
    // over the changes already passed: one walk, however many changes a long horizon draws.
    std::sort(changes.begin(), changes.end());
    double slope = 0, offset = 0;
    size_t passed = 0;
    for (int i = 0; i < h; ++i) {
      const double t = design.time(n + i);
      for (; passed < changes.size() && changes[passed].first <= t; ++passed) {
        slope += changes[passed].second;
        offset += changes[passed].second * changes[passed].first;
      }
      samples[static_cast<size_t>(i) * kSamples + path] = slope * t - offset + noise(rng);
    }
  }
  for (auto* v : {&f.lo80, &f.hi80, &f.lo95, &f.hi95}) v->resize(h);
  std::vector<double> step(kSamples);
  for (int i = 0; i < h; ++i) {
    std::copy_n(samples.begin() + static_cast<std::ptrdiff_t>(i) * kSamples, kSamples,
                step.begin());
    f.lo95[i] = point[i] + quantile(step, 0.025);
    f.lo80[i] = point[i] + quantile(step, 0.10);
    f.hi80[i] = point[i] + quantile(step, 0.90);
    f.hi95[i] = point[i] + quantile(step, 0.975);
  }
}

}  // namespace

int prophet_fourier_order(int period) {
  int order = 10;                               // a year, and anything else
  if (period == 24) order = 4;                  // a day of hours
  if (period == 7 || period == 168) order = 3;  // a week of days or hours
  return std::min(order, period / 2);
}

double prophet_period_length(int period) {
  if (period == 52) return 365.25 / 7;
  if (period == 365) return 365.25;
  return period;
}

ModelFit prophet_fit(const SeriesView& s, bool intervals, const ProphetConfig& config,
                     ProphetComponents* components) {
  const int n = static_cast<int>(s.y.size()), h = s.horizon;
  if (n < 3) return {};
  const bool multiplicative = config.scale == ProphetScale::kMultiplicative && s.positive;
  // Prophet's scaling: y / max |y|, so the priors mean the same at any level; log of that
  // in multiplicative mode.
  double scale = 0;
  for (double v : s.y) scale = std::max(scale, std::fabs(v));
  if (!(scale > 0)) scale = 1;
  std::vector<double> z(n);
  for (int t = 0; t < n; ++t) z[t] = multiplicative ? std::log(s.y[t] / scale) : s.y[t] / scale;

  const Design design(s, config);
  const std::optional<Posterior> post = fit_posterior(design, z, config);
  if (!post) return {};
  const int p = design.size();
  auto unscale = [&](double v) { return multiplicative ? std::exp(v) * scale : v * scale; };

  ModelFit f;
  f.name = multiplicative ? "Prophet(log)" : "Prophet";
  std::vector<double> x(p), point(h);
  for (int i = 0; i < h; ++i) {
    design.row(n + i, x.data());
    for (int j = 0; j < p; ++j) point[i] += x[j] * post->beta[j];
  }
  f.mean.resize(h);
  for (int i = 0; i < h; ++i) f.mean[i] = unscale(point[i]);
  if (intervals) {
    simulate_intervals(design, *post, n, h, point, f);
    for (auto* v : {&f.lo80, &f.hi80, &f.lo95, &f.hi95}) {
      for (double& b : *v) b = unscale(b);
    }
  }

  // Reported on the model scale: y units, or log y when multiplicative.
  const double unit = multiplicative ? 1 : scale;
  const double per_step = unit * design.time(1);
  const int cp_begin = design.first_changepoint(), cp_end = design.first_fourier();
  double slope_end = post->beta[0];
  for (int j = cp_begin; j < cp_end; ++j) slope_end += post->beta[j];
  f.params = {{"changepoints", cp_end - cp_begin},
              {"slope_start", post->beta[0] * per_step},
              {"slope_end", slope_end * per_step},
              {"sigma", std::sqrt(post->sigma2) * unit}};
  for (size_t r = 0; r < s.regressors.size(); ++r) {
    const double effect = post->beta[design.first_regressor() + r] / design.regressor_sd(r) * unit;
    f.params.emplace_back(s.regressors[r].name, effect);
    if (components) components->regressor_effects.push_back(effect);
  }
  if (components) {
    ProphetComponents& c = *components;
    c.multiplicative = multiplicative;
    c.sigma = std::sqrt(post->sigma2) * unit;
    c.changepoints = design.changepoints();
    for (int j = cp_begin; j < cp_end; ++j) c.slope_changes.push_back(post->beta[j] * per_step);
    const double offset = multiplicative ? std::log(scale) : 0;
    for (int t = 0; t < n + h; ++t) {
      design.row(t, x.data());
      double trend = 0, seasonal = 0, regression = 0;
      for (int j = 0; j < p; ++j) {
        const double v = x[j] * post->beta[j] * unit;
        (j < design.first_fourier()     ? trend
         : j < design.first_regressor() ? seasonal
                                        : regression) += v;
      }
      c.trend.push_back(trend + offset);
      c.seasonal.push_back(seasonal);
      c.regression.push_back(regression);
    }
  }
  return f;
}

ModelFit prophet(const SeriesView& s, bool intervals) {
  ProphetConfig config;
  config.scale = ProphetScale::kMultiplicative;  // log scale where the series allows it
  return prophet_fit(s, intervals, config);
}

}  // namespace oiis::forecast::detail
