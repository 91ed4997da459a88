// Price elasticity (Poisson log-log regression, shrunk toward the category) and pricing
// suggestions (margin-maximising price, markdowns for overstock and slow movers).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "inventory/inventory.h"

namespace oiis::inventory {
namespace {

constexpr int kMinObservations = 56;
constexpr double kMinLogPriceSd = 0.01;

// Solves A x = b (A symmetric positive semi-definite, k x k) by Gaussian elimination with
// partial pivoting; a tiny ridge keeps collinear dummies solvable. Returns the inverse too.
bool solve(std::vector<double> a, std::vector<double> b, int k, std::vector<double>& x,
           std::vector<double>& inverse) {
  for (int i = 0; i < k; ++i) a[i * k + i] += 1e-8 * (1 + std::abs(a[i * k + i]));
  inverse.assign(k * k, 0.0);
  for (int i = 0; i < k; ++i) inverse[i * k + i] = 1;
  for (int col = 0; col < k; ++col) {
    int pivot = col;
    for (int r = col + 1; r < k; ++r)
      if (std::abs(a[r * k + col]) > std::abs(a[pivot * k + col])) pivot = r;
    if (std::abs(a[pivot * k + col]) < 1e-14) return false;
    for (int c = 0; c < k; ++c) {
      std::swap(a[col * k + c], a[pivot * k + c]);
      std::swap(inverse[col * k + c], inverse[pivot * k + c]);
    }
    std::swap(b[col], b[pivot]);
    for (int r = 0; r < k; ++r) {
      if (r == col) continue;
      const double f = a[r * k + col] / a[col * k + col];
      if (f == 0) continue;
      for (int c = 0; c < k; ++c) {
        a[r * k + c] -= f * a[col * k + c];
        inverse[r * k + c] -= f * inverse[col * k + c];
      }
      b[r] -= f * b[col];
    }
  }
  x.assign(k, 0.0);
  for (int i = 0; i < k; ++i) {
    x[i] = b[i] / a[i * k + i];
    for (int c = 0; c < k; ++c) inverse[i * k + c] /= a[i * k + i];
  }
  return true;
}

// Design row of day t: intercept, log price, [log index | weekday dummies], trend, [promo].
struct Design {
  const ElasticityInput& in;
  bool has_index, has_promo;
  int columns() const { return 2 + (has_index ? 1 : 6) + 1 + (has_promo ? 1 : 0); }
  void row(std::size_t t, std::size_t first, std::size_t last, double* x) const {
    int c = 0;
    x[c++] = 1;
    x[c++] = std::log(in.price[t]);
    if (has_index) {
      x[c++] = in.log_index[t];
    } else {
      for (int d = 1; d < 7; ++d) x[c++] = (t % 7) == static_cast<std::size_t>(d) ? 1 : 0;
    }
    x[c++] = last > first ? (static_cast<double>(t - first) / (last - first)) - 0.5 : 0;
    if (has_promo) x[c++] = in.promo[t] ? 1 : 0;
  }
};

}  // namespace

Result<ElasticityEstimate> estimate_elasticity(const ElasticityInput& in) {
  const std::size_t n = in.price.size();
  if (in.quantity.size() != n) return invalid_argument("length differs from price", "quantity");
  if (!in.log_index.empty() && in.log_index.size() != n)
    return invalid_argument("length differs from price", "log_index");
  if (!in.promo.empty() && in.promo.size() != n) return invalid_argument("length differs from price", "promo");
  if (!in.use.empty() && in.use.size() != n) return invalid_argument("length differs from price", "use");
  std::vector<std::size_t> days;
  for (std::size_t t = 0; t < n; ++t)
    if ((in.use.empty() || in.use[t]) && in.price[t] > 0 && std::isfinite(in.price[t]) &&
        in.quantity[t] >= 0 && (in.log_index.empty() || std::isfinite(in.log_index[t])))
      days.push_back(t);
  ElasticityEstimate est;
  est.observations = static_cast<int>(days.size());
  est.std_error = INFINITY;
  if (days.size() < kMinObservations) return est;
  double mean_lp = 0, total_q = 0;
  for (std::size_t t : days) mean_lp += std::log(in.price[t]) / days.size(), total_q += in.quantity[t];
  double var_lp = 0;
  for (std::size_t t : days) var_lp += std::pow(std::log(in.price[t]) - mean_lp, 2) / days.size();
  if (std::sqrt(var_lp) < kMinLogPriceSd || total_q < 20) return est;

  const Design design{in, !in.log_index.empty(), !in.promo.empty()};
  const int k = design.columns();
  std::vector<double> beta(k, 0.0), x(k), xtwx, xtwz, inverse;
  beta[0] = std::log(total_q / days.size());
  const std::size_t first = days.front(), last = days.back();
  // IRLS for the Poisson log link: weights mu, working response eta + (y - mu) / mu.
  for (int iter = 0; iter < 30; ++iter) {
    xtwx.assign(k * k, 0.0);
    xtwz.assign(k, 0.0);
    for (std::size_t t : days) {
      design.row(t, first, last, x.data());
      double eta = 0;
      for (int j = 0; j < k; ++j) eta += x[j] * beta[j];
      eta = std::clamp(eta, -30.0, 30.0);
      const double mu = std::exp(eta), z = eta + (in.quantity[t] - mu) / mu;
      for (int i = 0; i < k; ++i) {
        xtwz[i] += x[i] * mu * z;
        for (int j = 0; j < k; ++j) xtwx[i * k + j] += x[i] * mu * x[j];
      }
    }
    std::vector<double> next;
    if (!solve(xtwx, xtwz, k, next, inverse)) return est;
    double change = 0;
    for (int j = 0; j < k; ++j) change = std::max(change, std::abs(next[j] - beta[j]));
    beta = next;
    if (change < 1e-7) break;
  }
  // Over-dispersion from Pearson residuals: Var(y) = phi mu.
  double pearson = 0;
  for (std::size_t t : days) {
    design.row(t, first, last, x.data());
    double eta = 0;
    for (int j = 0; j < k; ++j) eta += x[j] * beta[j];
    const double mu = std::exp(std::clamp(eta, -30.0, 30.0));
    pearson += (in.quantity[t] - mu) * (in.quantity[t] - mu) / mu;
  }
  const double phi = std::max(1.0, pearson / std::max<double>(1, days.size() - k));
  est.elasticity = beta[1];
  est.std_error = std::sqrt(std::max(0.0, phi * inverse[1 * k + 1]));
  est.identified = std::isfinite(est.elasticity) && std::isfinite(est.std_error);
  return est;
}

std::vector<double> shrink_elasticities(std::span<const ElasticityEstimate> estimates,
                                        std::span<const int> group, double fallback) {
  struct Pool {
    double w = 0, we = 0, w2 = 0, q = 0, mean = 0, tau2 = 0;
    int k = 0;
  };
  std::map<int, Pool> pools;
  // A positive own-price elasticity is not economics but confounding (stock-outs during
  // promotions, life-cycle): such an item is treated as unidentified.
  auto usable = [&](std::size_t i) {
    return estimates[i].identified && estimates[i].std_error > 0 &&
           std::isfinite(estimates[i].std_error) && estimates[i].elasticity < 0;
  };
  for (std::size_t i = 0; i < estimates.size(); ++i) {
    if (!usable(i)) continue;
    Pool& p = pools[group[i]];
    const double w = 1 / (estimates[i].std_error * estimates[i].std_error);
    p.w += w, p.we += w * estimates[i].elasticity, p.w2 += w * w, ++p.k;
  }
  for (auto& [g, p] : pools) p.mean = p.we / p.w;
  for (std::size_t i = 0; i < estimates.size(); ++i) {
    if (!usable(i)) continue;
    Pool& p = pools[group[i]];
    const double w = 1 / (estimates[i].std_error * estimates[i].std_error);
    p.q += w * std::pow(estimates[i].elasticity - p.mean, 2);
  }
  // DerSimonian-Laird between-item variance, floored so good estimates keep their own value.
  for (auto& [g, p] : pools)
    p.tau2 = std::max(0.01, p.k > 1 ? (p.q - (p.k - 1)) / (p.w - p.w2 / p.w) : 0.0);
  std::vector<double> out(estimates.size(), fallback);
  for (std::size_t i = 0; i < estimates.size(); ++i) {
    auto it = pools.find(group[i]);
    if (it == pools.end()) continue;
    const Pool& p = it->second;
    if (!usable(i)) {
      out[i] = p.mean;
      continue;
    }
    const double se2 = estimates[i].std_error * estimates[i].std_error;
    out[i] = (p.tau2 * estimates[i].elasticity + se2 * p.mean) / (p.tau2 + se2);
  }
  for (double& e : out) e = std::clamp(e, -6.0, -0.05);
  return out;
}

Result<PriceSuggestion> suggest_price(const PricingInput& in, const PricingConfig& config) {
  if (!(in.price > 0) || !std::isfinite(in.price)) return invalid_argument("must be > 0", "price");
  if (!(in.unit_cost >= 0)) return invalid_argument("must be >= 0", "unit_cost");
  if (!std::isfinite(in.elasticity)) return invalid_argument("must be finite", "elasticity");
  if (!(config.max_increase >= 0) || !(config.max_decrease >= 0 && config.max_decrease < 1))
    return invalid_argument("bounds must be >= 0 and max_decrease < 1", "max_decrease");
  const double e = in.elasticity, p0 = in.price, c = in.unit_cost;
  auto daily_margin = [&](double p) { return (p - c) * in.daily_demand * std::pow(p / p0, e); };
  const double lo = std::max(p0 * (1 - config.max_decrease), c * (1 + config.min_margin));
  const double hi = p0 * (1 + config.max_increase);
  PriceSuggestion s;
  // (p - c) p^e peaks at p* = c e / (1 + e) when demand is elastic (e < -1); otherwise margin
  // grows with price and the upper bound binds.
  const double best = e < -1 ? c * e / (1 + e) : hi;
  s.recommended_price = lo > hi ? p0 : std::round(std::clamp(best, lo, hi) * 100) / 100;
  s.expected_margin_change = daily_margin(s.recommended_price) - daily_margin(p0);
  const double cover = in.daily_demand > 0 ? in.on_hand / in.daily_demand : INFINITY;
  const bool slow = in.on_hand > 0 && in.days_since_last_sale >= config.slow_days;
  const bool overstock = in.on_hand > 0 && cover > config.overstock_days;
  char buf[200];
  if (slow || overstock) {
    const double floor = std::max(p0 * (1 - config.max_decrease), c);
    // Price that lifts the sales rate to clear on-hand within clear_days: p = p0 f^(1/e).
    double target = floor;
    if (in.daily_demand > 0 && e < 0) {
      const double lift = (in.on_hand / config.clear_days) / in.daily_demand;
      target = lift > 1 ? p0 * std::pow(lift, 1 / e) : p0;
    }
    s.markdown_price = std::round(std::clamp(target, floor, p0) * 100) / 100;
    s.markdown = s.markdown_price < p0;
    std::snprintf(buf, sizeof buf, "%s: %s; markdown to %.2f (%.0f%% off)",
                  slow ? "slow mover" : "overstock",
                  slow ? (std::to_string(in.days_since_last_sale) + " days without a sale").c_str()
                       : (std::to_string(static_cast<long long>(cover)) + " days of cover").c_str(),
                  s.markdown_price, 100 * (1 - s.markdown_price / p0));
  } else {
    std::snprintf(buf, sizeof buf, "elasticity %.2f: margin-maximising price %.2f (now %.2f)", e,
                  s.recommended_price, p0);
  }
  s.reason = buf;
  return s;
}

}  // namespace oiis::inventory
