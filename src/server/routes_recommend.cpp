// Recommendations over HTTP: a product's bought-together partners and its upsell, a customer's
// personalised list, a basket's cross-sell (services/recommend_service.h builds the models per
// data version, rebuilds them in the background and applies the business rules); these
// handlers read parameters and reply.
#include <algorithm>

#include "services/recommend_service.h"
#include "server/api.h"

namespace oiis::server {
namespace {

using services::RecommendationService;

// ?top= (default `fallback`; the service checks the range) and ?category=.
Result<services::ListRequest> list_request(Ctx& c, int fallback) {
  std::optional<std::int64_t> top;
  OIIS_RETURN_IF_ERROR(query_int(c, "top", top));
  services::ListRequest request;
  // Clamped into int's range so that a huge value is refused as out of range, not wrapped.
  request.top = static_cast<int>(std::clamp<std::int64_t>(top.value_or(fallback), -1, 1 << 20));
  OIIS_RETURN_IF_ERROR(query_text(c, "category", request.category));
  return request;
}

Json suggestions_json(const std::vector<services::Suggestion>& items) {
  Json out = Json::array();
  for (const auto& s : items) {
    Json item{{"sku", s.sku}, {"name", s.name},     {"price", s.price},
              {"score", s.score}, {"source", s.source}, {"reason", s.reason}};
    if (s.together) {
      item["count"] = s.together->count;
      item["confidence"] = s.together->confidence;
      item["lift"] = s.together->lift;
    }
    if (s.similarity) item["similarity"] = *s.similarity;
    out.push_back(std::move(item));
  }
  return out;
}

// The fields every recommendation answer carries about the model behind it.
void add_stamp(Json& body, const services::ModelStamp& stamp, const std::vector<std::string>& notes) {
  body["data_version"] = stamp.data_version;
  body["rebuilding"] = stamp.rebuilding;
  body["stock_checked"] = stamp.stock_checked;
  body["notes"] = notes;
}

Json product_list_json(const RecommendationService::ProductList& answer, const char* items_key) {
  Json body{{"sku", answer.sku},
            {"name", answer.name},
            {"method", answer.method},
            {"baskets", answer.baskets},
            {"min_count", RecommendationService::kMinCount},
            {items_key, suggestions_json(answer.items)}};
  add_stamp(body, answer.model, answer.notes);
  return body;
}

Status product_recommendations(Ctx& c) {
  auto request = list_request(c, RecommendationService::kTop);
  if (!request) return request.status();
  auto answer = c.api.recommendations().for_product(std::string(c.path[0]), *request);
  if (!answer) return answer.status();
  return reply(c, product_list_json(*answer, "partners"));
}

Status upsell_recommendations(Ctx& c) {
  auto request = list_request(c, RecommendationService::kTop);
  if (!request) return request.status();
  auto answer = c.api.recommendations().upsell(std::string(c.path[0]), *request);
  if (!answer) return answer.status();
  return reply(c, product_list_json(*answer, "items"));
}

Status customer_recommendations(Ctx& c) {
  auto id = path_id(c, 0);
  if (!id) return id.status();
  auto request = list_request(c, 10);
  if (!request) return request.status();
  auto answer = c.api.recommendations().for_customer(*id, *request);
  if (!answer) return answer.status();
  Json body{{"customer_id", answer->customer_id},
            {"method", answer->method},
            {"items", suggestions_json(answer->items)}};
  add_stamp(body, answer->model, answer->notes);
  return reply(c, body);
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
  auto request = list_request(c, 10);
  if (!request) return request.status();
  auto answer = c.api.recommendations().for_basket(skus, *request);
  if (!answer) return answer.status();
  Json out{{"skus", answer->skus}, {"method", "bought_together"}, {"items", suggestions_json(answer->items)}};
  add_stamp(out, answer->model, answer->notes);
  return reply(c, out);
}

constexpr QueryParam kCategoryParam{
    "category", "string", "Only products of this category (400 naming `category` when no product has it)"};

// The rules and the model lifecycle, said in full once in docs/api.md "Recommendations".
constexpr const char* kRules =
    " Lists hold active, in-stock products (unchecked when the store keeps no stock levels: "
    "`stock_checked` false), never what is asked about or bought in the last 90 days, each with its "
    "`source` and `reason`; answered from the latest built model (`data_version`; `rebuilding` while a "
    "newer one is built in the background).";

}  // namespace

void add_recommendation_routes(RouteTable& t) {
  t.push_back({"GET",
               "/api/v1/recommendations/product/{sku}",
               Role::kRead,
               "recommendations",
               std::string("Products frequently bought with this one (pairs in at least 5 orders), by lift, "
                           "filled with the most similar products by content (category, brand, attributes, "
                           "price band, name and description; TF-IDF cosine) when fewer pass the rules — "
                           "a product nobody has bought gets content neighbours only (`method: content`).") +
                   kRules,
               "",
               "",
               200,
               {{"top", "integer", "Partners, 1..5 (default 5)"}, kCategoryParam},
               product_recommendations});
  t.push_back({"GET",
               "/api/v1/recommendations/product/{sku}/upsell",
               Role::kRead,
               "recommendations",
               std::string("Upsell for a product: products of the same category, similar by content "
                           "(similarity >= 0.2), 5% to 3x dearer and, where both costs are known, with at "
                           "least the same unit margin; most similar first, each with its price step.") +
                   kRules,
               "",
               "",
               200,
               {{"top", "integer", "Products, 1..5 (default 5)"}, kCategoryParam},
               upsell_recommendations});
  t.push_back({"GET",
               "/api/v1/recommendations/customer/{id}",
               Role::kRead,
               "recommendations",
               std::string("A customer's personalised list: EASE on every customer's purchases (item-item "
                           "past 20,000 products), then products similar by content to the last order, then "
                           "the most popular products of the last 90 days (the whole list for a customer "
                           "without orders, `method: popularity`).") +
                   kRules,
               "",
               "",
               200,
               {{"top", "integer", "Products, 1..50 (default 10)"}, kCategoryParam},
               customer_recommendations});
  t.push_back({"POST",
               "/api/v1/recommendations/basket",
               Role::kRead,
               "recommendations",
               std::string("Cross-sell for a basket, body {\"skus\": [\"SKU\", ...]} (1..100): the products "
                           "bought together with its products (pairs in at least 5 orders), by lift, then "
                           "products similar by content to the basket's.") +
                   kRules,
               "",
               "",
               200,
               {{"top", "integer", "Products, 1..50 (default 10)"}, kCategoryParam},
               basket_recommendations});
}

}  // namespace oiis::server
