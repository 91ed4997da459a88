#include "store/postgres/pg_support.h"

#include <algorithm>
#include <array>
#include <charconv>

namespace oiis::pg {
namespace {

// Tables whose constraint names start with "<table>_"; longest first so that "order_lines"
// wins over "orders"-like prefixes.
constexpr std::array<std::string_view, 13> kTables = {"purchase_order_lines",
                                                      "stock_movements",
                                                      "purchase_orders",
                                                      "outbox_events",
                                                      "price_changes",
                                                      "stock_levels",
                                                      "order_lines",
                                                      "customers",
                                                      "suppliers",
                                                      "locations",
                                                      "products",
                                                      "api_keys",
                                                      "orders"};

// The quoted constraint name from a PostgreSQL error message:
// 'duplicate key value violates unique constraint "products_sku_key"'.
std::string constraint_from_message(const std::string& message) {
  auto pos = message.find("constraint \"");
  if (pos == std::string::npos) return {};
  pos += 12;
  auto end = message.find('"', pos);
  return end == std::string::npos ? std::string() : message.substr(pos, end - pos);
}

// "products_supplier_id_fkey" -> "supplier_id"; "orders_idempotency_key_key" -> "idempotency_key".
std::string field_from_constraint(const std::string& name, std::string_view suffix) {
  if (name.size() <= suffix.size() ||
      name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
    return {};
  std::string base = name.substr(0, name.size() - suffix.size());
  for (std::string_view table : kTables) {
    if (base.size() > table.size() + 1 && base.compare(0, table.size(), table) == 0 &&
        base[table.size()] == '_')
      return base.substr(table.size() + 1);
  }
  return {};
}

std::string first_line(const std::string& s) {
  return s.substr(0, s.find('\n'));
}

}  // namespace

Status status_from_exception(const std::exception& e) {
  if (auto* u = dynamic_cast<const pqxx::unique_violation*>(&e)) {
    std::string field = field_from_constraint(constraint_from_message(u->what()), "_key");
    return already_exists((field.empty() ? std::string("value") : field) + " already exists",
                          field);
  }
  if (auto* f = dynamic_cast<const pqxx::foreign_key_violation*>(&e)) {
    std::string field = field_from_constraint(constraint_from_message(f->what()), "_fkey");
    return not_found(
        "referenced " + (field.empty() ? std::string("row") : field) + " does not exist", field);
  }
  if (dynamic_cast<const pqxx::broken_connection*>(&e))
    return unavailable("lost the connection to PostgreSQL: " + first_line(e.what()));
  if (dynamic_cast<const pqxx::in_doubt_error*>(&e) ||
      dynamic_cast<const pqxx::statement_completion_unknown*>(&e))
    return unavailable("PostgreSQL connection lost during commit; outcome unknown: " +
                       first_line(e.what()));
  if (dynamic_cast<const pqxx::transaction_rollback*>(&e))
    return unavailable("PostgreSQL transaction kept conflicting, try again: " +
                       first_line(e.what()));
  if (auto* s = dynamic_cast<const pqxx::sql_error*>(&e))
    return internal_error("PostgreSQL error " + s->sqlstate() + ": " + first_line(e.what()));
  return internal_error(std::string("PostgreSQL backend: ") + first_line(e.what()));
}

Result<Id> decode_cursor(const std::string& cursor) {
  if (cursor.empty()) return Id{0};
  Id id = 0;
  auto [ptr, ec] = std::from_chars(cursor.data(), cursor.data() + cursor.size(), id);
  if (ec != std::errc() || ptr != cursor.data() + cursor.size() || id < 0)
    return invalid_argument("malformed cursor", "cursor");
  return id;
}

std::string encode_cursor(Id last_id) {
  return std::to_string(last_id);
}

int clamp_limit(int limit) {
  return std::clamp(limit, 1, 1000);
}

std::string Where::sql() const {
  std::string out;
  for (const auto& c : clauses_) out += (out.empty() ? " WHERE " : " AND ") + c;
  return out;
}

void Where::bind(std::string& condition, std::string value) {
  params_.push_back(std::move(value));
  auto pos = condition.find("$?");
  if (pos != std::string::npos) condition.replace(pos, 2, "$" + std::to_string(params_.size()));
}

std::string like_pattern(const std::string& text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + "%";
}

}  // namespace oiis::pg
