#include "customers/holdout.h"

#include <cmath>
#include <set>
#include <unordered_map>

namespace oiis::customers {
namespace {

double pearson(const std::vector<double>& x, const std::vector<double>& y) {
  const double n = static_cast<double>(x.size());
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < x.size(); ++i) mx += x[i] / n, my += y[i] / n;
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  return sxx > 0 && syy > 0 ? sxy / std::sqrt(sxx * syy) : 0.0;
}

HoldoutScore score(const std::vector<double>& predicted, const std::vector<double>& actual) {
  HoldoutScore s;
  if (predicted.empty()) return s;
  for (std::size_t i = 0; i < predicted.size(); ++i) {
    const double e = predicted[i] - actual[i];
    s.mae += std::fabs(e);
    s.rmse += e * e;
    s.total += predicted[i];
  }
  s.mae /= static_cast<double>(predicted.size());
  s.rmse = std::sqrt(s.rmse / static_cast<double>(predicted.size()));
  s.correlation = pearson(predicted, actual);
  return s;
}

}  // namespace

Result<HoldoutEvaluation> evaluate_holdout(const ClvResult& fit,
                                           std::span<const Purchase> purchases,
                                           Date calibration_end, Date holdout_end) {
  if (holdout_end <= calibration_end)
    return invalid_argument("must be after the calibration end", "holdout_end");
  std::unordered_map<std::string, std::set<Date>> holdout_days;
  for (const auto& p : purchases)
    if (p.day > calibration_end && p.day <= holdout_end) holdout_days[p.customer].insert(p.day);
  HoldoutEvaluation out;
  out.weeks = (holdout_end - calibration_end) / 7.0;
  std::vector<double> predicted, naive, actual;
  for (const auto& c : fit.customers) {
    HoldoutCustomer h;
    h.customer = c.summary.customer;
    h.predicted = expected_purchases(fit.bgnbd, c.summary, out.weeks);
    h.naive = c.summary.age > 0 ? c.summary.frequency / c.summary.age * out.weeks : 0.0;
    auto it = holdout_days.find(h.customer);
    h.actual = it == holdout_days.end() ? 0 : static_cast<int>(it->second.size());
    predicted.push_back(h.predicted);
    naive.push_back(h.naive);
    actual.push_back(h.actual);
    out.actual_total += h.actual;
    out.customers.push_back(std::move(h));
  }
  out.model = score(predicted, actual);
  out.naive = score(naive, actual);
  return out;
}

}  // namespace oiis::customers
