// The recommendations family's service: baskets and purchase histories from the store's orders
// and what the recommend module makes of them — frequently bought together per product,
// personalised lists per customer, cross-sell for a basket, and the offline evaluation.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "domain/types.h"
#include "recommend/association.h"
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

// One recommended product with the reason a person can read.
struct Suggestion {
  std::string sku, name;
  double score = 0;  // the method's own scale (EASE weight, lift, buyers)
  std::string reason;
};

struct PersonalModel;  // recommend_service.cpp: histories, the fitted scorer, popularity

// One question at a time (the API): a product's bought-together partners, a customer's
// personalised list and a basket's cross-sell, from models built once per data version
// (Store::data_version) and kept until the data changes — one bought-together report and one
// personalised model at a time, so memory stays bounded by the catalogue.
class RecommendationService {
 public:
  explicit RecommendationService(Store& store);
  RecommendationService(const RecommendationService&) = delete;
  RecommendationService& operator=(const RecommendationService&) = delete;

  struct ProductPartners {
    std::string sku, name, data_version;
    std::size_t baskets = 0;
    std::vector<TogetherPartner> partners;  // by lift; empty when none passes the floor
  };
  // kNotFound for an unknown SKU; `top` at most the report's (5).
  Result<ProductPartners> bought_with(const std::string& sku, int top);

  struct CustomerList {
    Id customer_id = 0;
    std::string method, data_version;  // "ease", "item_knn" or "popularity" (no history yet)
    std::vector<Suggestion> items;
  };
  // Active products the customer did not buy in the last kRecentDays days of the data, best
  // first, each with "customers who bought X also bought this" (or why it is popular).
  // kNotFound naming "id" for an unknown customer; `top` 1..kMaxTop.
  Result<CustomerList> for_customer(Id customer_id, int top);

  struct BasketList {
    std::vector<std::string> skus;
    std::string data_version;
    std::vector<Suggestion> items;  // by lift
  };
  // Cross-sell: the active bought-together partners of the basket's products, not in the
  // basket, ranked by their best lift with any of them. kInvalidArgument naming "skus" for an
  // empty or too long basket, kNotFound naming "skus[i]" for an unknown SKU.
  Result<BasketList> for_basket(const std::vector<std::string>& skus, int top);

  static constexpr int kTop = 5;
  static constexpr std::int64_t kMinCount = 5;
  static constexpr int kMaxTop = 50;
  static constexpr int kRecentDays = 90;
  static constexpr std::size_t kMaxBasket = 100;
  RecommendationService(Store& store, recommend::MethodSettings settings);
  ~RecommendationService();

 private:
  Result<std::shared_ptr<const TogetherReport>> together(const std::string& version);
  Result<std::shared_ptr<const PersonalModel>> personal(const std::string& version);

  Store& store_;
  recommend::MethodSettings settings_;
  std::mutex mutex_;  // one build at a time; readers of the same version share it
  std::string version_;
  std::shared_ptr<const TogetherReport> report_;
  std::mutex personal_mutex_;
  std::string personal_version_;
  std::shared_ptr<const PersonalModel> personal_;
};

}  // namespace oiis::services
