// `oiis customers clv | rfm | segment` (churn: customers_churn_command.cpp): customer analytics over the store (through
// services/customers_service.h) or a transaction file (customer_id,date,amount). The
// algorithms live in src/customers; this file parses options and renders answers.
#include <cstdio>
#include <limits>
#include <optional>
#include <unordered_map>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/customers_source.h"
#include "customers/clv.h"
#include "customers/holdout.h"
#include "customers/rfm.h"
#include "services/customers_json.h"
#include "customers/segment.h"
#include "services/customers_service.h"
#include "data/csv.h"

namespace oiis::cli {
namespace {

struct ClvArgs {
  SourceArgs source;
  std::string calibration_end, holdout_end;
  int horizon_days = 182;
  bool horizon_given = false;
  bool json = false;
  int limit = 20;
};

nlohmann::json to_json(const customers::ClvResult& r, const PurchaseData& data,
                       const customers::HoldoutEvaluation* holdout) {
  nlohmann::json rows = nlohmann::json::array();
  for (std::size_t i = 0; i < r.customers.size(); ++i) {
    const auto& c = r.customers[i];
    nlohmann::json row = {{"customer_id", c.summary.customer}, {"frequency", c.summary.frequency},
                          {"recency", c.summary.recency}, {"T", c.summary.age},
                          {"monetary", c.summary.monetary}, {"p_alive", c.p_alive},
                          {"expected_purchases", c.expected_purchases},
                          {"expected_spend", c.expected_spend}, {"expected_value", c.expected_value}};
    if (const std::string name = name_of(data, c.summary.customer); !name.empty()) row["name"] = name;
    if (holdout)
      row["holdout"] = {{"predicted", holdout->customers[i].predicted},
                        {"naive", holdout->customers[i].naive},
                        {"actual", holdout->customers[i].actual}};
    rows.push_back(std::move(row));
  }
  nlohmann::json out = {
      {"bgnbd", services::to_json(r.bgnbd)},
      {"gamma_gamma", services::to_json(r.gamma_gamma)},
      {"period", "weeks"}, {"horizon_weeks", r.horizon_weeks}, {"caveats", data.caveats},
      {"customers", rows}};
  if (holdout) {
    auto score = [](const customers::HoldoutScore& s) {
      return nlohmann::json{{"mae", s.mae}, {"rmse", s.rmse}, {"correlation", s.correlation},
                            {"total", s.total}};
    };
    out["holdout"] = {{"weeks", holdout->weeks}, {"customers", holdout->customers.size()},
                      {"actual_total", holdout->actual_total}, {"bgnbd", score(holdout->model)},
                      {"naive_rate", score(holdout->naive)}};
  }
  return out;
}

void print_holdout(const customers::HoldoutEvaluation& h) {
  std::printf("holdout %.1f weeks, %zu customers, %.0f transactions observed\n", h.weeks,
              h.customers.size(), h.actual_total);
  std::printf("%-12s %8s %8s %12s %10s\n", "", "MAE", "RMSE", "correlation", "total");
  for (auto [label, s] : {std::pair{"BG/NBD", &h.model}, std::pair{"naive rate", &h.naive}})
    std::printf("%-12s %8.3f %8.3f %12.3f %10.0f\n", label, s->mae, s->rmse, s->correlation,
                s->total);
}

void print_table(const customers::ClvResult& r, const PurchaseData& data, int limit) {
  std::printf("BG/NBD  r %.4f  alpha %.4f  a %.4f  b %.4f  (log-likelihood %.1f)\n", r.bgnbd.r,
              r.bgnbd.alpha, r.bgnbd.a, r.bgnbd.b, r.bgnbd.log_likelihood);
  std::printf("Gamma-Gamma  p %.4f  q %.4f  gamma %.4f\n", r.gamma_gamma.p, r.gamma_gamma.q,
              r.gamma_gamma.gamma);
  if (!r.bgnbd.note.empty()) std::printf("note: %s\n", r.bgnbd.note.c_str());
  if (!r.gamma_gamma.note.empty()) std::printf("note: %s\n", r.gamma_gamma.note.c_str());
  for (const auto& c : data.caveats) std::printf("note: %s\n", c.c_str());
  std::vector<const customers::CustomerValue*> top;
  for (const auto& c : r.customers) top.push_back(&c);
  std::sort(top.begin(), top.end(),
            [](auto* a, auto* b) { return a->expected_value > b->expected_value; });
  std::printf("top %d of %zu customers by expected value over %.1f weeks\n", limit,
              r.customers.size(), r.horizon_weeks);
  std::printf("%-14s %-22s %5s %8s %8s %8s %10s %10s\n", "customer", "name", "x", "t_x", "T",
              "p_alive", "purchases", "value");
  for (int i = 0; i < limit && i < static_cast<int>(top.size()); ++i)
    std::printf("%-14s %-22s %5d %8.2f %8.2f %8.3f %10.2f %10.2f\n",
                top[i]->summary.customer.c_str(), name_of(data, top[i]->summary.customer).c_str(),
                top[i]->summary.frequency, top[i]->summary.recency, top[i]->summary.age,
                top[i]->p_alive, top[i]->expected_purchases, top[i]->expected_value);
}

int run_clv(const ClvArgs& a) {
  auto end = parse_date(a.calibration_end);
  if (!end) return fail(invalid_argument(end.status().message(), "--calibration-end"));
  if (a.horizon_days < 1) return fail(invalid_argument("must be >= 1", "--horizon-days"));
  std::optional<Date> holdout_end;
  int horizon_days = a.horizon_days;
  if (!a.holdout_end.empty()) {
    auto h = parse_date(a.holdout_end);
    if (!h) return fail(invalid_argument(h.status().message(), "--holdout-end"));
    if (*h <= *end) return fail(invalid_argument("must be after --calibration-end", "--holdout-end"));
    if (a.horizon_given && a.horizon_days != *h - *end)
      return fail(invalid_argument("the holdout sets the horizon; leave --horizon-days out",
                                   "--horizon-days"));
    holdout_end = *h;
    horizon_days = *h - *end;
  }
  OpenedSource source = open_source(a.source);
  if (!source.ok) return 1;
  auto data = load_purchases(a.source, source.store.get(), holdout_end ? *holdout_end : *end);
  if (!data) return fail(data.status());
  auto report = services::customer_value(data->purchases, {*end, horizon_days / 7.0, holdout_end});
  if (!report) return fail(report.status());
  const auto* holdout = report->holdout ? &*report->holdout : nullptr;
  if (a.json) {
    std::printf("%s\n", to_json(report->fit, *data, holdout).dump(2).c_str());
    return 0;
  }
  print_table(report->fit, *data, a.limit);
  if (holdout) print_holdout(*holdout);
  return 0;
}

void add_clv_command(CLI::App& group, int& exit_code) {
  auto args = std::make_shared<ClvArgs>();
  CLI::App* clv = group.add_subcommand(
      "clv", "Customer lifetime value: BG/NBD purchases and P(alive), Gamma-Gamma spend");
  add_source_options(*clv, args->source);
  clv->add_option("--calibration-end", args->calibration_end,
                  "Last day (inclusive) of the history the models are fitted on")
      ->required();
  clv->add_option("--horizon-days", args->horizon_days, "Days ahead to predict")
      ->capture_default_str();
  clv->add_option("--holdout-end", args->holdout_end,
                  "Score the predictions on (calibration end, this day]: MAE and correlation "
                  "against the purchases made, beside the naive past-rate baseline");
  clv->add_option("--limit", args->limit, "Customers shown in the table")->capture_default_str();
  clv->add_flag("--json", args->json, "Parameters and every customer as JSON");
  clv->callback([args, clv, &exit_code] {
    args->horizon_given = clv->count("--horizon-days") > 0;
    note_source(*clv, args->source);
    exit_code = run_clv(*args);
  });
}

struct RfmArgs {
  SourceArgs source;
  std::string as_of;
  bool json = false;
  int limit = 10;
};

nlohmann::json to_json(const customers::RfmResult& r, const PurchaseData& data,
                       const std::vector<const customers::RfmCustomer*>& top) {
  nlohmann::json groups = nlohmann::json::array(), top_rows = nlohmann::json::array(),
                 rows = nlohmann::json::array();
  for (const auto& g : r.groups)
    groups.push_back({{"group", g.name}, {"customers", g.customers},
                      {"customer_share", g.customer_share}, {"revenue", g.revenue},
                      {"revenue_share", g.revenue_share}});
  auto row = [&](const customers::RfmCustomer& c) {
    return nlohmann::json{{"customer_id", c.customer}, {"name", name_of(data, c.customer)},
                          {"recency_days", c.recency_days}, {"frequency", c.frequency},
                          {"monetary", c.monetary}, {"r", c.r}, {"f", c.f}, {"m", c.m},
                          {"group", c.group}};
  };
  for (const auto* c : top) top_rows.push_back(row(*c));
  for (const auto& c : r.customers) rows.push_back(row(c));
  return {{"as_of", format_date(r.as_of)}, {"customers", r.customers.size()},
          {"groups", groups}, {"top_customers", top_rows}, {"caveats", data.caveats},
          {"scores", rows}};
}

void print_rfm(const customers::RfmResult& r, const PurchaseData& data,
               const std::vector<const customers::RfmCustomer*>& top) {
  std::printf("RFM as of %s, %zu customers\n", format_date(r.as_of).c_str(), r.customers.size());
  for (const auto& c : data.caveats) std::printf("note: %s\n", c.c_str());
  std::printf("%-20s %9s %8s %12s %8s\n", "group", "customers", "share", "revenue", "share");
  for (const auto& g : r.groups)
    std::printf("%-20s %9zu %7.1f%% %12.0f %7.1f%%\n", std::string(g.name).c_str(), g.customers,
                100 * g.customer_share, g.revenue, 100 * g.revenue_share);
  std::printf("top %zu customers by money spent\n", top.size());
  std::printf("%-14s %-22s %8s %5s %10s %5s  %s\n", "customer", "name", "recency", "freq",
              "monetary", "RFM", "group");
  for (const auto* c : top)
    std::printf("%-14s %-22s %8d %5d %10.2f %d%d%d   %s\n", c->customer.c_str(),
                name_of(data, c->customer).c_str(), c->recency_days, c->frequency, c->monetary,
                c->r, c->f, c->m, std::string(c->group).c_str());
}

int run_rfm(const RfmArgs& a) {
  OpenedSource source = open_source(a.source);
  if (!source.ok) return 1;
  auto as_of = parse_as_of(a.as_of);
  if (!as_of) return fail(as_of.status());
  const std::optional<Date> until = *as_of;
  auto data = load_purchases(a.source, source.store.get(), until);
  if (!data) return fail(data.status());
  auto r = services::customer_rfm(data->purchases, until);
  if (!r) return fail(r.status());
  std::vector<const customers::RfmCustomer*> top;
  for (const auto& c : r->customers) top.push_back(&c);
  const std::size_t shown = std::min<std::size_t>(std::max(a.limit, 0), top.size());
  std::partial_sort(top.begin(), top.begin() + shown, top.end(),
                    [](auto* x, auto* y) { return x->monetary > y->monetary; });
  top.resize(shown);
  if (a.json) std::printf("%s\n", to_json(*r, *data, top).dump(2).c_str());
  else print_rfm(*r, *data, top);
  return 0;
}

void add_rfm_command(CLI::App& group, int& exit_code) {
  auto args = std::make_shared<RfmArgs>();
  CLI::App* cmd = group.add_subcommand(
      "rfm", "Recency, frequency, monetary scores (quintiles) and named groups (docs/customers.md)");
  add_source_options(*cmd, args->source);
  cmd->add_option("--as-of", args->as_of, "Cut-off day, inclusive (default: the last purchase day)");
  cmd->add_option("--limit", args->limit, "Top customers shown")->capture_default_str();
  cmd->add_flag("--json", args->json, "Groups, top customers and every customer's scores as JSON");
  cmd->callback([args, cmd, &exit_code] {
    note_source(*cmd, args->source);
    exit_code = run_rfm(*args);
  });
}

struct SegmentArgs {
  SourceArgs source;
  std::string as_of, truth;
  std::vector<std::string> features;
  customers::SegmentOptions options;
  bool json = false;
};

// external_id -> segment label from a generator's ground_truth/customers.csv; fraudsters are
// injected rather than drawn from a segment, so they are left out of the comparison.
Result<std::unordered_map<std::string, std::string>> read_truth(const std::string& path) {
  auto source = open_file_source(path);
  if (!source) return source.status();
  CsvReader csv(std::move(source).value());
  if (!csv.next()) return invalid_argument("empty file", "--truth");
  const int key = csv.column("external_id"), label = csv.column("segment");
  if (key < 0 || label < 0) return invalid_argument("needs external_id and segment columns", "--truth");
  std::unordered_map<std::string, std::string> out;
  while (csv.next())
    if (csv.size() > static_cast<std::size_t>(std::max(key, label)) && csv[label] != "fraudster")
      out[std::string(csv[key])] = std::string(csv[label]);
  if (!csv.status().is_ok()) return csv.status();
  return out;
}

// Accuracy after best matching and adjusted Rand index over the customers the truth labels.
nlohmann::json compare_with_truth(const customers::Segmentation& s,
                                  const customers::FeatureTable& t,
                                  const std::unordered_map<std::string, std::string>& truth) {
  std::unordered_map<std::string, int> label_ids;
  std::vector<int> truth_labels, found;
  for (std::size_t i = 0; i < t.customers.size(); ++i) {
    auto it = truth.find(t.customers[i]);
    if (it == truth.end()) continue;
    truth_labels.push_back(label_ids.emplace(it->second, label_ids.size()).first->second);
    found.push_back(s.assignment[i]);
  }
  return {{"customers_compared", found.size()},
          {"true_segments", label_ids.size()},
          {"matched_accuracy", customers::matched_accuracy(truth_labels, found)},
          {"adjusted_rand_index", customers::adjusted_rand_index(truth_labels, found)}};
}

nlohmann::json to_json(const services::SegmentReport& r) {
  const auto& s = r.segmentation;
  const auto& columns = r.table.features.columns;
  double total = 0;
  for (double v : r.segment_revenue) total += v;
  nlohmann::json segments = nlohmann::json::array(), rows = nlohmann::json::array(),
                 tried = nlohmann::json::array();
  for (int k = 0; k < s.k; ++k) {
    const auto& seg = s.segments[k];
    nlohmann::json mean, z;
    for (std::size_t j = 0; j < columns.size(); ++j) mean[columns[j]] = r.segment_means[k][j];
    for (std::size_t j = 0; j < r.clustered.size(); ++j) z[r.clustered[j]] = seg.z_mean[j];
    segments.push_back({{"segment", k}, {"name", seg.name}, {"customers", seg.size},
                        {"customer_share", seg.share}, {"revenue", r.segment_revenue[k]},
                        {"revenue_share", total > 0 ? r.segment_revenue[k] / total : 0.0},
                        {"mean", mean}, {"standardised_mean", z}});
  }
  const std::size_t d = columns.size();
  for (std::size_t i = 0; i < s.assignment.size(); ++i)
    rows.push_back({{"customer_id", r.table.features.customers[i]},
                    {"name", r.history.customers[r.table.customer_index[i]].name},
                    {"segment", s.assignment[i]},
                    {"features", std::vector<double>(r.table.features.values.begin() + i * d,
                                                     r.table.features.values.begin() + (i + 1) * d)}});
  for (auto [k, score] : s.silhouette_by_k) tried.push_back({{"k", k}, {"silhouette", score}});
  return {{"as_of", format_date(r.as_of)}, {"k", s.k}, {"silhouette", s.silhouette},
          {"silhouette_by_k", tried}, {"features", columns}, {"clustered_on", r.clustered},
          {"segments", segments}, {"caveats", r.caveats}, {"customers", rows}};
}

void print_segments(const nlohmann::json& j) {
  std::printf("%zu customers in %d segments (silhouette %.3f; tried", j["customers"].size(),
              j["k"].get<int>(), j["silhouette"].get<double>());
  for (const auto& t : j["silhouette_by_k"])
    std::printf(" k=%d %.3f", t["k"].get<int>(), t["silhouette"].get<double>());
  std::printf(")\n");
  for (const auto& c : j["caveats"]) std::printf("note: %s\n", c.get<std::string>().c_str());
  std::printf("%-3s %-50s %9s %7s %8s\n", "#", "segment", "customers", "share", "revenue");
  for (const auto& seg : j["segments"])
    std::printf("%-3d %-50s %9zu %6.1f%% %7.1f%%\n", seg["segment"].get<int>(),
                seg["name"].get<std::string>().c_str(), seg["customers"].get<std::size_t>(),
                100 * seg["customer_share"].get<double>(), 100 * seg["revenue_share"].get<double>());
  if (j.contains("truth"))
    std::printf("against the truth: accuracy %.3f after best matching, adjusted Rand %.3f (%zu customers)\n",
                j["truth"]["matched_accuracy"].get<double>(),
                j["truth"]["adjusted_rand_index"].get<double>(),
                j["truth"]["customers_compared"].get<std::size_t>());
}

int run_segment(const SegmentArgs& a) {
  services::SegmentRequest request;
  auto as_of = parse_as_of(a.as_of);
  if (!as_of) return fail(as_of.status());
  request.as_of = *as_of;
  request.features = a.features;
  request.options = a.options;
  OpenedSource source = open_source(a.source);
  if (!source.ok) return 1;
  Result<services::SegmentReport> report = [&]() -> Result<services::SegmentReport> {
    if (source.store) return services::segment_store_customers(*source.store, request);
    auto data = load_purchases(a.source, nullptr, request.as_of);
    if (!data) return data.status();
    return services::segment_history(services::history_from_purchases(data->purchases), request);
  }();
  if (!report) {
    Status st = report.status();
    return fail(st.field() == "features" ? invalid_argument(st.message(), "--features") : st);
  }
  nlohmann::json j = to_json(*report);
  if (!a.truth.empty()) {
    auto truth = read_truth(a.truth);
    if (!truth) return fail(truth.status());
    j["truth"] = compare_with_truth(report->segmentation, report->table.features, *truth);
  }
  if (a.json) std::printf("%s\n", j.dump(2).c_str());
  else print_segments(j);
  return 0;
}

void add_segment_command(CLI::App& group, int& exit_code) {
  auto args = std::make_shared<SegmentArgs>();
  CLI::App* cmd = group.add_subcommand(
      "segment", "K-Means segments of the store's customers on standardised behaviour, k by "
                 "silhouette, each profiled and named (docs/customers.md)");
  add_source_options(*cmd, args->source);
  cmd->add_option("--as-of", args->as_of, "Cut-off day, inclusive (default: the last order day)");
  cmd->add_option("--k-min", args->options.k_min, "Fewest segments tried")->capture_default_str();
  cmd->add_option("--k-max", args->options.k_max, "Most segments tried")->capture_default_str();
  cmd->add_option("--restarts", args->options.restarts, "k-means++ seedings per k")
      ->capture_default_str();
  cmd->add_option("--seed", args->options.seed, "Random seed")->capture_default_str();
  cmd->add_option("--features", args->features,
                  "Feature columns to cluster on (comma-separated; default: log_overdue, log_orders_per_year, log_order_value, basket_lines, discount_share, tenure_days)")
      ->delimiter(',');
  cmd->add_option("--truth", args->truth,
                  "A generator's ground_truth/customers.csv: report accuracy after best matching "
                  "and the adjusted Rand index against its segments");
  cmd->add_flag("--json", args->json, "Segments, profiles and every customer's segment as JSON");
  cmd->callback([args, cmd, &exit_code] {
    note_source(*cmd, args->source);
    exit_code = run_segment(*args);
  });
}

}  // namespace

void add_customers_command(CLI::App& app, int& exit_code) {
  CLI::App* group = app.add_subcommand("customers", "Customer analytics");
  group->require_subcommand(1);
  add_clv_command(*group, exit_code);
  add_rfm_command(*group, exit_code);
  add_segment_command(*group, exit_code);
  add_churn_command(*group, exit_code);
  add_bench_export_command(*group, exit_code);
}

}  // namespace oiis::cli
