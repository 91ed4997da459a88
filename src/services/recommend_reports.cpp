// The store-wide reports of the recommendations family (each product's partners, the offline
// evaluation) and the purchase histories they read; RecommendationService answers one question
// at a time from models kept between requests.
#include <algorithm>
#include <map>
#include <unordered_map>

#include "data/import_support.h"
#include "data/snapshots.h"
#include "services/recommend_models.h"
#include "services/recommend_service.h"

namespace oiis::services {

Result<StoreBaskets> order_baskets(Store& store) {
  StoreBaskets out;
  OIIS_RETURN_IF_ERROR(store.scan_orders({}, [&](const Order& o) {
    recommend::Basket basket;
    if (counts_as_demand(o.status))
      for (const auto& line : o.lines)
        if (line.quantity > 0) basket.push_back(static_cast<recommend::ItemId>(line.product_id));
    if (basket.empty())
      ++out.orders_skipped;
    else
      out.baskets.push_back(std::move(basket));
    return true;
  }));
  return out;
}

Result<TogetherReport> bought_together_report(Store& store, int top, std::int64_t min_count) {
  if (top < 1) return invalid_argument("must be >= 1", "top");
  if (min_count < 1) return invalid_argument("must be >= 1", "min_count");
  auto baskets = order_baskets(store);
  if (!baskets) return baskets.status();
  std::unordered_map<Id, Product> products;
  OIIS_RETURN_IF_ERROR(import_detail::for_each_page(
      [&](const PageRequest& p) { return store.list_products({}, p); },
      [&](const Product& p) { products.emplace(p.id, p); }));
  TogetherReport report;
  report.baskets = baskets->baskets.size();
  report.orders_skipped = baskets->orders_skipped;
  report.top = top;
  report.min_count = min_count;
  for (auto& [item, partners] : recommend::bought_together(baskets->baskets, min_count, top)) {
    auto product = products.find(item);
    if (product == products.end()) continue;
    TogetherItem entry{product->second.sku, product->second.name, {}};
    for (const auto& partner : partners) {
      auto other = products.find(partner.item);
      if (other != products.end())
        entry.partners.push_back({other->second.sku, other->second.name, partner, other->second.active});
    }
    report.items.push_back(std::move(entry));
  }
  return report;
}

double pair_recovery(const TogetherReport& report,
                     const std::vector<std::pair<std::string, std::string>>& pairs) {
  if (pairs.empty()) return 0;
  std::map<std::string, const TogetherItem*> by_sku;
  for (const auto& item : report.items) by_sku[item.sku] = &item;
  std::size_t found = 0;
  for (const auto& pair : pairs) {
    const std::string& accessory = pair.second;
    auto it = by_sku.find(pair.first);
    if (it == by_sku.end()) continue;
    const auto& partners = it->second->partners;
    found += std::any_of(partners.begin(), partners.end(),
                         [&](const TogetherPartner& p) { return p.sku == accessory; });
  }
  return static_cast<double>(found) / pairs.size();
}

Result<CustomerHistories> customer_histories(Store& store) {
  CustomerHistories out;
  std::unordered_map<Id, recommend::ItemId> item_of;
  OIIS_RETURN_IF_ERROR(import_detail::for_each_page(
      [&](const PageRequest& p) { return store.list_products({}, p); },
      [&](const Product& p) { out.products.push_back(p); }));
  std::sort(out.products.begin(), out.products.end(),
            [](const Product& a, const Product& b) { return a.id < b.id; });
  for (std::size_t i = 0; i < out.products.size(); ++i)
    item_of.emplace(out.products[i].id, static_cast<recommend::ItemId>(i));
  auto purchases = read_purchases(store, item_of);
  if (!purchases) return purchases.status();
  out.customers = std::move(purchases->customers);
  out.histories = std::move(purchases->histories);
  return out;
}

Result<RecommenderEvaluation> evaluate_recommenders(Store& store, bool validation,
                                                    const recommend::MethodSettings& settings) {
  auto data = customer_histories(store);
  if (!data) return data.status();
  const auto split = recommend::split_last_basket(data->histories);
  RecommenderEvaluation out{data->customers.size(), split.scored_users(), data->products.size(), {}};
  auto methods = validation ? recommend::validation_grid(data->histories, out.items)
                            : recommend::evaluate_methods(split, out.items, settings);
  if (!methods) return methods.status();
  out.methods = std::move(methods).value();
  if (validation && !out.methods.empty()) out.scored_customers = out.methods.front().metrics.users;
  return out;
}

}  // namespace oiis::services
