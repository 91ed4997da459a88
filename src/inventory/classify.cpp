// ABC (Pareto by revenue) and XYZ (demand variability) classification.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "inventory/inventory.h"

namespace oiis::inventory {

Status validate(const ClassificationConfig& c) {
  if (!(c.a_share > 0 && c.a_share < 1)) return invalid_argument("must be in (0, 1)", "a_share");
  if (!(c.b_share >= 0 && c.a_share + c.b_share <= 1))
    return invalid_argument("must be >= 0 with a_share + b_share <= 1", "b_share");
  if (!(c.x_max_cv > 0)) return invalid_argument("must be > 0", "x_max_cv");
  if (!(c.y_max_cv >= c.x_max_cv)) return invalid_argument("must be >= x_max_cv", "y_max_cv");
  return Status::ok();
}

int abc_index(char abc) { return abc == 'A' ? 0 : abc == 'B' ? 1 : 2; }

double coefficient_of_variation(std::span<const double> demand) {
  if (demand.empty()) return INFINITY;
  double mean = std::accumulate(demand.begin(), demand.end(), 0.0) / demand.size();
  if (mean <= 0) return INFINITY;
  double ss = 0;
  for (double x : demand) ss += (x - mean) * (x - mean);
  return std::sqrt(ss / demand.size()) / mean;
}

namespace {

// Ranks by revenue (ties by index, so the result is deterministic) and records each item's
// share and the cumulative share of the items ranked before it.
Result<std::vector<ItemClass>> rank_revenue(std::span<const double> revenue,
                                            const ClassificationConfig& config) {
  OIIS_RETURN_IF_ERROR(validate(config));
  for (std::size_t i = 0; i < revenue.size(); ++i)
    if (!std::isfinite(revenue[i]) || revenue[i] < 0)
      return invalid_argument("revenue must be finite and >= 0", "revenue[" + std::to_string(i) + "]");
  std::vector<std::size_t> order(revenue.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return revenue[a] > revenue[b]; });
  const double total = std::accumulate(revenue.begin(), revenue.end(), 0.0);
  std::vector<ItemClass> out(revenue.size());
  double running = 0;
  for (std::size_t i : order) {
    ItemClass& c = out[i];
    c.revenue_share = total > 0 ? revenue[i] / total : 0;
    c.cumulative_share = total > 0 ? running / total : 1;
    // An item with no revenue is always C, however few items there are.
    // The tolerance keeps 0.8 + 0.15 from landing above 0.95 in binary.
    constexpr double kEps = 1e-12;
    c.abc = revenue[i] <= 0                                                ? 'C'
            : c.cumulative_share < config.a_share - kEps                   ? 'A'
            : c.cumulative_share < config.a_share + config.b_share - kEps  ? 'B'
                                                                           : 'C';
    running += revenue[i];
  }
  return out;
}

}  // namespace

Result<std::vector<char>> classify_abc(std::span<const double> revenue,
                                       const ClassificationConfig& config) {
  auto ranked = rank_revenue(revenue, config);
  if (!ranked) return ranked.status();
  std::vector<char> out;
  out.reserve(ranked->size());
  for (const auto& c : *ranked) out.push_back(c.abc);
  return out;
}

char classify_xyz(double cv, const ClassificationConfig& config) {
  return cv <= config.x_max_cv ? 'X' : cv <= config.y_max_cv ? 'Y' : 'Z';
}

Result<std::vector<ItemClass>> abc_xyz(std::span<const double> revenue,
                                       std::span<const std::vector<double>> demand,
                                       const ClassificationConfig& config) {
  if (demand.size() != revenue.size())
    return invalid_argument("needs one demand series per revenue entry", "demand");
  auto ranked = rank_revenue(revenue, config);
  if (!ranked) return ranked.status();
  for (std::size_t i = 0; i < demand.size(); ++i) {
    (*ranked)[i].cv = coefficient_of_variation(demand[i]);
    (*ranked)[i].xyz = classify_xyz((*ranked)[i].cv, config);
  }
  return ranked;
}

}  // namespace oiis::inventory
