#include "services/nab_benchmark.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <nlohmann/json.hpp>

#include "common/parallel.h"
#include "data/csv.h"

namespace oiis::services {
namespace {

constexpr const char* kSubset = "realKnownCause/";

Result<nlohmann::json> read_windows_file(const std::string& dir) {
  const std::string path = dir + "/combined_windows.json";
  std::ifstream in(path);
  if (!in) return invalid_argument("cannot read " + path, "--dir");
  std::stringstream text;
  text << in.rdbuf();
  auto json = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object())
    return invalid_argument(path + " is not a JSON object", "--dir");
  return json;
}

Status read_series_csv(const std::string& path, NabSeries& series) {
  auto source = open_file_source(path);
  if (!source) return invalid_argument(source.status().message(), "--dir");
  CsvReader csv(std::move(source).value());
  if (!csv.next()) return invalid_argument(path + " is empty", "--dir");
  const int time = csv.column("timestamp"), value = csv.column("value");
  if (time < 0 || value < 0) return invalid_argument(path + " lacks timestamp/value", "--dir");
  while (csv.next()) {
    auto at = parse_timestamp(csv[time]);
    const std::string text(csv[value]);
    char* end = nullptr;
    const double x = std::strtod(text.c_str(), &end);
    if (!at || text.empty() || *end != '\0')
      return invalid_argument(path + " line " + std::to_string(csv.line()) + ": bad timestamp or value", "--dir");
    series.times.push_back(*at);
    series.values.push_back(x);
  }
  if (series.values.size() < 10) return invalid_argument(path + " has under 10 rows", "--dir");
  return Status::ok();
}

// A window's timestamps to row indices: the first row at or after its start, the last at or
// before its end.
Status add_window(const nlohmann::json& limits, NabSeries& series) {
  if (!limits.is_array() || limits.size() != 2 || !limits[0].is_string() || !limits[1].is_string())
    return invalid_argument(series.name + ": a window is not [start, end]", "--dir");
  auto start = parse_timestamp(limits[0].get<std::string>());
  auto end = parse_timestamp(limits[1].get<std::string>());
  if (!start || !end) return invalid_argument(series.name + ": bad window timestamp", "--dir");
  const auto& t = series.times;
  const auto first = std::lower_bound(t.begin(), t.end(), *start);
  const auto past = std::upper_bound(t.begin(), t.end(), *end);
  if (first == t.end() || past == t.begin() || first >= past)
    return invalid_argument(series.name + ": a window lies outside the series", "--dir");
  series.windows.push_back({static_cast<std::size_t>(first - t.begin()),
                            static_cast<std::size_t>(past - t.begin()) - 1});
  return Status::ok();
}

std::size_t split_row(const NabSeries& s) {
  std::size_t split = s.values.size() / 2;
  for (const auto& w : s.windows)
    if (w.first < split && split <= w.last) split = w.last + 1;
  return split;
}

struct SeriesParts {
  std::vector<anomaly::NabWindow> early, late;  // late: shifted to start at the split
};

SeriesParts split_windows(const NabSeries& s, std::size_t split) {
  SeriesParts parts;
  for (const auto& w : s.windows) {
    if (w.first < split) parts.early.push_back(w);
    else parts.late.push_back({w.first - split, w.last - split});
  }
  return parts;
}

NabSeriesResult score_series(const NabSeries& s, std::span<const std::size_t> alarms) {
  NabSeriesResult r;
  r.name = s.name;
  r.rows = s.values.size();
  r.split = split_row(s);
  const SeriesParts parts = split_windows(s, r.split);
  std::vector<std::size_t> early, late;
  for (std::size_t a : alarms) (a < r.split ? early : late).push_back(a < r.split ? a : a - r.split);
  const std::size_t probation = anomaly::nab_probation_rows(r.rows);
  // The windows were checked when loaded, so these cannot fail.
  r.validation = *anomaly::nab_score(r.split, parts.early, early, probation);
  r.held_out = *anomaly::nab_score(r.rows - r.split, parts.late, late, 0);
  r.whole = *anomaly::nab_score(r.rows, s.windows, alarms, probation);
  return r;
}

double normalised(const std::vector<NabSeriesResult>& results, anomaly::NabSeriesScore NabSeriesResult::*part) {
  double raw = 0, null_score = 0;
  std::size_t windows = 0;
  for (const auto& r : results) {
    raw += (r.*part).score;
    null_score += (r.*part).null_score;
    windows += (r.*part).windows;
  }
  return anomaly::nab_normalised(raw, null_score, windows);
}

// The settings tried: season, reference length, smoothing, then threshold and cooldown (the
// innermost kThresholdsPerScores share one computation of the scores).
constexpr std::size_t kThresholdsPerScores = 8 * 4;
std::vector<NabCandidate> candidate_settings() {
  std::vector<NabCandidate> all;
  for (int season_days : {0, 1, 7})
    for (int history : {48, 144, 288, 576, 1152})
      for (int smooth : {1, 3, 6, 12})
        for (double threshold : {3.0, 4.0, 5.0, 6.0, 8.0, 10.0, 14.0, 20.0})
          for (int cooldown : {100, 300, 1000, 3000}) {
            NabCandidate c;
            c.season_days = season_days;
            c.options.history = history;
            c.options.smooth = smooth;
            c.options.threshold = threshold;
            c.options.cooldown = cooldown;
            all.push_back(c);
          }
  return all;
}

// Values per day, from the median spacing of the timestamps (at least 1).
int rows_per_day(const NabSeries& s) {
  std::vector<Timestamp> steps;
  for (std::size_t i = 1; i < s.times.size(); ++i) steps.push_back(s.times[i] - s.times[i - 1]);
  std::nth_element(steps.begin(), steps.begin() + static_cast<std::ptrdiff_t>(steps.size() / 2), steps.end());
  const Timestamp step = steps[steps.size() / 2];
  return step > 0 ? std::max<int>(1, static_cast<int>(86400 / step)) : 1;
}

std::vector<double> series_scores(const NabSeries& s, const NabCandidate& c) {
  anomaly::StreamDetectorOptions o = c.options;
  o.season = c.season_days * rows_per_day(s);
  return anomaly::stream_scores(s.values, o);
}

}  // namespace

