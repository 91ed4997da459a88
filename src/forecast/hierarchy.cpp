#include "forecast/hierarchy.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <optional>
#include <unordered_set>

#include <Eigen/Cholesky>

namespace oiis::forecast {
namespace {

std::string at(const char* field, std::size_t i) {
  return std::string(field) + "[" + std::to_string(i) + "]";
}

// Row-major dense matrix, small: aggregates x aggregates or nodes x aggregates.
struct Matrix {
  int rows = 0, cols = 0;
  std::vector<double> v;
  Matrix(int r, int c) : rows(r), cols(c), v(static_cast<std::size_t>(r) * c, 0.0) {}
  double& operator()(int r, int c) { return v[static_cast<std::size_t>(r) * cols + c]; }
  double operator()(int r, int c) const { return v[static_cast<std::size_t>(r) * cols + c]; }
};

using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Cholesky factor of a symmetric positive definite matrix, nullopt if it is not. A shrunk
// covariance from fewer residual periods than aggregates can leave C W C' singular in floating
// point; a ridge of 1e-9 of its mean diagonal is invisible in the forecasts.
std::optional<Eigen::LLT<RowMajor>> cholesky_with_ridge(const Matrix& a) {
  RowMajor m = Eigen::Map<const RowMajor>(a.v.data(), a.rows, a.cols);
  Eigen::LLT<RowMajor> llt(m);
  if (llt.info() == Eigen::Success) return llt;
  m.diagonal().array() += 1e-9 * m.trace() / a.rows + 1e-12;
  llt.compute(m);
  if (llt.info() == Eigen::Success) return llt;
  return std::nullopt;
}

// C y for the constraints C = [I  -A]: per aggregate, its value minus the sum of its bottoms.
// `value(node)` reads the node's entry.
template <typename Value>
std::vector<double> constraint_gap(const Hierarchy& h, Value value) {
  std::vector<double> gap(h.aggregate_count());
  for (int k = 0; k < h.aggregate_count(); ++k) gap[k] = value(k);
  for (int b = 0; b < h.bottom_count(); ++b) {
    const double y = value(h.bottom_node(b));
    for (int k : h.ancestors(b)) gap[k] -= y;
  }
  return gap;
}

// Residuals as T x n with unknown (NaN) entries zero.
Matrix residual_matrix(std::span<const std::vector<double>> residuals) {
  const int n = static_cast<int>(residuals.size());
  const int t = static_cast<int>(residuals[0].size());
  Matrix e(t, n);
  for (int i = 0; i < n; ++i)
    for (int s = 0; s < t; ++s) e(s, i) = std::isfinite(residuals[i][s]) ? residuals[i][s] : 0.0;
  return e;
}

// diag(E'E / T), floored so that C W C' stays invertible when a node never erred (a
// constant-zero SKU): the floor is tiny against the typical variance.
std::vector<double> variances(const Matrix& e) {
  std::vector<double> var(e.cols, 0.0);
  for (int s = 0; s < e.rows; ++s)
    for (int i = 0; i < e.cols; ++i) var[i] += e(s, i) * e(s, i);
  double mean = 0;
  for (double& v : var) mean += v /= e.rows;
  mean /= std::max(1, e.cols);
  const double floor = 1e-9 * mean + 1e-12;
  for (double& v : var) v = std::max(v, floor);
  return var;
}

// Schafer & Strimmer's (2005) shrinkage intensity towards the diagonal, as hts's
// shrink.estim: lambda = sum_{i!=j} Var(r_ij) / sum_{i!=j} r_ij^2 over the correlations of the
// (uncentred) standardised residuals. Sums over the n^2 pairs are rewritten through the T x T
// Gram matrix Q = X X' of the standardised residuals: sum_{i,j} (sum_t x_ti x_tj)^2 = |Q|_F^2.
double shrinkage_intensity(const Matrix& e, const std::vector<double>& var) {
  const int t = e.rows, n = e.cols;
  if (t < 2) return 1.0;
  Matrix x(t, n);
  for (int s = 0; s < t; ++s)
    for (int i = 0; i < n; ++i) x(s, i) = e(s, i) / std::sqrt(var[i]);
  double fourth_cross = 0;  // sum_t sum_{i!=j} x_ti^2 x_tj^2
  for (int s = 0; s < t; ++s) {
    double sq = 0, quad = 0;
    for (int i = 0; i < n; ++i) {
      const double x2 = x(s, i) * x(s, i);
      sq += x2;
      quad += x2 * x2;
    }
    fourth_cross += sq * sq - quad;
  }
  double gram_sq = 0;  // |Q|_F^2
  for (int s = 0; s < t; ++s)
    for (int r = s; r < t; ++r) {
      double q = 0;
      for (int i = 0; i < n; ++i) q += x(s, i) * x(r, i);
      gram_sq += (r == s ? 1.0 : 2.0) * q * q;
    }
  double own = 0;  // the i == j terms of |Q|_F^2
  for (int i = 0; i < n; ++i) {
    double c = 0;
    for (int s = 0; s < t; ++s) c += x(s, i) * x(s, i);
    own += c * c;
  }
  const double cross = gram_sq - own;  // sum_{i!=j} (sum_t x_ti x_tj)^2
  const double var_sum = (fourth_cross - cross / t) / (static_cast<double>(t) * (t - 1));
  const double corr_sq = cross / (static_cast<double>(t) * t);
  if (!(corr_sq > 0)) return 1.0;
  return std::clamp(var_sum / corr_sq, 0.0, 1.0);
}

// W C' (nodes x aggregates) for W = lambda D + (1 - lambda) E'E / T, D the diagonal weights
// (lambda = 1: diagonal W, no residual term). C' has +1 at (k, k) and -1 at (bottom, k) for
// each ancestor k of the bottom.
Matrix weighted_constraints(const Hierarchy& h, const std::vector<double>& diag, double lambda,
                            const Matrix* e) {
  const int na = h.aggregate_count();
  Matrix m(h.size(), na);
  for (int k = 0; k < na; ++k) m(k, k) = lambda * diag[k];
  for (int b = 0; b < h.bottom_count(); ++b) {
    const int node = h.bottom_node(b);
    for (int k : h.ancestors(b)) m(node, k) = -lambda * diag[node];
  }
  if (!e || lambda >= 1) return m;
  Matrix f(e->rows, na);  // E C'
  for (int s = 0; s < e->rows; ++s) {
    const auto gap = constraint_gap(h, [&](int node) { return (*e)(s, node); });
    for (int k = 0; k < na; ++k) f(s, k) = gap[k];
  }
  const double scale = (1 - lambda) / e->rows;
  for (int i = 0; i < h.size(); ++i)
    for (int s = 0; s < e->rows; ++s) {
      const double eis = (*e)(s, i) * scale;
      if (eis == 0) continue;
      for (int k = 0; k < na; ++k) m(i, k) += eis * f(s, k);
    }
  return m;
}

// Reconciled bottoms of every horizon step: b~ = b^ - (W C' (C W C')^-1 C y^)_bottom.
Result<std::vector<std::vector<double>>> projected_bottoms(const Hierarchy& h,
                                                           std::span<const Forecast> base,
                                                           const Matrix& wc) {
  const int na = h.aggregate_count();
  Matrix g(na, na);  // C W C'
  for (int l = 0; l < na; ++l) {
    const auto gap = constraint_gap(h, [&](int node) { return wc(node, l); });
    for (int k = 0; k < na; ++k) g(k, l) = gap[k];
  }
  const auto factor = cholesky_with_ridge(g);
  if (!factor) return internal_error("reconciliation: C W C' is not positive definite");
  const std::size_t horizon = base[0].mean.size();
  std::vector<std::vector<double>> bottoms(horizon, std::vector<double>(h.bottom_count()));
  for (std::size_t step = 0; step < horizon; ++step) {
    std::vector<double> x = constraint_gap(h, [&](int node) { return base[node].mean[step]; });
    Eigen::Map<Eigen::VectorXd> solved(x.data(), na);
    solved = factor->solve(solved);
    for (int b = 0; b < h.bottom_count(); ++b) {
      const int node = h.bottom_node(b);
      double adjust = 0;
      for (int k = 0; k < na; ++k) adjust += wc(node, k) * x[k];
      bottoms[step][b] = base[node].mean[step] - adjust;
    }
  }
  return bottoms;
}

Status check_base(const Hierarchy& h, std::span<const Forecast> base) {
  if (static_cast<int>(base.size()) != h.size())
    return invalid_argument(
        std::to_string(base.size()) + " base forecasts for " + std::to_string(h.size()) + " nodes",
        "base");
  const std::size_t horizon = base[0].mean.size();
  if (horizon == 0) return invalid_argument("empty forecast", "base[0].mean");
  const bool intervals = !base[0].lo80.empty();
  for (std::size_t i = 0; i < base.size(); ++i) {
    const Forecast& f = base[i];
    if (f.mean.size() != horizon)
      return invalid_argument(
          "horizon " + std::to_string(f.mean.size()) + ", base[0] has " + std::to_string(horizon),
          at("base", i) + ".mean");
    for (const auto* v : {&f.lo80, &f.hi80, &f.lo95, &f.hi95})
      if (v->size() != (intervals ? horizon : 0))
        return invalid_argument(intervals ? "intervals missing or of another horizon"
                                          : "intervals given but base[0] has none",
                                at("base", i));
    for (std::size_t s = 0; s < horizon; ++s)
      if (!std::isfinite(f.mean[s]))
        return invalid_argument("not finite", at("base", i) + ".mean[" + std::to_string(s) + "]");
  }
  return Status::ok();
}

Status check_residuals(const Hierarchy& h, std::span<const std::vector<double>> residuals,
                       Reconciliation method) {
  const std::string name(reconciliation_name(method));
  if (static_cast<int>(residuals.size()) != h.size())
    return invalid_argument(name + " needs residuals of every node: got " +
                                std::to_string(residuals.size()) + " for " +
                                std::to_string(h.size()),
                            "residuals");
  const std::size_t t = residuals[0].size();
  if (t < 2) return invalid_argument(name + " needs at least 2 residual periods", "residuals[0]");
  for (std::size_t i = 0; i < residuals.size(); ++i)
    if (residuals[i].size() != t)
      return invalid_argument("length " + std::to_string(residuals[i].size()) +
                                  ", residuals[0] has " + std::to_string(t),
                              at("residuals", i));
  return Status::ok();
}

// The reconciled bottoms (clipped) re-aggregated, with each node's base interval offsets.
std::vector<Forecast> coherent_forecasts(const Hierarchy& h, std::span<const Forecast> base,
                                         const std::vector<std::vector<double>>& bottoms,
                                         bool non_negative) {
  std::vector<Forecast> out(base.begin(), base.end());
  for (std::size_t step = 0; step < bottoms.size(); ++step) {
    std::vector<double> b = bottoms[step];
    if (non_negative)
      for (double& v : b) v = std::max(v, 0.0);
    const std::vector<double> all = h.aggregate(b);
    for (int i = 0; i < h.size(); ++i) {
      Forecast& f = out[i];
      const double was = base[i].mean[step];
      const bool scale = non_negative && was > 0;
      f.mean[step] = all[i];
      for (auto* v : {&f.lo80, &f.hi80, &f.lo95, &f.hi95}) {
        if (v->empty()) continue;
        double& bound = (*v)[step];
        bound = scale ? bound * all[i] / was : bound + all[i] - was;
        if (non_negative) bound = std::max(bound, 0.0);
      }
    }
  }
  return out;
}

}  // namespace

Result<Hierarchy> Hierarchy::from_paths(std::span<const std::string> bottom_names,
                                        std::span<const std::vector<std::string>> paths) {
  if (bottom_names.empty()) return invalid_argument("no bottom series", "bottom_names");
  if (paths.size() != bottom_names.size())
    return invalid_argument(std::to_string(paths.size()) + " parent paths for " +
                                std::to_string(bottom_names.size()) + " bottom series",
                            "paths");
  // An aggregate's key is its chain from the root, joined by a byte no name contains.
  constexpr char kSep = '\x1f';
  std::map<std::string, int> created;  // key -> creation index
  struct Pending {
    std::string name;
    int parent_created = -1;
    int depth = 0;
  };
  std::vector<Pending> pending;
  std::vector<std::vector<int>> chains(paths.size());  // creation indices, nearest first
  std::unordered_set<std::string_view> seen;
  for (std::size_t b = 0; b < paths.size(); ++b) {
    if (bottom_names[b].empty()) return invalid_argument("empty name", at("bottom_names", b));
    if (!seen.insert(bottom_names[b]).second)
      return invalid_argument("'" + bottom_names[b] + "' appears twice", at("bottom_names", b));
    const auto& path = paths[b];
    if (path.empty())
      return invalid_argument("bottom series '" + bottom_names[b] + "' has no parent path",
                              at("paths", b));
    if (path.back() != paths[0].back())
      return invalid_argument(
          "ends at root '" + path.back() + "', paths[0] at '" + paths[0].back() + "'",
          at("paths", b));
    std::string key;
    int parent = -1;
    for (std::size_t up = path.size(); up-- > 0;) {
      if (path[up].empty())
        return invalid_argument("empty name", at("paths", b) + "[" + std::to_string(up) + "]");
      if (path[up].find(kSep) != std::string::npos)
        return invalid_argument("contains a control character", at("paths", b));
      key += path[up];
      key += kSep;
      auto [it, fresh] = created.try_emplace(key, static_cast<int>(pending.size()));
      if (fresh) pending.push_back({path[up], parent, static_cast<int>(path.size() - 1 - up)});
      parent = it->second;
      chains[b].insert(chains[b].begin(), parent);
    }
  }
  // Aggregates by depth, root first, keeping first-seen order within a depth.
  std::vector<int> order(pending.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  std::stable_sort(order.begin(), order.end(),
                   [&](int a, int b) { return pending[a].depth < pending[b].depth; });
  std::vector<int> index_of(pending.size());
  for (std::size_t i = 0; i < order.size(); ++i) index_of[order[i]] = static_cast<int>(i);

  Hierarchy h;
  h.aggregates_ = static_cast<int>(pending.size());
  for (int c : order) {
    const Pending& p = pending[c];
    h.nodes_.push_back(
        {p.name, p.parent_created < 0 ? -1 : index_of[p.parent_created], p.depth, 0});
  }
  for (std::size_t b = 0; b < paths.size(); ++b) {
    std::vector<int> ancestors;
    for (int c : chains[b]) ancestors.push_back(index_of[c]);
    for (int k : ancestors) ++h.nodes_[k].bottoms;
    h.nodes_.push_back({bottom_names[b], ancestors.front(), static_cast<int>(ancestors.size()), 1});
    h.ancestors_.push_back(std::move(ancestors));
  }
  return h;
}

int Hierarchy::find(std::string_view name, int depth) const {
  for (int i = 0; i < size(); ++i)
    if (nodes_[i].depth == depth && nodes_[i].name == name) return i;
  return -1;
}

std::vector<double> Hierarchy::aggregate(std::span<const double> bottom_values) const {
  std::vector<double> all(nodes_.size(), 0.0);
  std::copy(bottom_values.begin(), bottom_values.end(), all.begin() + aggregates_);
  for (int i = size() - 1; i > 0; --i)
    if (nodes_[i].parent >= 0) all[nodes_[i].parent] += all[i];
  return all;
}

namespace {
constexpr std::array<std::pair<Reconciliation, std::string_view>, 5> kNames{{
    {Reconciliation::kBottomUp, "bottom-up"},
    {Reconciliation::kOls, "ols"},
    {Reconciliation::kWlsStructural, "wls-struct"},
    {Reconciliation::kWlsVariance, "wls"},
    {Reconciliation::kMintShrink, "mint"},
}};
}  // namespace

std::string_view reconciliation_name(Reconciliation method) {
  for (const auto& [m, name] : kNames)
    if (m == method) return name;
  return "?";
}

std::optional<Reconciliation> parse_reconciliation(std::string_view name) {
  for (const auto& [m, n] : kNames)
    if (n == name) return m;
  return std::nullopt;
}

bool needs_residuals(Reconciliation method) {
  return method == Reconciliation::kWlsVariance || method == Reconciliation::kMintShrink;
}

Result<Reconciled> reconcile(const Hierarchy& h, std::span<const Forecast> base,
                             std::span<const std::vector<double>> residuals,
                             const ReconcileOptions& options) {
  OIIS_RETURN_IF_ERROR(check_base(h, base));
  Reconciled out;
  std::vector<std::vector<double>> bottoms;
  if (options.method == Reconciliation::kBottomUp) {
    out.shrinkage = 0;
    bottoms.assign(base[0].mean.size(), std::vector<double>(h.bottom_count()));
    for (std::size_t step = 0; step < bottoms.size(); ++step)
      for (int b = 0; b < h.bottom_count(); ++b)
        bottoms[step][b] = base[h.bottom_node(b)].mean[step];
  } else {
    std::vector<double> diag(h.size(), 1.0);
    std::optional<Matrix> e;
    double lambda = 1.0;
    if (options.method == Reconciliation::kWlsStructural) {
      for (int i = 0; i < h.size(); ++i) diag[i] = h.node(i).bottoms;
    } else if (needs_residuals(options.method)) {
      OIIS_RETURN_IF_ERROR(check_residuals(h, residuals, options.method));
      e = residual_matrix(residuals);
      diag = variances(*e);
      if (options.method == Reconciliation::kMintShrink) lambda = shrinkage_intensity(*e, diag);
    }
    out.shrinkage = lambda;
    const Matrix wc = weighted_constraints(h, diag, lambda, e ? &*e : nullptr);
    auto projected = projected_bottoms(h, base, wc);
    if (!projected) return projected.status();
    bottoms = std::move(projected).value();
  }
  out.forecasts = coherent_forecasts(h, base, bottoms, options.non_negative);
  return out;
}

}  // namespace oiis::forecast
