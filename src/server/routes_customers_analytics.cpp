// Customer analytics over HTTP: RFM groups, segments, lifetime value, churn risk and one
// customer's profile (services/customer_analytics_service.h computes and caches them per data
// version); these handlers read parameters and reply, showing people beside their ids.
//
// Paths: /api/v1/customers/{rfm,segments,clv,churn} share their prefix with the customers'
// CRUD route /api/v1/customers/{id}. The router prefers literal segments over parameters, and
// customer ids are positive integers, so no customer can be shadowed by these names;
// /api/v1/customers/{id}/profile is one segment longer than any CRUD route.
#include <algorithm>

#include "server/api.h"
#include "services/customer_analytics_service.h"
#include "services/customers_json.h"

namespace oiis::server {
namespace {

using services::AnalyticsHistory;
using services::AnalyticsQuery;

Status days_param(const Ctx& c, const char* name, int& out) {
  std::optional<std::int64_t> v;
  OIIS_RETURN_IF_ERROR(query_int(c, name, v));
  if (!v) return Status::ok();
  if (*v < 1 || *v > services::CustomerAnalyticsService::kMaxDays)
    return invalid_argument(std::string(name) + " must be 1.." +
                                std::to_string(services::CustomerAnalyticsService::kMaxDays),
                            name);
  out = static_cast<int>(*v);
  return Status::ok();
}

Result<AnalyticsQuery> analytics_query(const Ctx& c) {
  AnalyticsQuery q;
  std::optional<std::string> as_of;
  OIIS_RETURN_IF_ERROR(query_text(c, "as_of", as_of));
  if (as_of) {
    auto day = parse_date(*as_of);
    if (!day) return invalid_argument("as_of must be a date YYYY-MM-DD", "as_of");
    q.as_of = *day;
  }
  OIIS_RETURN_IF_ERROR(days_param(c, "window_days", q.window_days));
  OIIS_RETURN_IF_ERROR(days_param(c, "horizon_days", q.horizon_days));
  return q;
}

// ?limit= 1..1000, default 50.
Result<std::size_t> list_limit(const Ctx& c) {
  std::optional<std::int64_t> limit;
  OIIS_RETURN_IF_ERROR(query_int(c, "limit", limit));
  if (limit && (*limit < 1 || *limit > 1000))
    return invalid_argument("limit must be between 1 and 1000", "limit");
  return static_cast<std::size_t>(limit.value_or(50));
}

Json person_json(const AnalyticsHistory& base, const std::string& key) {
  const auto* p = base.person(key);
  if (!p || p->id == 0) return {{"customer_id", nullptr}, {"external_id", key}};
  return {{"customer_id", p->id}, {"external_id", key}, {"name", p->name}, {"email", p->email}};
}

Json rfm_row(const AnalyticsHistory& base, const customers::RfmCustomer& r) {
  Json row = person_json(base, r.customer);
  row.update({{"recency_days", r.recency_days}, {"frequency", r.frequency},
              {"monetary", r.monetary}, {"r", r.r}, {"f", r.f}, {"m", r.m}, {"group", r.group}});
  return row;
}

Status customers_rfm(Ctx& c) {
  auto q = analytics_query(c);
  if (!q) return q.status();
  auto limit = list_limit(c);
  if (!limit) return limit.status();
  std::optional<std::string> group;
  OIIS_RETURN_IF_ERROR(query_text(c, "group", group));
  auto answer = c.api.customer_analytics().rfm(*q);
  if (!answer) return answer.status();
  const auto& r = (*answer)->rfm;
  Json groups = Json::array();
  std::string names;
  for (const auto& g : r.groups) {
    groups.push_back({{"group", g.name}, {"customers", g.customers},
                      {"customer_share", g.customer_share}, {"revenue", g.revenue},
                      {"revenue_share", g.revenue_share}});
    names += (names.empty() ? "" : ", ") + std::string(g.name);
  }
  if (group && std::none_of(r.groups.begin(), r.groups.end(),
                            [&](const customers::RfmGroup& g) { return g.name == *group; }))
    return invalid_argument("group must be one of: " + names, "group");
  std::vector<const customers::RfmCustomer*> rows;
  for (const auto& row : r.customers)
    if (!group || row.group == *group) rows.push_back(&row);
  const std::size_t shown = std::min(*limit, rows.size());
  std::partial_sort(rows.begin(), rows.begin() + shown, rows.end(),
                    [](auto* a, auto* b) { return a->monetary > b->monetary; });
  Json items = Json::array();
  for (std::size_t i = 0; i < shown; ++i) items.push_back(rfm_row(*(*answer)->base, *rows[i]));
  return reply(c, {{"data_version", (*answer)->base->data_version},
                   {"as_of", format_date(r.as_of)},
                   {"customers", r.customers.size()},
                   {"groups", groups},
                   {"group", group ? Json(*group) : Json(nullptr)},
                   {"matching", rows.size()},
                   {"items", items},
                   {"caveats", (*answer)->base->history.caveats()}});
}

Json segments_json(const services::SegmentReport& r) {
  const auto& s = r.segmentation;
  double total = 0;
  for (double v : r.segment_revenue) total += v;
  Json out = Json::array();
  for (int k = 0; k < s.k; ++k) {
    Json mean = Json::object();
    for (std::size_t j = 0; j < r.table.features.columns.size(); ++j)
      mean[r.table.features.columns[j]] = r.segment_means[k][j];
    out.push_back({{"segment", k}, {"name", s.segments[k].name},
                   {"customers", s.segments[k].size}, {"customer_share", s.segments[k].share},
                   {"revenue", r.segment_revenue[k]},
                   {"revenue_share", total > 0 ? r.segment_revenue[k] / total : 0.0},
                   {"mean", mean}});
  }
  return out;
}

// The members of one segment, by revenue.
Json segment_members(const services::SegmentAnswer& a, int segment, std::size_t limit) {
  const auto& r = a.report;
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < r.segmentation.assignment.size(); ++i)
    if (r.segmentation.assignment[i] == segment) rows.push_back(i);
  const std::size_t shown = std::min(limit, rows.size());
  std::partial_sort(rows.begin(), rows.begin() + shown, rows.end(),
                    [&](std::size_t x, std::size_t y) { return r.table.revenue[x] > r.table.revenue[y]; });
  Json items = Json::array();
  for (std::size_t i = 0; i < shown; ++i) {
    Json row = person_json(*a.base, r.table.features.customers[rows[i]]);
    row["revenue"] = r.table.revenue[rows[i]];
    items.push_back(std::move(row));
  }
  return items;
}

Status customers_segments(Ctx& c) {
  auto q = analytics_query(c);
  if (!q) return q.status();
  auto limit = list_limit(c);
  if (!limit) return limit.status();
  std::optional<std::int64_t> segment;
  OIIS_RETURN_IF_ERROR(query_int(c, "segment", segment));
  auto answer = c.api.customer_analytics().segments(*q);
  if (!answer) return answer.status();
  const auto& r = (*answer)->report;
  if (segment && (*segment < 0 || *segment >= r.segmentation.k))
    return invalid_argument("segment must be 0.." + std::to_string(r.segmentation.k - 1),
                            "segment");
  Json body{{"data_version", (*answer)->base->data_version},
            {"as_of", format_date(r.as_of)},
            {"k", r.segmentation.k},
            {"silhouette", r.segmentation.silhouette},
            {"clustered_on", r.clustered},
            {"customers", r.segmentation.assignment.size()},
            {"segments", segments_json(r)},
            {"caveats", r.caveats}};
  if (segment) {
    body["segment"] = *segment;
    body["items"] = segment_members(**answer, static_cast<int>(*segment), *limit);
  }
  return reply(c, body);
}

Json value_json(const customers::CustomerValue& v) {
  return {{"frequency", v.summary.frequency}, {"recency_weeks", v.summary.recency},
          {"age_weeks", v.summary.age}, {"p_alive", v.p_alive},
          {"expected_purchases", v.expected_purchases}, {"expected_spend", v.expected_spend},
          {"expected_value", v.expected_value}};
}

Status customers_clv(Ctx& c) {
  auto q = analytics_query(c);
  if (!q) return q.status();
  auto limit = list_limit(c);
  if (!limit) return limit.status();
  auto answer = c.api.customer_analytics().clv(*q);
  if (!answer) return answer.status();
  const auto& r = (*answer)->clv;
  std::vector<const customers::CustomerValue*> rows;
  for (const auto& v : r.customers) rows.push_back(&v);
  const std::size_t shown = std::min(*limit, rows.size());
  std::partial_sort(rows.begin(), rows.begin() + shown, rows.end(),
                    [](auto* a, auto* b) { return a->expected_value > b->expected_value; });
  Json items = Json::array();
  for (std::size_t i = 0; i < shown; ++i) {
    Json row = person_json(*(*answer)->base, rows[i]->summary.customer);
    row.update(value_json(*rows[i]));
    items.push_back(std::move(row));
  }
  return reply(c, {{"data_version", (*answer)->base->data_version},
                   {"calibration_end", format_date((*answer)->base->as_of)},
                   {"horizon_days", (*answer)->horizon_days},
                   {"bgnbd", services::to_json(r.bgnbd)},
                   {"gamma_gamma", services::to_json(r.gamma_gamma)},
                   {"period", "weeks"},
                   {"customers", r.customers.size()},
                   {"items", items},
                   {"caveats", (*answer)->base->history.caveats()}});
}

Status customers_churn(Ctx& c) {
  auto q = analytics_query(c);
  if (!q) return q.status();
  auto limit = list_limit(c);
  if (!limit) return limit.status();
  auto answer = c.api.customer_analytics().churn(*q);
  if (!answer) return answer.status();
  const auto& r = (*answer)->churn;
  Json items = Json::array();
  for (std::size_t i = 0; i < std::min(*limit, r.customers.size()); ++i) {
    Json row = person_json(*(*answer)->base, r.customers[i].customer);
    row.update(services::churn_risk_json(r.customers[i]));
    items.push_back(std::move(row));
  }
  return reply(c, {{"data_version", (*answer)->base->data_version},
                   {"as_of", format_date(r.as_of)},
                   {"window_days", r.window_days},
                   {"evaluation", services::to_json(r.evaluation)},
                   {"customers", r.customers.size()},
                   {"explained", r.explained},
                   {"items", items},
                   {"caveats", (*answer)->base->history.caveats()}});
}

Json optional_json(bool present, Json value) { return present ? std::move(value) : Json(nullptr); }

Status customer_profile(Ctx& c) {
  auto id = path_id(c, 0);
  if (!id) return id.status();
  auto q = analytics_query(c);
  if (!q) return q.status();
  auto p = c.api.customer_analytics().profile(*id, *q);
  if (!p) return p.status();
  const auto& who = p->person;
  Json unavailable = Json::array();
  for (const auto& [part, why] : p->unavailable)
    unavailable.push_back({{"part", part}, {"reason", why}});
  Json churn =
      optional_json(p->churn.has_value(), p->churn ? services::churn_risk_json(*p->churn) : Json());
  if (p->churn) churn.update({{"window_days", p->window_days}, {"rank", p->churn_rank},
                              {"ranked", p->churn_ranked}});
  Json value = optional_json(p->value.has_value(), p->value ? value_json(*p->value) : Json());
  if (p->value) value["horizon_days"] = p->horizon_days;
  return reply(
      c, {{"customer_id", who.id}, {"external_id", who.key}, {"name", who.name},
          {"email", who.email}, {"data_version", p->data_version}, {"as_of", format_date(p->as_of)},
          {"rfm", optional_json(p->rfm.has_value(),
                                p->rfm ? Json{{"recency_days", p->rfm->recency_days},
                                              {"frequency", p->rfm->frequency},
                                              {"monetary", p->rfm->monetary}, {"r", p->rfm->r},
                                              {"f", p->rfm->f}, {"m", p->rfm->m},
                                              {"group", p->rfm->group}}
                                       : Json())},
          {"segment", optional_json(p->segment.has_value(),
                                    Json{{"segment", p->segment.value_or(-1)},
                                         {"name", p->segment_name}})},
          {"lifetime_value", value},
          {"churn", churn},
          {"unavailable", unavailable},
          {"caveats", p->caveats}});
}

const QueryParam kAsOf{"as_of", "string", "Cut-off day YYYY-MM-DD, inclusive (default: the last order day)"};
const QueryParam kLimit{"limit", "integer", "Customers listed, 1..1000 (default 50)"};
const QueryParam kWindow{"window_days", "integer",
                         "Churned = no purchase in this many days after as_of, 1..3650 (default 90)"};
const QueryParam kHorizon{"horizon_days", "integer",
                          "Days of purchases and value predicted, 1..3650 (default 182)"};

}  // namespace

