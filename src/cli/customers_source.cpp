#include "cli/customers_source.h"

#include <CLI/CLI.hpp>
#include <cstdlib>

#include "data/csv.h"
#include "services/customers_service.h"

namespace oiis::cli {

Result<std::vector<customers::Purchase>> read_transactions(const std::string& path) {
  auto source = open_file_source(path);
  if (!source) return source.status();
  CsvReader csv(std::move(source).value());
  if (!csv.next()) return invalid_argument("empty file (expected customer_id,date,amount)", "--transactions");
  if (csv.size() != 3 || csv[0] != "customer_id" || csv[1] != "date" || csv[2] != "amount")
    return invalid_argument("the header must be customer_id,date,amount", "--transactions");
  std::vector<customers::Purchase> out;
  while (csv.next()) {
    const std::string where = "line " + std::to_string(csv.line());
    if (!csv.record_error().is_ok()) return invalid_argument(csv.record_error().message(), where);
    if (csv.size() != 3) return invalid_argument("expected 3 fields", where);
    auto day = parse_date(csv[1]);
    if (!day) return invalid_argument("date: " + day.status().message(), where + ", date");
    char* end = nullptr;
    const std::string amount(csv[2]);
    const double value = std::strtod(amount.c_str(), &end);
    if (amount.empty() || *end != '\0') return invalid_argument("amount is not a number", where + ", amount");
    out.push_back({std::string(csv[0]), *day, value});
  }
  if (!csv.status().is_ok()) return csv.status();
  return out;
}

Result<PurchaseData> load_purchases(const SourceArgs& a, Store* store, std::optional<Date> until) {
  PurchaseData out;
  if (!a.transactions.empty()) {
    if (a.from_store) return invalid_argument("give --transactions or --data/--store, not both", "--transactions");
    auto purchases = read_transactions(a.transactions);
    if (!purchases) return purchases.status();
    out.purchases = std::move(purchases).value();
    out.caveats.push_back("a transaction file has no customer names, channels or categories");
    return out;
  }
  services::CustomerHistoryOptions options;
  options.until = until;
  auto history = services::load_customer_history(*store, options);
  if (!history) return history.status();
  out.purchases = history->purchases();
  for (const auto& c : history->customers)
    if (!c.name.empty()) out.names[c.key] = c.name;
  out.caveats = history->caveats();
  return out;
}

std::string name_of(const PurchaseData& d, const std::string& key) {
  auto it = d.names.find(key);
  return it == d.names.end() ? std::string() : it->second;
}


OpenedSource open_source(const SourceArgs& a) {
  OpenedSource out;
  if (!a.transactions.empty()) return out;  // (with --data too: load_purchases says so)
  out.store = open_store_or_report(a.store);
  out.ok = out.store != nullptr;
  return out;
}


Result<std::optional<Date>> parse_as_of(const std::string& text) {
  if (text.empty()) return std::optional<Date>();
  auto d = parse_date(text);
  if (!d) return invalid_argument(d.status().message(), "--as-of");
  return std::optional<Date>(*d);
}

void add_source_options(CLI::App& cmd, SourceArgs& a) {
  cmd.add_option("--transactions", a.transactions,
                 "CSV with the header customer_id,date,amount (YYYY-MM-DD) instead of the store");
  add_store_options(cmd, a.store);
}
void note_source(const CLI::App& cmd, SourceArgs& a) {
  a.from_store = cmd.count("--data") > 0 || cmd.count("--store") > 0;
}


}  // namespace oiis::cli
