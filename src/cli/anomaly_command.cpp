// `oiis anomaly prices`: price changes far from the product's recent prices (typos, wrong
// units), from the store's price log; with --ground-truth (a generated world) also recall and
// the false-flag rate against the labelled price errors. Orders and deliveries here too; NAB,
// suppliers and shrinkage have files of their own.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <set>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "data/csv.h"
#include "services/anomaly_service.h"

namespace oiis::cli {
namespace {

// Said instead of a silent zero when the store lacks the input (an imported order history).
constexpr const char* kNoPriceLog =
    "the store holds no price changes (an imported order history has none): price anomalies "
    "cannot be checked";
constexpr const char* kNoPurchaseOrders =
    "the store holds no purchase orders: supplier delays cannot be checked";

struct PriceArgs {
  StoreArgs store;
  std::string ground_truth;
  anomaly::PriceAnomalyOptions options;
  int limit = 20;
  bool json = false;
};

// The price errors of a generated world (ground_truth/anomalies.csv, type price_error).
Result<std::vector<services::LabelledPriceError>> read_price_labels(const std::string& dir) {
  auto source = open_file_source(dir + "/anomalies.csv");
  if (!source) return source.status();
  CsvReader csv(std::move(source).value());
  if (!csv.next()) return invalid_argument("empty anomalies.csv", "--ground-truth");
  const int type = csv.column("type"), product = csv.column("product_id"), date = csv.column("date");
  if (type < 0 || product < 0 || date < 0)
    return invalid_argument("anomalies.csv lacks type/product_id/date", "--ground-truth");
  std::vector<services::LabelledPriceError> labels;
  while (csv.next()) {
    if (csv[type] != "price_error") continue;
    auto day = parse_date(csv[date]);
    if (!day) return invalid_argument("bad date in anomalies.csv line " + std::to_string(csv.line()), "--ground-truth");
    labels.push_back({std::stoll(std::string(csv[product])), *day});
  }
  return labels;
}

int run_prices(const PriceArgs& a) {
  auto store = open_store_or_report(a.store);
  if (!store) return 1;
  auto scan = services::scan_prices(*store, a.options);
  if (!scan) return fail(scan.status());
  std::optional<services::PriceEvaluation> evaluation;
  if (!a.ground_truth.empty()) {
    auto labels = read_price_labels(a.ground_truth);
    if (!labels) return fail(labels.status());
    evaluation = services::evaluate_price_scan(*scan, *labels);
  }
  if (a.json) {
    nlohmann::json alerts = nlohmann::json::array();
    for (const auto& x : scan->alerts)
      alerts.push_back({{"sku", x.sku}, {"name", x.name}, {"at", format_timestamp(x.at)},
                        {"old_price", x.old_price}, {"new_price", x.new_price},
                        {"reference", x.anomaly.reference}, {"ratio", x.anomaly.ratio},
                        {"robust_z", x.anomaly.robust_z}, {"reason", x.anomaly.reason},
                        {"change_reason", x.change_reason}});
    nlohmann::json out{{"products", scan->products}, {"changes", scan->changes}, {"alerts", alerts}};
    if (scan->changes == 0) out["caveats"] = {kNoPriceLog};
    if (evaluation)
      out["evaluation"] = {{"labelled", evaluation->labelled}, {"caught", evaluation->caught},
                           {"recall", evaluation->recall()},
                           {"other_changes", evaluation->other_changes},
                           {"false_flags", evaluation->flagged},
                           {"false_flag_rate", evaluation->false_flag_rate()}};
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  }
  std::printf("%zu price changes of %zu products: %zu look wrong\n", scan->changes,
              scan->products, scan->alerts.size());
  if (scan->changes == 0) std::printf("note: %s\n", kNoPriceLog);
  for (int i = 0; i < a.limit && i < static_cast<int>(scan->alerts.size()); ++i) {
    const auto& x = scan->alerts[i];
    std::printf("  %s  %-12s %-28.28s %9.2f -> %9.2f  %s\n", format_timestamp(x.at).c_str(),
                x.sku.c_str(), x.name.c_str(), x.old_price, x.new_price, x.anomaly.reason.c_str());
  }
  if (evaluation)
    std::printf("labelled price errors caught: %zu of %zu (%.1f%%); other changes flagged: %zu of %zu (%.2f%%)\n",
                evaluation->caught, evaluation->labelled, 100 * evaluation->recall(),
                evaluation->flagged, evaluation->other_changes, 100 * evaluation->false_flag_rate());
  return 0;
}

struct OrderArgs {
  StoreArgs store;
  std::string ground_truth, features_out;
  double alert_rate = 0.05;
  anomaly::FraudRuleOptions rules;
  int limit = 20;
  bool json = false;
};

// "new_account (account 0.4 h old); night (placed at 2.1 h)"
std::string rule_text(const std::vector<anomaly::FraudRuleHit>& hits) {
  std::string text;
  for (const auto& h : hits) text += (text.empty() ? "" : "; ") + h.code + " (" + h.reason + ")";
  return text;
}

// order_id and the feature columns, one row per scored order (bench/anomaly_orders.sh).
Status write_features(const std::string& path, const std::vector<services::OrderRiskRow>& rows,
                      const std::vector<double>& features) {
  std::FILE* out = std::fopen(path.c_str(), "w");
  if (!out) return invalid_argument("cannot write " + path, "--features-out");
  std::fprintf(out, "order_id");
  for (const char* name : anomaly::order_feature_names()) std::fprintf(out, ",\"%s\"", name);
  std::fprintf(out, "\n");
  for (std::size_t r = 0; r < rows.size(); ++r) {
    std::fprintf(out, "%lld", static_cast<long long>(rows[r].order_id));
    for (int f = 0; f < anomaly::kOrderFeatures; ++f)
      std::fprintf(out, ",%.9g", features[r * anomaly::kOrderFeatures + f]);
    std::fprintf(out, "\n");
  }
  return std::fclose(out) == 0 ? Status::ok() : internal_error("cannot write " + path);
}

// The forest's and the rules' figures against labelled fraud.
void add_evaluation_json(const services::RiskEvaluation& forest, const services::RuleEvaluation& rules,
                         nlohmann::json& out) {
  out["evaluation"] = {{"labelled", forest.labelled}, {"caught", forest.caught}, {"recall", forest.recall},
                       {"precision", forest.precision}, {"pr_auc", forest.average_precision}};
  out["rules_evaluation"] = {{"flagged", rules.flagged}, {"caught", rules.caught}, {"recall", rules.recall},
                             {"precision", rules.precision}, {"flag_rate", rules.flag_rate}};
}

void print_evaluation(const services::RiskEvaluation& forest, const services::RuleEvaluation& rules) {
  std::printf("labelled fraud in the alerts: %zu of %zu (recall %.1f%%, precision %.1f%%); PR-AUC %.3f\n",
              forest.caught, forest.labelled, 100 * forest.recall, 100 * forest.precision,
              forest.average_precision);
  std::printf("labelled fraud flagged by the rules: %zu of %zu (recall %.1f%%, precision %.1f%%, %.3f%% of orders flagged)\n",
              rules.caught, rules.labelled, 100 * rules.recall, 100 * rules.precision, 100 * rules.flag_rate);
}

int run_orders(const OrderArgs& a) {
  if (!(a.alert_rate > 0 && a.alert_rate < 1)) return fail(invalid_argument("must be in (0, 1)", "--alert-rate"));
  auto store = open_store_or_report(a.store);
  if (!store) return 1;
  auto scan = services::scan_order_risk(*store, a.rules);
  if (!scan) return fail(scan.status());
  const auto* rows = &scan->rows;
  if (!a.features_out.empty()) {
    const Status written = write_features(a.features_out, *rows, scan->features);
    if (!written.is_ok()) return fail(written);
  }
  std::optional<services::RiskEvaluation> evaluation;
  std::optional<services::RuleEvaluation> rule_evaluation;
  if (!a.ground_truth.empty()) {
    auto labels = read_labelled_ids(a.ground_truth, "fraud");
    if (!labels) return fail(labels.status());
    evaluation = services::evaluate_order_risk(*rows, *labels, a.alert_rate);
    rule_evaluation = services::evaluate_fraud_rules(*rows, *labels);
  }
  std::size_t rules_flagged = 0;
  for (const auto& r : *rows) rules_flagged += r.rules_flagged;
  std::vector<const services::OrderRiskRow*> ranked;
  for (const auto& r : *rows) ranked.push_back(&r);
  std::sort(ranked.begin(), ranked.end(), [](auto* x, auto* y) { return x->risk.score > y->risk.score; });
  const std::size_t alerts = static_cast<std::size_t>(std::ceil(a.alert_rate * ranked.size()));
  if (a.json) {
    nlohmann::json top = nlohmann::json::array();
    for (std::size_t i = 0; i < alerts && i < ranked.size(); ++i)
      top.push_back({{"order_id", ranked[i]->order_id}, {"score", ranked[i]->risk.score},
                     {"placed_at", format_timestamp(ranked[i]->placed_at)},
                     {"total", ranked[i]->total}, {"reasons", ranked[i]->risk.reasons},
                     {"rules", rule_text(ranked[i]->rules)}, {"rules_flagged", ranked[i]->rules_flagged}});
    nlohmann::json out{{"orders", rows->size()}, {"alert_rate", a.alert_rate},
                       {"model_seconds", scan->model_seconds}, {"alerts", top},
                       {"rules_flagged", rules_flagged}};
    if (evaluation) add_evaluation_json(*evaluation, *rule_evaluation, out);
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  }
  std::printf("%zu orders scored (forest fitted and scored in %.2f s); the riskiest %.1f%% (%zu) are alerts\n",
              rows->size(), scan->model_seconds, 100 * a.alert_rate, alerts);
  for (int i = 0; i < a.limit && i < static_cast<int>(ranked.size()); ++i) {
    std::string reasons;
    for (const auto& r : ranked[i]->risk.reasons) reasons += (reasons.empty() ? "" : "; ") + r;
    std::printf("  order %-8lld score %.3f  %s  %10.2f  %s\n",
                static_cast<long long>(ranked[i]->order_id), ranked[i]->risk.score,
                format_timestamp(ranked[i]->placed_at).c_str(), ranked[i]->total, reasons.c_str());
    if (!ranked[i]->rules.empty())
      std::printf("      rules%s: %s\n", ranked[i]->rules_flagged ? " (flagged)" : "", rule_text(ranked[i]->rules).c_str());
  }
  std::printf("transparent rules: %zu orders break at least %d\n", rules_flagged, a.rules.min_rules);
  if (evaluation) print_evaluation(*evaluation, *rule_evaluation);
  return 0;
}

struct DeliveryArgs {
  StoreArgs store;
  std::string ground_truth;
  anomaly::PriceAnomalyOptions options = services::default_delivery_options();
  int limit = 20;
  bool json = false;
};

int run_deliveries(const DeliveryArgs& a) {
  auto store = open_store_or_report(a.store);
  if (!store) return 1;
  auto scan = services::scan_deliveries(*store, a.options);
  if (!scan) return fail(scan.status());
  std::optional<std::pair<std::size_t, std::size_t>> caught;  // (caught, labelled)
  std::size_t false_alarms = scan->alerts.size();
  if (!a.ground_truth.empty()) {
    auto labels = read_labelled_ids(a.ground_truth, "supplier_delay");
    if (!labels) return fail(labels.status());
    const std::set<Id> delayed(labels->begin(), labels->end());
    std::size_t hits = 0;
    for (const auto& alert : scan->alerts) hits += delayed.count(alert.purchase_order_id);
    caught = {hits, delayed.size()};
    false_alarms = scan->alerts.size() - hits;
  }
  if (a.json) {
    nlohmann::json alerts = nlohmann::json::array();
    for (const auto& x : scan->alerts)
      alerts.push_back({{"purchase_order_id", x.purchase_order_id}, {"supplier", x.supplier},
                        {"received_at", x.received_at ? nlohmann::json(format_timestamp(x.received_at)) : nlohmann::json(nullptr)},
                        {"lead_days", x.lead_days},
                        {"usual_lead_days", x.anomaly.reference}, {"reason", x.anomaly.reason}});
    nlohmann::json out{{"deliveries", scan->deliveries}, {"alerts", alerts}};
    if (scan->deliveries == 0) out["caveats"] = {kNoPurchaseOrders};
    if (caught)
      out["evaluation"] = {{"labelled", caught->second}, {"caught", caught->first},
                           {"false_alarms", false_alarms}};
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  }
  std::printf("%zu deliveries: %zu far later than their supplier's recent ones\n",
              scan->deliveries, scan->alerts.size());
  if (scan->deliveries == 0) std::printf("note: %s\n", kNoPurchaseOrders);
  for (int i = 0; i < a.limit && i < static_cast<int>(scan->alerts.size()); ++i) {
    const auto& x = scan->alerts[i];
    const std::string when = x.received_at ? "received " + format_timestamp(x.received_at) : "still open";
    std::printf("  PO %-6lld %-24.24s %-30s  %s\n", static_cast<long long>(x.purchase_order_id),
                x.supplier.c_str(), when.c_str(), x.anomaly.reason.c_str());
  }
  if (caught)
    std::printf("labelled delays caught: %zu of %zu; other deliveries flagged: %zu of %zu (%.2f%%)\n",
                caught->first, caught->second, false_alarms, scan->deliveries - caught->second,
                100.0 * false_alarms / std::max<std::size_t>(1, scan->deliveries - caught->second));
  return 0;
}

}  // namespace

// The entity ids of one anomaly type in a generated world (ground_truth/anomalies.csv):
// orders for "fraud", purchase orders for "supplier_delay".
Result<std::vector<Id>> read_labelled_ids(const std::string& dir, std::string_view wanted) {
  auto source = open_file_source(dir + "/anomalies.csv");
  if (!source) return source.status();
  CsvReader csv(std::move(source).value());
  if (!csv.next()) return invalid_argument("empty anomalies.csv", "--ground-truth");
  const int type = csv.column("type"), entity = csv.column("entity_id");
  if (type < 0 || entity < 0) return invalid_argument("anomalies.csv lacks type/entity_id", "--ground-truth");
  std::vector<Id> ids;
  while (csv.next())
    if (csv[type] == wanted) ids.push_back(std::stoll(std::string(csv[entity])));
  return ids;
}

void add_anomaly_command(CLI::App& app, int& exit_code) {
  CLI::App* group = app.add_subcommand("anomaly", "Anomaly detection");
  group->require_subcommand(1);
  auto args = std::make_shared<PriceArgs>();
  CLI::App* prices = group->add_subcommand(
      "prices", "Price changes far from the product's recent prices (typos, wrong units)");
  add_store_options(*prices, args->store);
  prices->add_option("--ground-truth", args->ground_truth,
                     "generator ground-truth dir: recall and false flags against its price errors");
  prices->add_option("--min-ratio", args->options.min_ratio,
                     "flag beyond this factor of the recent median")->capture_default_str();
  prices->add_option("--min-z", args->options.min_robust_z,
                     "... and beyond this robust z-score")->capture_default_str();
  prices->add_option("--window", args->options.window, "previous prices in the reference")
      ->capture_default_str();
  prices->add_option("--limit", args->limit, "alerts shown in the table")->capture_default_str();
  prices->add_flag("--json", args->json, "as JSON");
  prices->callback([args, &exit_code] { exit_code = run_prices(*args); });

  auto order_args = std::make_shared<OrderArgs>();
  CLI::App* orders = group->add_subcommand(
      "orders", "Order risk: Isolation Forest over behavioural features, with reasons");
  add_store_options(*orders, order_args->store);
  orders->add_option("--alert-rate", order_args->alert_rate, "share of orders raised as alerts")
      ->capture_default_str();
  orders->add_option("--ground-truth", order_args->ground_truth,
                     "generator ground-truth dir: recall, precision and PR-AUC against its fraud");
  orders->add_option("--limit", order_args->limit, "orders shown in the table")->capture_default_str();
  orders->add_option("--min-rules", order_args->rules.min_rules,
                     "transparent rules an order must break to be flagged")->capture_default_str();
  orders->add_flag("--json", order_args->json, "the alerts as JSON");
  orders->add_option("--features-out", order_args->features_out,
                     "also write every order's features to this CSV (for comparisons)");
  orders->callback([order_args, &exit_code] { exit_code = run_orders(*order_args); });

  auto delivery_args = std::make_shared<DeliveryArgs>();
  CLI::App* deliveries = group->add_subcommand(
      "deliveries", "Deliveries far later than the supplier's recent ones");
  add_store_options(*deliveries, delivery_args->store);
  deliveries->add_option("--ground-truth", delivery_args->ground_truth,
                         "generator ground-truth dir: delays caught and false alarms");
  deliveries->add_option("--limit", delivery_args->limit, "alerts shown")->capture_default_str();
  deliveries->add_option("--min-ratio", delivery_args->options.min_ratio,
                         "flag beyond this factor of the recent median lead time")->capture_default_str();
  deliveries->add_option("--min-z", delivery_args->options.min_robust_z,
                         "... and beyond this robust z-score")->capture_default_str();
  deliveries->add_flag("--json", delivery_args->json, "as JSON");
  deliveries->callback([delivery_args, &exit_code] { exit_code = run_deliveries(*delivery_args); });
  add_anomaly_nab_command(*group, exit_code);
  add_anomaly_suppliers_command(*group, exit_code);
  add_anomaly_shrinkage_command(*group, exit_code);
  add_anomaly_placement_command(*group, exit_code);
}

}  // namespace oiis::cli
