// `oiis customers clv`: BG/NBD + Gamma-Gamma customer lifetime value from a transaction file
// (customer_id,date,amount). The store-backed version and segments, churn and purchase
// probability come with the customers service (issue 12).
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "customers/clv.h"
#include "data/csv.h"

namespace oiis::cli {
namespace {

struct ClvArgs {
  std::string transactions, calibration_end;
  int horizon_days = 182;
  bool json = false;
  int limit = 20;
};

// customer_id,date,amount with a header; every bad row is an error naming its line and column.
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

nlohmann::json to_json(const customers::ClvResult& r) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& c : r.customers)
    rows.push_back({{"customer_id", c.summary.customer}, {"frequency", c.summary.frequency},
                    {"recency", c.summary.recency}, {"T", c.summary.age},
                    {"monetary", c.summary.monetary}, {"p_alive", c.p_alive},
                    {"expected_purchases", c.expected_purchases},
                    {"expected_spend", c.expected_spend}, {"expected_value", c.expected_value}});
  return {{"bgnbd", {{"r", r.bgnbd.r}, {"alpha", r.bgnbd.alpha}, {"a", r.bgnbd.a},
                     {"b", r.bgnbd.b}, {"log_likelihood", r.bgnbd.log_likelihood}}},
          {"gamma_gamma", {{"p", r.gamma_gamma.p}, {"q", r.gamma_gamma.q},
                           {"gamma", r.gamma_gamma.gamma},
                           {"log_likelihood", r.gamma_gamma.log_likelihood}}},
          {"period", "weeks"}, {"horizon_weeks", r.horizon_weeks}, {"customers", rows}};
}

void print_table(const customers::ClvResult& r, int limit) {
  std::printf("BG/NBD  r %.4f  alpha %.4f  a %.4f  b %.4f  (log-likelihood %.1f)\n", r.bgnbd.r,
              r.bgnbd.alpha, r.bgnbd.a, r.bgnbd.b, r.bgnbd.log_likelihood);
  std::printf("Gamma-Gamma  p %.4f  q %.4f  gamma %.4f\n", r.gamma_gamma.p, r.gamma_gamma.q,
              r.gamma_gamma.gamma);
  std::vector<const customers::CustomerValue*> top;
  for (const auto& c : r.customers) top.push_back(&c);
  std::sort(top.begin(), top.end(),
            [](auto* a, auto* b) { return a->expected_value > b->expected_value; });
  std::printf("top %d of %zu customers by expected value over %.1f weeks\n", limit,
              r.customers.size(), r.horizon_weeks);
  std::printf("%-14s %5s %8s %8s %8s %10s %10s\n", "customer", "x", "t_x", "T", "p_alive",
              "purchases", "value");
  for (int i = 0; i < limit && i < static_cast<int>(top.size()); ++i)
    std::printf("%-14s %5d %8.2f %8.2f %8.3f %10.2f %10.2f\n", top[i]->summary.customer.c_str(),
                top[i]->summary.frequency, top[i]->summary.recency, top[i]->summary.age,
                top[i]->p_alive, top[i]->expected_purchases, top[i]->expected_value);
}

int run_clv(const ClvArgs& a) {
  auto end = parse_date(a.calibration_end);
  if (!end) return fail(invalid_argument(end.status().message(), "--calibration-end"));
  if (a.horizon_days < 1) return fail(invalid_argument("must be >= 1", "--horizon-days"));
  auto purchases = read_transactions(a.transactions);
  if (!purchases) return fail(purchases.status());
  auto summaries = customers::summarize(*purchases, *end);
  if (!summaries) return fail(summaries.status());
  auto result = customers::customer_lifetime_value(*summaries, a.horizon_days / 7.0);
  if (!result) return fail(result.status());
  if (a.json)
    std::printf("%s\n", to_json(*result).dump(2).c_str());
  else
    print_table(*result, a.limit);
  return 0;
}

}  // namespace

void add_customers_command(CLI::App& app, int& exit_code) {
  CLI::App* group = app.add_subcommand("customers", "Customer analytics");
  group->require_subcommand(1);
  auto args = std::make_shared<ClvArgs>();
  CLI::App* clv = group->add_subcommand(
      "clv", "Customer lifetime value: BG/NBD purchases and P(alive), Gamma-Gamma spend");
  clv->add_option("--transactions", args->transactions,
                  "CSV with the header customer_id,date,amount (YYYY-MM-DD)")
      ->required();
  clv->add_option("--calibration-end", args->calibration_end,
                  "Last day (inclusive) of the history the models are fitted on")
      ->required();
  clv->add_option("--horizon-days", args->horizon_days, "Days ahead to predict")
      ->capture_default_str();
  clv->add_option("--limit", args->limit, "Customers shown in the table")->capture_default_str();
  clv->add_flag("--json", args->json, "Parameters and every customer as JSON");
  clv->callback([args, &exit_code] { exit_code = run_clv(*args); });
}

}  // namespace oiis::cli
