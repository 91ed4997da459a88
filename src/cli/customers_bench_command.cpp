// `oiis customers bench-export` (hidden; bench/customers_sklearn.sh): writes the exact inputs
// our K-Means and churn model see — the standardised segment features, the churn training and
// validation windows — as CSV for scikit-learn, and prints, as JSON, our own fit times and
// quality on them, so both sides are timed on the same rows in the same run.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/customers_source.h"
#include "common/boosted_trees.h"
#include "customers/churn.h"
#include "customers/segment.h"
#include "services/customers_service.h"

namespace oiis::cli {
namespace {

struct BenchArgs {
  SourceArgs source;
  std::string out_dir, as_of;
  int window_days = 90;
  int k = 0;  // 0: the k our silhouette selection picks
  customers::SegmentOptions options;
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

Result<services::CustomerHistory> bench_history(const BenchArgs& a, Store* store,
                                                std::optional<Date> as_of) {
  if (store) return services::load_customer_history(*store, {as_of});
  auto purchases = read_transactions(a.source.transactions);
  if (!purchases) return purchases.status();
  return services::history_from_purchases(*purchases);
}

void write_rows(const std::string& path, const std::vector<std::string>& header,
                std::span<const double> values, std::span<const int> last_column = {}) {
  std::ofstream out(path);
  for (std::size_t j = 0; j < header.size(); ++j) out << (j ? "," : "") << header[j];
  out << "\n";
  const std::size_t cols = header.size() - (last_column.empty() ? 0 : 1);
  for (std::size_t i = 0; i * cols < values.size(); ++i) {
    for (std::size_t j = 0; j < cols; ++j) out << (j ? "," : "") << values[i * cols + j];
    if (!last_column.empty()) out << "," << last_column[i];
    out << "\n";
  }
}

// Our K-Means at one k on the standardised default features; writes them and our labels.
Result<nlohmann::json> bench_kmeans(const BenchArgs& a, const services::CustomerHistory& h,
                                    Date as_of) {
  const auto table = services::behaviour_features(h, as_of);
  std::vector<std::string> columns;
  for (const auto& c : services::default_segment_features())
    if (std::find(table.features.columns.begin(), table.features.columns.end(), c) !=
        table.features.columns.end())
      columns.push_back(c);
  auto selected = customers::select_columns(table.features, columns);
  if (!selected) return selected.status();
  int k = a.k;
  double select_seconds = 0;
  if (k == 0) {
    const auto start = std::chrono::steady_clock::now();
    auto s = customers::segment_customers(*selected, a.options);
    if (!s) return s.status();
    k = s->k, select_seconds = seconds_since(start);
  }
  const std::vector<double> z = customers::standardise(*selected);
  const auto start = std::chrono::steady_clock::now();
  const auto fit = customers::fit_kmeans(z, columns.size(), k, a.options);
  const double fit_seconds = seconds_since(start);
  write_rows(a.out_dir + "/kmeans_features.csv", columns, z);
  std::ofstream labels(a.out_dir + "/kmeans_ours.csv");
  labels << "label\n";
  for (int l : fit.assignment) labels << l << "\n";
  return nlohmann::json{{"rows", selected->customers.size()}, {"columns", columns}, {"k", k},
                        {"restarts", a.options.restarts},
                        {"max_iterations", a.options.max_iterations},
                        {"fit_seconds", fit_seconds}, {"inertia", fit.inertia},
                        {"k_selection_seconds", select_seconds}};
}

// Our churn model: fit on the training window, scored on the later validation window.
Result<nlohmann::json> bench_churn(const BenchArgs& a, std::span<const customers::Purchase> p,
                                   Date as_of) {
  const int w = a.window_days;
  const auto train = customers::labelled_window(p, as_of - 2 * w, w);
  const auto valid = customers::labelled_window(p, as_of - w, w);
  const auto& names = customers::churn_feature_names();
  std::vector<std::string> header(names.begin(), names.end());
  header.push_back("churned");
  write_rows(a.out_dir + "/churn_train.csv", header,
             std::vector<double>(train.features.x.begin(), train.features.x.end()), train.churned);
  write_rows(a.out_dir + "/churn_valid.csv", header,
             std::vector<double>(valid.features.x.begin(), valid.features.x.end()), valid.churned);
  BoostedTreesOptions trees = customers::ChurnOptions::default_trees();
  trees.threads = customers::ChurnOptions{}.threads;  // as predict_churn runs it
  const int cols = static_cast<int>(names.size());
  const std::vector<float> label(train.churned.begin(), train.churned.end());
  const auto start = std::chrono::steady_clock::now();
  auto model = BoostedTrees::fit(DenseRows{train.features.x, cols}, label, {}, trees);
  if (!model) return model.status();
  const double fit_seconds = seconds_since(start);
  const auto scored = std::chrono::steady_clock::now();
  auto raw = model->predict(DenseRows{valid.features.x, cols});
  if (!raw) return raw.status();
  const double predict_seconds = seconds_since(scored);
  const std::vector<double> score(raw->begin(), raw->end());
  const auto whole = std::chrono::steady_clock::now();
  customers::ChurnOptions options;
  options.window_days = w;
  auto full = customers::predict_churn(p, as_of, options);
  if (!full) return full.status();
  return nlohmann::json{
      {"train_rows", train.churned.size()}, {"validation_rows", valid.churned.size()},
      {"window_days", w}, {"rounds", trees.rounds}, {"max_depth", trees.max_depth},
      {"learning_rate", trees.learning_rate}, {"min_child_weight", trees.min_child_weight},
      {"subsample", trees.subsample}, {"threads", trees.threads}, {"fit_seconds", fit_seconds},
      {"predict_seconds", predict_seconds}, {"auc", customers::roc_auc(score, valid.churned)},
      {"predict_churn_seconds", seconds_since(whole)}};
}

int run_bench(const BenchArgs& a) {
  std::error_code ec;
  std::filesystem::create_directories(a.out_dir, ec);
  if (ec) return fail(invalid_argument(ec.message(), "--out"));
  OpenedSource source = open_source(a.source);
  if (!source.ok) return 1;
  auto parsed = parse_as_of(a.as_of);
  if (!parsed) return fail(parsed.status());
  auto history = bench_history(a, source.store.get(), *parsed);
  if (!history) return fail(history.status());
  Date as_of = parsed->value_or(0);
  if (!*parsed)
    for (const auto& o : history->orders) as_of = std::max(as_of, o.day);
  auto kmeans = bench_kmeans(a, *history, as_of);
  if (!kmeans) return fail(kmeans.status());
  auto churn = bench_churn(a, history->purchases(), as_of);
  if (!churn) return fail(churn.status());
  nlohmann::json out = {{"as_of", format_date(as_of)}, {"kmeans", *kmeans}, {"churn", *churn},
                        {"caveats", history->caveats()}};
  std::printf("%s\n", out.dump(2).c_str());
  return 0;
}

}  // namespace

void add_bench_export_command(CLI::App& group, int& exit_code) {
  auto args = std::make_shared<BenchArgs>();
  CLI::App* cmd = group.add_subcommand(
      "bench-export", "Write the K-Means and churn inputs as CSV and time our fits on them");
  cmd->group("");  // hidden: for bench/customers_sklearn.sh
  add_source_options(*cmd, args->source);
  cmd->add_option("--out", args->out_dir, "Directory for the CSV files")->required();
  cmd->add_option("--as-of", args->as_of, "Cut-off day (default: the last order day)");
  cmd->add_option("--window-days", args->window_days, "Churn window")->check(CLI::Range(1, 3650));
  cmd->add_option("--k", args->k, "Segments (0: chosen by silhouette)");
  cmd->add_option("--restarts", args->options.restarts, "k-means++ seedings");
  cmd->callback([args, cmd, &exit_code] {
    note_source(*cmd, args->source);
    exit_code = run_bench(*args);
  });
}

}  // namespace oiis::cli
