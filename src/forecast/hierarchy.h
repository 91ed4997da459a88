// Hierarchical forecasts that add up: SKU -> category -> total, or any tree given by each
// bottom series' chain of ancestors. Pure like forecast.h: base forecasts (and residuals) in,
// coherent forecasts out.
//
//   auto h = Hierarchy::from_paths({"A1", "A2", "B1"},
//                                  {{"A", "total"}, {"A", "total"}, {"B", "total"}});
//   // node order: total, A, B (aggregates, root first), then A1, A2, B1 (the bottoms)
//   ReconcileOptions o;  o.method = Reconciliation::kMintShrink;
//   Result<Reconciled> r = reconcile(*h, base, residuals, o);   // one Forecast per node
//
// Every method is a projection y~ = y^ - W C' (C W C')^-1 C y^, C = [I  -A] the aggregation
// constraints (one row per aggregate node) and W the weights of the base errors; the solve is
// (aggregates x aggregates), so thousands of SKUs never form an n x n matrix (MinT's sample
// covariance enters as E'(E C') / T with E the T x n residuals). Bottom-up ignores the base
// forecasts of the aggregates. The reconciled bottoms are then clipped at zero (optional) and
// re-aggregated, so the output adds up exactly whatever the method.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "forecast/forecast.h"

namespace oiis::forecast {

class Hierarchy {
 public:
  struct Node {
    std::string name;  // as given in the paths (bottom: its own name)
    int parent = -1;   // node index; -1 for the root
    int depth = 0;     // 0 = root
    int bottoms = 0;   // bottom series under it (1 for a bottom)
  };

  // `paths[i]` is bottom i's ancestors, nearest first, ending at the root that every path
  // shares ({"garden", "total"}). An aggregate is identified by its whole chain up to the
  // root, so the same name under two parents is two nodes. Errors name the field: empty or
  // mismatched sizes, a bottom without a parent path, paths ending at different roots, a
  // duplicate bottom name, an empty name.
  static Result<Hierarchy> from_paths(std::span<const std::string> bottom_names,
                                      std::span<const std::vector<std::string>> paths);

  int size() const { return static_cast<int>(nodes_.size()); }
  int aggregate_count() const { return aggregates_; }  // nodes [0, aggregate_count())
  int bottom_count() const { return size() - aggregates_; }
  int bottom_node(int bottom) const { return aggregates_ + bottom; }
  const Node& node(int i) const { return nodes_[i]; }
  // First node with this name at this depth, or -1.
  int find(std::string_view name, int depth) const;
  // The aggregate nodes above bottom b, nearest first (so the root is last).
  const std::vector<int>& ancestors(int bottom) const { return ancestors_[bottom]; }

  // Every node's value from the bottoms' (size bottom_count()): each aggregate is the sum of
  // its children, added in decreasing node order.
  std::vector<double> aggregate(std::span<const double> bottom_values) const;

 private:
  std::vector<Node> nodes_;  // aggregates by depth (root first), then bottoms in input order
  int aggregates_ = 0;
  std::vector<std::vector<int>> ancestors_;
};

enum class Reconciliation {
  kBottomUp,       // aggregates = sums of the bottoms' base forecasts
  kOls,            // W = I
  kWlsStructural,  // W = diag(bottoms under each node) (Athanasopoulos et al. 2017)
  kWlsVariance,    // W = diag(residual variances) (Hyndman et al. 2016)
  kMintShrink,     // W = shrunk residual covariance (Wickramasuriya, Athanasopoulos & Hyndman 2019)
};
// "bottom-up", "ols", "wls-struct", "wls", "mint".
std::string_view reconciliation_name(Reconciliation method);
std::optional<Reconciliation> parse_reconciliation(std::string_view name);
bool needs_residuals(Reconciliation method);

struct ReconcileOptions {
  Reconciliation method = Reconciliation::kMintShrink;
  // Demand cannot be negative: reconciled bottoms below zero are set to zero and the
  // aggregates recomputed from them (coherent, at the price of no longer being the exact
  // projection where that happened).
  bool non_negative = true;
};

struct Reconciled {
  std::vector<Forecast> forecasts;  // one per node, node order
  double shrinkage = 0;             // MinT: the Schafer-Strimmer lambda used (1 = diagonal)
};

// `base`: one forecast per node (node order), all with the same horizon; intervals optional
// but all-or-none. `residuals`: per node, the base model's errors (actual - forecast) on the
// same T past periods (NaN = unknown, counted as zero); needed by kWlsVariance and
// kMintShrink, ignored otherwise.
//
// Intervals: with non_negative, each reconciled bound is the base bound scaled by reconciled /
// base mean (the base model's calibrated relative width, and a zero lower bound stays zero);
// a node whose base mean is 0, or any node without non_negative, moves its bounds by the
// difference of the means instead. Bounds are clipped at zero with non_negative. MinT's
// reconciled variance is no larger than the base one, so this errs wide.
Result<Reconciled> reconcile(const Hierarchy& hierarchy, std::span<const Forecast> base,
                             std::span<const std::vector<double>> residuals,
                             const ReconcileOptions& options);

}  // namespace oiis::forecast
