// The recommendations family's service: baskets and purchase histories from the store's orders
// and what the recommend module makes of them — frequently bought together per product,
// personalised lists per customer, cross-sell for a basket, and the offline evaluation.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "common/status.h"
#include "domain/types.h"
#include "recommend/association.h"
#include "recommend/content.h"
#include "recommend/offline_eval.h"
#include "store/store.h"

namespace oiis::services {

// One basket per order that counts as demand (data/snapshots.h: cancelled orders never do):
// its products with a positive quantity. Item ids are product ids.
struct StoreBaskets {
  std::vector<recommend::Basket> baskets;
  long orders_skipped = 0;  // cancelled, or without a product line
};
Result<StoreBaskets> order_baskets(Store& store);

struct TogetherPartner {
  std::string sku, name;
  recommend::Partner stats;
  bool active = true;  // the partner product is still sold
};
struct TogetherItem {
  std::string sku, name;
  std::vector<TogetherPartner> partners;  // by lift
};
struct TogetherReport {
  std::size_t baskets = 0;
  long orders_skipped = 0;
  int top = 0;
  std::int64_t min_count = 0;
  std::vector<TogetherItem> items;  // product id order
};
// Every product's top partners (pairs in at least `min_count` baskets).
Result<TogetherReport> bought_together_report(Store& store, int top, std::int64_t min_count);

// The share of (anchor sku, accessory sku) pairs whose accessory is among the anchor's
// partners in `report`; pairs whose anchor has no partner at all count as missed.
double pair_recovery(const TogetherReport& report,
                     const std::vector<std::pair<std::string, std::string>>& pairs);

// Every customer's orders that count as demand as dated baskets, oldest first (guest orders
// have no customer and are left out). Items are indices into `products`: every product of the
// store, active or not, in id order.
struct CustomerHistories {
  std::vector<Id> customers;                        // user index -> customer id
  std::vector<recommend::PurchaseHistory> histories;  // by user index
  std::vector<Product> products;                    // item index -> product
};
Result<CustomerHistories> customer_histories(Store& store);

// `oiis recommend eval`: each customer's last basket held out, the three methods fitted on
// the rest with `settings` and scored once; with `validation`, instead the grid of candidate
// settings scored on the second-to-last baskets (the test baskets unseen).
struct RecommenderEvaluation {
  std::size_t customers = 0, scored_customers = 0, items = 0;
  std::vector<recommend::MethodResult> methods;
};
Result<RecommenderEvaluation> evaluate_recommenders(Store& store, bool validation,
                                                    const recommend::MethodSettings& settings);

// How well content neighbours stand in for sales-based ones — the cold-start question: were a
// product's sales hidden, would its content neighbours be the products its buyers also buy?
// Content never sees sales, so every product with sales is such a test. For each product with
// a non-empty reference list, the share of the reference found among the candidate's top `k`:
// references are the item-item neighbours (top k, default ItemKnnOptions) and the
// bought-together partners (top 5, pairs in >= 5 orders); candidates are the content
// neighbours, the k most popular products (what a shop without content would show) and, as
// chance, k products drawn from the same category (its expectation).
struct ContentEvaluation {
  struct Overlap {
    double content = 0, popularity = 0, same_category_chance = 0;
    std::size_t scored = 0;  // products with a reference list
  };
  struct Row {
    std::string settings;  // the content weights, e.g. "category=2 brand=1 text=1 price=1"
    Overlap item_knn, bought_together;
  };
  std::size_t products = 0;
  int k = 10;
  std::vector<Row> rows;  // test: one row, `options`; validation: the grid of candidate weights
};
// Products are split by position: the even ones score the validation grid, the odd ones the
// test (references and neighbours still range over the whole catalogue).
Result<ContentEvaluation> evaluate_content(Store& store, int k, bool validation,
                                           const recommend::ContentOptions& options);

// One recommended product with the reason a person can read.
struct Suggestion {
  std::string sku, name;
  double score = 0;    // the source's own scale (lift, EASE weight, buyers, similarity)
  std::string source;  // "bought_together", "content", "ease", "item_knn", "popularity", "upsell"
  std::string reason;
  std::optional<recommend::Partner> together;  // the pair's figures (bought_together)
  std::optional<double> similarity;            // content similarity (content, upsell)
  double price = 0;
};

// Which model answered, and what its lists could not check.
struct ModelStamp {
  std::string data_version;    // of the model that answered
  bool rebuilding = false;     // the data has changed since; a newer model is being built
  bool stock_checked = false;  // false: the store keeps no stock levels, nothing was filtered by stock
};

// The length of a list and its optional category (only products of that category).
struct ListRequest {
  int top = 10;
  std::optional<std::string> category;
};

struct RecommendationModels;  // services/recommend_models.h
struct ModelOptions;

// Answers one question at a time (the API) from the models of one data version
// (Store::data_version), built together and swapped in whole. The first question ever waits for
// the first build; after that, a question asked after the data changed is answered at once from
// the previous models (ModelStamp::rebuilding) while one background thread builds the new ones.
// Thread-safe.
class RecommendationService {
 public:
  struct Options {
    recommend::MethodSettings settings;
    // Called on the background thread before each rebuild (not the first build): tests hold a
    // rebuild here to ask questions during it.
    std::function<void()> before_rebuild;
    // Each customer's ranking is computed with the model, this deep (a prediction table;
    // requests then only filter it); 0 scores on every request instead.
    std::size_t ranked_depth = 100;
  };
  explicit RecommendationService(Store& store);
  RecommendationService(Store& store, Options options);
  RecommendationService(const RecommendationService&) = delete;
  RecommendationService& operator=(const RecommendationService&) = delete;
  ~RecommendationService();  // waits for a rebuild in progress

