// Frequently bought together, pure: frequent itemsets by FP-Growth (Han, Pei & Yin 2000) and
// association rules from them, with arules' conventions — a rule's support is the support of
// its whole itemset, one item on the right-hand side, a non-empty left-hand side, at most
// `max_length` items in a rule. Baskets in, rules out; no I/O.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "common/status.h"

namespace oiis::recommend {

using ItemId = std::int32_t;
using Basket = std::vector<ItemId>;  // distinct items (duplicates are ignored)

struct FrequentItemset {
  std::vector<ItemId> items;  // ascending
  std::int64_t count = 0;     // baskets holding all of them
};

struct RuleOptions {
  double min_support = 0.01;    // of all baskets, for the rule's whole itemset
  double min_confidence = 0.5;  // count(rule) / count(antecedent)
  double min_lift = 0;          // 0 = no lift filter
  int max_length = 10;          // items in a rule (antecedent + consequent), as arules' maxlen
};

struct AssociationRule {
  std::vector<ItemId> antecedent;  // ascending
  ItemId consequent = 0;
  std::int64_t count = 0;          // baskets holding antecedent and consequent
  double support = 0, confidence = 0, lift = 0;
};

// Every itemset of at most `max_length` items in at least `min_count` baskets (min_count >= 1).
std::vector<FrequentItemset> frequent_itemsets(std::span<const Basket> baskets,
                                               std::int64_t min_count, int max_length = 10);

// The rules passing every threshold, by lift (then confidence, count, items) descending.
// kInvalidArgument naming the option for a threshold out of range.
Result<std::vector<AssociationRule>> association_rules(std::span<const Basket> baskets,
                                                       const RuleOptions& options);

// Per item, the items most often bought with it, ranked by lift (then count): the pairs seen
// together in at least `min_count` baskets. `top` partners per item at most; items without a
// partner are absent.
struct Partner {
  ItemId item = 0;
  std::int64_t count = 0;  // baskets holding both
  double confidence = 0;   // P(partner | item)
  double lift = 0;
};
std::vector<std::pair<ItemId, std::vector<Partner>>> bought_together(
    std::span<const Basket> baskets, std::int64_t min_count, int top);

// The smallest basket count whose share of `baskets` reaches `min_support`.
std::int64_t support_count(double min_support, std::size_t baskets);

}  // namespace oiis::recommend
