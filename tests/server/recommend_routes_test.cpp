// GET /api/v1/recommendations/product/{sku}: bought-together partners with their reasons,
// rebuilt when the data changes; bad input named.
#include "server/server_fixture.h"

namespace oiis::testing {
namespace {

TEST_F(ServerTest, ProductRecommendationsListBoughtTogetherPartners) {
  for (int i = 0; i < 5; ++i) {
    OrderRequest r;
    r.customer_id = customer_id_;
    r.lines.resize(2);
    r.lines[0].sku = "SKU-1";
    r.lines[0].quantity = 1;
    r.lines[1].sku = "SKU-2";
    r.lines[1].quantity = 1;
    ASSERT_TRUE(store_->place_order(r).is_ok());
  }
  OrderRequest alone;
  alone.lines.resize(1);
  alone.lines[0].sku = "SKU-3";
  alone.lines[0].quantity = 1;
  ASSERT_TRUE(store_->place_order(alone).is_ok());

  Reply r = get("/api/v1/recommendations/product/SKU-1", kReadKey);
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.json["partners"].size(), 1u) << r.body;
  const Json& p = r.json["partners"][0];
  EXPECT_EQ(p["sku"], "SKU-2");
  EXPECT_EQ(p["count"], 5);
  EXPECT_NEAR(p["lift"].get<double>(), 1.0 / (5.0 / 6.0), 1e-9);
  EXPECT_NE(p["reason"].get<std::string>().find("bought together 5 times"), std::string::npos);
  EXPECT_EQ(r.json["baskets"], 6);

  Reply lonely = get("/api/v1/recommendations/product/SKU-3", kReadKey);
  ASSERT_EQ(lonely.status, 200);
  EXPECT_TRUE(lonely.json["partners"].empty());
  EXPECT_TRUE(lonely.json.contains("note"));

  EXPECT_EQ(get("/api/v1/recommendations/product/NOPE", kReadKey).status, 404);
  Reply bad = get("/api/v1/recommendations/product/SKU-1?top=9", kReadKey);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json["error"]["field"], "top");

  ASSERT_TRUE(store_->place_order(alone).is_ok());  // new data: a new answer
  Reply again = get("/api/v1/recommendations/product/SKU-1", kReadKey);
  EXPECT_NE(again.json["data_version"], r.json["data_version"]);
  EXPECT_EQ(again.json["baskets"], 7);
}

}  // namespace
}  // namespace oiis::testing
