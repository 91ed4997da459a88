// Recommendations over HTTP: a product's bought-together partners, a customer's personalised
// list, a basket's cross-sell (services/recommend_service.h builds and caches the models per
// data version); these handlers read parameters and reply.
#include <cstdio>

#include "services/recommend_service.h"
#include "server/api.h"

namespace oiis::server {
namespace {

Status product_recommendations(Ctx& c) {
  std::optional<std::int64_t> top;
  OIIS_RETURN_IF_ERROR(query_int(c, "top", top));
  const int wanted = static_cast<int>(top.value_or(services::RecommendationService::kTop));
  if (wanted < 1 || wanted > services::RecommendationService::kTop)
    return invalid_argument(
        "top must be 1.." + std::to_string(services::RecommendationService::kTop), "top");
  auto answer = c.api.recommendations().bought_with(std::string(c.path[0]), wanted);
  if (!answer) return answer.status();
  Json partners = Json::array();
  for (const auto& p : answer->partners) {
    char reason[96];
    std::snprintf(reason, sizeof reason, "bought together %lld times, lift %.2f",
                  static_cast<long long>(p.stats.count), p.stats.lift);
    partners.push_back({{"sku", p.sku},
                        {"name", p.name},
                        {"count", p.stats.count},
                        {"confidence", p.stats.confidence},
                        {"lift", p.stats.lift},
                        {"reason", reason}});
  }
  Json body{{"sku", answer->sku},
            {"name", answer->name},
            {"method", "bought_together"},
            {"baskets", answer->baskets},
            {"min_count", services::RecommendationService::kMinCount},
            {"partners", partners},
            {"data_version", answer->data_version}};
  if (answer->partners.empty())
    body["note"] = "no product was bought with this one in at least " +
                   std::to_string(services::RecommendationService::kMinCount) + " orders";
  return reply(c, body);
}

// `top` in 1..kMaxTop, default 10.
Result<int> list_length(Ctx& c) {
  std::optional<std::int64_t> top;
  OIIS_RETURN_IF_ERROR(query_int(c, "top", top));
  const auto wanted = top.value_or(10);
  if (wanted < 1 || wanted > services::RecommendationService::kMaxTop)
    return invalid_argument(
        "top must be 1.." + std::to_string(services::RecommendationService::kMaxTop), "top");
  return static_cast<int>(wanted);
}

Json suggestions_json(const std::vector<services::Suggestion>& items) {
  Json out = Json::array();
  for (const auto& s : items)
    out.push_back({{"sku", s.sku}, {"name", s.name}, {"score", s.score}, {"reason", s.reason}});
  return out;
}

Status customer_recommendations(Ctx& c) {
  auto id = path_id(c, 0);
  if (!id) return id.status();
  auto top = list_length(c);
  if (!top) return top.status();
  auto answer = c.api.recommendations().for_customer(*id, *top);
  if (!answer) return answer.status();
  return reply(c, {{"customer_id", answer->customer_id},
                   {"method", answer->method},
                   {"items", suggestions_json(answer->items)},
                   {"data_version", answer->data_version}});
}

Status basket_recommendations(Ctx& c) {
  auto body = body_json(c);
  if (!body) return body.status();
  if (!body->is_object() || !body->contains("skus") || !(*body)["skus"].is_array())
    return invalid_argument("an array of SKUs is required", "skus");
  std::vector<std::string> skus;
  for (std::size_t i = 0; i < (*body)["skus"].size(); ++i) {
    const Json& sku = (*body)["skus"][i];
    if (!sku.is_string()) return invalid_argument("must be a string", "skus[" + std::to_string(i) + "]");
    skus.push_back(sku.get<std::string>());
  }
  auto top = list_length(c);
  if (!top) return top.status();
  auto answer = c.api.recommendations().for_basket(skus, *top);
  if (!answer) return answer.status();
  return reply(c, {{"skus", answer->skus},
                   {"method", "bought_together"},
                   {"items", suggestions_json(answer->items)},
                   {"data_version", answer->data_version}});
}

}  // namespace

void add_recommendation_routes(RouteTable& t) {
  t.push_back({"GET",
               "/api/v1/recommendations/product/{sku}",
               Role::kRead,
               "recommendations",
               "Products frequently bought with this one, by lift, each with its reason "
               "(orders that count as demand; pairs in at least 5 orders; cached per data version)",
               "",
               "",
               200,
               {{"top", "integer", "Partners, 1..5 (default 5)"}},
               product_recommendations});
  t.push_back({"GET",
               "/api/v1/recommendations/customer/{id}",
               Role::kRead,
               "recommendations",
               "A customer's personalised list (EASE on every customer's purchases; the most popular "
               "products of the last 90 days for a customer without orders): active products not bought "
               "in the last 90 days, each with its reason (cached per data version)",
               "",
               "",
               200,
               {{"top", "integer", "Products, 1..50 (default 10)"}},
               customer_recommendations});
  t.push_back({"POST",
               "/api/v1/recommendations/basket",
               Role::kRead,
               "recommendations",
               "Cross-sell for a basket, body {\"skus\": [\"SKU\", ...]} (1..100): the active products "
               "bought together with its products (pairs in at least 5 orders), not in the basket, by "
               "lift, each with its reason",
               "",
               "",
               200,
               {{"top", "integer", "Products, 1..50 (default 10)"}},
               basket_recommendations});
}

}  // namespace oiis::server
