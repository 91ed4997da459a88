#include "customers/clv.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <tuple>

#include "common/nelder_mead.h"

namespace oiis::customers {
namespace {

constexpr double kDaysPerWeek = 7.0;

double log_beta(double a, double b) { return std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b); }

// Gauss's 2F1(a, b; c; z) for 0 <= z < 1 by its series (the BG/NBD expectation needs it).
double hypergeometric_2f1(double a, double b, double c, double z) {
  double term = 1, sum = 1;
  for (int j = 0; j < 10000; ++j) {
    term *= (a + j) * (b + j) / ((c + j) * (j + 1)) * z;
    sum += term;
    if (std::fabs(term) < 1e-14 * std::fabs(sum)) break;
  }
  return sum;
}

// Nelder-Mead on the logs of `x` (all parameters are positive), restarted from each optimum
// until the likelihood stops improving: one simplex run can stall on these ridges.
template <std::size_t N, typename F>
double maximise_positive(std::array<double, N>& x, F&& log_likelihood) {
  std::array<double, N> u{}, step{};
  for (std::size_t i = 0; i < N; ++i) u[i] = std::log(x[i]), step[i] = 0.5;
  auto negative = [&](const double* v) {
    std::array<double, N> params{};
    for (std::size_t i = 0; i < N; ++i) params[i] = std::exp(v[i]);
    return -log_likelihood(params);
  };
  optimize::NelderMeadOptions options;
  options.max_evals = 4000;
  options.rel_tol = 1e-12;
  double best = std::numeric_limits<double>::infinity();
  for (int restart = 0; restart < 8; ++restart) {
    const auto result = optimize::nelder_mead(negative, std::span<double>(u), std::span<const double>(step), options);
    const bool improved = result.value < best - 1e-9 * std::fabs(best);
    best = std::min(best, result.value);
    if (!improved && restart > 0) break;
    for (auto& s : step) s = 0.1;
  }
  for (std::size_t i = 0; i < N; ++i) x[i] = std::exp(u[i]);
  return -best;
}

}  // namespace

Result<std::vector<CustomerSummary>> summarize(std::span<const Purchase> purchases,
                                               Date calibration_end) {
  std::map<std::string, std::map<Date, double>> days;  // customer -> day -> amount
  for (std::size_t i = 0; i < purchases.size(); ++i) {
    const Purchase& p = purchases[i];
    if (!(p.amount >= 0) || !std::isfinite(p.amount))
      return invalid_argument("must be a finite number >= 0",
                              "purchases[" + std::to_string(i) + "].amount");
    if (p.day <= calibration_end) days[p.customer][p.day] += p.amount;
  }
  std::vector<CustomerSummary> out;
  out.reserve(days.size());
  for (const auto& [customer, by_day] : days) {
    CustomerSummary c;
    c.customer = customer;
    const Date first = by_day.begin()->first, last = by_day.rbegin()->first;
    c.frequency = static_cast<int>(by_day.size()) - 1;
    c.recency = (last - first) / kDaysPerWeek;
    c.age = (calibration_end - first) / kDaysPerWeek;
    double repeat_total = 0;
    for (auto it = std::next(by_day.begin()); it != by_day.end(); ++it) repeat_total += it->second;
    c.monetary = c.frequency > 0 ? repeat_total / c.frequency : 0;
    out.push_back(std::move(c));
  }
  return out;
}

