// GET /api/v1/recommendations/product/{sku}: bought-together partners with their reasons,
// rebuilt when the data changes; bad input named.
#include <chrono>
#include <thread>

#include "server/server_fixture.h"

namespace oiis::testing {
namespace {

// GETs `path` until the answer comes from a model of the current data (the models are rebuilt
// in the background after a change; until then answers say "rebuilding": true).
template <typename Get>
Reply get_rebuilt(Get get, const std::string& path) {
  Reply r;
  for (int i = 0; i < 500; ++i) {
    r = get(path, kReadKey);
    if (r.status != 200 || !r.json.value("rebuilding", false)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return r;
}

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

  EXPECT_EQ(p["source"], "bought_together");
  EXPECT_EQ(r.json["method"], "bought_together");
  EXPECT_EQ(r.json["stock_checked"], true);
  EXPECT_EQ(r.json["rebuilding"], false);

  // Bought with nothing: the products most like it by content (SKU-2 is in the next price band).
  Reply lonely = get("/api/v1/recommendations/product/SKU-3", kReadKey);
  ASSERT_EQ(lonely.status, 200);
  EXPECT_EQ(lonely.json["method"], "content");
  ASSERT_EQ(lonely.json["partners"].size(), 1u) << lonely.body;
  EXPECT_EQ(lonely.json["partners"][0]["sku"], "SKU-2");
  EXPECT_EQ(lonely.json["partners"][0]["source"], "content");
  EXPECT_TRUE(lonely.json["partners"][0].contains("similarity"));
  ASSERT_EQ(lonely.json["notes"].size(), 1u) << lonely.body;
  EXPECT_NE(lonely.json["notes"][0].get<std::string>().find("no product was bought with this one"),
            std::string::npos);
  Reply tools = get("/api/v1/recommendations/product/SKU-1?category=tools", kReadKey);
  ASSERT_EQ(tools.status, 200);
  EXPECT_TRUE(tools.json["partners"].empty()) << "SKU-2 is a widget";
  Reply boats = get("/api/v1/recommendations/product/SKU-1?category=boats", kReadKey);
  EXPECT_EQ(boats.status, 400);
  EXPECT_EQ(boats.json["error"]["field"], "category");

  EXPECT_EQ(get("/api/v1/recommendations/product/NOPE", kReadKey).status, 404);
  Reply bad = get("/api/v1/recommendations/product/SKU-1?top=9", kReadKey);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json["error"]["field"], "top");

  // Upsell: SKU-2 is the dearer widget with the larger margin; SKU-3 is a tool.
  Reply up = get("/api/v1/recommendations/product/SKU-1/upsell", kReadKey);
  ASSERT_EQ(up.status, 200) << up.body;
  EXPECT_EQ(up.json["method"], "upsell");
  ASSERT_EQ(up.json["items"].size(), 1u) << up.body;
  EXPECT_EQ(up.json["items"][0]["sku"], "SKU-2");
  EXPECT_EQ(up.json["items"][0]["source"], "upsell");
  EXPECT_EQ(up.json["items"][0]["reason"].get<std::string>().rfind(
                "same category, 100% dearer (20.00 vs 10.00), margin 12.00 vs 6.00, similarity", 0),
            0u)
      << up.body;
  Reply top_up = get("/api/v1/recommendations/product/SKU-2/upsell", kReadKey);
  ASSERT_EQ(top_up.status, 200);
  EXPECT_TRUE(top_up.json["items"].empty()) << "nothing dearer among the widgets";
  EXPECT_EQ(top_up.json["notes"].size(), 1u) << top_up.body;
  EXPECT_EQ(get("/api/v1/recommendations/product/NOPE/upsell", kReadKey).status, 404);
  Reply bad_up = get("/api/v1/recommendations/product/SKU-1/upsell?top=0", kReadKey);
  EXPECT_EQ(bad_up.status, 400);
  EXPECT_EQ(bad_up.json["error"]["field"], "top");

  ASSERT_TRUE(store_->place_order(alone).is_ok());  // new data: a new answer once rebuilt
  Reply again = get_rebuilt([this](const std::string& p, const char* key) { return get(p, key); }, "/api/v1/recommendations/product/SKU-1");
  EXPECT_NE(again.json["data_version"], r.json["data_version"]);
  EXPECT_EQ(again.json["baskets"], 7);
}

}  // namespace
}  // namespace oiis::testing

namespace oiis::testing {
namespace {

// Ada buys widgets 1 and 2 together five times; Bob buys widget 1 once; Cy never orders.
class PersonalRecommendationsTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(place(customer_id_, {"SKU-1", "SKU-2"}));
    Customer bob;
    bob.name = "Bob";
    bob.email = "bob@example.com";
    auto made = store_->create_customer(bob);
    ASSERT_TRUE(made);
    bob_ = made->id;
    ASSERT_TRUE(place(bob_, {"SKU-1"}));
    Customer cy;
    cy.name = "Cy";
    cy.email = "cy@example.com";
    auto made_cy = store_->create_customer(cy);
    ASSERT_TRUE(made_cy);
    cy_ = made_cy->id;
  }
  bool place(Id customer, const std::vector<std::string>& skus) {
    OrderRequest r;
    r.customer_id = customer;
    for (const auto& sku : skus) {
      r.lines.emplace_back();
      r.lines.back().sku = sku;
      r.lines.back().quantity = 1;
    }
    return store_->place_order(r).is_ok();
  }
  Id bob_ = 0, cy_ = 0;
};

