#include "recommend/offline_eval.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "common/parallel.h"
#include "recommend/collaborative.h"

namespace oiis::recommend {

std::size_t HeldOutSplit::scored_users() const {
  return static_cast<std::size_t>(std::count_if(held_out.begin(), held_out.end(),
                                                [](const auto& items) { return !items.empty(); }));
}

HeldOutSplit split_last_basket(std::span<const PurchaseHistory> histories) {
  HeldOutSplit split;
  split.training.reserve(histories.size());
  split.held_out.resize(histories.size());
  for (std::size_t u = 0; u < histories.size(); ++u) {
    const PurchaseHistory& history = histories[u];
    if (history.size() < 2) {
      split.training.push_back(history);
      continue;
    }
    split.training.emplace_back(history.begin(), history.end() - 1);
    const std::vector<ItemId> before = items_of(split.training.back());
    std::vector<ItemId> last = history.back().items;
    std::sort(last.begin(), last.end());
    last.erase(std::unique(last.begin(), last.end()), last.end());
    std::set_difference(last.begin(), last.end(), before.begin(), before.end(),
                        std::back_inserter(split.held_out[u]));
  }
  return split;
}

namespace {

// NDCG@n of one ranked list against the held-out items (both small; binary relevance).
double ndcg_at(const std::vector<ItemId>& ranked, const std::vector<ItemId>& relevant, int n) {
  double dcg = 0, ideal = 0;
  for (std::size_t r = 0; r < ranked.size(); ++r)
    if (std::binary_search(relevant.begin(), relevant.end(), ranked[r])) dcg += 1 / std::log2(r + 2.0);
  const std::size_t best = std::min(relevant.size(), static_cast<std::size_t>(n));
  for (std::size_t r = 0; r < best; ++r) ideal += 1 / std::log2(r + 2.0);
  return ideal > 0 ? dcg / ideal : 0;
}

}  // namespace

TopNMetrics evaluate_top_n(const Scorer& scorer, const HeldOutSplit& split, int n) {
  const std::size_t users = split.held_out.size();
  std::vector<std::vector<ItemId>> lists(users);
  std::vector<double> hits(users, 0), gains(users, 0);
  parallel_for_each_index(users, [&](std::size_t u) {
    if (split.held_out[u].empty()) return;
    const std::vector<ItemId> bought = items_of(split.training[u]);
    lists[u] = top_n(scorer.score(bought), bought, n);
    const auto& relevant = split.held_out[u];  // ascending (split_last_basket)
    hits[u] = std::any_of(lists[u].begin(), lists[u].end(), [&](ItemId i) {
      return std::binary_search(relevant.begin(), relevant.end(), i);
    });
    gains[u] = ndcg_at(lists[u], relevant, n);
  });
  TopNMetrics metrics;
  std::vector<char> shown(scorer.items(), 0);
  for (std::size_t u = 0; u < users; ++u) {
    if (split.held_out[u].empty()) continue;
    ++metrics.users;
    metrics.hit_rate += hits[u];
    metrics.ndcg += gains[u];
    for (ItemId i : lists[u]) shown[static_cast<std::size_t>(i)] = 1;
  }
  if (metrics.users > 0) {
    metrics.hit_rate /= static_cast<double>(metrics.users);
    metrics.ndcg /= static_cast<double>(metrics.users);
  }
  if (!shown.empty())
    metrics.coverage = static_cast<double>(std::count(shown.begin(), shown.end(), 1)) / shown.size();
  return metrics;
}

namespace {

InteractionMatrix training_matrix(const HeldOutSplit& split, std::size_t items) {
  std::vector<std::vector<ItemId>> user_items;
  user_items.reserve(split.training.size());
  for (const auto& history : split.training) user_items.push_back(items_of(history));
  return implicit_matrix(user_items, items);
}

std::string describe(const char* format, double a, double b = 0) {
  char text[64];
  std::snprintf(text, sizeof text, format, a, b);
  return text;
}

MethodResult popularity_result(const HeldOutSplit& split, std::size_t items,
                               const PopularityOptions& options, int n) {
  const Popularity model(split.training, items, options);
  return {"popularity", describe("window_days=%g", options.window_days),
          evaluate_top_n(model, split, n)};
}

Result<MethodResult> item_knn_result(const InteractionMatrix& matrix, const HeldOutSplit& split,
                                     const ItemKnnOptions& options, int n) {
  auto model = ItemKnn::fit(matrix, options);
  if (!model) return model.status();
  return MethodResult{"item_knn",
                      describe("shrinkage=%g neighbours=%g", options.shrinkage, options.neighbours),
                      evaluate_top_n(*model, split, n)};
}

Result<MethodResult> ease_result(const InteractionMatrix& matrix, const HeldOutSplit& split,
                                 const EaseOptions& options, int n) {
  auto model = Ease::fit(matrix, options);
  if (!model) return model.status();
  return MethodResult{"ease", describe("lambda=%g", options.lambda), evaluate_top_n(*model, split, n)};
}

}  // namespace

Result<std::vector<MethodResult>> evaluate_methods(const HeldOutSplit& split, std::size_t items,
                                                   const MethodSettings& settings, int n) {
  if (settings.popularity.window_days < 0)
    return invalid_argument("must be >= 0 (0 = every day)", "window_days");
  const InteractionMatrix matrix = training_matrix(split, items);
  std::vector<MethodResult> results{popularity_result(split, items, settings.popularity, n)};
  auto knn = item_knn_result(matrix, split, settings.item_knn, n);
  if (!knn) return knn.status();
  results.push_back(std::move(knn).value());
  auto ease = ease_result(matrix, split, settings.ease, n);
  if (!ease) return ease.status();
  results.push_back(std::move(ease).value());
  return results;
}

Result<std::vector<MethodResult>> validation_grid(std::span<const PurchaseHistory> histories,
                                                  std::size_t items, int n) {
  // Validation never sees a test basket: the held-out last basket is gone before the split.
  const HeldOutSplit test_split = split_last_basket(histories);
  const HeldOutSplit split = split_last_basket(test_split.training);
  const InteractionMatrix matrix = training_matrix(split, items);
  std::vector<MethodResult> results;
  for (int window : {30, 90, 365, 0})
    results.push_back(popularity_result(split, items, PopularityOptions{window}, n));
  for (double shrinkage : {0.0, 10.0, 50.0, 200.0})
    for (int neighbours : {20, 50, 200}) {
      auto knn = item_knn_result(matrix, split, ItemKnnOptions{shrinkage, neighbours}, n);
      if (!knn) return knn.status();
      results.push_back(std::move(knn).value());
    }
  for (double lambda : {10.0, 50.0, 100.0, 250.0, 500.0, 1000.0, 2500.0}) {
    auto ease = ease_result(matrix, split, EaseOptions{lambda}, n);
    if (!ease) return ease.status();
    results.push_back(std::move(ease).value());
  }
  return results;
}

}  // namespace oiis::recommend
