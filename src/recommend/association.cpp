#include "recommend/association.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>
#include <unordered_map>

namespace oiis::recommend {
namespace {

// An FP-tree over items renumbered by descending frequency (rank 0 = most frequent), so every
// basket's path runs from frequent to rare items and shares prefixes.
class FpTree {
 public:
  explicit FpTree(std::size_t ranks) : header_(ranks) { nodes_.push_back({-1, 0, -1, {}}); }

  // Adds a path of ranks (ascending) `count` times.
  void insert(std::span<const int> path, std::int64_t count) {
    int at = 0;
    for (int rank : path) {
      int child = find_child(at, rank);
      if (child < 0) {
        child = static_cast<int>(nodes_.size());
        nodes_.push_back({rank, 0, at, {}});
        nodes_[at].children.push_back(child);
        header_[rank].push_back(child);
      }
      nodes_[child].count += count;
      at = child;
    }
  }
  std::size_t ranks() const { return header_.size(); }
  std::int64_t support(int rank) const {
    std::int64_t s = 0;
    for (int n : header_[rank]) s += nodes_[n].count;
    return s;
  }
  // Prefix paths above every node of `rank`, each with that node's count.
  template <typename Fn>
  void prefix_paths(int rank, Fn fn) const {
    std::vector<int> path;
    for (int n : header_[rank]) {
      path.clear();
      for (int p = nodes_[n].parent; p > 0; p = nodes_[p].parent) path.push_back(nodes_[p].rank);
      std::reverse(path.begin(), path.end());
      fn(std::span<const int>(path), nodes_[n].count);
    }
  }

 private:
  struct Node {
    int rank;
    std::int64_t count;
    int parent;
    std::vector<int> children;
  };
  int find_child(int at, int rank) const {
    for (int c : nodes_[at].children)
      if (nodes_[c].rank == rank) return c;
    return -1;
  }
  std::vector<Node> nodes_;
  std::vector<std::vector<int>> header_;  // rank -> its nodes
};

struct Miner {
  std::int64_t min_count;
  int max_length;
  const std::vector<ItemId>& item_of_rank;
  std::vector<FrequentItemset>& out;

  // Mines `tree`, whose itemsets all end with `suffix` (item ids).
  void mine(const FpTree& tree, std::vector<ItemId>& suffix) {
    for (int rank = static_cast<int>(tree.ranks()) - 1; rank >= 0; --rank) {
      const std::int64_t support = tree.support(rank);
      if (support < min_count) continue;
      suffix.push_back(item_of_rank[rank]);
      FrequentItemset found{suffix, support};
      std::sort(found.items.begin(), found.items.end());
      out.push_back(std::move(found));
      if (static_cast<int>(suffix.size()) < max_length) mine(conditional(tree, rank), suffix);
      suffix.pop_back();
    }
  }

  // The tree of the prefix paths above `rank`, keeping only ranks still frequent in them.
  FpTree conditional(const FpTree& tree, int rank) const {
    std::vector<std::int64_t> counts(rank, 0);
    tree.prefix_paths(rank, [&](std::span<const int> path, std::int64_t c) {
      for (int r : path) counts[r] += c;
    });
    FpTree sub(rank);
    std::vector<int> kept;
    tree.prefix_paths(rank, [&](std::span<const int> path, std::int64_t c) {
      kept.clear();
      for (int r : path)
        if (counts[r] >= min_count) kept.push_back(r);
      if (!kept.empty()) sub.insert(kept, c);
    });
    return sub;
  }
};

}  // namespace

std::int64_t support_count(double min_support, std::size_t baskets) {
  const double exact = min_support * static_cast<double>(baskets);
  // Guard against 0.001 * 9835 landing a hair above a whole number.
  return std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(exact - 1e-9)));
}

