// `oiis anomaly placement`: scoring orders as they are placed, replayed on the store's history
// (services/order_risk_service.h): the model fitted on the orders before the last --days days,
// then each later order scored in placement order as the server scores it. Prints the time per
// order, how many came out low, medium and high, and with --ground-truth (a generated world)
// how many of the labelled fraud orders in the replay were high or flagged.
#include <cstdio>
#include <set>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "services/order_risk_service.h"

namespace oiis::cli {
namespace {

struct PlacementArgs {
  StoreArgs store;
  std::string ground_truth;
  int days = 60;
  bool json = false;
};

std::size_t count_in(const std::vector<Id>& ids, const std::set<Id>& wanted) {
  std::size_t n = 0;
  for (Id id : ids) n += wanted.count(id);
  return n;
}

int run_placement(const PlacementArgs& a) {
  auto store = open_store_or_report(a.store);
  if (!store) return 1;
  auto replay = services::replay_placements(*store, a.days);
  if (!replay) return fail(replay.status().field() == "days"
                               ? Status(replay.status().code(), replay.status().message(), "--days")
                               : replay.status());
  const Timestamp from = replay->from;
  nlohmann::json out{{"fitted_orders", replay->fitted}, {"scored_orders", replay->scored},
                     {"from", format_timestamp(from)}, {"fit_seconds", replay->fit_seconds},
                     {"score_us", {{"p50", replay->p50_us}, {"p99", replay->p99_us}, {"max", replay->max_us}}},
                     {"levels", replay->levels}, {"flagged", replay->flagged.size()}};
  if (!a.ground_truth.empty()) {
    auto labels = read_labelled_ids(a.ground_truth, "fraud");
    if (!labels) return fail(labels.status());
    const std::set<Id> fraud(labels->begin(), labels->end());
    out["fraud"] = {{"labelled_in_replay", count_in(replay->scored_ids, fraud)},
                    {"high", count_in(replay->high, fraud)}, {"flagged", count_in(replay->flagged, fraud)}};
  }
  if (a.json) {
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  }
  std::printf("fitted on %zu orders in %.2f s; %zu orders since %s scored as at placement\n",
              replay->fitted, replay->fit_seconds, replay->scored, format_timestamp(from).c_str());
  std::printf("time per order: p50 %.1f us, p99 %.1f us, max %.1f us\n", replay->p50_us, replay->p99_us, replay->max_us);
  for (const auto& [level, n] : replay->levels)
    std::printf("  %-6s %8zu (%.2f%%)\n", level.c_str(), n, 100.0 * n / replay->scored);
  if (out.contains("fraud"))
    std::printf("labelled fraud in the replay: %s\n", out["fraud"].dump().c_str());
  return 0;
}

}  // namespace

void add_anomaly_placement_command(CLI::App& group, int& exit_code) {
  auto args = std::make_shared<PlacementArgs>();
  CLI::App* cmd = group.add_subcommand(
      "placement", "Scoring orders at placement, replayed on the last days of the history");
  add_store_options(*cmd, args->store);
  cmd->add_option("--days", args->days, "replay the orders of the last DAYS days; fit on the ones before")
      ->check(CLI::Range(1, 36500))
      ->capture_default_str();
  cmd->add_option("--ground-truth", args->ground_truth,
                  "generator ground-truth dir: the labelled fraud orders in the replay found high or flagged");
  cmd->add_flag("--json", args->json, "as JSON");
  cmd->callback([args, &exit_code] { exit_code = run_placement(*args); });
}

}  // namespace oiis::cli