  struct ProductList {
    std::string sku, name;
    ModelStamp model;
    std::size_t baskets = 0;
    std::string method;  // "bought_together" or, with no partner to show, "content"
    std::vector<Suggestion> items;
    std::vector<std::string> notes;
  };
  // A product's bought-together partners by lift (pairs in >= kMinCount orders), filled with its
  // most similar products by content when fewer than `top` pass the rules (a product nobody has
  // bought gets content neighbours only). kNotFound naming "sku"; `top` 1..kTop.
  Result<ProductList> for_product(const std::string& sku, const ListRequest& request);
  // Upsell: products of the same category, similar by content (recommend::UpsellOptions), dearer
  // and, where costs are known, at least as profitable; by similarity. `top` 1..kTop.
  Result<ProductList> upsell(const std::string& sku, const ListRequest& request);

  struct CustomerList {
    Id customer_id = 0;
    std::string method;  // "ease", "item_knn" or "popularity" (no history yet)
    ModelStamp model;
    std::vector<Suggestion> items;
    std::vector<std::string> notes;
  };
  // Products the customer did not buy in the last kRecentDays days of the data, best first:
  // the personalised scorer, then content neighbours of the last order, then popularity.
  // kNotFound naming "id" for an unknown customer; `top` 1..kMaxTop.
  Result<CustomerList> for_customer(Id customer_id, const ListRequest& request);

  struct BasketList {
    std::vector<std::string> skus;
    ModelStamp model;
    std::vector<Suggestion> items;  // by lift, then content neighbours
    std::vector<std::string> notes;
  };
  // Cross-sell: the bought-together partners of the basket's products, not in the basket, ranked
  // by their best lift with any of them, filled by content neighbours. kInvalidArgument naming
  // "skus" for an empty or too long basket, kNotFound naming "skus[i]" for an unknown SKU.
  Result<BasketList> for_basket(const std::vector<std::string>& skus, const ListRequest& request);

  // Every list obeys the same rules: active products only; in stock (available summed over
  // locations > 0) when the store keeps stock levels; of `category` when one is asked for
  // (kInvalidArgument naming "category" when no product has it); never what the customer bought
  // in the last kRecentDays days, what is in the basket, or the product asked about.
  static constexpr int kTop = 5;
  static constexpr std::int64_t kMinCount = 5;
  static constexpr int kMaxTop = 50;
  static constexpr int kRecentDays = 90;
  static constexpr std::size_t kMaxBasket = 100;

 private:
  struct Current {
    std::shared_ptr<const RecommendationModels> models;
    ModelStamp stamp;
  };
  Result<Current> current(const std::optional<std::string>& category);
  ModelOptions model_options() const;
  void start_rebuild();
  void rebuild();

  Store& store_;
  Options options_;
  // The models in service, swapped whole. A mutex held only to copy or swap the pointer rather
  // than std::atomic<std::shared_ptr>: libstdc++ 12's lock bit in the control-block pointer is
  // invisible to ThreadSanitizer, which then reports every swap as a race.
  std::shared_ptr<const RecommendationModels> loaded() const;
  void publish(std::shared_ptr<const RecommendationModels> models);
  mutable std::mutex models_mutex_;
  std::shared_ptr<const RecommendationModels> models_;
  std::mutex build_mutex_;  // one build at a time: the first one (callers wait) or a rebuild
  std::mutex rebuild_mutex_;
  bool rebuilding_ = false;  // guarded by rebuild_mutex_
  std::thread rebuild_thread_;
};

}  // namespace oiis::services
