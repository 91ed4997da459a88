// OpenAPI 3.0 from the route table. Entity schemas are inferred from to_json() of sample
// values, so the documented shapes follow the JSON mapping; request-only shapes are spelt out.
#include <set>

#include "server/api.h"

namespace oiis::server {
namespace {

const std::set<std::string> kNullable = {"supplier_id", "customer_id", "fulfilled_at",
                                         "expected_at", "received_at", "order_id",
                                         "purchase_order_id"};
const std::set<std::string> kReadOnly = {"id",         "created_at", "updated_at", "line_total",
                                         "total",      "available",  "received_quantity"};

Json ref(const std::string& name) { return {{"$ref", "#/components/schemas/" + name}}; }

bool is_time_key(std::string_view key) {
  return key == "at" || (key.size() > 3 && key.substr(key.size() - 3) == "_at");
}

Json infer(const Json& v, const std::string& key) {
  Json s;
  if (v.is_object()) {
    s = {{"type", "object"}};
    Json props = Json::object();
    for (auto it = v.begin(); it != v.end(); ++it) props[it.key()] = infer(it.value(), it.key());
    if (props.empty())
      s["additionalProperties"] = true;
    else
      s["properties"] = std::move(props);
  } else if (v.is_array()) {
    s = {{"type", "array"}, {"items", v.empty() ? Json::object() : infer(v[0], key)}};
  } else if (v.is_string()) {
    s = {{"type", "string"}};
    if (is_time_key(key)) s["format"] = "date-time";
  } else if (v.is_number_integer()) {
    s = {{"type", "integer"}, {"format", "int64"}};
  } else if (v.is_number()) {
    s = {{"type", "number"}};
  } else if (v.is_boolean()) {
    s = {{"type", "boolean"}};
  }
  if (kNullable.count(key)) s["nullable"] = true;
  if (kReadOnly.count(key)) s["readOnly"] = true;
  return s;
}

Json object(Json properties, std::vector<std::string> required = {}) {
  Json s = {{"type", "object"}, {"properties", std::move(properties)}};
  if (!required.empty()) s["required"] = required;
  return s;
}
Json integer() { return {{"type", "integer"}, {"format", "int64"}}; }
Json text() { return {{"type", "string"}}; }
Json number() { return {{"type", "number"}}; }
Json time() { return {{"type", "string"}, {"format", "date-time"}}; }
Json array_of(Json items) { return {{"type", "array"}, {"items", std::move(items)}}; }
Json enum_of(std::vector<std::string> values) { return {{"type", "string"}, {"enum", values}}; }

Json entity_schemas() {
  Product product;
  product.supplier_id = 1;
  product.cost = 1;  // a known cost: the schema's type is number (nullable, below)
  Order order;
  order.customer_id = 1;
  order.fulfilled_at = 0;
  order.lines.emplace_back();
  StockMovement movement;
  movement.order_id = 1;
  movement.purchase_order_id = 1;
  PurchaseOrder po;
  po.expected_at = 0;
  po.received_at = 0;
  po.lines.emplace_back();

  Json s = Json::object();
  s["Supplier"] = infer(to_json(Supplier{}), "");
  s["Product"] = infer(to_json(product), "");
  s["Customer"] = infer(to_json(Customer{}), "");
  s["Location"] = infer(to_json(Location{}), "");
  s["Order"] = infer(to_json(order), "");
  s["StockLevel"] = infer(to_json(StockLevel{}), "");
  s["StockMovement"] = infer(to_json(movement), "");
  s["PriceChange"] = infer(to_json(PriceChange{}), "");
  s["PurchaseOrder"] = infer(to_json(po), "");
  s["OutboxEvent"] = infer(to_json(OutboxEvent{}), "");
  s["Product"]["required"] = {"sku", "name", "price"};
  s["Product"]["properties"]["cost"]["nullable"] = true;
  s["Product"]["properties"]["cost"]["description"] = "Unit cost; null when the store was never given one";
  s["Supplier"]["required"] = {"name"};
  s["Customer"]["required"] = {"name"};
  s["Location"]["required"] = {"code", "name"};
  for (const char* e : {"Order", "StockMovement", "PurchaseOrder"})
    s[e]["properties"]["status"] = s[e]["properties"].value("status", text());
  s["Order"]["properties"]["status"] =
      enum_of({"placed", "paid", "shipped", "delivered", "cancelled", "returned"});
  s["PurchaseOrder"]["properties"]["status"] =
      enum_of({"draft", "ordered", "partially_received", "received", "cancelled"});
  s["StockMovement"]["properties"]["type"] =
      enum_of({"receipt", "sale", "return", "adjustment", "count", "transfer"});
  s["StockMovement"].erase("required");
  s["Order"].erase("required");
  s["PurchaseOrder"].erase("required");
  // Only in the reply to a placement, when the server scores orders (services/order_risk_service.h).
  s["Order"]["properties"]["risk"] = {
      {"type", "object"},
      {"description", "The order's fraud risk as scored at placement (oiis serve --order-risk-every): "
                      "score, percentile, level low|medium|high, flagged, rules [{code, reason}], "
                      "unusual [...], model_orders, alert_id; or score null with the reason"}};
  return s;
}

Json request_schemas() {
  Json s = Json::object();
  s["Error"] = object(
      {{"error", object({{"code", text()},
                         {"message", text()},
                         {"field", {{"type", "string"}, {"nullable", true}}}},
                        {"code", "message", "field"})}},
      {"error"});
  s["ProductUpdate"] = {
      {"allOf",
       {ref("Product"),
        object({{"price_change_reason",
                 {{"type", "string"},
                  {"description", "Reason recorded in price history (default \"manual\")"}}}})}}};
  s["OrderCreate"] = object(
      {{"customer_id", integer()},
       {"location_id", integer()},
       {"channel", text()},
       {"payment_method", text()},
       {"external_id", text()},
       {"placed_at", time()},
       {"lines", array_of(object({{"sku", text()},
                                  {"quantity", {{"type", "integer"}, {"minimum", 1}}},
                                  {"unit_price", number()},
                                  {"discount", number()}},
                                 {"sku", "quantity"}))}},
      {"lines"});
  s["OrderStatusChange"] = object(
      {{"status", enum_of({"paid", "shipped", "delivered", "cancelled", "returned"})},
       {"at", time()}},
      {"status"});
  s["StockAdjustment"] = object({{"sku", text()},
                                 {"product_id", integer()},
                                 {"location_id", integer()},
                                 {"type", enum_of({"adjustment", "count", "receipt"})},
                                 {"quantity", integer()},
                                 {"reason", text()},
                                 {"at", time()}},
                                {"location_id", "quantity"});
  s["PurchaseOrderCreate"] = object(
      {{"supplier_id", integer()},
       {"location_id", integer()},
       {"status", enum_of({"draft", "ordered"})},
       {"expected_at", time()},
       {"lines", array_of(object({{"sku", text()},
                                  {"product_id", integer()},
                                  {"quantity", {{"type", "integer"}, {"minimum", 1}}},
                                  {"unit_cost", number()}},
                                 {"quantity"}))}},
      {"supplier_id", "lines"});
  s["Receipt"] = object({{"lines", array_of(object({{"sku", text()},
                                                    {"product_id", integer()},
                                                    {"quantity", {{"type", "integer"}, {"minimum", 1}}}},
                                                   {"quantity"}))},
                         {"at", time()}},
                        {"lines"});
  s["PurchaseOrderRevision"] =
      object({{"lines", array_of(object({{"id", integer()},
                                          {"quantity", {{"type", "integer"}, {"minimum", 0}}}},
                                         {"id", "quantity"}))}},
             {"lines"});
  s["ApiKeyCreate"] = object({{"name", text()}, {"role", enum_of({"read", "write", "admin"})}},
                             {"name", "role"});
  s["ApiKeyCreated"] = object({{"id", integer()},
                               {"name", text()},
                               {"role", enum_of({"read", "write", "admin"})},
                               {"key", text()},
                               {"created_at", time()}});
  s["ApiKey"] = object({{"id", integer()},
                        {"name", text()},
                        {"role", enum_of({"read", "write", "admin"})},
                        {"created_at", time()},
                        {"revoked", {{"type", "boolean"}}}});
  s["ApiKeyList"] = object({{"items", array_of(ref("ApiKey"))}});
  s["KbDocumentCreate"] = object({{"name", text()}, {"content", text()}}, {"name", "content"});
  s["KbAddReport"] = object({{"added", integer()}, {"replaced", integer()}, {"unchanged", integer()},
                             {"chunks", integer()}, {"retrained", {{"type", "boolean"}}}});
  s["KbRefreshReport"] = object({{"documents", integer()}, {"added", integer()}, {"replaced", integer()},
                                 {"unchanged", integer()}, {"removed", integer()}, {"chunks", integer()},
                                 {"retrained", {{"type", "boolean"}}}});
  s["KbDocumentList"] = object({{"documents", array_of(object({{"doc", text()}, {"title", text()},
                                                              {"type", text()}, {"chunks", integer()},
                                                              {"bytes", integer()}}))}});
  s["KbSearchResults"] = object({{"method", text()},
                                 {"results", array_of(object({{"doc", text()}, {"title", text()},
                                                              {"section", text()}, {"page", integer()},
                                                              {"text", text()}, {"score", number()},
                                                              {"begin", integer()}, {"end", integer()}}))}});
  s["ChatRequest"] = object({{"question", text()}, {"thread", text()}}, {"question"});
  s["ChatAnswer"] = object({{"thread", text()}, {"agent", enum_of({"inventory", "customer", "bi", "operations", "none"})},
                            {"intent", text()}, {"answer", text()}, {"plan", {{"type", "object"}}},
                            {"tables", array_of({{"type", "object"}})}, {"charts", array_of({{"type", "object"}})},
                            {"actions", array_of({{"type", "object"}})},
                            {"citations", array_of(object({{"id", integer()}, {"tool", text()}, {"args", {{"type", "object"}}},
                                                           {"sources", array_of(object({{"kind", text()}, {"detail", text()}}))}}))},
                            {"caveats", array_of(text())}, {"seconds", number()},
                            {"pending_approval", object({{"action", {{"type", "object"}}}, {"question", text()}})}});
  s["VoiceAudio"] = {{"type", "string"}, {"format", "binary"}, {"description", "A WAV file: 16-bit PCM, 1 or 2 channels, 8-48 kHz, at most 20 s"}};
  s["VoiceTranscript"] = object({{"text", text()}, {"words", array_of(object({{"word", text()}, {"start", number()}, {"end", number()}, {"confidence", number()}}))},
                                 {"seconds", number()}, {"decode_seconds", number()}, {"model", text()}});
  s["VoiceSpeakRequest"] = object({{"text", text()}, {"voice", text()}, {"speed", integer()}}, {"text"});
  s["ApprovalDecision"] = object({{"approve", {{"type", "boolean"}}},
                                  {"lines", array_of(object({{"id", integer()},
                                                             {"quantity", {{"type", "integer"}, {"minimum", 0}}}},
                                                            {"id", "quantity"}))}},
                                 {"approve"});
  s["ThreadList"] = object({{"threads", array_of(object({{"thread", text()}, {"title", text()},
                                                         {"created_at", time()}, {"updated_at", time()}}))}});
  s["Thread"] = object({{"thread", text()}, {"title", text()}, {"created_at", time()}, {"updated_at", time()},
                        {"turns", array_of(object({{"turn", integer()}, {"question", text()}, {"agent", text()},
                                                   {"answer", text()}}))}});
  s["Stats"] = object({{"backend", text()},         {"products", integer()},
                       {"suppliers", integer()},    {"customers", integer()},
                       {"locations", integer()},    {"orders", integer()},
                       {"order_lines", integer()},  {"stock_levels", integer()},
                       {"stock_movements", integer()}, {"price_changes", integer()},
                       {"purchase_orders", integer()}, {"outbox_events", integer()},
                       {"revenue", number()},
                       {"first_order_at", {{"type", "string"}, {"format", "date-time"}, {"nullable", true}}},
                       {"last_order_at", {{"type", "string"}, {"format", "date-time"}, {"nullable", true}}}});
  s["Health"] = object({{"status", text()},
                        {"store", text()},
                        {"uptime_seconds", integer()},
                        {"version", text()}});
  s["ProductStock"] = object({{"sku", text()},
                              {"product_id", integer()},
                              {"on_hand", integer()},
                              {"available", integer()},
                              {"levels", array_of(ref("StockLevel"))}});
  s["PriceChangeList"] = object({{"items", array_of(ref("PriceChange"))}});
  s["OutboxPage"] = object({{"items", array_of(ref("OutboxEvent"))}, {"next_after", integer()}});
  return s;
}

Json param_schema(std::string_view type) {
  if (type == "integer") return integer();
  if (type == "boolean") return {{"type", "boolean"}};
  if (type == "date-time") return time();
  if (type.rfind("enum:", 0) == 0) {
    std::vector<std::string> values;
    std::string_view rest = type.substr(5);
    while (!rest.empty()) {
      auto bar = rest.find('|');
      values.emplace_back(rest.substr(0, bar));
      if (bar == std::string_view::npos) break;
      rest.remove_prefix(bar + 1);
    }
    return enum_of(values);
  }
  return text();
}

Json error_response(const char* description) {
  return {{"description", description},
          {"content", {{"application/json", {{"schema", ref("Error")}}}}}};
}

std::string lower(std::string s) {
  for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

std::string operation_id(const RouteSpec& r) {
  std::string id = lower(r.method);
  for (char ch : r.pattern) {
    if (std::isalnum(static_cast<unsigned char>(ch)))
      id.push_back(ch);
    else if (ch == '/' || ch == '-' || ch == '.')
      id.push_back('_');
  }
  return id;
}

Json operation(const RouteSpec& r) {
  Json op = {{"summary", r.summary}, {"operationId", operation_id(r)}, {"tags", {r.tag}}};
  Json params = Json::array();
  bool has_path_params = false;
  for (std::size_t pos = r.pattern.find('{'); pos != std::string::npos;
       pos = r.pattern.find('{', pos + 1)) {
    const std::string name = r.pattern.substr(pos + 1, r.pattern.find('}', pos) - pos - 1);
    params.push_back({{"name", name},
                      {"in", "path"},
                      {"required", true},
                      {"schema", name == "id" ? integer() : text()}});
    has_path_params = true;
  }
  for (const auto& q : r.query)
    params.push_back({{"name", q.name},
                      {"in", "query"},
                      {"required", false},
                      {"description", q.description},
                      {"schema", param_schema(q.type)}});
  for (const auto& h : r.headers)
    params.push_back({{"name", h.name},
                      {"in", "header"},
                      {"required", false},
                      {"description", h.description},
                      {"schema", param_schema(h.type)}});
  if (!params.empty()) op["parameters"] = std::move(params);
  if (!r.request_schema.empty())
    op["requestBody"] = {{"required", true},
                         {"content", {{"application/json", {{"schema", ref(r.request_schema)}}}}}};

  Json success = {{"description", "Success"}};
  if (!r.response_schema.empty())
    success["content"] = {{r.response_content_type, {{"schema", ref(r.response_schema)}}}};
  else
    success["content"] = {{r.response_content_type, {{"schema", text()}}}};
  Json responses = {{std::to_string(r.success_status), success}};
  if (r.success_status == 201 && r.request_schema == "OrderCreate") {
    Json replay = success;
    replay["description"] = "Replay of an earlier placement with the same Idempotency-Key";
    responses["200"] = replay;
  }
  const bool has_input = !r.request_schema.empty() || !r.query.empty() || has_path_params;
  if (has_input) responses["400"] = error_response("Invalid input; error.field names it");
  if (r.role) {
    responses["401"] = error_response("Missing or invalid API key");
    responses["403"] = error_response("The API key's role is insufficient");
  }
  if (has_path_params || !r.request_schema.empty())
    responses["404"] = error_response("Not found");
  if (std::string_view(r.method) != "GET")
    responses["409"] = error_response("Conflict: duplicate, short stock or illegal state change");
  if (!r.request_schema.empty()) responses["413"] = error_response("Request body too large");
  responses["default"] = error_response("Unexpected error");
  op["responses"] = std::move(responses);
  if (r.role)
    op["x-required-role"] = std::string(to_string(*r.role));
  else
    op["security"] = Json::array();
  return op;
}

}  // namespace

Json build_openapi(const RouteTable& table) {
  Json schemas = entity_schemas();
  schemas.update(request_schemas());
  Json paths = Json::object();
  for (const auto& r : table) {
    paths[r.pattern][lower(r.method)] = operation(r);
    // "<Entity>Page" schemas are made on demand for the list routes.
    const std::string& out = r.response_schema;
    if (out.size() > 4 && out.ends_with("Page") && !schemas.contains(out)) {
      const std::string item = out.substr(0, out.size() - 4);
      schemas[out] = object({{"items", array_of(ref(item))},
                             {"next_cursor",
                              {{"type", "string"},
                               {"nullable", true},
                               {"description", "Pass as ?cursor= for the next page; null at the end"}}}},
                            {"items", "next_cursor"});
    }
  }
  return {
      {"openapi", "3.0.3"},
      {"info",
       {{"title", "OIIS — Orders & Inventory Intelligence System API"},
        {"version", "0.1.0"},
        {"description",
         "REST/JSON API. Send 'Authorization: Bearer <key>' on /api/v1/**. Errors are "
         "{\"error\": {\"code\", \"message\", \"field\"}}."}}},
      {"servers", {{{"url", "/"}}}},
      {"security", {{{"bearerAuth", Json::array()}}}},
      {"paths", std::move(paths)},
      {"components",
       {{"schemas", std::move(schemas)},
        {"securitySchemes",
         {{"bearerAuth",
           {{"type", "http"}, {"scheme", "bearer"}, {"description", "An OIIS API key"}}}}}}}};
}

}  // namespace oiis::server
