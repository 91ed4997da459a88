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

// One question at a time (the API): a product's bought-together partners, from a report built
// once per data version (Store::data_version) and kept until the data changes.
class RecommendationService {
 public:
  explicit RecommendationService(Store& store) : store_(store) {}
  RecommendationService(const RecommendationService&) = delete;
  RecommendationService& operator=(const RecommendationService&) = delete;

  struct ProductPartners {
    std::string sku, name, data_version;
    std::size_t baskets = 0;
    std::vector<TogetherPartner> partners;  // by lift; empty when none passes the floor
  };
  // kNotFound for an unknown SKU; `top` at most the report's (5).
  Result<ProductPartners> bought_with(const std::string& sku, int top);

  static constexpr int kTop = 5;
  static constexpr std::int64_t kMinCount = 5;

 private:
  Store& store_;
  std::mutex mutex_;  // one build at a time; readers of the same version share it
  std::string version_;
  std::shared_ptr<const TogetherReport> report_;
};

}  // namespace oiis::services
