// `oiis alerts list|scan|ack|resolve`: the stored alerts (services/alert_service.h) from the
// shell — the same scans and status changes as /api/v1/alerts.
#include <cstdio>

#include "cli/commands.h"
#include "common/time.h"
#include "services/alert_service.h"

namespace oiis::cli {
namespace {

struct AlertArgs {
  StoreArgs store;
  std::string status, type, since, note;
  std::vector<std::string> types;
  Id id = 0;
  int limit = 20;
  bool json = false;
};

void print_alert_line(const Json& a) {
  std::printf("#%-5lld %-8s %-6s %-12s %s\n", static_cast<long long>(a["id"].get<Id>()),
              a["type"].get<std::string>().c_str(), a["severity"].get<std::string>().c_str(),
              a["status"].get<std::string>().c_str(), a["title"].get<std::string>().c_str());
  std::printf("       %s\n       check: %s\n", a["detail"].get<std::string>().c_str(),
              a["check"].get<std::string>().c_str());
}

int run_list(const AlertArgs& a) {
  AlertFilter filter;
  if (!a.status.empty()) {
    auto status = parse_alert_status(a.status);
    if (!status) return fail(invalid_argument(status.status().message(), "--status"));
    filter.status = *status;
  }
  if (!a.type.empty()) {
    if (!services::is_alert_type(a.type))
      return fail(invalid_argument("--type must be fraud, price, supplier, shrinkage or drift", "--type"));
    filter.type = a.type;
  }
  filter.limit = a.limit;
  auto store = open_store_or_report(a.store);
  if (!store) return 1;
  auto page = services::alert_page_json(*store, filter);
  if (!page) return fail(page.status());
  if (a.json) {
    std::printf("%s\n", page->dump(2).c_str());
    return 0;
  }
  const Json& counts = (*page)["counts"];
  std::printf("alerts: %lld open, %lld acknowledged, %lld resolved\n",
              static_cast<long long>(counts["open"].get<std::int64_t>()),
              static_cast<long long>(counts["acknowledged"].get<std::int64_t>()),
              static_cast<long long>(counts["resolved"].get<std::int64_t>()));
  for (const auto& alert : (*page)["items"]) print_alert_line(alert);
  if ((*page)["items"].empty()) std::printf("(none; `oiis alerts scan` looks for new ones)\n");
  return 0;
}

int run_scan(const AlertArgs& a) {
  services::AlertScanOptions options;
  options.types = a.types;
  if (!a.since.empty()) {
    auto since = parse_timestamp(a.since);
    if (!since) return fail(invalid_argument("--since: " + since.status().message(), "--since"));
    options.since = *since;
  }
  auto store = open_store_or_report(a.store);
  if (!store) return 1;
  auto summary = services::scan_and_store_alerts(*store, options);
  if (!summary) return fail(summary.status());
  if (a.json) {
    std::printf("%s\n", services::alert_scan_json(*summary).dump(2).c_str());
    return 0;
  }
  std::printf("scanned events since %s\n", format_timestamp(summary->since).c_str());
  for (const auto& [type, found] : summary->found)
    std::printf("  %-10s %zu found, %zu new\n", type.c_str(), found, summary->added.at(type));
  for (const auto& skipped : summary->skipped) std::printf("  not scanned: %s\n", skipped.c_str());
  for (const auto& note : summary->notes) std::printf("  note: %s\n", note.c_str());
  return 0;
}

int run_move(const AlertArgs& a, AlertStatus to) {
  auto store = open_store_or_report(a.store);
  if (!store) return 1;
  const char* user = std::getenv("USER");
  auto changed = services::change_alert_status(*store, a.id, to, a.note, std::string("cli:") + (user ? user : "?"));
  if (!changed) return fail(changed.status());
  if (a.json)
    std::printf("%s\n", changed->dump(2).c_str());
  else
    print_alert_line(*changed);
  return 0;
}

}  // namespace

void add_alerts_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<AlertArgs>();
  CLI::App* alerts = app.add_subcommand("alerts", "Stored alerts: fraud, prices, suppliers, shrinkage, model drift");
  alerts->require_subcommand(1);
  CLI::App* list = alerts->add_subcommand("list", "Alerts, newest first, with counts per status");
  add_store_options(*list, args->store);
  list->add_option("--status", args->status, "open, acknowledged or resolved");
  list->add_option("--type", args->type, "fraud, price, supplier, shrinkage or drift");
  list->add_option("--limit", args->limit, "How many")->check(CLI::Range(1, 1000))->capture_default_str();
  list->add_flag("--json", args->json, "Print JSON (as GET /api/v1/alerts)");
  list->callback([args, &exit_code] { exit_code = run_list(*args); });
  CLI::App* scan = alerts->add_subcommand("scan", "Run the anomaly scans and store what is new");
  add_store_options(*scan, args->store);
  scan->add_option("--since", args->since, "Events at or after this time (default: 90 days before the last order)");
  scan->add_option("--type", args->types, "Only these types (repeatable)");
  scan->add_flag("--json", args->json, "Print JSON (as POST /api/v1/alerts/scan)");
  scan->callback([args, &exit_code] { exit_code = run_scan(*args); });
  for (auto [name, to, help] : {std::tuple{"ack", AlertStatus::kAcknowledged, "Acknowledge an open alert"},
                                std::tuple{"resolve", AlertStatus::kResolved, "Resolve an alert"}}) {
    CLI::App* move = alerts->add_subcommand(name, help);
    add_store_options(*move, args->store);
    move->add_option("id", args->id, "The alert's id")->required();
    move->add_option("--note", args->note, "Why, for whoever reads it next");
    move->add_flag("--json", args->json, "Print the alert as JSON");
    move->callback([args, &exit_code, to = to] { exit_code = run_move(*args, to); });
  }
}

}  // namespace oiis::cli
