// Inventory optimisation over HTTP: ABC/XYZ, the reorder plan (and saving its drafts), policy
// simulation, pricing, supplier scorecards, and approving a draft purchase order. All the work is
// in services/inventory_service.h; these handlers only read parameters and write JSON.
#include <cstdlib>
#include <filesystem>

#include "services/inventory_service.h"
#include "server/api.h"
#include "server/server.h"

namespace oiis::server {
namespace {

// How far past the last order a plan may look: further out there is no data, only a longer
// (dense, per product and location) daily history to allocate.
constexpr int kMaxDaysAfterLastOrder = 366;

// as_of bounded by the data: a year past the last order at most, so a read key cannot make
// the server build a daily history up to 9999-12-31.
Status check_as_of(Ctx& c, Date as_of) {
  auto stats = c.store.stats();
  if (!stats) return stats.status();
  if (!stats->last_order_at) return Status::ok();  // the report answers "no orders" itself
  const Date last = date_of(*stats->last_order_at);
  if (as_of > last + kMaxDaysAfterLastOrder)
    return invalid_argument("as_of must be at most " + std::to_string(kMaxDaysAfterLastOrder) +
                                " days after the last order (" + format_date(last) + ")",
                            "as_of");
  return Status::ok();
}

// ?default_supplier=ID&default_cost_share=0.6: stand-ins for inputs the store lacks (a shop
// whose history is an imported order file); every plan line that uses one says so.
Status declared_defaults(Ctx& c, services::InventoryOptions& o) {
  std::optional<std::int64_t> supplier;
  std::optional<std::string> share;
  OIIS_RETURN_IF_ERROR(query_int(c, "default_supplier", supplier));
  OIIS_RETURN_IF_ERROR(query_text(c, "default_cost_share", share));
  if (supplier) {
    if (*supplier < 1) return invalid_argument("must be a supplier id", "default_supplier");
    o.default_supplier = *supplier;
  }
  if (share) {
    char* end = nullptr;
    const double v = std::strtod(share->c_str(), &end);
    if (share->empty() || *end != '\0' || !(v > 0 && v < 1))
      return invalid_argument("must be a number in (0, 1): cost as a share of price",
                              "default_cost_share");
    o.default_cost_share = v;
  }
  return Status::ok();
}

// ?as_of=YYYY-MM-DD&history_days=N&method=profile|ses|auto|...
Result<services::InventoryOptions> inventory_options(Ctx& c) {
  services::InventoryOptions o;
  std::optional<Timestamp> as_of;
  std::optional<std::int64_t> history;
  std::optional<std::string> method;
  OIIS_RETURN_IF_ERROR(query_time(c, "as_of", as_of));
  OIIS_RETURN_IF_ERROR(query_int(c, "history_days", history));
  OIIS_RETURN_IF_ERROR(query_text(c, "method", method));
  if (as_of) {
    o.as_of = date_of(*as_of);
    OIIS_RETURN_IF_ERROR(check_as_of(c, *o.as_of));
  }
  if (history) {
    if (*history < 28 || *history > 3650)
      return invalid_argument("history_days must be 28..3650", "history_days");
    o.history_days = static_cast<int>(*history);
  }
  if (method) o.forecast_method = *method;
  OIIS_RETURN_IF_ERROR(declared_defaults(c, o));
  return o;
}

// The folder holding the stored calibration the plan reads (never written by the server).
const std::string& artefact_dir(const Ctx& c) { return c.api.config().artefact_dir; }

// Reads the options, runs `compute(options)` and replies with the report's JSON. Reports are
// answers, not files: a GET must not write (one file per distinct as_of would let a read key
// fill the disk) and no server path leaves the server; `oiis inventory` jobs store reports.
template <typename Compute>
Status report_route(Ctx& c, Compute compute) {
  auto options = inventory_options(c);
  if (!options) return options.status();
  auto result = compute(*options);
  if (!result) return result.status();
  return reply(c, services::to_json(*result));
}

Status abc(Ctx& c) {
  return report_route(c, [&](const auto& o) { return services::abc_report(c.store, o); });
}

Status reorder(Ctx& c) {
  auto options = inventory_options(c);
  if (!options) return options.status();
  auto plan = services::calibrated_reorder_plan(c.store, *options, artefact_dir(c));
  if (!plan) return plan.status();
  // The calibration is named by its file name only: no server path leaves the server.
  Json& by = plan->json["provenance"]["parameters"]["calibrated_by"];
  if (by.is_string()) by = std::filesystem::path(by.get<std::string>()).filename().string();
  return reply(c, plan->json);
}

Status save_reorder_drafts(Ctx& c) {
  auto options = inventory_options(c);
  if (!options) return options.status();
  auto plan = services::calibrated_reorder_plan(c.store, *options, artefact_dir(c));
  if (!plan) return plan.status();
  auto drafts = services::save_drafts(c.store, plan->report.plan);
  if (!drafts) return drafts.status();
  Json items = Json::array();
  for (const auto& po : *drafts) items.push_back(to_json(po));
  return reply(c, {{"items", items}}, 201);
}

// ?sku= keeps one product's line (a product page's question) out of the whole catalogue's,
// which the elasticities' shrinkage toward each category needs computed anyway.
std::vector<QueryParam> with_sku_param(std::vector<QueryParam> params) {
  params.push_back({"sku", "string", "Only this product's line (404 naming sku when it has none)"});
  return params;
}

Status pricing(Ctx& c) {
  std::optional<std::string> sku;
  OIIS_RETURN_IF_ERROR(query_text(c, "sku", sku));
  auto options = inventory_options(c);
  if (!options) return options.status();
  auto report = services::pricing_report(c.store, *options);
  if (!report) return report.status();
  Json body = services::to_json(*report);
  if (sku) {
    Json one = Json::array();
    for (auto& item : body["items"])
      if (item.value("sku", "") == *sku) one.push_back(std::move(item));
    if (one.empty()) return not_found("no pricing line for " + *sku, "sku");
    body["items"] = std::move(one);
  }
  return reply(c, body);
}

Status simulate(Ctx& c) {
  auto options = inventory_options(c);
  if (!options) return options.status();
  services::SimulationOptions so;
  std::optional<std::int64_t> holdout;
  OIIS_RETURN_IF_ERROR(query_int(c, "holdout_days", holdout));
  if (holdout) {
    if (*holdout < 28 || *holdout > 1095)
      return invalid_argument("holdout_days must be 28..1095", "holdout_days");
    so.holdout_days = static_cast<int>(*holdout);
  }
  auto result = services::simulate_policies(c.store, *options, so);
  if (!result) return result.status();
  return reply(c, services::to_json(*result));
}

Status scorecards(Ctx& c) {
  auto result = services::supplier_scorecards(c.store);
  if (!result) return result.status();
  return reply(c, services::to_json(*result));
}

Status approve(Ctx& c) {
  auto id = path_id(c, 0);
  if (!id) return id.status();
  auto po = services::approve_purchase_order(c.store, *id);
  if (!po) return po.status();
  return reply(c, to_json(*po));
}

const std::vector<QueryParam> kInventoryQuery = {
    {"as_of", "date-time", "Plan/classify as of this day (default: the day after the last order)"},
    {"history_days", "integer", "Days of history used, 28..3650 (default 365)"},
    {"method", "string", "Forecaster: profile (default, fast) or an engine method (ses, auto, ...)"}};

// The plan also takes declared stand-ins for missing inputs (docs/inventory.md).
std::vector<QueryParam> reorder_query() {
  auto q = kInventoryQuery;
  q.push_back({"default_supplier", "integer",
               "Supplier id for products without one (each such line says so)"});
  q.push_back({"default_cost_share", "number",
               "Unit cost as a share of price where cost is unknown, e.g. 0.6 (each such line "
               "says so)"});
  return q;
}

}  // namespace

void add_inventory_routes(RouteTable& t) {
  t.push_back({"GET", "/api/v1/inventory/abc", Role::kRead, "inventory",
               "ABC (revenue) x XYZ (demand variability) class of every product", "", "", 200,
               kInventoryQuery, abc});
  t.push_back({"GET", "/api/v1/inventory/reorder-plan", Role::kRead, "inventory",
               "What to reorder now: quantity, order-by date, stock-out date, cost and reason per "
               "product, grouped into purchase-order drafts per supplier",
               "", "", 200, reorder_query(), reorder});
  t.push_back({"POST", "/api/v1/inventory/reorder-plan/drafts", Role::kWrite, "inventory",
               "Compute the reorder plan and save its drafts as draft purchase orders", "", "", 201,
               reorder_query(), save_reorder_drafts});
  t.push_back({"GET", "/api/v1/inventory/pricing", Role::kRead, "inventory",
               "Price elasticities (shrunk toward the category), markdowns and margin-maximising "
               "prices",
               "", "", 200, with_sku_param(kInventoryQuery), pricing});
  auto sim_query = kInventoryQuery;
  sim_query.push_back({"holdout_days", "integer", "Days replayed, 28..1095 (default 365)"});
  t.push_back({"POST", "/api/v1/inventory/simulate", Role::kRead, "inventory",
               "Replay the held-out period under our policy and the naive and minmax baselines",
               "", "", 200, sim_query, simulate});
  t.push_back({"GET", "/api/v1/inventory/suppliers", Role::kRead, "inventory",
               "Supplier scorecards: on-time rate, lead-time mean and spread, fill rate, price "
               "trend",
               "", "", 200, {}, scorecards});
  t.push_back({"POST", "/api/v1/purchase-orders/{id}/approve", Role::kWrite, "purchase-orders",
               "Approve a draft purchase order (draft -> ordered; raises on order)", "",
               "PurchaseOrder", 200, {}, approve});
}

}  // namespace oiis::server
