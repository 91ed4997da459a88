// Where `oiis customers ...` reads purchases from: a transaction file (customer_id,date,amount)
// or the store, with customer names and the caveats that go with them. Shared by the
// customers subcommands (customers_command.cpp, customers_churn_command.cpp).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "cli/commands.h"
#include "customers/clv.h"

namespace oiis::cli {

// Where purchases come from: a transaction file or the store (--data / --store).
struct SourceArgs {
  std::string transactions;
  StoreArgs store;
  bool from_store = false;  // --data or --store given
};


// Purchases with the names and caveats that go with them.
struct PurchaseData {
  std::vector<customers::Purchase> purchases;
  std::unordered_map<std::string, std::string> names;  // customer key -> name (store only)
  std::vector<std::string> caveats;
};

// The store when the source is the store (nullptr and a message otherwise on failure).
struct OpenedSource {
  std::unique_ptr<Store> store;
  bool ok = true;
};
// customer_id,date,amount with a header; every bad row is an error naming its line and column.
Result<std::vector<customers::Purchase>> read_transactions(const std::string& path);
// `store` is null for a transaction file.
Result<PurchaseData> load_purchases(const SourceArgs& a, Store* store, std::optional<Date> until);
// The customer's name, or empty (a transaction file has none).
std::string name_of(const PurchaseData& d, const std::string& key);
OpenedSource open_source(const SourceArgs& a);
// --as-of: empty = none; a bad date is an error naming --as-of.
Result<std::optional<Date>> parse_as_of(const std::string& text);
void add_source_options(CLI::App& cmd, SourceArgs& a);
// Called from the command's callback, once the options are parsed.
void note_source(const CLI::App& cmd, SourceArgs& a);
// The hidden `customers bench-export` (customers_bench_command.cpp).
void add_bench_export_command(CLI::App& group, int& exit_code);

}  // namespace oiis::cli
