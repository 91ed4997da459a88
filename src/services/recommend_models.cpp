#include "services/recommend_models.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include <nlohmann/json.hpp>

#include "common/stopwatch.h"
#include "data/import_support.h"
#include "data/snapshots.h"

namespace oiis::services {
namespace {

// "key=value" per scalar attribute; a free-form object that does not parse adds nothing.
std::vector<std::string> attribute_terms(const std::string& attributes_json) {
  std::vector<std::string> out;
  const auto parsed = nlohmann::json::parse(attributes_json, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_object()) return out;
  for (const auto& [key, value] : parsed.items()) {
    if (value.is_string())
      out.push_back(key + "=" + value.get<std::string>());
    else if (value.is_primitive() && !value.is_null())
      out.push_back(key + "=" + value.dump());
  }
  return out;
}

Status read_stock(Store& store, Catalogue& c) {
  std::vector<Quantity> available(c.products.size(), 0);
  OIIS_RETURN_IF_ERROR(import_detail::for_each_page(
      [&](const PageRequest& p) { return store.list_stock({}, p); },
      [&](const StockLevel& level) {
        c.stock_known = true;
        if (auto it = c.item_of_id.find(level.product_id); it != c.item_of_id.end())
          available[static_cast<std::size_t>(it->second)] += level.available();
      }));
  c.in_stock.resize(c.products.size());
  for (std::size_t i = 0; i < available.size(); ++i) c.in_stock[i] = available[i] > 0;
  return Status::ok();
}

Status fit_personal(const Catalogue& catalogue, const recommend::MethodSettings& settings, PersonalModel& m) {
  std::vector<std::vector<recommend::ItemId>> user_items;
  for (std::size_t u = 0; u < m.histories.size(); ++u) {
    m.user_of.emplace(m.customers[u], u);
    user_items.push_back(recommend::items_of(m.histories[u]));
    for (const auto& basket : m.histories[u]) m.last_day = std::max(m.last_day, basket.day);
  }
  const std::size_t items = catalogue.products.size();
  const auto matrix = recommend::implicit_matrix(user_items, items);
  if (items <= recommend::Ease::kMaxItems) {
    auto ease = recommend::Ease::fit(matrix, settings.ease);
    if (!ease) return ease.status();
    m.method = "ease";
    m.scorer = std::make_unique<recommend::Ease>(std::move(ease).value());
  } else {
    auto knn = recommend::ItemKnn::fit(matrix, settings.item_knn);
    if (!knn) return knn.status();
    m.method = "item_knn";
    m.scorer = std::make_unique<recommend::ItemKnn>(std::move(knn).value());
  }
  m.popularity = std::make_unique<recommend::Popularity>(m.histories, items, settings.popularity);
  return Status::ok();
}

void rank_every_user(const Catalogue& c, const ModelOptions& options, PersonalModel& m) {
  if (m.histories.size() * options.ranked_depth > options.max_ranked_entries) return;
  m.ranked_depth = options.ranked_depth;
  m.ranked.reserve(m.histories.size());
  for (const auto& history : m.histories) {
    ListRules rules(c, std::nullopt);
    exclude_recent(m, history, options.recent_days, rules);
    m.ranked.push_back(rank_for_user(c, m, history, rules, options.ranked_depth));
  }
}

}  // namespace

void exclude_recent(const PersonalModel& m, const recommend::PurchaseHistory& h, int days, ListRules& rules) {
  for (const auto& basket : h)
    if (basket.day > m.last_day - days)
      for (recommend::ItemId item : basket.items) rules.exclude(item);
}

std::vector<RankedItem> rank_for_user(const Catalogue& c, const PersonalModel& m, const recommend::PurchaseHistory& h,
                                      const ListRules& rules, std::size_t limit) {
  std::vector<RankedItem> out;
  if (h.empty()) return out;
  const auto bought = recommend::items_of(h);
  const Eigen::VectorXf scores = m.scorer->score(bought);
  for (auto item : recommend::top_n(scores, rules.disallowed(), static_cast<int>(std::min(limit, c.products.size())))) {
    const auto because = m.scorer->strongest_reason(bought, item);
    if (scores[item] <= 0 || because < 0) break;  // no reason to give for the rest
    out.push_back({item, scores[item], because});
  }
  return out;
}

Result<Catalogue> read_catalogue(Store& store) {
  Catalogue c;
  OIIS_RETURN_IF_ERROR(import_detail::for_each_page(
      [&](const PageRequest& p) { return store.list_products({}, p); },
      [&](const Product& p) { c.products.push_back(p); }));
  std::sort(c.products.begin(), c.products.end(), [](const Product& a, const Product& b) { return a.id < b.id; });
  std::set<std::string> categories;
  for (std::size_t i = 0; i < c.products.size(); ++i) {
    const Product& p = c.products[i];
    const auto item = static_cast<recommend::ItemId>(i);
    c.item_of_sku.emplace(p.sku, item);
    c.item_of_id.emplace(p.id, item);
    if (!p.category.empty()) categories.insert(p.category);
    c.price.push_back(p.price);
    c.margin.push_back(p.cost > 0 ? p.price - p.cost : std::numeric_limits<double>::quiet_NaN());
  }
  c.categories.assign(categories.begin(), categories.end());
  for (const Product& p : c.products) {
    const auto it = std::lower_bound(c.categories.begin(), c.categories.end(), p.category);
    c.category_of.push_back(p.category.empty() ? -1 : static_cast<std::int32_t>(it - c.categories.begin()));
  }
  c.content = recommend::ContentIndex::build(content_of(c.products));
  OIIS_RETURN_IF_ERROR(read_stock(store, c));
  for (std::size_t i = 0; i < c.products.size(); ++i)
    c.offerable.push_back(c.products[i].active && (!c.stock_known || c.in_stock[i]));
  return c;
}

std::vector<recommend::ProductContent> content_of(std::span<const Product> products) {
  std::vector<recommend::ProductContent> out;
  for (const Product& p : products)
    out.push_back({p.category, p.brand, attribute_terms(p.attributes_json), p.name + " " + p.description, p.price});
  return out;
}

Result<Purchases> read_purchases(Store& store, const std::unordered_map<Id, recommend::ItemId>& item_of_id) {
  Purchases out;
  struct Dated {
    Timestamp at;
    Id order;
    recommend::DatedBasket basket;
  };
  std::unordered_map<Id, std::vector<Dated>> by_customer;
  OIIS_RETURN_IF_ERROR(store.scan_orders({}, [&](const Order& o) {
    recommend::Basket basket;
    if (counts_as_demand(o.status))
      for (const auto& line : o.lines)
        if (auto it = item_of_id.find(line.product_id); line.quantity > 0 && it != item_of_id.end())
          basket.push_back(it->second);
    if (basket.empty()) {
      ++out.orders_skipped;
      return true;
    }
    out.baskets.push_back(basket);
    if (o.customer_id)
      by_customer[*o.customer_id].push_back({o.placed_at, o.id, {o.placed_at / kSecondsPerDay, std::move(basket)}});
    return true;
  }));
  for (const auto& entry : by_customer) out.customers.push_back(entry.first);
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

Result<std::shared_ptr<const RecommendationModels>> build_recommendation_models(
    Store& store, std::string version, const ModelOptions& options) {
  const Stopwatch clock;
  auto models = std::make_shared<RecommendationModels>();
  models->data_version = std::move(version);
  auto catalogue = read_catalogue(store);
  if (!catalogue) return catalogue.status();
  models->catalogue = std::move(catalogue).value();
  auto purchases = read_purchases(store, models->catalogue.item_of_id);
  if (!purchases) return purchases.status();
  models->baskets = purchases->baskets.size();
  models->partners.resize(models->catalogue.products.size());
  for (auto& [item, partners] :
       recommend::bought_together(purchases->baskets, options.min_count, options.partner_depth))
    models->partners[static_cast<std::size_t>(item)] = std::move(partners);
  purchases->baskets = {};  // the fit below needs the memory more
  models->personal.customers = std::move(purchases->customers);
  models->personal.histories = std::move(purchases->histories);
  OIIS_RETURN_IF_ERROR(fit_personal(models->catalogue, options.settings, models->personal));
  rank_every_user(models->catalogue, options, models->personal);
  models->build_seconds = clock.seconds();
  return std::shared_ptr<const RecommendationModels>(std::move(models));
}

ListRules::ListRules(const Catalogue& catalogue, const std::optional<std::string>& category)
    : catalogue_(catalogue), excluded_(catalogue.products.size(), 0) {
  if (!category) return;
  const auto& all = catalogue.categories;
  const auto it = std::lower_bound(all.begin(), all.end(), *category);
  category_ = it != all.end() && *it == *category ? static_cast<std::int32_t>(it - all.begin()) : -2;
}

bool ListRules::allows(recommend::ItemId item) const {
  const auto i = static_cast<std::size_t>(item);
  return catalogue_.offerable[i] && !excluded_[i] && (!category_ || catalogue_.category_of[i] == *category_);
}

std::vector<recommend::ItemId> ListRules::disallowed() const {
  std::vector<recommend::ItemId> out;
  for (std::size_t i = 0; i < excluded_.size(); ++i)
    if (!allows(static_cast<recommend::ItemId>(i))) out.push_back(static_cast<recommend::ItemId>(i));
  return out;
}

}  // namespace oiis::services