Result<std::vector<NabSeries>> load_nab_series(const std::string& dir) {
  auto windows = read_windows_file(dir);
  if (!windows) return windows.status();
  std::vector<NabSeries> all;
  for (const auto& [name, limits] : windows->items()) {
    if (name.rfind(kSubset, 0) != 0) continue;
    const std::string path = dir + "/" + name;
    if (!std::filesystem::exists(path)) continue;
    NabSeries series;
    series.name = name;
    if (Status s = read_series_csv(path, series); !s.is_ok()) return s;
    if (!limits.is_array()) return invalid_argument(name + ": windows are not a list", "--dir");
    for (const auto& window : limits)
      if (Status s = add_window(window, series); !s.is_ok()) return s;
    std::sort(series.windows.begin(), series.windows.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    if (auto checked = anomaly::nab_score(series.values.size(), series.windows, {}, 0); !checked)
      return invalid_argument(name + ": " + checked.status().message(), "--dir");
    all.push_back(std::move(series));
  }
  if (all.empty()) return invalid_argument("no labelled realKnownCause series under " + dir, "--dir");
  return all;
}

Result<NabBenchmark> run_nab_benchmark(const std::vector<NabSeries>& series) {
  if (series.empty()) return invalid_argument("no series", "series");
  const auto candidates = candidate_settings();
  std::vector<double> validation(candidates.size());
  // Scores depend on season, history and smoothing only: computed once per group and series,
  // then each threshold and cooldown only re-reads them.
  const std::size_t per_group = kThresholdsPerScores;
  parallel_for_each_index(candidates.size() / per_group, [&](std::size_t group) {
    std::vector<std::vector<double>> scores;
    for (const auto& s : series) scores.push_back(series_scores(s, candidates[group * per_group]));
    for (std::size_t c = group * per_group; c < (group + 1) * per_group; ++c) {
      const auto& o = candidates[c].options;
      std::vector<NabSeriesResult> results;
      for (std::size_t i = 0; i < series.size(); ++i)
        results.push_back(score_series(series[i], anomaly::stream_alarms(scores[i], o.threshold, o.cooldown)));
      validation[c] = normalised(results, &NabSeriesResult::validation);
    }
  });
  const std::size_t best = static_cast<std::size_t>(
      std::max_element(validation.begin(), validation.end()) - validation.begin());
  NabBenchmark out;
  out.chosen = candidates[best];
  out.candidates = candidates.size();
  for (const auto& s : series) {
    const auto scores = series_scores(s, out.chosen);
    const auto& o = out.chosen.options;
    out.series.push_back(score_series(s, anomaly::stream_alarms(scores, o.threshold, o.cooldown)));
  }
  out.validation_score = normalised(out.series, &NabSeriesResult::validation);
  out.held_out_score = normalised(out.series, &NabSeriesResult::held_out);
  out.whole_score = normalised(out.series, &NabSeriesResult::whole);
  return out;
}

std::vector<NabPublishedScore> nab_published_scores() {
  return {{"ARTime", 74.9},           {"Numenta HTM", 70.5},      {"CAD OSE", 69.9},
          {"earthgecko Skyline", 58.2}, {"KNN CAD", 58.0},        {"Relative Entropy", 54.6},
          {"Random Cut Forest", 51.7}, {"Twitter ADVec", 47.1},   {"Windowed Gaussian", 39.6},
          {"Etsy Skyline", 35.7},      {"Bayesian Changepoint", 17.7}, {"EXPoSE", 16.4},
          {"Random", 11.0}};
}

}  // namespace oiis::services
