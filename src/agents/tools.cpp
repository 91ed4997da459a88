#include "agents/tools.h"

#include <cmath>

#include "agents/tools_detail.h"
#include "store/store.h"

namespace oiis::agents {

void ToolRegistry::add(ToolSpec spec, ToolFn fn) {
  auto name = spec.name;
  tools_[name] = {std::move(spec), std::move(fn)};
}

const ToolSpec* ToolRegistry::find(const std::string& name) const {
  auto it = tools_.find(name);
  return it == tools_.end() ? nullptr : &it->second.first;
}

std::vector<ToolSpec> ToolRegistry::list() const {
  std::vector<ToolSpec> out;
  for (const auto& [name, tool] : tools_) out.push_back(tool.first);
  return out;
}

Result<ToolResult> ToolRegistry::call(const std::string& name, const nlohmann::json& args,
                                      ToolEnvironment& env, bool approved) const {
  auto it = tools_.find(name);
  if (it == tools_.end()) return not_found("no tool named '" + name + "'", "tool");
  const auto& [spec, fn] = it->second;
  if (auto s = check_schema(args, spec.input_schema); !s.is_ok()) return s;
  if (spec.writes && !approved)
    return Status(ErrorCode::kPermissionDenied,
                  "tool '" + name + "' writes and needs an approval first", "tool");
  try {
    return fn(args, env);
  } catch (const std::exception& e) {
    return internal_error("tool '" + name + "' failed: " + e.what());
  }
}

namespace {

bool type_fits(const nlohmann::json& v, const std::string& type) {
  if (type == "object") return v.is_object();
  if (type == "array") return v.is_array();
  if (type == "string") return v.is_string();
  if (type == "integer") return v.is_number_integer();
  if (type == "number") return v.is_number() && std::isfinite(v.get<double>());
  if (type == "boolean") return v.is_boolean();
  if (type == "null") return v.is_null();
  return true;
}

Status check_bounds(const nlohmann::json& value, const nlohmann::json& schema, const std::string& path) {
  if (value.is_number()) {
    double x = value.get<double>();
    if (schema.contains("minimum") && x < schema["minimum"].get<double>())
      return invalid_argument(path + " must be at least " + schema["minimum"].dump(), path);
    if (schema.contains("maximum") && x > schema["maximum"].get<double>())
      return invalid_argument(path + " must be at most " + schema["maximum"].dump(), path);
  }
  if (value.is_string()) {
    auto n = value.get<std::string>().size();
    if (schema.contains("minLength") && n < schema["minLength"].get<size_t>())
      return invalid_argument(path + " is too short", path);
    if (schema.contains("maxLength") && n > schema["maxLength"].get<size_t>())
      return invalid_argument(path + " is too long", path);
  }
  if (schema.contains("enum")) {
    for (const auto& allowed : schema["enum"])
      if (allowed == value) return Status::ok();
    return invalid_argument(path + " must be one of " + schema["enum"].dump(), path);
  }
  return Status::ok();
}

}  // namespace

Status check_schema(const nlohmann::json& value, const nlohmann::json& schema, const std::string& path) {
  if (schema.contains("type") && !type_fits(value, schema["type"].get<std::string>()))
    return invalid_argument(path + " must be of type " + schema["type"].get<std::string>(), path);
  if (auto s = check_bounds(value, schema, path); !s.is_ok()) return s;
  if (value.is_object()) {
    const auto props = schema.value("properties", nlohmann::json::object());
    for (const auto& req : schema.value("required", nlohmann::json::array()))
      if (!value.contains(req.get<std::string>()))
        return invalid_argument(path + "." + req.get<std::string>() + " is required",
                                path + "." + req.get<std::string>());
    for (const auto& [key, v] : value.items()) {
      if (!props.contains(key)) {
        if (schema.value("additionalProperties", true) == false)
          return invalid_argument(path + "." + key + " is not a known argument", path + "." + key);
        continue;
      }
      if (auto s = check_schema(v, props[key], path + "." + key); !s.is_ok()) return s;
    }
  }
  if (value.is_array() && schema.contains("items"))
    for (size_t i = 0; i < value.size(); ++i)
      if (auto s = check_schema(value[i], schema["items"], path + "[" + std::to_string(i) + "]");
          !s.is_ok())
        return s;
  return Status::ok();
}

const ToolRegistry& builtin_tools() {
  static const ToolRegistry registry = [] {
    ToolRegistry r;
    detail::add_bi_tools(r);
    detail::add_inventory_tools(r);
    detail::add_customer_tools(r);
    detail::add_operations_tools(r);
    detail::add_document_tools(r);
    return r;
  }();
  return registry;
}

const std::set<std::string>& agent_tools(const std::string& agent) {
  static const std::map<std::string, std::set<std::string>> allowed = {
      {"inventory",
       {"stock_status", "product_sales", "reorder_plan", "demand_forecast", "pricing_advice",
        "product_supplier", "inventory_summary", "purchase_order", "approve_purchase_order",
        "search_documents"}},
      {"customer",
       {"lapsed_customers", "churn_risk", "top_customers", "customer_segments",
        "customer_profile", "customer_recommendations", "search_documents"}},
      {"bi",
       {"sales_summary", "revenue_by_month", "top_products", "top_categories",
        "order_status_counts", "sql_query", "search_documents"}},
      {"operations",
       {"supplier_performance", "fulfilment_time", "open_purchase_orders", "order_risk_scan",
        "price_anomalies", "search_documents"}},
      {"none", {"search_documents"}},
  };
  static const std::set<std::string> none;
  auto it = allowed.find(agent);
  return it == allowed.end() ? none : it->second;
}

namespace detail {

Result<Query> run_query(ToolEnvironment& env, const std::string& sql,
                        std::vector<nlohmann::json> params) {
  auto table = env.store->agents().read_only_query(sql, params, QueryLimits{});
  if (!table.is_ok()) return table.status();
  return Query{std::move(table).value(), Source{"sql", sql, nlohmann::json(params)}};
}

nlohmann::json first_value(const QueryTable& t) {
  if (t.rows.empty() || t.rows[0].empty()) return nullptr;
  return t.rows[0][0];
}

double money(const nlohmann::json& v) {
  if (!v.is_number()) return 0.0;
  return std::round(v.get<double>() * 100.0) / 100.0;
}

nlohmann::json Range::to_json() const {
  return {{"from", format_date(first)}, {"to", format_date(last)}};
}

Result<Range> range_of(const nlohmann::json& args, const ToolEnvironment& env) {
  Range r{env.first_day, env.today};
  for (const char* key : {"from", "to"}) {
    if (!args.contains(key)) continue;
    auto d = parse_date(args[key].get<std::string>());
    if (!d.is_ok()) return invalid_argument(std::string(key) + " must be a date YYYY-MM-DD", std::string("args.") + key);
    (std::string(key) == "from" ? r.first : r.last) = d.value();
  }
  if (r.last < r.first) return invalid_argument("to is before from", "args.to");
  return r;
}

nlohmann::json range_properties() {
  return {{"from", {{"type", "string"}, {"description", "first day, YYYY-MM-DD (default: the first day of data)"}}},
          {"to", {{"type", "string"}, {"description", "last day, YYYY-MM-DD, inclusive (default: the last day of data)"}}}};
}

nlohmann::json schema(nlohmann::json properties, std::vector<std::string> required) {
  return {{"type", "object"},
          {"properties", std::move(properties)},
          {"required", required},
          {"additionalProperties", false}};
}

Result<nlohmann::json> product_row(ToolEnvironment& env, const std::string& sku, Source* source) {
  static const std::string sql =
      "SELECT p.id, p.sku, p.name, p.category, p.price, p.cost, p.active, s.id, s.name "
      "FROM products p LEFT JOIN suppliers s ON s.id = p.supplier_id WHERE p.sku = ?";
  auto q = run_query(env, sql, {sku});
  if (!q.is_ok()) return q.status();
  if (q.value().table.rows.empty()) return not_found("no product with SKU " + sku, "args.sku");
  const auto& r = q.value().table.rows[0];
  if (source) *source = q.value().source;
  return nlohmann::json{{"id", r[0]},    {"sku", r[1]},    {"name", r[2]},
                        {"category", r[3]}, {"price", r[4]}, {"cost", r[5]},
                        {"active", r[6]},  {"supplier_id", r[7]}, {"supplier", r[8]}};
}

Result<nlohmann::json> customer_row(ToolEnvironment& env, const std::string& customer) {
  static const std::string sql =
      "SELECT id, external_id, name, email FROM customers WHERE external_id = ? OR "
      "CAST(id AS TEXT) = ? LIMIT 1";
  auto q = run_query(env, sql, {customer, customer});
  if (!q.is_ok()) return q.status();
  if (q.value().table.rows.empty()) return not_found("no customer " + customer, "args.customer");
  const auto& r = q.value().table.rows[0];
  return nlohmann::json{{"id", r[0]}, {"external_id", r[1]}, {"name", r[2]}, {"email", r[3]}};
}

}  // namespace detail
}  // namespace oiis::agents
