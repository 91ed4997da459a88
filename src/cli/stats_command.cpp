// `oiis stats`: what the store holds.
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "domain/money.h"

namespace oiis::cli {
namespace {

struct StatsArgs {
  StoreArgs store;
  bool json = false;
};

nlohmann::json stats_json(const StoreStats& s) {
  auto time_or_null = [](const std::optional<Timestamp>& t) {
    return t ? nlohmann::json(format_timestamp(*t)) : nlohmann::json(nullptr);
  };
  return {{"backend", s.backend},
          {"products", s.products},
          {"suppliers", s.suppliers},
          {"customers", s.customers},
          {"locations", s.locations},
          {"orders", s.orders},
          {"order_lines", s.order_lines},
          {"stock_levels", s.stock_levels},
          {"stock_movements", s.stock_movements},
          {"price_changes", s.price_changes},
          {"purchase_orders", s.purchase_orders},
          {"outbox_events", s.outbox_events},
          {"revenue", round_money(s.revenue)},
          {"first_order_at", time_or_null(s.first_order_at)},
          {"last_order_at", time_or_null(s.last_order_at)}};
}

void print_table(const StoreStats& s) {
  auto row = [](const char* k, long long v) { std::printf("  %-18s %12lld\n", k, v); };
  std::printf("store (%s)\n", s.backend.c_str());
  row("products", s.products);
  row("suppliers", s.suppliers);
  row("customers", s.customers);
  row("locations", s.locations);
  row("orders", s.orders);
  row("order lines", s.order_lines);
  row("stock levels", s.stock_levels);
  row("stock movements", s.stock_movements);
  row("price changes", s.price_changes);
  row("purchase orders", s.purchase_orders);
  row("outbox events", s.outbox_events);
  std::printf("  %-18s %12.2f  (orders not cancelled/returned)\n", "revenue", s.revenue);
  if (s.first_order_at)
    std::printf("  %-18s %s .. %s\n", "orders placed", format_timestamp(*s.first_order_at).c_str(),
                format_timestamp(*s.last_order_at).c_str());
  else
    std::printf("  %-18s %12s\n", "orders placed", "none");
}

int run_stats(const StatsArgs& a) {
  auto store = open_store_or_report(a.store);
  if (!store) return 1;
  auto stats = store->stats();
  if (!stats) {
    std::fprintf(stderr, "error: %s\n", stats.status().to_string().c_str());
    return 1;
  }
  if (a.json)
    std::printf("%s\n", stats_json(*stats).dump(2).c_str());
  else
    print_table(*stats);
  return 0;
}

}  // namespace

void add_stats_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<StatsArgs>();
  CLI::App* cmd = app.add_subcommand("stats", "Show what the store holds: counts, revenue, dates");
  add_store_options(*cmd, args->store);
  cmd->add_flag("--json", args->json, "Print JSON instead of a table");
  cmd->callback([args, &exit_code] { exit_code = run_stats(*args); });
}

}  // namespace oiis::cli
