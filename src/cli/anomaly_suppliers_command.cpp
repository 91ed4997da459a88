// `oiis anomaly suppliers`: EWMA and CUSUM charts of every supplier's lead time and fill rate
// (services/supplier_monitor.h); with --ground-truth (a world generated with
// --supplier-drift-from) also each labelled drift's detection delay and the false alarms.
#include <cstdio>
#include <map>
#include <optional>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "data/csv.h"
#include "services/supplier_monitor.h"

namespace oiis::cli {
namespace {

struct SupplierArgs {
  StoreArgs store;
  std::string ground_truth;
  services::SupplierChartOptions options = services::default_supplier_chart_options();
  bool json = false;
};

// The supplier drifts of a generated world (ground_truth/anomalies.csv, type supplier_drift).
Result<std::vector<services::LabelledSupplierDrift>> read_drift_labels(const std::string& dir) {
  auto source = open_file_source(dir + "/anomalies.csv");
  if (!source) return invalid_argument(source.status().message(), "--ground-truth");
  CsvReader csv(std::move(source).value());
  if (!csv.next()) return invalid_argument("empty anomalies.csv", "--ground-truth");
  const int type = csv.column("type"), supplier = csv.column("supplier_id"), date = csv.column("date");
  if (type < 0 || supplier < 0 || date < 0)
    return invalid_argument("anomalies.csv lacks type/supplier_id/date", "--ground-truth");
  std::vector<services::LabelledSupplierDrift> labels;
  while (csv.next()) {
    if (csv[type] != "supplier_drift") continue;
    auto day = parse_date(csv[date]);
    const std::string id(csv[supplier]);
    if (!day || id.empty() || id.find_first_not_of("0123456789") != std::string::npos)
      return invalid_argument("bad supplier_id or date in anomalies.csv line " + std::to_string(csv.line()),
                              "--ground-truth");
    labels.push_back({std::stoll(id), *day});
  }
  return labels;
}

nlohmann::json alarm_json(const services::SupplierChart& c, const services::SupplierAlarm& a) {
  const auto& d = c.deliveries[a.delivery];
  return {{"metric", a.metric}, {"delivery", a.delivery}, {"purchase_order_id", d.purchase_order_id},
          {"received_at", format_timestamp(d.received_at)}, {"value", a.value}, {"usual", a.usual},
          {"chart", a.chart.chart}, {"statistic", a.chart.statistic}};
}

void print_json(const std::vector<services::SupplierChart>& charts,
                const std::optional<std::vector<services::SupplierDriftResult>>& results) {
  nlohmann::json suppliers = nlohmann::json::array();
  for (std::size_t i = 0; i < charts.size(); ++i) {
    const auto& c = charts[i];
    nlohmann::json alarms = nlohmann::json::array();
    for (const auto& a : c.alarms) alarms.push_back(alarm_json(c, a));
    nlohmann::json row{{"supplier_id", c.supplier_id}, {"supplier", c.supplier},
                       {"deliveries", c.deliveries.size()}, {"alarms", alarms}};
    if (results) {
      const auto& r = (*results)[i];
      row["evaluation"] = {{"drifted", r.drifted},
                           {"drift_start_delivery", r.start ? nlohmann::json(*r.start) : nlohmann::json(nullptr)},
                           {"detection_delay", r.delay ? nlohmann::json(*r.delay) : nlohmann::json(nullptr)},
                           {"false_alarms", r.false_alarms}};
    }
    suppliers.push_back(std::move(row));
  }
  std::printf("%s\n", nlohmann::json{{"suppliers", suppliers}}.dump(2).c_str());
}

void print_table(const std::vector<services::SupplierChart>& charts,
                 const std::optional<std::vector<services::SupplierDriftResult>>& results) {
  std::printf("%-6s %-28s %10s %7s %7s", "id", "supplier", "deliveries", "lead", "fill");
  if (results) std::printf(" %8s %6s %6s %12s", "drifted", "start", "delay", "false alarms");
  std::printf("\n");
  std::size_t drifts = 0, within_three = 0, false_alarms = 0;
  for (std::size_t i = 0; i < charts.size(); ++i) {
    const auto& c = charts[i];
    std::size_t lead = 0, fill = 0;
    for (const auto& a : c.alarms) (a.metric == "lead_time" ? lead : fill)++;
    std::printf("%-6lld %-28.28s %10zu %7zu %7zu", static_cast<long long>(c.supplier_id),
                c.supplier.c_str(), c.deliveries.size(), lead, fill);
    if (results) {
      const auto& r = (*results)[i];
      const std::string start = r.start ? std::to_string(*r.start) : "-";
      const std::string delay = r.delay ? std::to_string(*r.delay) : r.drifted ? "missed" : "-";
      std::printf(" %8s %6s %6s %12zu", r.drifted ? "yes" : "no", start.c_str(), delay.c_str(), r.false_alarms);
      drifts += r.start.has_value();
      within_three += r.delay && *r.delay <= 3;
      false_alarms += r.false_alarms;
    }
    std::printf("\n");
  }
  if (results)
    std::printf("labelled drifts detected within 3 deliveries: %zu of %zu; false alarms: %zu\n",
                within_three, drifts, false_alarms);
}

int run_suppliers(const SupplierArgs& a) {
  auto store = open_store_or_report(a.store);
  if (!store) return 1;
  auto charts = services::scan_supplier_drift(*store, a.options);
  if (!charts) return fail(charts.status());
  std::optional<std::vector<services::SupplierDriftResult>> results;
  if (!a.ground_truth.empty()) {
    auto labels = read_drift_labels(a.ground_truth);
    if (!labels) return fail(labels.status());
    results = services::evaluate_supplier_drift(*charts, *labels);
  }
  if (a.json) print_json(*charts, results);
  else print_table(*charts, results);
  return 0;
}

}  // namespace

void add_anomaly_suppliers_command(CLI::App& group, int& exit_code) {
  auto args = std::make_shared<SupplierArgs>();
  CLI::App* cmd = group.add_subcommand(
      "suppliers", "Supplier drift: EWMA and CUSUM charts of lead time and fill rate");
  add_store_options(*cmd, args->store);
  cmd->add_option("--ground-truth", args->ground_truth,
                  "generator ground-truth dir: detection delay and false alarms against its supplier drifts");
  // One value for both charts of both metrics: the metrics differ in their spread floors only.
  auto both = [args](auto member) {
    return [args, member](double v) {
      args->options.lead.*member = v;
      args->options.fill.*member = v;
    };
  };
  const anomaly::ControlChartOptions defaults;
  cmd->add_option_function<double>("--ewma-lambda", both(&anomaly::ControlChartOptions::ewma_lambda),
                                   "EWMA weight of the newest delivery (default " + std::to_string(defaults.ewma_lambda) + ")");
  cmd->add_option_function<double>("--ewma-limit", both(&anomaly::ControlChartOptions::ewma_limit),
                                   "EWMA alarm limit in its standard deviations (default " + std::to_string(defaults.ewma_limit) + ")");
  cmd->add_option_function<double>("--cusum-slack", both(&anomaly::ControlChartOptions::cusum_slack),
                                   "CUSUM slack k in spreads (default " + std::to_string(defaults.cusum_slack) + ")");
  cmd->add_option_function<double>("--cusum-limit", both(&anomaly::ControlChartOptions::cusum_limit),
                                   "CUSUM alarm limit h in spreads (default " + std::to_string(defaults.cusum_limit) + ")");
  cmd->add_flag("--json", args->json, "as JSON");
  cmd->callback([args, &exit_code] { exit_code = run_suppliers(*args); });
}

}  // namespace oiis::cli
