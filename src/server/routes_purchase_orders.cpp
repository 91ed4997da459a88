// Purchase orders: create (draft or ordered), read, list, submit and receive.
#include "common/json_reader.h"
#include "domain/validation.h"
#include "server/api.h"

namespace oiis::server {
namespace {

std::string line_prefix(std::size_t i) { return "lines[" + std::to_string(i) + "]."; }

// Lets every line name its product by sku: rewrites {"sku": ...} to {"product_id": ...}.
Status resolve_line_skus(Store& store, Json& body, bool required) {
  auto lines = body.find("lines");
  if (lines == body.end() || lines->is_null()) {
    if (required) return invalid_argument("lines is required", "lines");
    return Status::ok();
  }
  if (!lines->is_array()) return invalid_argument("lines must be an array", "lines");
  if (lines->empty()) return invalid_argument("lines must not be empty", "lines");
  for (std::size_t i = 0; i < lines->size(); ++i) {
    auto id = resolve_product(store, (*lines)[i], line_prefix(i));
    if (!id) return id.status();
  }
  return Status::ok();
}

Status create(Ctx& c) {
  auto body = body_json(c);
  if (!body) return body.status();
  OIIS_RETURN_IF_ERROR(resolve_line_skus(c.store, *body, true));
  PurchaseOrder po;
  OIIS_RETURN_IF_ERROR(read_json(*body, po));
  if (po.status != PurchaseOrderStatus::kDraft && po.status != PurchaseOrderStatus::kOrdered)
    return invalid_argument("status must be draft or ordered", "status");
  po.id = 0;
  for (auto& line : po.lines) line.received_quantity = 0;
  OIIS_RETURN_IF_ERROR(validate(po));
  auto created = c.store.create_purchase_order(po);
  if (!created) return created.status();
  c.res.set_header("Location", "/api/v1/purchase-orders/" + std::to_string(created->id));
  return reply(c, to_json(*created), 201);
}

Status get(Ctx& c) {
  auto id = path_id(c, 0);
  if (!id) return id.status();
  auto po = c.store.get_purchase_order(*id);
  if (!po) return po.status();
  return reply(c, to_json(*po));
}

Status list(Ctx& c) {
  PurchaseOrderFilter f;
  PageRequest page;
  OIIS_RETURN_IF_ERROR(query_int(c, "supplier_id", f.supplier_id));
  OIIS_RETURN_IF_ERROR(query_enum(c, "status", parse_purchase_order_status, f.status));
  OIIS_RETURN_IF_ERROR(page_request(c, page));
  auto result = c.store.list_purchase_orders(f, page);
  if (!result) return result.status();
  return reply(c, page_json(*result));
}

// {"lines": [{"product_id"|"sku", "quantity"}], "at"?: time}
Status receive(Ctx& c) {
  auto id = path_id(c, 0);
  if (!id) return id.status();
  auto body = body_json(c);
  if (!body) return body.status();
  OIIS_RETURN_IF_ERROR(resolve_line_skus(c.store, *body, true));
  std::optional<Timestamp> at;
  JsonObjectReader r(*body);
  r.timestamp("at", at).known("lines");
  OIIS_RETURN_IF_ERROR(r.finish());
  const Json& lines = (*body)["lines"];
  std::vector<ReceiptLine> receipt(lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    JsonObjectReader lr(lines[i], line_prefix(i));
    lr.integer("product_id", receipt[i].product_id, true)
        .integer("quantity", receipt[i].quantity, true);
    OIIS_RETURN_IF_ERROR(lr.finish());
  }
  auto po = c.store.receive_purchase_order(*id, receipt, at);
  if (!po) return po.status();
  return reply(c, to_json(*po));
}

// {"lines": [{"id", "quantity"}]}: a draft's new line quantities (0 drops a line).
Status revise(Ctx& c) {
  auto id = path_id(c, 0);
  if (!id) return id.status();
  auto body = body_json(c);
  if (!body) return body.status();
  JsonObjectReader r(*body);
  r.known("lines");
  OIIS_RETURN_IF_ERROR(r.finish());
  auto changes = read_line_changes(*body);
  if (!changes) return changes.status();
  auto po = c.store.revise_purchase_order(*id, *changes);
  if (!po) return po.status();
  return reply(c, to_json(*po));
}

Status submit(Ctx& c) {
  auto id = path_id(c, 0);
  if (!id) return id.status();
  auto po = c.store.submit_purchase_order(*id);
  if (!po) return po.status();
  return reply(c, to_json(*po));
}

}  // namespace

Result<std::vector<PurchaseOrderLineChange>> read_line_changes(const Json& body) {
  const Json* lines = body.is_object() && body.contains("lines") ? &body["lines"] : nullptr;
  if (!lines || !lines->is_array() || lines->empty())
    return invalid_argument("a non-empty array of {id, quantity} is required", "lines");
  std::vector<PurchaseOrderLineChange> changes(lines->size());
  for (std::size_t i = 0; i < lines->size(); ++i) {
    JsonObjectReader lr((*lines)[i], line_prefix(i));
    lr.integer("id", changes[i].line_id, true).integer("quantity", changes[i].quantity, true);
    OIIS_RETURN_IF_ERROR(lr.finish());
  }
  return changes;
}

void add_purchase_order_routes(RouteTable& t) {
  const char* tag = "purchase-orders";
  t.push_back({"POST", "/api/v1/purchase-orders", Role::kWrite, tag,
               "Create a purchase order (status ordered raises on_order; draft waits for submit)",
               "PurchaseOrderCreate", "PurchaseOrder", 201, {}, create});
  t.push_back({"GET", "/api/v1/purchase-orders", Role::kRead, tag, "List purchase orders", "",
               "PurchaseOrderPage", 200,
               with_page_params(
                   {{"supplier_id", "integer", "Supplier id"},
                    {"status", "enum:draft|ordered|partially_received|received|cancelled",
                     "Purchase order status"}}),
               list});
  t.push_back({"GET", "/api/v1/purchase-orders/{id}", Role::kRead, tag, "Get a purchase order",
               "", "PurchaseOrder", 200, {}, get});
  t.push_back({"POST", "/api/v1/purchase-orders/{id}/receive", Role::kWrite, tag,
               "Receive some or all outstanding units (stock goes up)", "Receipt",
               "PurchaseOrder", 200, {}, receive});
  t.push_back({"PATCH", "/api/v1/purchase-orders/{id}", Role::kWrite, tag,
               "Change a draft's line quantities before it is approved (0 drops a line)",
               "PurchaseOrderRevision", "PurchaseOrder", 200, {}, revise});
  t.push_back({"POST", "/api/v1/purchase-orders/{id}/submit", Role::kWrite, tag,
               "Submit a draft purchase order (draft -> ordered)", "", "PurchaseOrder", 200, {},
               submit});
}

}  // namespace oiis::server
