#include "services/recommend_service.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "common/log.h"
#include "services/recommend_models.h"

namespace oiis::services {
namespace {

using recommend::ItemId;

std::string format(const char* pattern, double value) {
  char text[48];
  std::snprintf(text, sizeof text, pattern, value);
  return text;
}

Status check_top(int top, int max) {
  if (top < 1 || top > max) return invalid_argument("must be 1.." + std::to_string(max), "top");
  return Status::ok();
}

Suggestion suggestion(const Catalogue& c, ItemId item, std::string source, double score) {
  const Product& p = c.product(item);
  return {p.sku, p.name, score, std::move(source), {}, std::nullopt, std::nullopt, p.price};
}

// "bought together [with Widget 1 ]312 times, lift 4.1"
std::string together_reason(const std::string& with, const recommend::Partner& p) {
  return "bought together " + (with.empty() ? "" : "with " + with + " ") + std::to_string(p.count) +
         " times, lift " + format("%.1f", p.lift);
}

// "similar to Widget 1: same category, same brand, similar price (similarity 0.62)"
std::string content_reason(const Catalogue& c, ItemId anchor, ItemId item, double similarity) {
  const Product& a = c.product(anchor);
  const Product& p = c.product(item);
  std::vector<std::string> shared;
  if (!a.category.empty() && a.category == p.category) shared.push_back("same category");
  if (!a.brand.empty() && a.brand == p.brand) shared.push_back("same brand");
  if (a.price > 0 && p.price > 0 && std::max(a.price, p.price) <= 1.4 * std::min(a.price, p.price))
    shared.push_back("similar price");
  std::string reason = "similar to " + a.name + ":";
  for (std::size_t i = 0; i < shared.size(); ++i) reason += (i ? ", " : " ") + shared[i];
  if (shared.empty()) reason += " alike in name and description";
  return reason + " (similarity " + format("%.2f", similarity) + ")";
}

// Adds the content neighbours of `anchors` (in order) that the rules allow, up to `top` items.
void add_content(const Catalogue& c, std::span<const ItemId> anchors, ListRules& rules, int top,
                 std::vector<Suggestion>& out) {
  for (ItemId anchor : anchors) {
    if (static_cast<int>(out.size()) >= top) return;
    const auto wanted = static_cast<std::size_t>(top) - out.size();
    for (const auto& n : c.content.neighbours(anchor, wanted, rules.filter())) {
      out.push_back(suggestion(c, n.item, "content", n.similarity));
      out.back().similarity = n.similarity;
      out.back().reason = content_reason(c, anchor, n.item, n.similarity);
      rules.exclude(n.item);
    }
  }
}

std::string upsell_reason(const Catalogue& c, ItemId anchor, ItemId item, double similarity) {
  const Product& a = c.product(anchor);
  const Product& p = c.product(item);
  std::string reason = (a.category.empty() ? std::string("alike") : "same category") + ", " +
                       format("%.0f", 100 * (p.price / a.price - 1)) + "% dearer (" + format("%.2f", p.price) +
                       " vs " + format("%.2f", a.price) + ")";
  const double margin = c.margin[static_cast<std::size_t>(item)];
  const double anchor_margin = c.margin[static_cast<std::size_t>(anchor)];
  if (!std::isnan(margin) && !std::isnan(anchor_margin))
    reason += ", margin " + format("%.2f", margin) + " vs " + format("%.2f", anchor_margin);
  return reason + ", similarity " + format("%.2f", similarity);
}

// The personalised part of a customer's list: their precomputed ranking filtered by the
// request's rules, scored afresh only when the rules leave too few of a ranking that was cut.
void add_personal(const RecommendationModels& models, std::size_t user, ListRules& rules, int top,
                  std::vector<Suggestion>& out) {
  const Catalogue& c = models.catalogue;
  const PersonalModel& m = models.personal;
  auto take = [&](const std::vector<RankedItem>& ranking) {
    for (const auto& r : ranking) {
      if (static_cast<int>(out.size()) >= top) return;
      if (!rules.allows(r.item)) continue;
      out.push_back(suggestion(c, r.item, m.method, r.score));
      out.back().reason = "customers who bought " + c.product(r.because).name + " also bought this";
      rules.exclude(r.item);
    }
  };
  const bool precomputed = user < m.ranked.size();
  if (precomputed) take(m.ranked[user]);
  if (static_cast<int>(out.size()) < top && (!precomputed || m.ranked[user].size() == m.ranked_depth))
    take(rank_for_user(c, m, m.histories[user], rules, static_cast<std::size_t>(top) - out.size()));
}

void add_popular(const RecommendationModels& models, int window_days, ListRules& rules, int top,
                 std::vector<Suggestion>& out) {
  const recommend::Popularity& popularity = *models.personal.popularity;
  const int missing = top - static_cast<int>(out.size());
  for (auto item : recommend::top_n(popularity.score({}), rules.disallowed(), missing)) {
    if (popularity.buyers(item) <= 0) break;  // nobody bought the rest lately: no reason to give
    out.push_back(suggestion(models.catalogue, item, "popularity", popularity.buyers(item)));
    out.back().reason = "bought by " + std::to_string(static_cast<long>(popularity.buyers(item))) +
                        " customers in the last " + std::to_string(window_days) + " days";
    rules.exclude(item);
  }
}

// The model's item for `out.sku`, naming the product in `out`; nullopt, with a note, for a
// product added after the model's data; kNotFound naming "sku" for one the store lacks.
Result<std::optional<ItemId>> find_item(Store& store, const Catalogue& c, RecommendationService::ProductList& out) {
  if (auto it = c.item_of_sku.find(out.sku); it != c.item_of_sku.end()) {
    out.name = c.product(it->second).name;
    return std::optional<ItemId>(it->second);
  }
  auto product = store.get_product_by_sku(out.sku);
  if (!product && product.status().code() == ErrorCode::kNotFound)
    return not_found("no product '" + out.sku + "'", "sku");
  if (!product) return product.status();
  out.name = product->name;
  out.notes.push_back("this product is newer than the model: nothing is known about it until the rebuild");
  return std::optional<ItemId>();
}

// What every answer says about the model behind it.
std::vector<std::string> stamp_notes(const ModelStamp& stamp) {
  std::vector<std::string> notes;
  if (!stamp.stock_checked)
    notes.push_back("this store keeps no stock levels: products were not filtered by stock");
  if (stamp.rebuilding)
    notes.push_back("the data changed after data version " + stamp.data_version +
                    ": answered from that version while a newer model is built");
  return notes;
}

}  // namespace

RecommendationService::RecommendationService(Store& store) : RecommendationService(store, Options{}) {}
RecommendationService::RecommendationService(Store& store, Options options)
    : store_(store), options_(std::move(options)) {}

RecommendationService::~RecommendationService() {
  std::thread running;
  {
    std::lock_guard lock(rebuild_mutex_);
    running = std::move(rebuild_thread_);
  }
  if (running.joinable()) running.join();
}

std::shared_ptr<const RecommendationModels> RecommendationService::loaded() const {
  std::lock_guard lock(models_mutex_);
  return models_;
}

void RecommendationService::publish(std::shared_ptr<const RecommendationModels> models) {
  {
    std::lock_guard lock(models_mutex_);
    models_.swap(models);
  }
  // `models` now holds the previous set: freed here, outside the lock, unless a request still
  // holds it (then by that request when it is done).
}

ModelOptions RecommendationService::model_options() const {
  ModelOptions o;
  o.settings = options_.settings;
  o.min_count = kMinCount;
  o.recent_days = kRecentDays;
  o.ranked_depth = options_.ranked_depth;
  return o;
}

Result<RecommendationService::Current> RecommendationService::current(const std::optional<std::string>& category) {
  if (category && category->empty()) return invalid_argument("must not be empty", "category");
  auto version = store_.data_version();
  if (!version) return version.status();
  auto models = loaded();
  if (!models) {  // the first build: every caller waits for it
    std::lock_guard lock(build_mutex_);
    models = loaded();
    if (!models) {
      auto built = build_recommendation_models(store_, *version, model_options());
      if (!built) return built.status();
      models = std::move(built).value();
      publish(models);
    }
  }
  Current out{models, {models->data_version, false, models->catalogue.stock_known}};
  if (models->data_version != *version) {
    start_rebuild();
    out.stamp.rebuilding = true;
  }
  const auto& categories = models->catalogue.categories;
  if (category && !std::binary_search(categories.begin(), categories.end(), *category))
    return invalid_argument("no product has category '" + *category + "'", "category");
  return out;
}

void RecommendationService::start_rebuild() {
  std::lock_guard lock(rebuild_mutex_);
  if (rebuilding_) return;
  if (rebuild_thread_.joinable()) rebuild_thread_.join();  // the previous one has finished
  rebuilding_ = true;
  rebuild_thread_ = std::thread([this] { rebuild(); });
}

void RecommendationService::rebuild() {
  if (options_.before_rebuild) options_.before_rebuild();
  {
    std::lock_guard lock(build_mutex_);
    auto version = store_.data_version();
    auto built = version ? build_recommendation_models(store_, *version, model_options())
                         : Result<std::shared_ptr<const RecommendationModels>>(version.status());
    if (built)
      publish(std::move(built).value());
    else  // the previous models keep serving; the next question tries again
      log_warn("recommendations: rebuild failed: " + built.status().to_string());
  }
  std::lock_guard lock(rebuild_mutex_);
  rebuilding_ = false;
}

Result<RecommendationService::ProductList> RecommendationService::for_product(const std::string& sku,
                                                                              const ListRequest& request) {
  OIIS_RETURN_IF_ERROR(check_top(request.top, kTop));
  auto now = current(request.category);
  if (!now) return now.status();
  const RecommendationModels& models = *now->models;
  const Catalogue& c = models.catalogue;
  ProductList out{sku, "", now->stamp, models.baskets, "bought_together", {}, stamp_notes(now->stamp)};
  auto found = find_item(store_, c, out);
  if (!found) return found.status();
  if (!*found) return out;
  const ItemId item = **found;
  ListRules rules(c, request.category);
  rules.exclude(item);
  for (const auto& partner : models.partners[static_cast<std::size_t>(item)]) {
    if (static_cast<int>(out.items.size()) >= request.top) break;
    if (!rules.allows(partner.item)) continue;
    out.items.push_back(suggestion(c, partner.item, "bought_together", partner.lift));
    out.items.back().together = partner;
    out.items.back().reason = together_reason("", partner);
    rules.exclude(partner.item);
  }
  if (out.items.empty()) out.method = "content";
  if (models.partners[static_cast<std::size_t>(item)].empty()) {
    out.notes.push_back("no product was bought with this one in at least " + std::to_string(kMinCount) +
                        " orders: similar products by content instead");
  }
  const ItemId anchors[] = {item};
  add_content(c, anchors, rules, request.top, out.items);
  return out;
}

Result<RecommendationService::ProductList> RecommendationService::upsell(const std::string& sku,
                                                                         const ListRequest& request) {
  OIIS_RETURN_IF_ERROR(check_top(request.top, kTop));
  auto now = current(request.category);
  if (!now) return now.status();
  const Catalogue& c = now->models->catalogue;
  ProductList out{sku, "", now->stamp, now->models->baskets, "upsell", {}, stamp_notes(now->stamp)};
  auto found = find_item(store_, c, out);
  if (!found) return found.status();
  if (!*found) return out;
  const ItemId item = **found;
  ListRules rules(c, request.category);
  rules.exclude(item);
  for (const auto& n : recommend::upsell_candidates(c.content, c.price, c.margin, item,
                                                    static_cast<std::size_t>(request.top), rules.filter(), {})) {
    out.items.push_back(suggestion(c, n.item, "upsell", n.similarity));
    out.items.back().similarity = n.similarity;
    out.items.back().reason = upsell_reason(c, item, n.item, n.similarity);
  }
  if (out.items.empty())
    out.notes.push_back("no similar, dearer product of the same category passes the rules");
  return out;
}

Result<RecommendationService::CustomerList> RecommendationService::for_customer(Id customer_id,
                                                                                const ListRequest& request) {
  OIIS_RETURN_IF_ERROR(check_top(request.top, kMaxTop));
  if (!store_.get_customer(customer_id)) return not_found("no customer " + std::to_string(customer_id), "id");
  auto now = current(request.category);
  if (!now) return now.status();
  const RecommendationModels& models = *now->models;
  const PersonalModel& m = models.personal;
  CustomerList out{customer_id, "popularity", now->stamp, {}, stamp_notes(now->stamp)};
  const auto user = m.user_of.find(customer_id);
  ListRules rules(models.catalogue, request.category);
  if (user != m.user_of.end()) {
    const auto& history = m.histories[user->second];
    exclude_recent(m, history, kRecentDays, rules);
    add_personal(models, user->second, rules, request.top, out.items);
    if (!out.items.empty()) out.method = m.method;
    add_content(models.catalogue, history.back().items, rules, request.top, out.items);
  }
  add_popular(models, options_.settings.popularity.window_days, rules, request.top, out.items);
  return out;
}

Result<RecommendationService::BasketList> RecommendationService::for_basket(const std::vector<std::string>& skus,
                                                                            const ListRequest& request) {
  OIIS_RETURN_IF_ERROR(check_top(request.top, kMaxTop));
  if (skus.empty() || skus.size() > kMaxBasket)
    return invalid_argument("must hold 1.." + std::to_string(kMaxBasket) + " SKUs", "skus");
  for (std::size_t i = 0; i < skus.size(); ++i)
    if (!store_.get_product_by_sku(skus[i]))
      return not_found("no product '" + skus[i] + "'", "skus[" + std::to_string(i) + "]");
  auto now = current(request.category);
  if (!now) return now.status();
  const RecommendationModels& models = *now->models;
  const Catalogue& c = models.catalogue;
  BasketList out{skus, now->stamp, {}, stamp_notes(now->stamp)};
  ListRules rules(c, request.category);
  std::vector<ItemId> basket;
  for (const auto& sku : skus)
    if (auto it = c.item_of_sku.find(sku); it != c.item_of_sku.end()) basket.push_back(it->second);
  for (ItemId item : basket) rules.exclude(item);
  // Each partner once, with the basket product it goes best with (highest lift, then count).
  std::map<ItemId, std::pair<recommend::Partner, ItemId>> best;
  for (ItemId anchor : basket)
    for (const auto& p : models.partners[static_cast<std::size_t>(anchor)]) {
      if (!rules.allows(p.item)) continue;
      auto [it, added] = best.try_emplace(p.item, p, anchor);
      const auto& held = it->second.first;
      if (!added && (p.lift > held.lift || (p.lift == held.lift && p.count > held.count))) it->second = {p, anchor};
    }
  std::vector<std::pair<recommend::Partner, ItemId>> ranked;
  for (const auto& entry : best) ranked.push_back(entry.second);
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.first.lift != b.first.lift ? a.first.lift > b.first.lift : a.first.count > b.first.count;
  });
  for (std::size_t i = 0; i < ranked.size() && static_cast<int>(i) < request.top; ++i) {
    const recommend::Partner& partner = ranked[i].first;
    out.items.push_back(suggestion(c, partner.item, "bought_together", partner.lift));
    out.items.back().together = partner;
    out.items.back().reason = together_reason(c.product(ranked[i].second).name, partner);
    rules.exclude(partner.item);
  }
  add_content(c, basket, rules, request.top, out.items);
  return out;
}

}  // namespace oiis::services