TEST_F(PersonalRecommendationsTest, CustomerGetsWhatSimilarBuyersBoughtWithAReason) {
  Reply r = get("/api/v1/recommendations/customer/" + std::to_string(bob_), kReadKey);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["method"], "ease");
  ASSERT_FALSE(r.json["items"].empty()) << r.body;
  EXPECT_EQ(r.json["items"][0]["sku"], "SKU-2");
  EXPECT_EQ(r.json["items"][0]["reason"], "customers who bought Widget 1 also bought this");
  for (const auto& item : r.json["items"]) EXPECT_NE(item["sku"], "SKU-1") << "bought recently";

  Reply newcomer = get("/api/v1/recommendations/customer/" + std::to_string(cy_), kReadKey);
  ASSERT_EQ(newcomer.status, 200) << newcomer.body;
  EXPECT_EQ(newcomer.json["method"], "popularity");
  ASSERT_EQ(newcomer.json["items"].size(), 2u) << newcomer.body;  // nobody bought SKU-3
  EXPECT_EQ(newcomer.json["items"][0]["sku"], "SKU-1");
  EXPECT_EQ(newcomer.json["items"][0]["reason"], "bought by 2 customers in the last 90 days");

  auto widget2 = store_->get_product_by_sku("SKU-2");
  ASSERT_TRUE(widget2);
  Product retired = *widget2;
  retired.active = false;
  ASSERT_TRUE(store_->update_product(retired));
  Reply after = get_rebuilt([this](const std::string& p, const char* key) { return get(p, key); }, "/api/v1/recommendations/customer/" + std::to_string(bob_));
  ASSERT_EQ(after.status, 200);
  EXPECT_NE(after.json["data_version"], r.json["data_version"]);
  // SKU-2 is inactive, SKU-1 bought recently, SKU-3 bought by nobody: nothing left to offer.
  EXPECT_TRUE(after.json["items"].empty()) << after.body;

  Reply unknown = get("/api/v1/recommendations/customer/999999", kReadKey);
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.json["error"]["field"], "id");
  Reply bad = get("/api/v1/recommendations/customer/" + std::to_string(bob_) + "?top=0", kReadKey);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json["error"]["field"], "top");
  Reply boats = get("/api/v1/recommendations/customer/" + std::to_string(cy_) + "?category=boats", kReadKey);
  EXPECT_EQ(boats.status, 400);
  EXPECT_EQ(boats.json["error"]["field"], "category");
  Reply tools = get("/api/v1/recommendations/customer/" + std::to_string(cy_) + "?category=tools", kReadKey);
  ASSERT_EQ(tools.status, 200);
  EXPECT_TRUE(tools.json["items"].empty()) << "SKU-1 is the only popular product left and it is a widget";
}

TEST_F(PersonalRecommendationsTest, BasketGetsItsComplementsByLiftExcludingItself) {
  Reply r = post("/api/v1/recommendations/basket", Json{{"skus", {"SKU-1"}}}, kReadKey);
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.json["items"].size(), 1u) << r.body;
  EXPECT_EQ(r.json["items"][0]["sku"], "SKU-2");
  // Lift = P(1 and 2) / (P(1) P(2)) over 6 baskets = (5/6) / (6/6 * 5/6) = 1.
  EXPECT_NEAR(r.json["items"][0]["score"].get<double>(), 1.0, 1e-9);
  EXPECT_EQ(r.json["items"][0]["reason"], "bought together with Widget 1 5 times, lift 1.0");

  Reply whole = post("/api/v1/recommendations/basket", Json{{"skus", {"SKU-1", "SKU-2"}}}, kReadKey);
  ASSERT_EQ(whole.status, 200);
  ASSERT_EQ(whole.json["items"].size(), 1u) << whole.body;
  EXPECT_EQ(whole.json["items"][0]["sku"], "SKU-3") << "nothing bought with them but what is in the basket";
  EXPECT_EQ(whole.json["items"][0]["source"], "content");

  Reply tools = post("/api/v1/recommendations/basket?category=tools", Json{{"skus", {"SKU-1"}}}, kReadKey);
  ASSERT_EQ(tools.status, 200);
  ASSERT_EQ(tools.json["items"].size(), 0u) << tools.body;
  Reply boats = post("/api/v1/recommendations/basket?category=boats", Json{{"skus", {"SKU-1"}}}, kReadKey);
  EXPECT_EQ(boats.status, 400);
  EXPECT_EQ(boats.json["error"]["field"], "category");

  Reply missing = post("/api/v1/recommendations/basket", Json{{"items", {"SKU-1"}}}, kReadKey);
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.json["error"]["field"], "skus");
  Reply empty = post("/api/v1/recommendations/basket", Json{{"skus", Json::array()}}, kReadKey);
  EXPECT_EQ(empty.status, 400);
  EXPECT_EQ(empty.json["error"]["field"], "skus");
  Reply number = post("/api/v1/recommendations/basket", Json{{"skus", {"SKU-1", 7}}}, kReadKey);
  EXPECT_EQ(number.status, 400);
  EXPECT_EQ(number.json["error"]["field"], "skus[1]");
  Reply unknown = post("/api/v1/recommendations/basket", Json{{"skus", {"SKU-1", "NOPE"}}}, kReadKey);
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.json["error"]["field"], "skus[1]");
}

}  // namespace
}  // namespace oiis::testing
