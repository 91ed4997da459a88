// The read-only query on PostgreSQL. PostgreSQL's own parser and planner do the checking: the
// statement runs in a READ ONLY transaction with a statement timeout, after EXPLAIN has shown
// which tables it reads (each must be queryable) and what the planner thinks it costs.
// Values are quoted by libpq into the text in place of the `?` placeholders.
#include <cmath>
#include <regex>
#include <string>

#include "store/postgres/pg_agent_tables.h"
#include "store/postgres/pg_store.h"

namespace oiis::pg {
namespace {

// Replaces each `?` outside quotes with its value, quoted; the count must match.
Result<std::string> inline_params(pqxx::work& txn, const std::string& sql,
                                  const std::vector<nlohmann::json>& params) {
  std::string out;
  size_t next = 0;
  char quote = 0;
  for (char ch : sql) {
    if (quote) {
      if (ch == quote) quote = 0;
      out += ch;
    } else if (ch == '\'' || ch == '"') {
      quote = ch;
      out += ch;
    } else if (ch == '?') {
      if (next == params.size()) break;
      const auto& v = params[next++];
      if (v.is_null()) out += "NULL";
      else if (v.is_boolean()) out += v.get<bool>() ? "1" : "0";
      else if (v.is_number()) out += v.dump();
      else out += txn.quote(v.is_string() ? v.get<std::string>() : v.dump());
    } else {
      out += ch;
    }
  }
  size_t placeholders = 0;
  quote = 0;
  for (char ch : sql) {
    if (quote) quote = ch == quote ? 0 : quote;
    else if (ch == '\'' || ch == '"') quote = ch;
    else if (ch == '?') ++placeholders;
  }
  if (placeholders != params.size())
    return invalid_argument("the query has " + std::to_string(placeholders) +
                                " placeholders but " + std::to_string(params.size()) + " values",
                            "params");
  return out;
}

// Every "Relation Name" in an EXPLAIN (FORMAT JSON) plan must be queryable.
Status check_relations(const nlohmann::json& plan) {
  if (plan.is_object()) {
    if (auto it = plan.find("Relation Name"); it != plan.end() && it->is_string()) {
      const auto& tables = queryable_tables();
      if (std::find(tables.begin(), tables.end(), it->get<std::string>()) == tables.end())
        return invalid_argument("table '" + it->get<std::string>() + "' is not readable by queries",
                                "sql");
    }
    for (const auto& [key, value] : plan.items())
      if (auto s = check_relations(value); !s.is_ok()) return s;
  } else if (plan.is_array()) {
    for (const auto& value : plan)
      if (auto s = check_relations(value); !s.is_ok()) return s;
  }
  return Status::ok();
}

nlohmann::json cell(const pqxx::field& f) {
  if (f.is_null()) return nullptr;
  switch (f.type()) {
    case 20: case 21: case 23: return f.as<std::int64_t>();  // int8, int2, int4
    case 700: case 701: case 1700: return f.as<double>();    // float4, float8, numeric
    case 16: return f.as<bool>();
    default: return f.as<std::string>();
  }
}

Result<QueryTable> run_checked(pqxx::work& txn, const std::string& sql,
                               const std::vector<nlohmann::json>& params,
                               const QueryLimits& limits) {
  txn.exec("SET TRANSACTION READ ONLY");
  txn.exec("SET LOCAL statement_timeout = " + std::to_string(limits.timeout_ms));
  auto text = inline_params(txn, sql, params);
  if (!text.is_ok()) return text.status();
  auto plan_rows = txn.exec("EXPLAIN (FORMAT JSON) " + text.value());
  auto plan = nlohmann::json::parse(plan_rows[0][0].as<std::string>());
  if (auto s = check_relations(plan); !s.is_ok()) return s;
  double cost = plan.at(0).at("Plan").value("Total Cost", 0.0);
  if (cost > limits.max_cost) return invalid_argument("the query exceeded its cost limit", "sql");
  auto rows = txn.exec(text.value());
  QueryTable out;
  for (pqxx::row::size_type c = 0; c < rows.columns(); ++c) out.columns.push_back(rows.column_name(c));
  for (const auto& r : rows) {
    if (static_cast<std::int64_t>(out.rows.size()) >= limits.max_rows) {
      out.truncated = true;
      break;
    }
    auto& row = out.rows.emplace_back();
    for (const auto& f : r) row.push_back(cell(f));
  }
  return out;
}

}  // namespace

Result<QueryTable> PgAgentTables::read_only_query(const std::string& sql,
                                                  const std::vector<nlohmann::json>& params,
                                                  const QueryLimits& limits) {
  // Server-side functions that reach outside the business tables (files, settings, other
  // databases, large objects, sleeping) are refused by name: EXPLAIN names no relation for them,
  // and the store's role may be a superuser.
  static const std::regex outside(
      R"(\b(pg_\w+|lo_\w+|dblink\w*|current_setting|set_config|query_to_xml\w*|table_to_xml\w*|)"
      R"(cursor_to_xml\w*|database_to_xml\w*|schema_to_xml\w*|txid_\w+|inet_server_\w+|version)\s*\()",
      std::regex::icase);
  std::smatch hit;
  if (std::regex_search(sql, hit, outside))
    return invalid_argument("function '" + hit[1].str() + "' is not allowed in queries", "sql");
  // Trailing semicolons are allowed; any other one outside quotes would start a second statement.
  std::string one = sql.substr(0, sql.find_last_not_of(" \t\r\n;") + 1);
  char quote = 0;
  for (char ch : one) {
    if (quote) quote = ch == quote ? 0 : quote;
    else if (ch == '\'' || ch == '"') quote = ch;
    else if (ch == ';') return invalid_argument("one statement only", "sql");
  }
  return store_.transact([&](pqxx::work& txn) -> Result<QueryTable> {
    try {
      return run_checked(txn, one, params, limits);
    } catch (const pqxx::sql_error& e) {
      std::string what = e.what();
      if (what.find("statement timeout") != std::string::npos)
        return invalid_argument("the query exceeded its time limit", "sql");
      return invalid_argument("the query failed: " + what.substr(0, what.find('\n')), "sql");
    }
  });
}

}  // namespace oiis::pg