namespace {

// The parts of a customer's BG/NBD log-likelihood that depend only on the parameters and x:
// computed once per distinct x while fitting (the lgamma calls dominate otherwise).
struct FrequencyTerms {
  double common = 0, alive = 0, dropped = 0;
};
FrequencyTerms frequency_terms(const BgNbdParams& p, int frequency, double log_beta_ab) {
  const double x = frequency;
  FrequencyTerms t;
  t.common = std::lgamma(p.r + x) - std::lgamma(p.r) + p.r * std::log(p.alpha);
  t.alive = log_beta(p.a, p.b + x) - log_beta_ab;
  if (frequency > 0) t.dropped = log_beta(p.a + 1, p.b + x - 1) - log_beta_ab;
  return t;
}

double log_likelihood_with(const BgNbdParams& p, const FrequencyTerms& t, int frequency,
                           double recency, double age) {
  const double x = frequency;
  const double alive = t.alive - (p.r + x) * std::log(p.alpha + age);
  if (frequency == 0) return t.common + alive;
  const double dropped = t.dropped - (p.r + x) * std::log(p.alpha + recency);
  const double top = std::max(alive, dropped);
  return t.common + top + std::log(std::exp(alive - top) + std::exp(dropped - top));
}

// Customers with the same (x, t_x, T) have the same likelihood: fitted once, weighted.
struct SummaryGroup {
  int frequency = 0;
  double recency = 0, age = 0, count = 0;
};
std::vector<SummaryGroup> group_summaries(std::span<const CustomerSummary> customers) {
  std::vector<SummaryGroup> g;
  g.reserve(customers.size());
  for (const auto& c : customers) g.push_back({c.frequency, c.recency, c.age, 1});
  auto key = [](const SummaryGroup& v) { return std::tie(v.frequency, v.recency, v.age); };
  std::sort(g.begin(), g.end(), [&](const auto& a, const auto& b) { return key(a) < key(b); });
  std::vector<SummaryGroup> out;
  for (const auto& v : g)
    if (!out.empty() && key(out.back()) == key(v)) out.back().count += 1;
    else out.push_back(v);
  return out;
}

}  // namespace

double bgnbd_log_likelihood(const BgNbdParams& p, const CustomerSummary& c) {
  return log_likelihood_with(p, frequency_terms(p, c.frequency, log_beta(p.a, p.b)), c.frequency,
                             c.recency, c.age);
}

namespace {
// 1 + (a / (b + x - 1)) ((alpha + T) / (alpha + t_x))^(r + x) for x > 0, else 1.
double dropout_odds(const BgNbdParams& p, const CustomerSummary& c) {
  if (c.frequency == 0) return 1.0;
  const double x = c.frequency;
  return 1.0 + p.a / (p.b + x - 1) *
                   std::pow((p.alpha + c.age) / (p.alpha + c.recency), p.r + x);
}
}  // namespace

double p_alive(const BgNbdParams& p, const CustomerSummary& c) { return 1.0 / dropout_odds(p, c); }

double expected_purchases(const BgNbdParams& p, const CustomerSummary& c, double t) {
  const double x = c.frequency;
  const double z = t / (p.alpha + c.age + t);
  const double tail = std::pow((p.alpha + c.age) / (p.alpha + c.age + t), p.r + x) *
                      hypergeometric_2f1(p.r + x, p.b + x, p.a + p.b + x - 1, z);
  return (p.a + p.b + x - 1) / (p.a - 1) * (1 - tail) / dropout_odds(p, c);
}

double expected_spend(const GammaGammaParams& g, const CustomerSummary& c) {
  const double x = c.frequency;
  if (x <= 0 || !(c.monetary > 0)) return g.p * g.gamma / (g.q - 1);  // population mean
  return g.p * (g.gamma + x * c.monetary) / (g.p * x + g.q - 1);
}

// Below this mean chance of dropping out after a purchase the fit has run to its boundary
// (CDNOW's is 0.25; one in 100,000 is no estimate, just the optimiser walking towards zero).
constexpr double kNegligibleDropout = 1e-5;