void add_customer_analytics_routes(RouteTable& t) {
  const char* tag = "customer-analytics";
  t.push_back({"GET", "/api/v1/customers/rfm", Role::kRead, tag,
               "RFM: recency, frequency and monetary quintile scores and named groups (guests "
               "left out); the customers of a group, by money spent (cached per data version)",
               "", "", 200,
               {kAsOf, {"group", "string", "Only this RFM group (e.g. champions, at risk)"}, kLimit},
               customers_rfm});
  t.push_back({"GET", "/api/v1/customers/segments", Role::kRead, tag,
               "K-Means segments on standardised behaviour (k by silhouette), each profiled and "
               "named; with segment=N its customers by revenue (cached per data version)",
               "", "", 200,
               {kAsOf, {"segment", "integer", "List this segment's customers (0..k-1)"}, kLimit},
               customers_segments});
  t.push_back({"GET", "/api/v1/customers/clv", Role::kRead, tag,
               "Lifetime value: fitted BG/NBD and Gamma-Gamma parameters, customers by expected "
               "value over the horizon with P(alive) and expected purchases (cached per data version)",
               "", "", 200, {kAsOf, kHorizon, kLimit}, customers_clv});
  t.push_back({"GET", "/api/v1/customers/churn", Role::kRead, tag,
               "Customers most likely to churn (no purchase in window_days), calibrated "
               "probability and top drivers each, with the model's AUC on a later window than "
               "it was trained on (cached per data version)",
               "", "", 200, {kAsOf, kWindow, kLimit}, customers_churn});
  t.push_back({"GET", "/api/v1/customers/{id}/profile", Role::kRead, tag,
               "One customer's RFM group, segment, lifetime value, churn probability and "
               "drivers; a part that cannot be computed is null and its reason listed",
               "", "", 200, {kAsOf, kWindow, kHorizon}, customer_profile});
}

}  // namespace oiis::server
