// `oiis anomaly nab`: the streaming demand/volume detector scored on NAB's realKnownCause series
// with NAB's standard profile — per series the windows caught, the false alarms and the score,
// then the normalised totals beside NAB's published detectors (services/nab_benchmark.h).
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "services/nab_benchmark.h"

namespace oiis::cli {
namespace {

struct NabArgs {
  std::string dir = "../shared/datasets/nab-anomaly";
  bool json = false;
};

nlohmann::json part_json(const anomaly::NabSeriesScore& s) {
  return {{"windows", s.windows}, {"detected", s.detected}, {"false_alarms", s.false_alarms},
          {"score", s.score}, {"null_score", s.null_score}};
}

void print_json(const services::NabBenchmark& b) {
  nlohmann::json series = nlohmann::json::array();
  for (const auto& r : b.series)
    series.push_back({{"name", r.name}, {"rows", r.rows}, {"split_row", r.split},
                      {"validation", part_json(r.validation)}, {"held_out", part_json(r.held_out)},
                      {"whole", part_json(r.whole)}});
  nlohmann::json published = nlohmann::json::array();
  for (const auto& p : services::nab_published_scores())
    published.push_back({{"detector", p.detector}, {"standard", p.standard}});
  const auto& o = b.chosen.options;
  nlohmann::json out{
      {"profile", "standard"},
      {"chosen", {{"season_days", b.chosen.season_days}, {"history", o.history}, {"smooth", o.smooth},
                  {"threshold", o.threshold}, {"cooldown", o.cooldown}, {"candidates", b.candidates}}},
      {"series", series},
      {"normalised", {{"validation", b.validation_score}, {"held_out", b.held_out_score},
                      {"whole", b.whole_score}}},
      {"published_standard_scores", published},
      {"published_note", "NAB README scoreboard (v1.0), all 58 NAB series; ours: realKnownCause only"}};
  std::printf("%s\n", out.dump(2).c_str());
}

void print_table(const services::NabBenchmark& b) {
  const auto& o = b.chosen.options;
  std::printf("settings chosen on the first half of each series (%zu tried): season %d days, history %d, "
              "smooth %d, threshold %.1f, cooldown %d\n\n", b.candidates, b.chosen.season_days, o.history,
              o.smooth, o.threshold, o.cooldown);
  std::printf("%-52s %6s | %-22s | %-22s\n", "series (standard profile)", "rows",
              "held-out: caught  FA  score", "whole: caught  FA  score");
  for (const auto& r : b.series)
    std::printf("%-52s %6zu |  %2zu/%-2zu %4zu %8.3f   |  %2zu/%-2zu %4zu %8.3f\n", r.name.c_str(), r.rows,
                r.held_out.detected, r.held_out.windows, r.held_out.false_alarms, r.held_out.score,
                r.whole.detected, r.whole.windows, r.whole.false_alarms, r.whole.score);
  std::printf("\nnormalised standard score: validation %.1f, held out %.1f, whole series %.1f "
              "(settings seen the first halves)\n", b.validation_score, b.held_out_score, b.whole_score);
  std::printf("NAB's published standard scores (all 58 series, README scoreboard v1.0):\n");
  for (const auto& p : services::nab_published_scores())
    std::printf("  %-22s %5.1f\n", p.detector, p.standard);
}

int run_nab(const NabArgs& a) {
  auto series = services::load_nab_series(a.dir);
  if (!series) return fail(series.status());
  auto benchmark = services::run_nab_benchmark(*series);
  if (!benchmark) return fail(benchmark.status());
  if (a.json) print_json(*benchmark);
  else print_table(*benchmark);
  return 0;
}

}  // namespace

void add_anomaly_nab_command(CLI::App& group, int& exit_code) {
  auto args = std::make_shared<NabArgs>();
  CLI::App* nab = group.add_subcommand(
      "nab", "Demand/volume anomaly detector scored on NAB realKnownCause (standard profile)");
  nab->add_option("--dir", args->dir, "the NAB dataset directory (combined_windows.json, realKnownCause/)")
      ->capture_default_str();
  nab->add_flag("--json", args->json, "as JSON");
  nab->callback([args, &exit_code] { exit_code = run_nab(*args); });
}

}  // namespace oiis::cli
