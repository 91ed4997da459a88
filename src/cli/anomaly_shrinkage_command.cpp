// `oiis anomaly shrinkage`: counts that found more stock missing than the movement ledger
// explains and than the usual count differences (services/shrinkage_scan.h); with
// --ground-truth (a generated world) also recall and the false-alarm rate against the
// labelled shrinkage. The false-alarm rate needs ordinary counts beside the labelled ones:
// generate with --cycle-count-days.
#include <cstdio>
#include <optional>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "data/csv.h"
#include "services/shrinkage_scan.h"

namespace oiis::cli {
namespace {

constexpr const char* kNoStockCounts =
    "the store holds no stock counts: shrinkage shows only when stock is counted";

struct ShrinkageArgs {
  StoreArgs store;
  std::string ground_truth;
  anomaly::ShrinkageOptions options;
  int limit = 20;
  bool json = false;
};

// A numeric id column of anomalies.csv, or an error naming the line.
Result<Id> shrinkage_label_id(const CsvReader& csv, int column) {
  const std::string text(csv[column]);
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos)
    return invalid_argument("bad id in anomalies.csv line " + std::to_string(csv.line()), "--ground-truth");
  return static_cast<Id>(std::stoll(text));
}

// The shrinkage events of a generated world (ground_truth/anomalies.csv, type shrinkage).
Result<std::vector<services::LabelledShrinkage>> read_shrinkage_labels(const std::string& dir) {
  auto source = open_file_source(dir + "/anomalies.csv");
  if (!source) return invalid_argument(source.status().message(), "--ground-truth");
  CsvReader csv(std::move(source).value());
  if (!csv.next()) return invalid_argument("empty anomalies.csv", "--ground-truth");
  const int type = csv.column("type"), entity = csv.column("entity_id"), date = csv.column("date"),
            product = csv.column("product_id"), location = csv.column("location_id");
  if (type < 0 || entity < 0 || date < 0 || product < 0 || location < 0)
    return invalid_argument("anomalies.csv lacks type/entity_id/date/product_id/location_id", "--ground-truth");
  std::vector<services::LabelledShrinkage> labels;
  while (csv.next()) {
    if (csv[type] != "shrinkage") continue;
    auto movement = shrinkage_label_id(csv, entity);
    auto product_id = shrinkage_label_id(csv, product);
    auto location_id = shrinkage_label_id(csv, location);
    auto day = parse_date(csv[date]);
    if (!movement) return movement.status();
    if (!product_id) return product_id.status();
    if (!location_id) return location_id.status();
    if (!day) return invalid_argument("bad date in anomalies.csv line " + std::to_string(csv.line()), "--ground-truth");
    labels.push_back({*movement, *product_id, *location_id, *day});
  }
  return labels;
}

nlohmann::json shrinkage_alert_json(const services::ShrinkageAlert& a) {
  nlohmann::json reasons = nlohmann::json::array();
  for (const auto& r : a.reasons) reasons.push_back({{"code", r.code}, {"text", r.text}});
  return {{"product_id", a.product_id}, {"sku", a.sku}, {"name", a.name},
          {"location_id", a.location_id}, {"location", a.location}, {"movement_id", a.movement_id},
          {"at", format_timestamp(a.at)}, {"day", format_date(a.day)}, {"expected", a.expected},
          {"counted", a.counted}, {"missing", a.missing}, {"loss_share", a.loss_share},
          {"usual_share", a.usual_share}, {"score", a.score}, {"reasons", reasons},
          {"what_to_check", a.what_to_check}};
}

void print_shrinkage_json(const services::ShrinkageScan& scan,
                          const std::optional<services::ShrinkageEvaluation>& e) {
  nlohmann::json alerts = nlohmann::json::array();
  for (const auto& a : scan.alerts) alerts.push_back(shrinkage_alert_json(a));
  nlohmann::json out{{"slots", scan.slots}, {"movements", scan.movements}, {"counts", scan.counts},
                     {"usual_loss_share", scan.shop.usual_share}, {"loss_share_spread", scan.shop.spread},
                     {"alerts", alerts}};
  if (scan.counts == 0) out["caveats"] = {kNoStockCounts};
  if (e)
    out["evaluation"] = {{"labelled", e->labelled}, {"caught", e->caught}, {"recall", e->recall()},
                         {"other_counts", e->other_counts}, {"false_alarms", e->false_alarms},
                         {"false_alarm_rate", e->false_alarm_rate()}};
  std::printf("%s\n", out.dump(2).c_str());
}

void print_shrinkage_table(const services::ShrinkageScan& scan, int limit,
                           const std::optional<services::ShrinkageEvaluation>& e) {
  std::printf("%zu counts of %zu product x location ledgers (%zu movements): %zu alerts\n", scan.counts,
              scan.slots, scan.movements, scan.alerts.size());
  if (scan.counts == 0) std::printf("note: %s\n", kNoStockCounts);
  for (int i = 0; i < limit && i < static_cast<int>(scan.alerts.size()); ++i) {
    const auto& a = scan.alerts[i];
    std::printf("  %s  %-12s %-24.24s %-6s %5.0f of %5.0f missing  score %5.1f\n",
                format_date(a.day).c_str(), a.sku.c_str(), a.name.c_str(), a.location.c_str(),
                a.missing, a.expected, a.score);
    for (const auto& r : a.reasons) std::printf("      %s: %s\n", r.code.c_str(), r.text.c_str());
    std::printf("      check: %s\n", a.what_to_check.c_str());
  }
  if (e)
    std::printf("labelled shrinkage caught: %zu of %zu (%.1f%%); other counts flagged: %zu of %zu (%.2f%%)\n",
                e->caught, e->labelled, 100 * e->recall(), e->false_alarms, e->other_counts,
                100 * e->false_alarm_rate());
}

int run_shrinkage(const ShrinkageArgs& a) {
  auto store = open_store_or_report(a.store);
  if (!store) return 1;
  auto scan = services::scan_shrinkage(*store, a.options);
  if (!scan) return fail(scan.status());
  std::optional<services::ShrinkageEvaluation> evaluation;
  if (!a.ground_truth.empty()) {
    auto labels = read_shrinkage_labels(a.ground_truth);
    if (!labels) return fail(labels.status());
    evaluation = services::evaluate_shrinkage_scan(*scan, *labels);
  }
  if (a.json) print_shrinkage_json(*scan, evaluation);
  else print_shrinkage_table(*scan, a.limit, evaluation);
  return 0;
}

}  // namespace

