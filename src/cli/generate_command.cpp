// `oiis generate`: builds a deterministic synthetic retail world and loads it into the store,
// with ground truth files beside it (DATA/ground_truth/ by default).
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/commands.h"
#include "data/generator.h"
#include "data/generator_writer.h"
#include "data/world.h"

namespace oiis::cli {
namespace {

struct GenerateArgs {
  StoreArgs store;
  GeneratorConfig config;
  std::string start = "2023-01-01";
  std::string drift_from;
  std::string supplier_drift_from;
  std::string ground_truth_dir;  // default: DATA/ground_truth
  bool json = false;
};

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

void print_summary(const GenerationSummary& s, double build_seconds, double write_seconds,
                   const std::string& truth_dir, bool json) {
  if (json) {
    nlohmann::json j = {{"suppliers", s.suppliers},
                        {"products", s.products},
                        {"customers", s.customers},
                        {"locations", s.locations},
                        {"orders", s.orders},
                        {"order_lines", s.order_lines},
                        {"stock_movements", s.stock_movements},
                        {"price_changes", s.price_changes},
                        {"purchase_orders", s.purchase_orders},
                        {"stockout_days", s.stockout_days},
                        {"anomalies", s.anomalies},
                        {"seconds", s.seconds},
                        {"build_seconds", build_seconds},
                        {"write_seconds", write_seconds},
                        {"ground_truth_dir", truth_dir}};
    std::printf("%s\n", j.dump().c_str());
    return;
  }
  std::printf(
      "generated %lld suppliers, %lld products, %lld customers, %lld locations\n"
      "          %lld orders with %lld lines, %lld stock movements, %lld price changes,\n"
      "          %lld purchase orders, %lld stock-out days, %lld labelled anomalies\n"
      "in %.2fs (simulate %.2fs, write %.2fs); ground truth in %s\n",
      (long long)s.suppliers, (long long)s.products, (long long)s.customers, (long long)s.locations,
      (long long)s.orders, (long long)s.order_lines, (long long)s.stock_movements,
      (long long)s.price_changes, (long long)s.purchase_orders, (long long)s.stockout_days,
      (long long)s.anomalies, s.seconds, build_seconds, write_seconds, truth_dir.c_str());
}

int run_generate(GenerateArgs& args) {
  auto start = parse_date(args.start);
  if (!start) {
    std::fprintf(stderr, "error: --start: %s\n", start.status().to_string().c_str());
    return 2;
  }
  args.config.start_date = *start;
  if (!args.drift_from.empty()) {
    auto from = parse_date(args.drift_from);
    if (!from) {
      std::fprintf(stderr, "error: --drift-from: %s\n", from.status().to_string().c_str());
      return 2;
    }
    args.config.drift_from = *from;
  }
  if (!args.supplier_drift_from.empty()) {
    auto from = parse_date(args.supplier_drift_from);
    if (!from) {
      std::fprintf(stderr, "error: --supplier-drift-from: %s\n", from.status().to_string().c_str());
      return 2;
    }
    args.config.supplier_drift_from = *from;
  }
  if (Status valid = world::validate(args.config); !valid) {
    std::fprintf(stderr, "error: %s\n", valid.to_string().c_str());
    return 2;
  }
  auto store = open_store_or_report(args.store);
  if (!store) return 1;
  if (Status empty = check_store_empty(*store); !empty) {
    std::fprintf(stderr, "error: %s\n", empty.to_string().c_str());
    return 1;
  }
  std::string truth_dir =
      args.ground_truth_dir.empty()
          ? (std::filesystem::path(args.store.data_dir) / "ground_truth").string()
          : args.ground_truth_dir;

  const auto began = std::chrono::steady_clock::now();
  TerminalProgressBar simulate_bar("simulating days");
  world::World world = world::build_world(args.config, &simulate_bar);
  simulate_bar.finish();
  const double build_seconds = seconds_since(began);

  TerminalProgressBar write_bar("writing rows   ");
  Status written = write_world_to_store(world, *store, &write_bar);
  const double write_seconds = seconds_since(began) - build_seconds;
  if (written) written = write_ground_truth(world, truth_dir);
  if (!written) {
    std::fprintf(stderr, "error: %s\n", written.to_string().c_str());
    return 1;
  }
  GenerationSummary summary = summarize(world);
  summary.seconds = seconds_since(began);
  print_summary(summary, build_seconds, write_seconds, truth_dir, args.json);
  return 0;
}

}  // namespace

void add_generate_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<GenerateArgs>();
  CLI::App* cmd = app.add_subcommand(
      "generate",
      "Generate a deterministic synthetic retail world (with ground truth) into the store");
  add_store_options(*cmd, args->store);
  // Required, but checked together in the callback: CLI11 names one missing option per run,
  // and a newcomer should learn all four at once.
  std::vector<CLI::Option*> required = {
      cmd->add_option("--seed", args->config.seed,
                      "Random seed (same seed + options = same data) (required)"),
      cmd->add_option("--products", args->config.products, "Number of products (required)"),
      cmd->add_option("--customers", args->config.customers, "Number of customers (required)"),
      cmd->add_option("--days", args->config.days, "Days of order history (required)")};
  cmd->add_option("--start", args->start, "First day of history (YYYY-MM-DD)")
      ->capture_default_str();
  cmd->add_option("--locations", args->config.locations, "Warehouses")->capture_default_str();
  cmd->add_option("--drift-from", args->drift_from,
                  "From this day (YYYY-MM-DD) customers shop --drift-demand times as often: a "
                  "drifted period for model monitoring");
  cmd->add_option("--cycle-count-days", args->config.cycle_count_days,
                  "Count every product at every location every N days (0 = none): routine counts, "
                  "mostly exact, some a little off, unlabelled, for shrinkage detection")
      ->capture_default_str();
  cmd->add_option("--supplier-drift-from", args->supplier_drift_from,
                  "From this day (YYYY-MM-DD) suppliers 1, 4, 7, ... deliver 1.75x slower and 2, 5, 8, "
                  "... deliver 85% of each line: labelled supplier drifts for supplier monitoring");
  cmd->add_option("--drift-demand", args->config.drift_demand,
                  "How many times as often customers shop from --drift-from")
      ->capture_default_str();
  cmd->add_option("--suppliers", args->config.suppliers, "Suppliers (0 = about products/25)")
      ->capture_default_str();
  cmd->add_option("--ground-truth", args->ground_truth_dir,
                  "Ground truth directory (default DATA/ground_truth)");
  cmd->add_flag("--json", args->json, "Print the summary as JSON");
  cmd->callback([args, required, &exit_code] {
    std::string missing;
    for (const CLI::Option* o : required)
      if (o->count() == 0) missing += (missing.empty() ? "" : ", ") + o->get_name();
    if (!missing.empty()) {
      exit_code = fail(invalid_argument("missing required options: " + missing +
                                            " (e.g. --seed 7 --products 300 --customers 3000 "
                                            "--days 365)",
                                        missing));
      return;
    }
    exit_code = run_generate(*args);
  });
}

}  // namespace oiis::cli
