// Recommendations over HTTP: a product's bought-together partners (services/recommend_service.h
// builds and caches them per data version); these handlers read parameters and reply.
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
}

}  // namespace oiis::server
