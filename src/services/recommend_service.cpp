#include "services/recommend_service.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <unordered_map>

#include "data/import_support.h"
#include "data/snapshots.h"
#include "recommend/collaborative.h"

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
  struct Dated { Timestamp at; Id order; recommend::DatedBasket basket; };
  std::unordered_map<Id, std::vector<Dated>> by_customer;
  OIIS_RETURN_IF_ERROR(store.scan_orders({}, [&](const Order& o) {
    if (!o.customer_id || !counts_as_demand(o.status)) return true;
    recommend::DatedBasket basket{o.placed_at / kSecondsPerDay, {}};
    for (const auto& line : o.lines)
      if (auto it = item_of.find(line.product_id); line.quantity > 0 && it != item_of.end())
        basket.items.push_back(it->second);
    if (!basket.items.empty())
      by_customer[*o.customer_id].push_back({o.placed_at, o.id, std::move(basket)});
    return true;
  }));
  for (auto& [customer, orders] : by_customer) out.customers.push_back(customer);
  std::sort(out.customers.begin(), out.customers.end());
  for (Id customer : out.customers) {
    auto& orders = by_customer[customer];
    std::sort(orders.begin(), orders.end(), [](const Dated& a, const Dated& b) {
      return a.at != b.at ? a.at < b.at : a.order < b.order;
    });
    recommend::PurchaseHistory history;
    for (auto& o : orders) history.push_back(std::move(o.basket));
    out.histories.push_back(std::move(history));
  }
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

// The personalised model of one data version: who bought what, the fitted scorer and the
// popularity list for customers without a history.
struct PersonalModel {
  CustomerHistories data;
  std::unordered_map<Id, std::size_t> user_of;  // customer id -> user index
  std::string method;                           // "ease" or "item_knn"
  std::unique_ptr<recommend::Scorer> scorer;
  std::unique_ptr<recommend::Popularity> popularity;
  std::vector<recommend::ItemId> inactive;      // never recommended
  std::int64_t last_day = 0;                    // the newest order's day
};

namespace {

// EASE while the catalogue fits its dense matrix, else item-item neighbours.
Result<std::shared_ptr<const PersonalModel>> build_personal_model(
    Store& store, const recommend::MethodSettings& settings) {
  auto data = customer_histories(store);
  if (!data) return data.status();
  auto model = std::make_shared<PersonalModel>();
  model->data = std::move(data).value();
  const auto& d = model->data;
  std::vector<std::vector<recommend::ItemId>> user_items;
  for (std::size_t u = 0; u < d.histories.size(); ++u) {
    model->user_of.emplace(d.customers[u], u);
    user_items.push_back(recommend::items_of(d.histories[u]));
    for (const auto& basket : d.histories[u]) model->last_day = std::max(model->last_day, basket.day);
  }
  for (std::size_t i = 0; i < d.products.size(); ++i)
    if (!d.products[i].active) model->inactive.push_back(static_cast<recommend::ItemId>(i));
  const auto matrix = recommend::implicit_matrix(user_items, d.products.size());
  if (d.products.size() <= recommend::Ease::kMaxItems) {
    auto ease = recommend::Ease::fit(matrix, settings.ease);
    if (!ease) return ease.status();
    model->method = "ease";
    model->scorer = std::make_unique<recommend::Ease>(std::move(ease).value());
  } else {
    auto knn = recommend::ItemKnn::fit(matrix, settings.item_knn);
    if (!knn) return knn.status();
    model->method = "item_knn";
    model->scorer = std::make_unique<recommend::ItemKnn>(std::move(knn).value());
  }
  model->popularity =
      std::make_unique<recommend::Popularity>(d.histories, d.products.size(), settings.popularity);
  return std::shared_ptr<const PersonalModel>(std::move(model));
}

std::string popular_reason(const PersonalModel& m, recommend::ItemId item, int window_days) {
  return "bought by " + std::to_string(static_cast<long>(m.popularity->buyers(item))) +
         " customers in the last " + std::to_string(window_days) + " days";
}

// The customer's items bought in the last `days` days of the data, plus the inactive ones.
std::vector<recommend::ItemId> excluded_for(const PersonalModel& m, const recommend::PurchaseHistory& h,
                                            int days) {
  std::vector<recommend::ItemId> excluded = m.inactive;
  for (const auto& basket : h)
    if (basket.day > m.last_day - days) excluded.insert(excluded.end(), basket.items.begin(), basket.items.end());
  return excluded;
}

}  // namespace

RecommendationService::RecommendationService(Store& store) : RecommendationService(store, {}) {}
RecommendationService::RecommendationService(Store& store, recommend::MethodSettings settings)
    : store_(store), settings_(settings) {}
RecommendationService::~RecommendationService() = default;

Result<std::shared_ptr<const TogetherReport>> RecommendationService::together(const std::string& version) {
  std::lock_guard lock(mutex_);
  if (!report_ || version_ != version) {
    auto built = bought_together_report(store_, kTop, kMinCount);
    if (!built) return built.status();
    report_ = std::make_shared<const TogetherReport>(std::move(built).value());
    version_ = version;
  }
  return report_;
}

Result<std::shared_ptr<const PersonalModel>> RecommendationService::personal(const std::string& version) {
  std::lock_guard lock(personal_mutex_);
  if (!personal_ || personal_version_ != version) {
    auto built = build_personal_model(store_, settings_);
    if (!built) return built.status();
    personal_ = std::move(built).value();
    personal_version_ = version;
  }
  return personal_;
}

