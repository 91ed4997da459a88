// The plain types of personalised recommendations, without the linear algebra (Eigen stays
// inside the module: headers included after <resolv.h>, as cpp-httplib's, break it): purchase
// histories, the methods' hyperparameters and their offline scores.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "recommend/association.h"

namespace oiis::recommend {

// One customer's purchases as dated baskets, oldest first; `day` is days since 1970-01-01.
struct DatedBasket {
  std::int64_t day = 0;
  Basket items;
};
using PurchaseHistory = std::vector<DatedBasket>;

// Distinct buyers per item over the last `window_days` days of the histories (0 = all days):
// the same list for everyone.
struct PopularityOptions {
  int window_days = 90;  // chosen on validation (docs/evaluation.md)
};

// Item-item neighbours: sim(i, j) = co(i, j) / (sqrt(n_i n_j) + shrinkage), where co counts
// users who bought both and n_i users who bought i; the shrinkage pulls similarities resting on
// few shared buyers towards 0. Each item keeps its `neighbours` most similar items; a user's
// score for j sums sim(i, j) over the items i they bought.
struct ItemKnnOptions {
  double shrinkage = 50;  // both chosen on validation (docs/evaluation.md)
  int neighbours = 20;
};

// EASE: the item-item weights B minimising ||X - XB||² + λ||B||² with diag(B) = 0, in closed
// form: P = (XᵀX + λI)⁻¹, B_ij = -P_ij / P_jj, B_jj = 0. Dense items x items, so catalogues up
// to kMaxItems; a user's score for j is Σ_{i bought} B_ij.
struct EaseOptions {
  double lambda = 1000;  // chosen on validation (docs/evaluation.md)
};

struct TopNMetrics {
  double hit_rate = 0;  // share of scored users with a held-out item in their top N
  double ndcg = 0;      // mean NDCG@N, binary relevance, ideal = min(|held out|, N) hits first
  double coverage = 0;  // distinct items in anyone's top N / catalogue items
  std::size_t users = 0;
};

// The hyperparameters of the three methods; the defaults are the ones chosen on validation
// (docs/evaluation.md "Recommendations: personalised lists") and frozen.
struct MethodSettings {
  PopularityOptions popularity{};
  ItemKnnOptions item_knn{};
  EaseOptions ease{};
};

struct MethodResult {
  std::string method;  // "popularity", "item_knn", "ease"
  std::string settings;  // e.g. "lambda=250"
  TopNMetrics metrics;
};

}  // namespace oiis::recommend
