// FP-Growth and association rules: exactly the rules a brute-force enumeration finds on random
// baskets, and the published arules figures on the Groceries data.
#include "recommend/association.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>

namespace oiis::recommend {
namespace {

// Every itemset over items [0, universe) by bitmask; rules with one consequent.
std::vector<AssociationRule> brute_force(const std::vector<Basket>& baskets, int universe,
                                         const RuleOptions& o) {
  std::vector<std::int64_t> count(1u << universe, 0);
  for (const Basket& b : baskets) {
    unsigned mask = 0;
    for (ItemId i : b) mask |= 1u << i;
    for (unsigned s = mask;; s = (s - 1) & mask) {  // every subset of the basket
      ++count[s];
      if (s == 0) break;
    }
  }
  const double n = static_cast<double>(baskets.size());
  const std::int64_t min_count = support_count(o.min_support, baskets.size());
  std::vector<AssociationRule> out;
  for (unsigned s = 1; s < count.size(); ++s) {
    const int size = __builtin_popcount(s);
    if (size < 2 || size > o.max_length || count[s] < min_count) continue;
    for (int c = 0; c < universe; ++c) {
      if (!(s & (1u << c))) continue;
      AssociationRule r;
      r.consequent = c;
      for (int i = 0; i < universe; ++i)
        if ((s & (1u << i)) && i != c) r.antecedent.push_back(i);
      r.count = count[s];
      r.support = count[s] / n;
      r.confidence = static_cast<double>(count[s]) / count[s & ~(1u << c)];
      r.lift = r.confidence / (count[1u << c] / n);
      if (r.confidence >= o.min_confidence && r.lift >= o.min_lift) out.push_back(r);
    }
  }
  return out;
}

using RuleKey = std::pair<std::vector<ItemId>, ItemId>;
std::map<RuleKey, AssociationRule> by_key(const std::vector<AssociationRule>& rules) {
  std::map<RuleKey, AssociationRule> out;
  for (const auto& r : rules) out[{r.antecedent, r.consequent}] = r;
  return out;
}

TEST(AssociationRules, SameRulesAsBruteForceOnRandomBaskets) {
  std::mt19937 rng(3);
  for (int trial = 0; trial < 20; ++trial) {
    const int universe = 10;
    std::vector<Basket> baskets(300);
    std::uniform_real_distribution<double> u(0, 1);
    for (auto& b : baskets)
      for (int i = 0; i < universe; ++i)
        if (u(rng) < 0.1 + 0.05 * (i % 4)) b.push_back(i);
    RuleOptions o;
    o.min_support = 0.01 + 0.01 * (trial % 4);
    o.min_confidence = 0.2 + 0.1 * (trial % 3);
    o.max_length = 2 + trial % 5;
    auto rules = association_rules(baskets, o);
    ASSERT_TRUE(rules.is_ok());
    const auto expected = by_key(brute_force(baskets, universe, o));
    const auto got = by_key(*rules);
    ASSERT_EQ(got.size(), rules->size()) << "a rule appears twice";
    ASSERT_EQ(got.size(), expected.size()) << "trial " << trial;
    for (const auto& [key, r] : expected) {
      auto it = got.find(key);
      ASSERT_NE(it, got.end()) << "trial " << trial << ": missing a rule";
      EXPECT_EQ(it->second.count, r.count);
      EXPECT_NEAR(it->second.lift, r.lift, 1e-12);
      EXPECT_NEAR(it->second.confidence, r.confidence, 1e-12);
    }
    for (std::size_t i = 1; i < rules->size(); ++i)
      EXPECT_GE((*rules)[i - 1].lift, (*rules)[i].lift);
  }
}

TEST(AssociationRules, ThresholdsOutOfRangeNameTheOption) {
  std::vector<Basket> baskets = {{1, 2}, {1, 2}};
  RuleOptions o;
  o.min_support = 0;
  EXPECT_EQ(association_rules(baskets, o).status().field(), "min_support");
  o = {};
  o.min_confidence = 1.5;
  EXPECT_EQ(association_rules(baskets, o).status().field(), "min_confidence");
  o = {};
  o.max_length = 1;
  EXPECT_EQ(association_rules(baskets, o).status().field(), "max_length");
}

std::filesystem::path groceries() {
  if (const char* src = std::getenv("OIIS_SOURCE_DIR")) {
    const auto p = std::filesystem::path(src) / ".." / "shared" / "datasets" / "groceries" / "groceries.csv";
    if (std::filesystem::exists(p)) return p;
  }
  return "/work/shared/datasets/groceries/groceries.csv";
}

struct Groceries {
  std::vector<Basket> baskets;
  std::vector<std::string> names;  // by item id
};
Groceries read_groceries(const std::filesystem::path& path) {
  Groceries g;
  std::map<std::string, ItemId> ids;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    Basket b;
    std::stringstream fields(line);
    for (std::string item; std::getline(fields, item, ',');) {
      auto [it, fresh] = ids.emplace(item, static_cast<ItemId>(g.names.size()));
      if (fresh) g.names.push_back(item);
      b.push_back(it->second);
    }
    g.baskets.push_back(std::move(b));
  }
  return g;
}

TEST(AssociationRules, GroceriesGivesArulesFigures) {
  if (!std::filesystem::exists(groceries()))
    GTEST_SKIP() << "groceries.csv not found at " << groceries() << " (shared/datasets/groceries)";
  const Groceries g = read_groceries(groceries());
  ASSERT_EQ(g.baskets.size(), 9835u);
  RuleOptions o;
  o.min_support = 0.001;
  o.min_confidence = 0.8;
  auto rules = association_rules(g.baskets, o);
  ASSERT_TRUE(rules.is_ok());
  EXPECT_EQ(rules->size(), 410u);
  ASSERT_FALSE(rules->empty());
  const auto& top = rules->front();
  std::set<std::string> lhs;
  for (ItemId i : top.antecedent) lhs.insert(g.names[i]);
  EXPECT_EQ(lhs, (std::set<std::string>{"liquor", "red/blush wine"}));
  EXPECT_EQ(g.names[top.consequent], "bottled beer");
  EXPECT_NEAR(top.lift, 11.24, 0.005);
  EXPECT_NEAR(top.confidence, 0.905, 0.0005);

  o.min_support = 0.006;
  o.min_confidence = 0.25;
  rules = association_rules(g.baskets, o);
  ASSERT_TRUE(rules.is_ok());
  EXPECT_EQ(rules->size(), 463u);
  EXPECT_EQ(g.names[rules->front().consequent], "root vegetables");
  EXPECT_NEAR(rules->front().lift, 3.956, 0.0005);
}

}  // namespace
}  // namespace oiis::recommend

