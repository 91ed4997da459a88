// Offline evaluation of the personalised scorers, pure: each customer's last basket held out,
// the model fitted on everything before it, and the held-out basket's new items looked for in
// the user's top N. The same split one basket earlier gives the validation set that chooses
// the hyperparameters (docs/evaluation.md).
#pragma once

#include <string>
#include <vector>

#include "recommend/history.h"

namespace oiis::recommend {

class Scorer;  // recommend/collaborative.h

struct HeldOutSplit {
  std::vector<PurchaseHistory> training;      // per user: every basket but the held-out one
  std::vector<std::vector<ItemId>> held_out;  // per user: the last basket's items not bought
                                              // before; empty = user not scored
  std::size_t scored_users() const;
};
// Users with fewer than two baskets keep their basket for training and are not scored, as are
// users whose last basket only repeats earlier purchases (the top-N leaves those out).
HeldOutSplit split_last_basket(std::span<const PurchaseHistory> histories);

// Every scored user's top N (excluding what they bought in training) against their held-out
// items. Users are scored in parallel.
TopNMetrics evaluate_top_n(const Scorer& scorer, const HeldOutSplit& split, int n = 10);

// The three methods fitted on split.training and scored on split.held_out. kInvalidArgument
// naming the setting out of range (window_days, shrinkage, neighbours, lambda).
Result<std::vector<MethodResult>> evaluate_methods(const HeldOutSplit& split, std::size_t items,
                                                   const MethodSettings& settings, int n = 10);

// The validation grid: the split one basket earlier (each user's last basket dropped, the
// second-to-last held out), every candidate setting of every method scored on it.
Result<std::vector<MethodResult>> validation_grid(std::span<const PurchaseHistory> histories,
                                                  std::size_t items, int n = 10);

}  // namespace oiis::recommend
