#include <gtest/gtest.h>

#include "agents/entities.h"

namespace oiis::agents {
namespace {

Catalogue shop() {
  Catalogue c;
  c.products = {{1, "SKU-000001", "Yardly Essential Pruning Shears Lite", "garden", "Yardly", 1},
                {2, "SKU-000002", "GreenThumb Ultra Pruning Shears Lite", "garden", "GreenThumb", 2},
                {3, "SKU-000003", "Nonna's Eco Rice", "grocery", "Nonna's", 1},
                {4, "SKU-000004", "Voltix Deluxe Headphones Mini", "electronics", "Voltix", 2}};
  c.customers = {{1, "CUST-000001", "Owen Martin", "owen.martin.1@example.com"},
                 {2, "CUST-000002", "Samuel Baker", "samuel.baker.2@example.com"},
                 {3, "CUST-000003", "Samuel Baker", "samuel.baker.3@example.com"}};
  c.suppliers = {{1, "Bluewater Supply"}, {2, "Falcon Imports"}};
  c.categories = {"garden", "grocery", "electronics", "home decor"};
  return c;
}

TEST(Entities, ProductsByPartOfTheirNameBySkuAndWithTypos) {
  EntityFinder f(shop());
  auto a = f.find("stock of the yardly pruning shears lite?");
  ASSERT_TRUE(a.product);
  EXPECT_EQ(a.product->index, 0u);
  EXPECT_EQ(f.find("price of nonnas eco rice").product->index, 2u);
  EXPECT_EQ(f.find("qty for sku-000004").product->index, 3u);
  EXPECT_EQ(f.find("voltix headphone mini forcast").product->index, 3u);
  // "pruning shears lite" fits two products equally: no guess.
  EXPECT_FALSE(f.find("pruning shears lite stock").product);
  EXPECT_FALSE(f.find("what should I reorder this week").product);
}

TEST(Entities, CustomersByNameEmailOrIdAndAmbiguousNamesAreNotGuessed) {
  EntityFinder f(shop());
  EXPECT_EQ(f.find("tell me about owen martin").customer->index, 0u);
  EXPECT_EQ(f.find("owen martin's purchase history").customer->index, 0u);
  EXPECT_EQ(f.find("orders of samuel.baker.3@example.com").customer->index, 2u);
  EXPECT_EQ(f.find("profile CUST-000002").customer->index, 1u);
  // By the number of their id alone.
  EXPECT_EQ(f.find("cust 3 - what else can we sell them").customer->index, 2u);
  EXPECT_EQ(f.find("customer #2 orders").customer->index, 1u);
  EXPECT_FALSE(f.find("cust 7 orders").customer);  // no id ends in 7
  auto twice = f.find("what did samuel baker buy");
  EXPECT_FALSE(twice.customer);
  EXPECT_EQ(twice.ambiguous_customers.size(), 2u);
}

TEST(Entities, TwoProductsWithOneNameAreAskedAboutAndSkusMatchAsWritten) {
  Catalogue c = shop();
  c.products.push_back({5, "85123A", "WHITE HANGING HEART T-LIGHT HOLDER", "", "", std::nullopt});
  c.products.push_back({6, "85123a", "WHITE HANGING HEART T-LIGHT HOLDER", "", "", std::nullopt});
  EntityFinder f(std::move(c));
  auto named = f.find("stock of the white hanging heart t-light holder");
  EXPECT_FALSE(named.product);
  EXPECT_EQ(named.ambiguous_products.size(), 2u);
  EXPECT_EQ(f.find("stock of 85123a").product->index, 5u);
  EXPECT_EQ(f.find("stock of 85123A").product->index, 4u);
}

TEST(Entities, SuppliersAndCategories) {
  EntityFinder f(shop());
  EXPECT_EQ(f.find("how is bluewater doing on lead times").supplier->index, 0u);
  EXPECT_EQ(f.find("top sellers in home decor").category, "home decor");
  EXPECT_EQ(f.find("reorder list for electronics pls").category, "electronics");
}

}  // namespace
}  // namespace oiis::agents
