#include "customers/segment.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

#include "common/parallel.h"

namespace oiis::customers {
namespace {

// Rows of a standardised matrix (n x d, row-major).
struct Points {
  const double* data = nullptr;
  std::size_t n = 0, d = 0;
  const double* row(std::size_t i) const { return data + i * d; }
};

double squared_distance(const double* a, const double* b, std::size_t d) {
  double s = 0;
  for (std::size_t j = 0; j < d; ++j) s += (a[j] - b[j]) * (a[j] - b[j]);
  return s;
}

struct Clustering {
  std::vector<double> centres;  // k x d
  std::vector<int> assignment;
  double inertia = std::numeric_limits<double>::infinity();
};

// k-means++ (Arthur & Vassilvitskii 2007): each next centre drawn with probability
// proportional to the squared distance to the nearest centre chosen so far.
std::vector<double> seed_centres(const Points& p, int k, std::mt19937_64& rng) {
  const double* first = p.row(rng() % p.n);
  std::vector<double> centres(first, first + p.d);
  std::vector<double> nearest(p.n, std::numeric_limits<double>::infinity());
  for (int c = 1; c < k; ++c) {
    const double* last = centres.data() + (c - 1) * p.d;
    double total = 0;
    for (std::size_t i = 0; i < p.n; ++i)
      total += nearest[i] = std::min(nearest[i], squared_distance(p.row(i), last, p.d));
    double pick = std::uniform_real_distribution<double>(0, total)(rng);
    std::size_t chosen = 0;
    while (chosen + 1 < p.n && (pick -= nearest[chosen]) > 0) ++chosen;
    centres.insert(centres.end(), p.row(chosen), p.row(chosen) + p.d);
  }
  return centres;
}

struct Nearest {
  int best = 0;
  double first = std::numeric_limits<double>::infinity(), second = std::numeric_limits<double>::infinity();
};

// The nearest and second-nearest centres of `x` (distances, not squared).
Nearest nearest_two(const double* x, const std::vector<double>& centres, int k, std::size_t d) {
  Nearest n;
  for (int j = 0; j < k; ++j) {
    const double dist = squared_distance(x, centres.data() + j * d, d);
    if (dist < n.first) n.second = n.first, n.first = dist, n.best = j;
    else if (dist < n.second) n.second = dist;
  }
  n.first = std::sqrt(n.first);
  n.second = std::sqrt(n.second);
  return n;
}

// Lloyd's algorithm from k-means++ seeds until no assignment changes, with Hamerly's bounds
// (2010): each point keeps an upper bound on the distance to its centre and a lower bound on the
// distance to any other, loosened by how far the centres move; a point whose bounds cannot
// cross (or whose centre is nearer than half the gap to the next centre) is not looked at. Same
// fixed point as plain Lloyd, most distance computations skipped after the first iterations.
Clustering lloyd(const Points& p, int k, int max_iterations, std::mt19937_64& rng) {
  Clustering c;
  c.centres = seed_centres(p, k, rng);
  const std::size_t d = p.d;
  c.assignment.assign(p.n, 0);
  std::vector<double> upper(p.n), lower(p.n), sums(static_cast<std::size_t>(k) * d, 0.0);
  std::vector<std::size_t> counts(k, 0);
  for (std::size_t i = 0; i < p.n; ++i) {
    const Nearest n = nearest_two(p.row(i), c.centres, k, d);
    c.assignment[i] = n.best, upper[i] = n.first, lower[i] = n.second;
    ++counts[n.best];
    for (std::size_t x = 0; x < d; ++x) sums[n.best * d + x] += p.row(i)[x];
  }
  std::vector<double> moved(k), half_gap(k), previous(c.centres.size());
  for (int it = 0; it < max_iterations; ++it) {
    previous = c.centres;
    for (int j = 0; j < k; ++j)  // an emptied centre keeps its place
      if (counts[j] > 0)
        for (std::size_t x = 0; x < d; ++x) c.centres[j * d + x] = sums[j * d + x] / counts[j];
    int most = 0, next = -1;
    for (int j = 0; j < k; ++j) {
      moved[j] = std::sqrt(squared_distance(previous.data() + j * d, c.centres.data() + j * d, d));
      if (moved[j] > moved[most]) next = most, most = j;
      else if (j != most && (next < 0 || moved[j] > moved[next])) next = j;
    }
    for (std::size_t i = 0; i < p.n; ++i) {
      upper[i] += moved[c.assignment[i]];
      lower[i] -= c.assignment[i] == most ? (next < 0 ? 0.0 : moved[next]) : moved[most];
    }
    for (int j = 0; j < k; ++j) {
      half_gap[j] = std::numeric_limits<double>::infinity();
      for (int o = 0; o < k; ++o)
        if (o != j) half_gap[j] = std::min(half_gap[j], 0.5 * std::sqrt(squared_distance(c.centres.data() + j * d, c.centres.data() + o * d, d)));
    }
    bool changed = false;
    for (std::size_t i = 0; i < p.n; ++i) {
      const int a = c.assignment[i];
      const double bound = std::max(half_gap[a], lower[i]);
      if (upper[i] <= bound) continue;
      upper[i] = std::sqrt(squared_distance(p.row(i), c.centres.data() + a * d, d));
      if (upper[i] <= bound) continue;
      const Nearest n = nearest_two(p.row(i), c.centres, k, d);
      upper[i] = n.first, lower[i] = n.second;
      if (n.best == a) continue;
      changed = true;
      --counts[a], ++counts[n.best];
      for (std::size_t x = 0; x < d; ++x) sums[a * d + x] -= p.row(i)[x], sums[n.best * d + x] += p.row(i)[x];
      c.assignment[i] = n.best;
    }
    if (!changed) break;
  }
  c.inertia = 0;
  for (std::size_t i = 0; i < p.n; ++i)
    c.inertia += squared_distance(p.row(i), c.centres.data() + c.assignment[i] * d, d);
  return c;
}

// The best of `restarts` seedings (lowest within-cluster sum of squares), run in parallel.
Clustering kmeans(const Points& p, int k, const SegmentOptions& o) {
  std::vector<Clustering> runs(o.restarts);
  parallel_for_each_index(runs.size(), [&](std::size_t r) {
    std::mt19937_64 rng(o.seed * 1000003 + static_cast<std::uint64_t>(k) * 7919 + r);
    runs[r] = lloyd(p, k, o.max_iterations, rng);
  });
  return *std::min_element(runs.begin(), runs.end(), [](const Clustering& a, const Clustering& b) {
    return a.inertia < b.inertia;
  });
}

// Mean silhouette (Rousseeuw 1987) of the given rows.
double mean_silhouette(const Points& p, const std::vector<int>& assignment, int k) {
  std::vector<double> per_row(p.n);
  parallel_for_each_index(p.n, [&](std::size_t i) {
    std::vector<double> sum(k, 0.0);
    std::vector<std::size_t> count(k, 0);
    for (std::size_t j = 0; j < p.n; ++j) {
      if (j == i) continue;
      sum[assignment[j]] += std::sqrt(squared_distance(p.row(i), p.row(j), p.d));
      ++count[assignment[j]];
    }
    const int own = assignment[i];
    if (count[own] == 0) return;  // a singleton scores 0
    const double a = sum[own] / count[own];
    double b = std::numeric_limits<double>::infinity();
    for (int c = 0; c < k; ++c)
      if (c != own && count[c] > 0) b = std::min(b, sum[c] / count[c]);
    per_row[i] = std::isfinite(b) ? (b - a) / std::max(a, b) : 0.0;
  });
  return std::accumulate(per_row.begin(), per_row.end(), 0.0) / static_cast<double>(p.n);
}

// A fixed random subset of rows (all of them when n <= size), copied out.
std::vector<double> sample_rows(const Points& p, std::size_t size, std::uint64_t seed) {
  std::vector<std::size_t> idx(p.n);
  std::iota(idx.begin(), idx.end(), 0);
  if (p.n > size) {
    std::mt19937_64 rng(seed);
    std::shuffle(idx.begin(), idx.end(), rng);
    idx.resize(size);
  }
  std::vector<double> out;
  out.reserve(idx.size() * p.d);
  for (std::size_t i : idx) out.insert(out.end(), p.row(i), p.row(i) + p.d);
  return out;
}

}  // namespace

std::vector<double> standardise(const FeatureTable& t) {
  const std::size_t n = t.customers.size(), d = t.columns.size();
  std::vector<double> z(t.values);
  for (std::size_t j = 0; j < d; ++j) {
    double mean = 0, var = 0;
    for (std::size_t i = 0; i < n; ++i) mean += t.at(i, j) / n;
    for (std::size_t i = 0; i < n; ++i) var += (t.at(i, j) - mean) * (t.at(i, j) - mean) / n;
    const double sd = std::sqrt(var);
    for (std::size_t i = 0; i < n; ++i) z[i * d + j] = sd > 1e-12 ? (t.at(i, j) - mean) / sd : 0.0;
  }
  return z;
}

namespace {

// Words for a feature well above (first) or below (second) everyone's mean; empty: no word.
std::pair<std::string, std::string> feature_words(const std::string& column) {
  static const std::pair<const char*, std::pair<const char*, const char*>> kWords[] = {
      {"recency_days", {"lapsed", "recently active"}},
      {"log_overdue", {"overdue", "on-rhythm"}},
      {"log_orders_per_year", {"frequent", "infrequent"}},
      {"log_order_value", {"big-ticket", "small-ticket"}},
      {"basket_lines", {"large-basket", "small-basket"}},
      {"discount_share", {"discount-driven", "full-price"}},
      {"tenure_days", {"long-standing", "newly acquired"}},
      {"top_category_share", {"single-category", "broad-range"}},
  };
  for (const auto& [name, words] : kWords)
    if (column == name) return {words.first, words.second};
  const std::string prefix = "channel_", suffix = "_share";
  if (column.starts_with(prefix) && column.ends_with(suffix))
    return {column.substr(prefix.size(), column.size() - prefix.size() - suffix.size()) + "-channel",
            ""};
  return {column + "-high", column + "-low"};
}

// "frequent, big-ticket customers": the two most distinctive features (|z| >= 0.4) in words,
// in column order (so two segments with the same words get the same name); a third when the
// name is taken; a number when still taken.
std::string segment_name(const FeatureTable& t, const std::vector<double>& z_mean,
                         const std::vector<std::string>& taken) {
  std::vector<std::size_t> order(z_mean.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return std::fabs(z_mean[a]) > std::fabs(z_mean[b]); });
  std::vector<std::pair<std::size_t, std::string>> words;  // (column, word)
  std::string name = "average customers";
  for (std::size_t j : order) {
    if (std::fabs(z_mean[j]) < 0.4 || words.size() == 3) break;
    const auto [high, low] = feature_words(t.columns[j]);
    const std::string& word = z_mean[j] > 0 ? high : low;
    if (word.empty()) continue;
    words.emplace_back(j, word);
    std::vector<std::pair<std::size_t, std::string>> in_order = words;
    std::sort(in_order.begin(), in_order.end());
    name.clear();
    for (const auto& w : in_order) name += (name.empty() ? "" : ", ") + w.second;
    name += " customers";
    if (words.size() >= 2 && std::find(taken.begin(), taken.end(), name) == taken.end()) break;
  }
  std::string unique = name;
  for (int n = 2; std::find(taken.begin(), taken.end(), unique) != taken.end(); ++n)
    unique = name + " (" + std::to_string(n) + ")";
  return unique;
}

// Segments ordered by size (largest first), profiled and named.
void profile(const FeatureTable& t, const std::vector<double>& z, int k, Segmentation& s) {
  const std::size_t n = t.customers.size(), d = t.columns.size();
  std::vector<std::size_t> counts(k, 0);
  for (int a : s.assignment) ++counts[a];
  std::vector<int> by_size(k);
  std::iota(by_size.begin(), by_size.end(), 0);
  std::stable_sort(by_size.begin(), by_size.end(), [&](int a, int b) { return counts[a] > counts[b]; });
  std::vector<int> rank(k);
  for (int r = 0; r < k; ++r) rank[by_size[r]] = r;
  for (int& a : s.assignment) a = rank[a];
  s.segments.assign(k, {});
  for (auto& seg : s.segments) seg.mean.assign(d, 0.0), seg.z_mean.assign(d, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    auto& seg = s.segments[s.assignment[i]];
    ++seg.size;
    for (std::size_t j = 0; j < d; ++j) seg.mean[j] += t.at(i, j), seg.z_mean[j] += z[i * d + j];
  }
  std::vector<std::string> taken;
  for (auto& seg : s.segments) {
    for (std::size_t j = 0; j < d; ++j)
      seg.mean[j] /= std::max<std::size_t>(seg.size, 1), seg.z_mean[j] /= std::max<std::size_t>(seg.size, 1);
    seg.share = static_cast<double>(seg.size) / static_cast<double>(n);
    seg.name = segment_name(t, seg.z_mean, taken);
    taken.push_back(seg.name);
  }
}

Status check_table(const FeatureTable& t, const SegmentOptions& o) {
  if (o.k_min < 2) return invalid_argument("must be >= 2", "k_min");
  if (o.k_max < o.k_min) return invalid_argument("must be >= k_min", "k_max");
  if (o.restarts < 1) return invalid_argument("must be >= 1", "restarts");
  if (t.columns.empty()) return invalid_argument("no feature columns", "columns");
  if (t.values.size() != t.customers.size() * t.columns.size())
    return invalid_argument("must hold customers x columns values", "values");
  for (std::size_t i = 0; i < t.values.size(); ++i)
    if (!std::isfinite(t.values[i]))
      return invalid_argument("not finite", "row " + std::to_string(i / t.columns.size()) + ", " +
                                                t.columns[i % t.columns.size()]);
  if (t.customers.size() < 2 * static_cast<std::size_t>(o.k_max))
    return failed_precondition("fewer than 2 x k_max customers (" +
                               std::to_string(t.customers.size()) + ")");
  return Status::ok();
}

}  // namespace