Result<BgNbdParams> fit_bgnbd(std::span<const CustomerSummary> customers) {
  if (customers.size() < 10)
    return failed_precondition("BG/NBD needs at least 10 customers", "customers");
  std::array<double, 4> x{1.0, 1.0, 1.0, 1.0};  // r, alpha, a, b
  BgNbdParams fit;
  const std::vector<SummaryGroup> groups = group_summaries(customers);
  const int max_frequency = groups.back().frequency;  // sorted by frequency first
  std::vector<FrequencyTerms> terms(max_frequency + 1);
  std::vector<bool> present(max_frequency + 1, false);
  for (const auto& g : groups) present[g.frequency] = true;
  fit.log_likelihood = maximise_positive(x, [&](const std::array<double, 4>& v) {
    const BgNbdParams p{v[0], v[1], v[2], v[3], 0, {}};
    const double log_beta_ab = log_beta(p.a, p.b);
    for (int f = 0; f <= max_frequency; ++f)
      if (present[f]) terms[f] = frequency_terms(p, f, log_beta_ab);
    double ll = 0;
    for (const auto& g : groups)
      ll += g.count * log_likelihood_with(p, terms[g.frequency], g.frequency, g.recency, g.age);
    return ll;
  });
  fit.r = x[0], fit.alpha = x[1], fit.a = x[2], fit.b = x[3];
  if (fit.a / (fit.a + fit.b) < kNegligibleDropout)
    fit.note = "BG/NBD finds almost no dropping out in this history (a / (a + b) below 1e-5): "
               "P(alive) is about 1 for everyone; a longer history would tell lapsed "
               "customers apart";
  return fit;
}

// A shape this large means the optimiser walked off to infinity: no finite p explains the
// spends better (a 1e6 shape is a within-customer coefficient of variation of 0.1 %).
constexpr double kUnboundedShape = 1e6;

Result<GammaGammaParams> fit_gamma_gamma(std::span<const CustomerSummary> customers) {
  std::vector<const CustomerSummary*> repeat;
  for (const auto& c : customers)
    if (c.frequency > 0 && c.monetary > 0) repeat.push_back(&c);
  if (repeat.size() < 10)
    return failed_precondition("Gamma-Gamma needs at least 10 customers with repeat purchases",
                               "customers");
  std::array<double, 3> x{1.0, 1.0, 1.0};  // p, q, gamma
  GammaGammaParams fit;
  int max_frequency = 0;
  std::vector<double> log_m;  // parameter-free: once
  for (const CustomerSummary* c : repeat)
    max_frequency = std::max(max_frequency, c->frequency), log_m.push_back(std::log(c->monetary));
  std::vector<double> by_frequency(max_frequency + 1);  // lgamma terms, once per n and step
  fit.log_likelihood = maximise_positive(x, [&](const std::array<double, 3>& v) {
    const double p = v[0], q = v[1], g = v[2];
    for (int n = 1; n <= max_frequency; ++n)
      by_frequency[n] = std::lgamma(p * n + q) - std::lgamma(p * n) + p * n * std::log(n);
    double ll = static_cast<double>(repeat.size()) * (q * std::log(g) - std::lgamma(q));
    for (std::size_t i = 0; i < repeat.size(); ++i) {
      const double n = repeat[i]->frequency, m = repeat[i]->monetary;
      ll += by_frequency[repeat[i]->frequency] + (p * n - 1) * log_m[i] -
            (p * n + q) * std::log(g + m * n);
    }
    return ll;
  });
  fit.p = x[0], fit.q = x[1], fit.gamma = x[2];
  if (fit.p > kUnboundedShape)
    fit.note = "Gamma-Gamma's fit is at its boundary (p without bound): spend varies little "
               "within customers next to between them, so each expected spend is about the "
               "customer's own average";
  return fit;
}

Result<ClvResult> customer_lifetime_value(std::span<const CustomerSummary> customers,
                                          double horizon_weeks) {
  if (!(horizon_weeks > 0) || !std::isfinite(horizon_weeks))
    return invalid_argument("must be > 0", "horizon");
  auto bgnbd = fit_bgnbd(customers);
  if (!bgnbd) return bgnbd.status();
  auto spend = fit_gamma_gamma(customers);
  if (!spend) return spend.status();
  ClvResult out{*bgnbd, *spend, horizon_weeks, {}};
  out.customers.reserve(customers.size());
  for (const auto& c : customers) {
    CustomerValue v{c, p_alive(*bgnbd, c), expected_purchases(*bgnbd, c, horizon_weeks),
                    expected_spend(*spend, c), 0};
    v.expected_value = v.expected_purchases * v.expected_spend;
    out.customers.push_back(std::move(v));
  }
  return out;
}

}  // namespace oiis::customers