std::vector<FrequentItemset> frequent_itemsets(std::span<const Basket> baskets,
                                               std::int64_t min_count, int max_length) {
  min_count = std::max<std::int64_t>(min_count, 1);
  std::unordered_map<ItemId, std::int64_t> counts;
  std::vector<Basket> distinct(baskets.size());
  for (std::size_t b = 0; b < baskets.size(); ++b) {
    distinct[b] = baskets[b];
    std::sort(distinct[b].begin(), distinct[b].end());
    distinct[b].erase(std::unique(distinct[b].begin(), distinct[b].end()), distinct[b].end());
    for (ItemId item : distinct[b]) ++counts[item];
  }
  std::vector<ItemId> item_of_rank;
  for (const auto& [item, count] : counts)
    if (count >= min_count) item_of_rank.push_back(item);
  std::sort(item_of_rank.begin(), item_of_rank.end(), [&](ItemId a, ItemId b) {
    return counts[a] != counts[b] ? counts[a] > counts[b] : a < b;
  });
  std::unordered_map<ItemId, int> rank_of;
  for (int r = 0; r < static_cast<int>(item_of_rank.size()); ++r) rank_of[item_of_rank[r]] = r;
  FpTree tree(item_of_rank.size());
  std::vector<int> path;
  for (const Basket& basket : distinct) {
    path.clear();
    for (ItemId item : basket)
      if (auto it = rank_of.find(item); it != rank_of.end()) path.push_back(it->second);
    std::sort(path.begin(), path.end());
    if (!path.empty()) tree.insert(path, 1);
  }
  std::vector<FrequentItemset> out;
  std::vector<ItemId> suffix;
  Miner{min_count, std::max(max_length, 1), item_of_rank, out}.mine(tree, suffix);
  return out;
}

Result<std::vector<AssociationRule>> association_rules(std::span<const Basket> baskets,
                                                       const RuleOptions& o) {
  if (!(o.min_support > 0 && o.min_support <= 1))
    return invalid_argument("must be in (0, 1]", "min_support");
  if (!(o.min_confidence >= 0 && o.min_confidence <= 1))
    return invalid_argument("must be in [0, 1]", "min_confidence");
  if (!(o.min_lift >= 0) || !std::isfinite(o.min_lift))
    return invalid_argument("must be >= 0", "min_lift");
  if (o.max_length < 2) return invalid_argument("must be >= 2", "max_length");
  const auto itemsets = frequent_itemsets(baskets, support_count(o.min_support, baskets.size()),
                                          o.max_length);
  std::map<std::vector<ItemId>, std::int64_t> count_of;
  for (const auto& s : itemsets) count_of[s.items] = s.count;
  const double n = static_cast<double>(baskets.size());
  std::vector<AssociationRule> rules;
  for (const auto& s : itemsets) {
    if (s.items.size() < 2) continue;
    for (std::size_t k = 0; k < s.items.size(); ++k) {
      AssociationRule r;
      r.consequent = s.items[k];
      r.antecedent = s.items;
      r.antecedent.erase(r.antecedent.begin() + static_cast<std::ptrdiff_t>(k));
      r.count = s.count;
      r.support = s.count / n;
      // Subsets of a frequent itemset are frequent, so both counts are known.
      r.confidence = static_cast<double>(s.count) / static_cast<double>(count_of.at(r.antecedent));
      r.lift = r.confidence / (static_cast<double>(count_of.at({r.consequent})) / n);
      if (r.confidence >= o.min_confidence && r.lift >= o.min_lift) rules.push_back(std::move(r));
    }
  }
  std::sort(rules.begin(), rules.end(), [](const AssociationRule& a, const AssociationRule& b) {
    if (a.lift != b.lift) return a.lift > b.lift;
    if (a.confidence != b.confidence) return a.confidence > b.confidence;
    if (a.count != b.count) return a.count > b.count;
    return std::tie(a.antecedent, a.consequent) < std::tie(b.antecedent, b.consequent);
  });
  return rules;
}

std::vector<std::pair<ItemId, std::vector<Partner>>> bought_together(
    std::span<const Basket> baskets, std::int64_t min_count, int top) {
  const auto itemsets = frequent_itemsets(baskets, std::max<std::int64_t>(min_count, 1), 2);
  std::unordered_map<ItemId, std::int64_t> single;
  for (const auto& s : itemsets)
    if (s.items.size() == 1) single[s.items[0]] = s.count;
  const double n = static_cast<double>(baskets.size());
  std::map<ItemId, std::vector<Partner>> partners;
  for (const auto& s : itemsets) {
    if (s.items.size() != 2) continue;
    for (int side = 0; side < 2; ++side) {
      const ItemId item = s.items[side], other = s.items[1 - side];
      const double confidence = static_cast<double>(s.count) / single.at(item);
      partners[item].push_back({other, s.count, confidence, confidence / (single.at(other) / n)});
    }
  }
  std::vector<std::pair<ItemId, std::vector<Partner>>> out;
  for (auto& [item, list] : partners) {
    std::sort(list.begin(), list.end(), [](const Partner& a, const Partner& b) {
      return a.lift != b.lift ? a.lift > b.lift : a.count != b.count ? a.count > b.count : a.item < b.item;
    });
    if (static_cast<int>(list.size()) > top) list.resize(std::max(top, 0));
    out.emplace_back(item, std::move(list));
  }
  return out;
}

}  // namespace oiis::recommend
