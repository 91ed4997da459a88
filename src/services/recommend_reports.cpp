// The store-wide reports of the recommendations family (each product's partners, the offline
// evaluation) and the purchase histories they read; RecommendationService answers one question
// at a time from models kept between requests.
#include <algorithm>
#include <cstdio>
#include <map>
#include <unordered_map>

#include "data/import_support.h"
#include "data/snapshots.h"
#include "recommend/content.h"
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

namespace {

using ItemLists = std::vector<std::vector<recommend::ItemId>>;

// Each item's top `k` item-item neighbours by similarity.
Result<ItemLists> item_knn_neighbours(const Purchases& purchases, std::size_t items, int k) {
  std::vector<std::vector<recommend::ItemId>> user_items;
  for (const auto& history : purchases.histories) user_items.push_back(recommend::items_of(history));
  auto knn = recommend::ItemKnn::fit(recommend::implicit_matrix(user_items, items), {});
  if (!knn) return knn.status();
  ItemLists out(items);
  const auto& similar = knn->similarities();
  for (Eigen::Index i = 0; i < similar.outerSize(); ++i) {
    std::vector<recommend::ContentNeighbour> row;
    for (Eigen::SparseMatrix<float, Eigen::RowMajor>::InnerIterator it(similar, i); it; ++it)
      if (it.value() > 0 && it.col() != i) row.push_back({static_cast<recommend::ItemId>(it.col()), it.value()});
    std::sort(row.begin(), row.end(), [](const auto& a, const auto& b) {
      return a.similarity != b.similarity ? a.similarity > b.similarity : a.item < b.item;
    });
    for (std::size_t j = 0; j < row.size() && static_cast<int>(j) < k; ++j) out[i].push_back(row[j].item);
  }
  return out;
}

// The k products with the most distinct buyers, leaving out the item itself.
ItemLists most_popular(const Purchases& purchases, std::size_t items, int k) {
  const recommend::Popularity popularity(purchases.histories, items, {/*window_days=*/0});
  const Eigen::VectorXf buyers = popularity.score({});
  const auto ranked = recommend::top_n(buyers, {}, k + 1);
  ItemLists out(items);
  for (std::size_t i = 0; i < items; ++i)
    for (auto item : ranked)
      if (item != static_cast<recommend::ItemId>(i) && static_cast<int>(out[i].size()) < k) out[i].push_back(item);
  return out;
}

// The expected overlap of k products drawn at random from the item's own category.
double same_category_chance(const Catalogue& c, const ItemLists& reference, int k) {
  std::map<std::string, double> size;
  for (const auto& p : c.products) size[p.category] += 1;
  double sum = 0;
  std::size_t scored = 0;
  for (std::size_t i = 0; i < reference.size(); ++i) {
    if (reference[i].empty()) continue;
    const auto& category = c.products[i].category;
    double same = 0;
    for (auto r : reference[i]) same += c.product(r).category == category;
    const double others = size[category] - 1;
    sum += others > 0 ? same / static_cast<double>(reference[i].size()) * std::min(1.0, k / others) : 0;
    ++scored;
  }
  return scored ? sum / static_cast<double>(scored) : 0;
}

ContentEvaluation::Overlap overlaps(const Catalogue& c, const ItemLists& content, const ItemLists& popular,
                                    const ItemLists& reference, int k) {
  const auto by_content = recommend::neighbour_overlap(content, reference);
  return {by_content.mean, recommend::neighbour_overlap(popular, reference).mean,
          same_category_chance(c, reference, k), by_content.scored};
}

// The reference lists of the items at positions of `parity` (the others emptied: not scored).
ItemLists split(ItemLists lists, std::size_t parity) {
  for (std::size_t i = 0; i < lists.size(); ++i)
    if (i % 2 != parity) lists[i].clear();
  return lists;
}

std::string weights_text(const recommend::ContentOptions& o) {
  char text[96];
  std::snprintf(text, sizeof text, "category=%g brand=%g text=%g price=%g", o.category, o.brand, o.text, o.price);
  return text;
}

std::vector<recommend::ContentOptions> content_grid() {
  std::vector<recommend::ContentOptions> grid;
  for (float category : {1.0f, 2.0f, 4.0f})
    for (float brand : {0.0f, 1.0f})
      for (float text : {0.5f, 1.0f})
        for (float price : {0.0f, 1.0f}) grid.push_back({category, brand, 1, text, price});
  return grid;
}

}  // namespace

Result<ContentEvaluation> evaluate_content(Store& store, int k, bool validation,
                                           const recommend::ContentOptions& options) {
  if (k < 1) return invalid_argument("must be >= 1", "k");
  auto catalogue = read_catalogue(store);
  if (!catalogue) return catalogue.status();
  auto purchases = read_purchases(store, catalogue->item_of_id);
  if (!purchases) return purchases.status();
  const std::size_t items = catalogue->products.size();
  ContentEvaluation out{items, k, {}};
  auto knn = item_knn_neighbours(*purchases, items, k);
  if (!knn) return knn.status();
  ItemLists together(items);
  for (const auto& [item, partners] : recommend::bought_together(purchases->baskets, 5, 5))
    for (const auto& p : partners) together[static_cast<std::size_t>(item)].push_back(p.item);
  const std::size_t parity = validation ? 0 : 1;
  const ItemLists knn_part = split(std::move(knn).value(), parity), together_part = split(together, parity);
  const auto popular = most_popular(*purchases, items, k);
  const auto content = content_of(catalogue->products);
  for (const auto& weights : validation ? content_grid() : std::vector{options}) {
    const auto index = recommend::ContentIndex::build(content, weights);
    ItemLists neighbours(items);
    for (std::size_t i = 0; i < items; ++i)
      if (!knn_part[i].empty() || !together_part[i].empty())
        for (const auto& n : index.neighbours(static_cast<recommend::ItemId>(i), static_cast<std::size_t>(k)))
          neighbours[i].push_back(n.item);
    out.rows.push_back({weights_text(weights), overlaps(*catalogue, neighbours, popular, knn_part, k),
                        overlaps(*catalogue, neighbours, popular, together_part, k)});
  }
  return out;
}

}  // namespace oiis::services
