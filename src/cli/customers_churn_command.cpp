// `oiis customers churn`: who is likely to stop buying, how sure the model is (measured on a
// later window than it was trained on), and why, customer by customer.
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/customers_source.h"
#include "customers/churn.h"
#include "services/customers_json.h"
#include "services/customers_service.h"

namespace oiis::cli {
namespace {

struct ChurnArgs {
  SourceArgs source;
  std::string as_of;
  customers::ChurnOptions options;
  int limit = 20;
  bool json = false;
};

nlohmann::json to_json(const customers::ChurnResult& r, const PurchaseData& data) {
  nlohmann::json rows = nlohmann::json::array(), importance = nlohmann::json::array();
  for (const auto& c : r.customers) {
    nlohmann::json row = {{"customer_id", c.customer}, {"name", name_of(data, c.customer)}};
    row.update(services::churn_risk_json(c));
    rows.push_back(std::move(row));
  }
  for (const auto& [feature, value] : r.importance)
    importance.push_back({{"feature", feature}, {"mean_abs_contribution", value}});
  return {{"as_of", format_date(r.as_of)},
          {"window_days", r.window_days},
          {"evaluation", services::to_json(r.evaluation)},
          {"calibration", {{"platt_a", r.platt_a}, {"platt_b", r.platt_b}}},
          {"importance", importance},
          {"explained", r.explained},
          {"caveats", data.caveats},
          {"customers", rows}};
}

std::string drivers_text(const customers::CustomerChurn& c) {
  std::string out;
  for (const auto& d : c.drivers) {
    char buf[96];
    if (std::isnan(d.value))  // e.g. no purchase in the period a ratio needs
      std::snprintf(buf, sizeof buf, "%s%s=none", out.empty() ? "" : ", ", d.feature.c_str());
    else
      std::snprintf(buf, sizeof buf, "%s%s=%.4g", out.empty() ? "" : ", ", d.feature.c_str(), d.value);
    out += buf;
  }
  return out.empty() ? "-" : out;
}

void print_churn(const customers::ChurnResult& r, const PurchaseData& data, int limit) {
  const auto& e = r.evaluation;
  std::printf("churn = no purchase in the %d days after %s; %zu customers scored\n", r.window_days,
              format_date(r.as_of).c_str(), r.customers.size());
  std::printf("model trained at %s (%zu customers, %.1f%% churned), checked on the later window "
              "at %s (%zu customers, %.1f%% churned):\n  AUC %.3f (recency alone %.3f), "
              "Brier %.3f, calibration error %.3f\n",
              format_date(e.train_cutoff).c_str(), e.train_customers, 100 * e.train_churn_rate,
              format_date(e.validation_cutoff).c_str(), e.validation_customers,
              100 * e.validation_churn_rate, e.auc, e.baseline_auc, e.brier, e.calibration_error);
  for (const auto& c : data.caveats) std::printf("note: %s\n", c.c_str());
  std::printf("%-14s %-22s %6s %6s %8s %10s  %s\n", "customer", "name", "churn", "buy", "recency",
              "spend", "top drivers");
  for (int i = 0; i < limit && i < static_cast<int>(r.customers.size()); ++i) {
    const auto& c = r.customers[i];
    std::printf("%-14s %-22s %5.1f%% %5.1f%% %8.0f %10.2f  %s\n", c.customer.c_str(),
                name_of(data, c.customer).c_str(), 100 * c.churn_probability,
                100 * c.purchase_probability, c.recency_days, c.spend, drivers_text(c).c_str());
  }
}

int run_churn(const ChurnArgs& a) {
  OpenedSource source = open_source(a.source);
  if (!source.ok) return 1;
  auto parsed = parse_as_of(a.as_of);
  if (!parsed) return fail(parsed.status());
  const std::optional<Date> as_of = *parsed;
  auto data = load_purchases(a.source, source.store.get(), as_of);
  if (!data) return fail(data.status());
  auto r = services::customer_churn(data->purchases, as_of, a.options);
  if (!r) return fail(r.status());
  if (a.json) std::printf("%s\n", to_json(*r, *data).dump(2).c_str());
  else print_churn(*r, *data, a.limit);
  return 0;
}

}  // namespace

void add_churn_command(CLI::App& group, int& exit_code) {
  auto args = std::make_shared<ChurnArgs>();
  CLI::App* cmd = group.add_subcommand(
      "churn", "Churn risk and purchase probability per customer, with drivers (docs/customers.md)");
  add_source_options(*cmd, args->source);
  cmd->add_option("--as-of", args->as_of, "Cut-off day, inclusive (default: the last purchase day)");
  cmd->add_option("--window-days", args->options.window_days,
                  "Churned = no purchase in this many days after the cut-off")
      ->check(CLI::Range(1, 3650))
      ->capture_default_str();
  cmd->add_option("--limit", args->limit, "Customers shown, highest risk first")->capture_default_str();
  cmd->add_option("--threads", args->options.threads, "XGBoost threads (0: all cores)")->capture_default_str();
  cmd->add_flag("--json", args->json, "Evaluation, calibration, importance and every customer as JSON");
  cmd->callback([args, cmd, &exit_code] {
    note_source(*cmd, args->source);
    exit_code = run_churn(*args);
  });
}

}  // namespace oiis::cli