Result<RecommendationService::ProductPartners> RecommendationService::bought_with(
    const std::string& sku, int top) {
  if (top < 1 || top > kTop) return invalid_argument("must be 1.." + std::to_string(kTop), "top");
  auto product = store_.get_product_by_sku(sku);
  if (!product) return product.status();
  auto version = store_.data_version();
  if (!version) return version.status();
  auto report = together(*version);
  if (!report) return report.status();
  ProductPartners out{product->sku, product->name, *version, (*report)->baskets, {}};
  for (const auto& item : (*report)->items)
    if (item.sku == sku)
      out.partners.assign(item.partners.begin(),
                          item.partners.begin() + std::min<std::size_t>(top, item.partners.size()));
  return out;
}

Result<RecommendationService::CustomerList> RecommendationService::for_customer(Id customer_id, int top) {
  if (top < 1 || top > kMaxTop) return invalid_argument("must be 1.." + std::to_string(kMaxTop), "top");
  if (!store_.get_customer(customer_id))
    return not_found("no customer " + std::to_string(customer_id), "id");
  auto version = store_.data_version();
  if (!version) return version.status();
  auto built = personal(*version);
  if (!built) return built.status();
  const PersonalModel& m = **built;
  CustomerList out{customer_id, m.method, *version, {}};
  const auto user = m.user_of.find(customer_id);
  static const recommend::PurchaseHistory kNoHistory;
  const auto& history = user == m.user_of.end() ? kNoHistory : m.data.histories[user->second];
  std::vector<recommend::ItemId> excluded = excluded_for(m, history, kRecentDays);
  if (!history.empty()) {
    const auto bought = recommend::items_of(history);
    const Eigen::VectorXf scores = m.scorer->score(bought);
    for (auto item : recommend::top_n(scores, excluded, top)) {
      const auto because = m.scorer->strongest_reason(bought, item);
      if (scores[item] <= 0 || because < 0) break;  // the rest is filled by popularity
      const Product& p = m.data.products[static_cast<std::size_t>(item)];
      out.items.push_back({p.sku, p.name, scores[item],
                           "customers who bought " + m.data.products[static_cast<std::size_t>(because)].name +
                               " also bought this"});
      excluded.push_back(item);
    }
  }
  if (out.items.empty()) out.method = "popularity";
  const int missing = top - static_cast<int>(out.items.size());
  for (auto item : recommend::top_n(m.popularity->score({}), excluded, missing)) {
    if (m.popularity->buyers(item) <= 0) break;  // nobody bought the rest lately: no reason to give
    const Product& p = m.data.products[static_cast<std::size_t>(item)];
    out.items.push_back({p.sku, p.name, m.popularity->buyers(item),
                         popular_reason(m, item, settings_.popularity.window_days)});
  }
  return out;
}

Result<RecommendationService::BasketList> RecommendationService::for_basket(
    const std::vector<std::string>& skus, int top) {
  if (top < 1 || top > kMaxTop) return invalid_argument("must be 1.." + std::to_string(kMaxTop), "top");
  if (skus.empty() || skus.size() > kMaxBasket)
    return invalid_argument("must hold 1.." + std::to_string(kMaxBasket) + " SKUs", "skus");
  for (std::size_t i = 0; i < skus.size(); ++i)
    if (!store_.get_product_by_sku(skus[i]))
      return not_found("no product '" + skus[i] + "'", "skus[" + std::to_string(i) + "]");
  auto version = store_.data_version();
  if (!version) return version.status();
  auto report = together(*version);
  if (!report) return report.status();
  // Each partner once, with the basket product it goes best with (highest lift, then count).
  std::map<std::string, std::pair<const TogetherPartner*, const TogetherItem*>> best;
  for (const auto& item : (*report)->items) {
    if (std::find(skus.begin(), skus.end(), item.sku) == skus.end()) continue;
    for (const auto& p : item.partners) {
      if (!p.active || std::find(skus.begin(), skus.end(), p.sku) != skus.end()) continue;
      auto [it, added] = best.try_emplace(p.sku, &p, &item);
      const auto& held = it->second.first->stats;
      if (!added && (p.stats.lift > held.lift || (p.stats.lift == held.lift && p.stats.count > held.count)))
        it->second = {&p, &item};
    }
  }
  std::vector<std::pair<const TogetherPartner*, const TogetherItem*>> ranked;
  for (const auto& [sku, pick] : best) ranked.push_back(pick);
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.first->stats.lift != b.first->stats.lift ? a.first->stats.lift > b.first->stats.lift
                                                      : a.first->stats.count > b.first->stats.count;
  });
  BasketList out{skus, *version, {}};
  for (std::size_t i = 0; i < ranked.size() && static_cast<int>(i) < top; ++i) {
    const auto& [partner, anchor] = ranked[i];
    char reason[96];
    std::snprintf(reason, sizeof reason, " %lld times, lift %.1f",
                  static_cast<long long>(partner->stats.count), partner->stats.lift);
    out.items.push_back({partner->sku, partner->name, partner->stats.lift,
                         "bought together with " + anchor->name + reason});
  }
  return out;
}

}  // namespace oiis::services