Result<FeatureTable> select_columns(const FeatureTable& t, std::span<const std::string> columns) {
  FeatureTable out;
  out.customers = t.customers;
  std::vector<std::size_t> index;
  for (const auto& c : columns) {
    auto it = std::find(t.columns.begin(), t.columns.end(), c);
    if (it == t.columns.end()) return invalid_argument("unknown feature '" + c + "'", "columns");
    index.push_back(static_cast<std::size_t>(it - t.columns.begin()));
    out.columns.push_back(c);
  }
  out.values.reserve(t.customers.size() * index.size());
  for (std::size_t i = 0; i < t.customers.size(); ++i)
    for (std::size_t j : index) out.values.push_back(t.at(i, j));
  return out;
}

KMeansFit fit_kmeans(std::span<const double> rows, std::size_t cols, int k,
                     const SegmentOptions& options) {
  Clustering c = kmeans(Points{rows.data(), rows.size() / cols, cols}, k, options);
  return {std::move(c.assignment), std::move(c.centres), c.inertia};
}

Result<Segmentation> segment_customers(const FeatureTable& t, const SegmentOptions& o) {
  OIIS_RETURN_IF_ERROR(check_table(t, o));
  const std::vector<double> z = standardise(t);
  const Points all{z.data(), t.customers.size(), t.columns.size()};
  // k is chosen on a fixed sample (K-Means and the O(n^2) silhouette on every row and every k
  // would dominate the run); the chosen k is then fitted on every row.
  const std::vector<double> sample = sample_rows(all, o.selection_sample, o.seed);
  const Points fit_on{sample.data(), sample.size() / all.d, all.d};
  const Points score_on{sample.data(), std::min(fit_on.n, o.silhouette_sample), all.d};
  Segmentation s;
  double best = -2;
  for (int k = o.k_min; k <= o.k_max; ++k) {
    Clustering c = kmeans(fit_on, k, o);
    c.assignment.resize(score_on.n);  // the scored rows lead the sample
    const double score = mean_silhouette(score_on, c.assignment, k);
    s.silhouette_by_k.push_back({k, score});
    if (score > best) best = score, s.k = k;
  }
  s.silhouette = best;
  s.assignment = kmeans(all, s.k, o).assignment;
  profile(t, z, s.k, s);
  return s;
}

}  // namespace oiis::customers
