// The business rules every recommendation list obeys (active, in stock — or said to be
// unchecked —, category, nothing already bought), content neighbours for a product nobody has
// bought, upsell, and the background rebuild that keeps answering from the previous model.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <map>
#include <thread>

#include "services/recommend_service.h"

namespace oiis::services {
namespace {

struct ShopProduct {
  const char* sku;
  const char* name;
  const char* category;
  const char* brand;
  double price, cost;
  Quantity stock;
};

// SHOE is bought with SOCK (6 orders) and HAT (5); PRO is the dearer shoe, ROAD another
// brand's shoe nobody has bought, HAT is sold out, OLD retired. Stock levels only when
// `with_stock` (an imported sales history has none).
std::unique_ptr<Store> shop(bool with_stock) {
  const ShopProduct catalogue[] = {
      {"SHOE", "Trail Running Shoe", "shoes", "Fleet", 50, 20, 10},
      {"SOCK", "Trail Running Sock", "socks", "Fleet", 8, 3, 10},
      {"HAT", "Knitted Running Hat", "hats", "Woolly", 15, 5, 0},
      {"PRO", "Trail Running Shoe Pro", "shoes", "Fleet", 80, 30, 10},
      {"ROAD", "Road Running Shoe", "shoes", "Swift", 55, 30, 10},
      {"OLD", "Trail Running Shoe Classic", "shoes", "Fleet", 60, 20, 10},
  };
  auto store = open_store(":memory:");
  EXPECT_TRUE(store.is_ok());
  auto bulk = (*store)->begin_bulk();
  EXPECT_TRUE(bulk.is_ok());
  Location l;
  l.code = "WH1";
  l.name = "Main";
  const Id location = *(*bulk)->add_location(l);
  Customer ada;
  ada.name = "Ada";
  const Id customer = *(*bulk)->add_customer(ada);
  std::map<std::string, Id> id;
  for (const auto& c : catalogue) {
    Product p;
    p.sku = c.sku;
    p.name = c.name;
    p.category = c.category;
    p.brand = c.brand;
    p.price = c.price;
    p.cost = c.cost;
    p.active = std::string(c.sku) != "OLD";
    id[c.sku] = *(*bulk)->add_product(p);
    if (with_stock) {
      EXPECT_TRUE((*bulk)->set_stock({id[c.sku], location, c.stock, 0, 0, 0}).is_ok());
    }
  }
  auto order = [&](std::vector<std::string> skus, Timestamp at) {
    Order o;
    o.customer_id = customer;
    o.location_id = location;
    o.status = OrderStatus::kDelivered;
    o.placed_at = at;
    for (const auto& sku : skus) o.lines.push_back({0, 0, id[sku], sku, 1, 1.0, 0});
    EXPECT_TRUE((*bulk)->add_order(o).is_ok());
  };
  for (int i = 0; i < 6; ++i) order({"SHOE", "SOCK"}, 1'700'000'000 + i * 86400);
  for (int i = 0; i < 5; ++i) order({"SHOE", "HAT", "OLD"}, 1'700'000'000 + i * 86400);
  EXPECT_TRUE((*bulk)->commit().is_ok());
  return std::move(store).value();
}

std::vector<std::string> skus_of(const std::vector<Suggestion>& items) {
  std::vector<std::string> out;
  for (const auto& s : items) out.push_back(s.sku);
  return out;
}

TEST(RecommendationRules, OnlyActiveInStockProductsOfTheAskedCategory) {
  auto store = shop(/*with_stock=*/true);
  RecommendationService service(*store);
  auto shoe = service.for_product("SHOE", {5, std::nullopt});
  ASSERT_TRUE(shoe.is_ok()) << shoe.status().to_string();
  EXPECT_TRUE(shoe->model.stock_checked);
  ASSERT_FALSE(shoe->items.empty());
  EXPECT_EQ(shoe->items[0].sku, "SOCK");
  EXPECT_EQ(shoe->items[0].source, "bought_together");
  EXPECT_EQ(shoe->items[0].reason, "bought together 6 times, lift 1.0");
  for (const auto& s : shoe->items) {
    EXPECT_NE(s.sku, "HAT") << "sold out";
    EXPECT_NE(s.sku, "OLD") << "retired";
    EXPECT_NE(s.sku, "SHOE") << "the product itself";
    EXPECT_FALSE(s.reason.empty());
  }
  // The list is filled by content: the other shoes that are active and in stock, the one of
  // a similar price first.
  EXPECT_EQ(skus_of(shoe->items), (std::vector<std::string>{"SOCK", "ROAD", "PRO"}));
  EXPECT_EQ(shoe->items[1].source, "content");

  auto shoes_only = service.for_product("SHOE", {5, std::string("shoes")});
  ASSERT_TRUE(shoes_only.is_ok());
  EXPECT_EQ(skus_of(shoes_only->items), (std::vector<std::string>{"ROAD", "PRO"}));
  auto unknown = service.for_product("SHOE", {5, std::string("boats")});
  ASSERT_FALSE(unknown.is_ok());
  EXPECT_EQ(unknown.status().field(), "category");
  EXPECT_EQ(service.for_product("SHOE", {5, std::string("")}).status().field(), "category");
  EXPECT_EQ(service.for_product("NOPE", {5, std::nullopt}).status().field(), "sku");
  EXPECT_EQ(service.for_product("SHOE", {6, std::nullopt}).status().field(), "top");

  auto basket = service.for_basket({"SHOE", "PRO"}, {10, std::nullopt});
  ASSERT_TRUE(basket.is_ok());
  EXPECT_EQ(basket->items.front().sku, "SOCK");
  for (const auto& s : basket->items) EXPECT_TRUE(s.sku != "SHOE" && s.sku != "PRO" && s.sku != "HAT");

  auto customer = service.for_customer(1, {10, std::nullopt});
  ASSERT_TRUE(customer.is_ok());
  for (const auto& s : customer->items) EXPECT_TRUE(s.sku != "SHOE" && s.sku != "SOCK") << "bought lately";
}

TEST(RecommendationRules, WithoutAStockLedgerNothingIsFilteredByStockAndTheAnswerSaysSo) {
  auto store = shop(/*with_stock=*/false);
  RecommendationService service(*store);
  auto shoe = service.for_product("SHOE", {5, std::nullopt});
  ASSERT_TRUE(shoe.is_ok());
  EXPECT_FALSE(shoe->model.stock_checked);
  ASSERT_FALSE(shoe->notes.empty());
  EXPECT_NE(shoe->notes[0].find("no stock levels"), std::string::npos);
  EXPECT_EQ(skus_of(shoe->items).at(1), "HAT") << "not filtered: the store cannot say it is sold out";
}

TEST(RecommendationRules, AProductNobodyBoughtGetsContentNeighboursAndAnUpsell) {
  auto store = shop(/*with_stock=*/true);
  RecommendationService service(*store);
  auto road = service.for_product("ROAD", {5, std::nullopt});
  ASSERT_TRUE(road.is_ok());
  EXPECT_EQ(road->method, "content");
  ASSERT_FALSE(road->items.empty());
  EXPECT_EQ(road->items[0].sku, "SHOE");
  EXPECT_EQ(road->items[0].source, "content");
  ASSERT_TRUE(road->items[0].similarity.has_value());
  EXPECT_EQ(road->items[0].reason.rfind("similar to Road Running Shoe: same category, similar price", 0), 0u)
      << road->items[0].reason;

  auto up = service.upsell("SHOE", {5, std::nullopt});
  ASSERT_TRUE(up.is_ok());
  // PRO: 60% dearer, margin 50 vs 30. ROAD is dearer but earns 25 < 30; OLD is retired.
  ASSERT_EQ(skus_of(up->items), std::vector<std::string>{"PRO"});
  EXPECT_EQ(up->items[0].reason.rfind("same category, 60% dearer (80.00 vs 50.00), margin 50.00 vs 30.00", 0), 0u)
      << up->items[0].reason;
  auto none = service.upsell("PRO", {5, std::nullopt});
  ASSERT_TRUE(none.is_ok());
  EXPECT_TRUE(none->items.empty());
  EXPECT_FALSE(none->notes.empty());
}

TEST(RecommendationRebuild, AnswersFromThePreviousModelWhileTheNextIsBuilt) {
  auto store = shop(/*with_stock=*/true);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> rebuilds{0};
  RecommendationService::Options options;
  options.before_rebuild = [&] {
    ++rebuilds;
    released.wait();
  };
  RecommendationService service(*store, options);
  auto first = service.for_product("SHOE", {5, std::nullopt});  // the first build: waited for
  ASSERT_TRUE(first.is_ok());
  EXPECT_FALSE(first->model.rebuilding);

  auto hat = store->get_product_by_sku("HAT");
  ASSERT_TRUE(hat.is_ok());
  StockAdjustment restock;
  restock.product_id = hat->id;
  restock.location_id = 1;
  restock.type = MovementType::kCount;
  restock.quantity = 4;
  restock.reason = "found a box";
  ASSERT_TRUE(store->adjust_stock(restock).is_ok());

  const auto asked = std::chrono::steady_clock::now();
  auto during = service.for_product("SHOE", {5, std::nullopt});
  const auto waited = std::chrono::steady_clock::now() - asked;
  ASSERT_TRUE(during.is_ok());
  EXPECT_TRUE(during->model.rebuilding);
  EXPECT_EQ(during->model.data_version, first->model.data_version);
  EXPECT_EQ(skus_of(during->items), skus_of(first->items)) << "still the old stock: HAT sold out";
  EXPECT_LT(waited, std::chrono::milliseconds(500)) << "did not wait for the rebuild";
  auto again = service.for_product("SHOE", {5, std::nullopt});
  ASSERT_TRUE(again.is_ok());
  EXPECT_TRUE(again->model.rebuilding);

  release.set_value();
  RecommendationService::ProductList after;
  for (int i = 0; i < 500; ++i) {
    auto answer = service.for_product("SHOE", {5, std::nullopt});
    ASSERT_TRUE(answer.is_ok());
    after = *answer;
    if (!after.model.rebuilding) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_FALSE(after.model.rebuilding);
  EXPECT_NE(after.model.data_version, first->model.data_version);
  EXPECT_EQ(skus_of(after.items).at(1), "HAT") << "back in stock in the new model";
  EXPECT_EQ(rebuilds.load(), 1) << "one rebuild for the questions asked during it";
}

}  // namespace
}  // namespace oiis::services

namespace oiis::services {
namespace {

// Readers on four threads while the data changes ten times: every answer is whole (from one
// model or the next), and the last one comes from the last data. Run under ThreadSanitizer too.
TEST(RecommendationRebuild, ConcurrentReadersDuringRepeatedRebuilds) {
  auto store = shop(/*with_stock=*/true);
  RecommendationService service(*store);
  ASSERT_TRUE(service.for_product("SHOE", {5, std::nullopt}).is_ok());
  std::atomic<bool> done{false};
  std::atomic<int> answers{0}, failures{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t)
    readers.emplace_back([&service, &done, &answers, &failures, t] {
      while (!done) {
        const bool ok = t % 2 ? service.for_product("SHOE", {5, std::nullopt}).is_ok()
                              : service.for_customer(1, {10, std::nullopt}).is_ok();
        ++(ok ? answers : failures);
      }
    });
  auto shoe = store->get_product_by_sku("SHOE");
  ASSERT_TRUE(shoe.is_ok());
  for (int i = 0; i < 10; ++i) {
    Product renamed = *shoe;
    renamed.name = "Trail Running Shoe v" + std::to_string(i);
    ASSERT_TRUE(store->update_product(renamed, "test").is_ok());
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::string name;
  for (int i = 0; i < 500 && name != "Trail Running Shoe v9"; ++i) {
    auto answer = service.for_product("SHOE", {5, std::nullopt});
    ASSERT_TRUE(answer.is_ok());
    name = answer->name;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  done = true;
  for (auto& r : readers) r.join();
  EXPECT_EQ(name, "Trail Running Shoe v9");
  EXPECT_EQ(failures.load(), 0);
  EXPECT_GT(answers.load(), 40);
}

}  // namespace
}  // namespace oiis::services