namespace oiis::recommend {
namespace {

TEST(BoughtTogether, RanksPartnersByLiftAboveTheCountFloor) {
  // 1 and 2 always together (10 baskets); 1 with 3 in 2 of the 50 baskets where 3 is common.
  std::vector<Basket> baskets;
  for (int i = 0; i < 10; ++i) baskets.push_back({1, 2});
  for (int i = 0; i < 2; ++i) baskets.push_back({1, 3});
  for (int i = 0; i < 48; ++i) baskets.push_back({3, 4});
  const auto partners = bought_together(baskets, 2, 5);
  std::map<ItemId, std::vector<Partner>> by_item(partners.begin(), partners.end());
  ASSERT_TRUE(by_item.count(1));
  ASSERT_EQ(by_item[1].size(), 2u);
  EXPECT_EQ(by_item[1][0].item, 2);
  EXPECT_EQ(by_item[1][0].count, 10);
  EXPECT_NEAR(by_item[1][0].lift, (10.0 / 12) / (10.0 / 60), 1e-12);
  EXPECT_EQ(by_item[1][1].item, 3);
  EXPECT_NEAR(by_item[1][1].confidence, 2.0 / 12, 1e-12);
  const auto strict = bought_together(baskets, 3, 5);  // the 1-3 pair is below the floor
  std::map<ItemId, std::vector<Partner>> strict_by(strict.begin(), strict.end());
  ASSERT_EQ(strict_by[1].size(), 1u);
  const auto one = bought_together(baskets, 1, 1);
  for (const auto& [item, list] : one) EXPECT_LE(list.size(), 1u);
}

}  // namespace
}  // namespace oiis::recommend
