#include "forecast/theta.h"

#include <array>
#include <cmath>

#include "forecast/decompose.h"
#include "forecast/ets.h"
#include "common/nelder_mead.h"

namespace oiis::forecast::detail {
namespace {

using optimize::nelder_mead;
using optimize::NelderMeadOptions;
using optimize::NelderMeadResult;
using optimize::kMaxNmDims;

struct Line {
  double intercept = 0, slope = 0;  // y ~ intercept + slope t, t = 1..n
};

Line least_squares_line(std::span<const double> y) {
  const double n = static_cast<double>(y.size());
  const double tbar = (n + 1) / 2;
  double ybar = 0;
  for (double v : y) ybar += v;
  ybar /= n;
  double sxy = 0, sxx = 0;
  for (size_t t = 0; t < y.size(); ++t) {
    const double dt = static_cast<double>(t + 1) - tbar;
    sxy += dt * (y[t] - ybar);
    sxx += dt * dt;
  }
  Line line;
  line.slope = sxx > 0 ? sxy / sxx : 0;
  line.intercept = ybar - line.slope * tbar;
  return line;
}

void reseasonalise(ModelFit& f, const Deseasonalised& d) {
  for (auto* v : {&f.mean, &f.lo80, &f.hi80, &f.lo95, &f.hi95}) {
    for (size_t i = 0; i < v->size(); ++i) (*v)[i] *= d.future[i];
  }
}

}  // namespace

ModelFit theta(const SeriesView& s, bool) {
  const Deseasonalised d = m4_deseasonalise(s.y, s.m, s.horizon);
  const std::vector<double>& x = d.adjusted;
  const Line line = least_squares_line(x);
  std::vector<double> theta2(x.size());
  for (size_t t = 0; t < x.size(); ++t) {
    theta2[t] = 2 * x[t] - (line.intercept + line.slope * static_cast<double>(t + 1));
  }
  const std::optional<EtsFit> ses = fit_ets(theta2, {}, 1);
  if (!ses) return {};
  ModelFit f;
  f.name = "Theta";
  f.params = {{"alpha", ses->alpha}, {"drift", line.slope / 2}};
  f.mean.resize(s.horizon);
  const double n = static_cast<double>(x.size());
  for (int i = 0; i < s.horizon; ++i) {
    f.mean[i] = 0.5 * ses->level + 0.5 * (line.intercept + line.slope * (n + i + 1));
  }
  reseasonalise(f, d);
  return f;
}

ModelFit optimized_theta(const SeriesView& s, bool) {
  const Deseasonalised d = m4_deseasonalise(s.y, s.m, s.horizon);
  const std::span<const double> x = d.adjusted;
  const int n = static_cast<int>(x.size());
  if (n < 4) return {};
  const Line line = least_squares_line(x);
  const double scale = std::max(std::fabs(x[0]), 1e-8);
  // u = (logit alpha, logit((theta - 1) / 9), (l0 - x0) / scale)
  auto decode = [&](const double* u, double& alpha, double& th, double& l0) {
    alpha = 1e-4 + (1 - 2e-4) / (1 + std::exp(-u[0]));
    th = 1 + 9 / (1 + std::exp(-u[1]));
    l0 = x[0] + scale * u[2];
  };
  // Runs the recursion; returns the MSE and leaves l_n in `level`.
  auto run = [&](double alpha, double th, double l0, double& level) {
    const double k = 1 - 1 / th;
    double l = l0, decay = 1, sse = 0;  // decay = (1-alpha)^t
    for (int t = 0; t < n; ++t) {
      const double pred =
          l + k * (decay * line.intercept + (1 - decay * (1 - alpha)) / alpha * line.slope);
      const double e = x[t] - pred;
      sse += e * e;
      l = alpha * x[t] + (1 - alpha) * l;
      decay *= 1 - alpha;
    }
    level = l;
    return sse / n;
  };
  std::array<double, 3> u{std::log(0.5 / 0.5), std::log(1.0 / 8.0), 0.0};  // alpha .5, theta 2
  const std::array<double, 3> step{1.0, 1.0, 0.5};
  nelder_mead(
      [&](const double* v) {
        double a, th, l0, level;
        decode(v, a, th, l0);
        return run(a, th, l0, level);
      },
      u, step, {.max_evals = 400, .rel_tol = 1e-8});
  double alpha, th, l0, level;
  decode(u.data(), alpha, th, l0);
  run(alpha, th, l0, level);
  ModelFit f;
  f.name = "OptimizedTheta";
  f.params = {{"alpha", alpha}, {"theta", th}};
  f.mean.resize(s.horizon);
  const double k = 1 - 1 / th;
  const double decay_n = std::pow(1 - alpha, n);
  for (int i = 0; i < s.horizon; ++i) {
    f.mean[i] = level + k * (decay_n * line.intercept +
                             (i + (1 - decay_n * (1 - alpha)) / alpha) * line.slope);
  }
  reseasonalise(f, d);
  return f;
}

}  // namespace oiis::forecast::detail
