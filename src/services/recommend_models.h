// The recommendation models of one data version, built together from one read of the store and
// never changed afterwards (RecommendationService swaps a whole new set in): the catalogue with
// its stock and content index, each product's bought-together partners, the personalised
// scorer — and the business rules every list obeys. Internal to the service and its tests.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "domain/types.h"
#include "recommend/association.h"
#include "recommend/collaborative.h"
#include "recommend/content.h"
#include "store/store.h"

namespace oiis::services {

// Every product of the store (active or not) in id order — item i is products[i] in every
// model — with what the rules need to know about it.
struct Catalogue {
  std::vector<Product> products;
  std::unordered_map<std::string, recommend::ItemId> item_of_sku;
  std::unordered_map<Id, recommend::ItemId> item_of_id;
  // Available (on hand - reserved) summed over locations > 0. Meaningless when !stock_known.
  std::vector<char> in_stock;
  // False when the store holds no stock level at all (an imported sales history such as Online
  // Retail): lists are then not filtered by stock, and say so.
  bool stock_known = false;
  // Active and (when stock_known) in stock: what any list may offer, before the request's own rules.
  std::vector<char> offerable;
  std::vector<std::string> categories;  // distinct, sorted
  std::vector<std::int32_t> category_of;  // by item: index into categories, -1 without one
  std::vector<double> price, margin;    // by item; margin NaN when the cost is unknown (0)
  recommend::ContentIndex content;
  const Product& product(recommend::ItemId item) const { return products[static_cast<std::size_t>(item)]; }
};

// Every product, its stock levels and its content index.
Result<Catalogue> read_catalogue(Store& store);
// What the content index reads of each product.
std::vector<recommend::ProductContent> content_of(std::span<const Product> products);

// A personalised scorer fitted on every customer's purchases: EASE while the catalogue fits
// its dense matrix, else item-item neighbours; popularity for customers without a history.
// One entry of a customer's precomputed ranking.
struct RankedItem {
  recommend::ItemId item = 0;
  float score = 0;
  recommend::ItemId because = 0;  // the bought item that speaks most for it
};

struct PersonalModel {
  std::vector<Id> customers;                          // user index -> customer id
  std::vector<recommend::PurchaseHistory> histories;  // by user index, items = catalogue items
  std::unordered_map<Id, std::size_t> user_of;        // customer id -> user index
  std::string method;                                 // "ease" or "item_knn"
  std::unique_ptr<recommend::Scorer> scorer;
  std::unique_ptr<recommend::Popularity> popularity;
  std::int64_t last_day = 0;  // the newest order's day
  // By user: the scorer's positive scores, best first, over offerable products not bought in
  // the last `recent_days` days — at most `ranked_depth` of them, so a list shorter than that is
  // all there is. Computed with the model (a prediction table); empty when the catalogue and
  // customers are too many to hold them (the service then scores on each request).
  std::vector<std::vector<RankedItem>> ranked;
  std::size_t ranked_depth = 0;
};

// The customer's ranking by the personalised scorer: positive scores only, best first, at
// most `limit`, leaving out what `rules` does not allow.
class ListRules;
std::vector<RankedItem> rank_for_user(const Catalogue& c, const PersonalModel& m, const recommend::PurchaseHistory& h,
                                      const ListRules& rules, std::size_t limit);
// Leaves out of `rules` what the customer bought in the last `days` days of the data.
void exclude_recent(const PersonalModel& m, const recommend::PurchaseHistory& h, int days, ListRules& rules);

struct RecommendationModels {
  std::string data_version;  // Store::data_version read before any of the data
  Catalogue catalogue;
  std::size_t baskets = 0;  // orders that count as demand, with a product line
  // By item: partners bought with it in >= min_count baskets, by lift; deeper than any list
  // shows so that the rules can drop some and still fill it.
  std::vector<std::vector<recommend::Partner>> partners;
  PersonalModel personal;
  double build_seconds = 0;
};

// Every order that counts as demand as a basket of catalogue items (guest orders included;
// cancelled orders and orders without a product line are skipped and counted), and per
// customer the same baskets dated, oldest first (ties by order id).
struct Purchases {
  std::vector<recommend::Basket> baskets;
  long orders_skipped = 0;
  std::vector<Id> customers;                          // ascending
  std::vector<recommend::PurchaseHistory> histories;  // by customer
};
Result<Purchases> read_purchases(Store& store, const std::unordered_map<Id, recommend::ItemId>& item_of_id);

struct ModelOptions {
  recommend::MethodSettings settings;
  std::int64_t min_count = 5;  // baskets a bought-together pair needs
  int partner_depth = 20;      // partners kept per product
  int recent_days = 90;        // a customer's purchases this recent are never offered again
  std::size_t ranked_depth = 100;  // precomputed ranking per customer (0 = none)
  std::size_t max_ranked_entries = 20'000'000;  // customers x depth above this: none (memory)
};

// One read of products, stock levels and orders; `version` is the data version read before.
Result<std::shared_ptr<const RecommendationModels>> build_recommendation_models(
    Store& store, std::string version, const ModelOptions& options);

// What a list may offer: active products, in stock (when the store keeps stock), of the
// requested category, not excluded (bought lately, in the basket, the product itself).
class ListRules {
 public:
  ListRules(const Catalogue& catalogue, const std::optional<std::string>& category);
  void exclude(recommend::ItemId item) { excluded_[static_cast<std::size_t>(item)] = 1; }
  bool allows(recommend::ItemId item) const;
  // Every item not allowed, for recommend::top_n.
  std::vector<recommend::ItemId> disallowed() const;
  recommend::ItemFilter filter() const {
    return [this](recommend::ItemId item) { return allows(item); };
  }

 private:
  const Catalogue& catalogue_;
  std::optional<std::int32_t> category_;  // index into catalogue_.categories; -2 matches none
  std::vector<char> excluded_;
};

}  // namespace oiis::services