void add_anomaly_shrinkage_command(CLI::App& group, int& exit_code) {
  auto args = std::make_shared<ShrinkageArgs>();
  CLI::App* cmd = group.add_subcommand(
      "shrinkage", "Stock counts that found more missing than the ledger and the usual count differences explain");
  add_store_options(*cmd, args->store);
  cmd->add_option("--ground-truth", args->ground_truth,
                  "generator ground-truth dir: recall and false alarms against its labelled shrinkage");
  auto& o = args->options;
  cmd->add_option("--min-units", o.min_missing_units, "a loss alert needs at least this many units missing")
      ->capture_default_str();
  cmd->add_option("--min-share", o.min_loss_share, "... this share of the expected stock")->capture_default_str();
  cmd->add_option("--min-z", o.min_robust_z, "... and this robust z beyond the usual count difference")
      ->capture_default_str();
  cmd->add_option("--cusum-slack", o.cusum_slack, "loss-rate CUSUM slack k in spreads")->capture_default_str();
  cmd->add_option("--cusum-limit", o.cusum_limit, "loss-rate CUSUM alarm limit h in spreads")->capture_default_str();
  cmd->add_option("--limit", args->limit, "alerts shown in the table")->capture_default_str();
  cmd->add_flag("--json", args->json, "as JSON");
  cmd->callback([args, &exit_code] { exit_code = run_shrinkage(*args); });
}

}  // namespace oiis::cli
