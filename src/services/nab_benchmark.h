// Demand and volume anomalies scored on the Numenta Anomaly Benchmark's realKnownCause series
// (issue 13): reads the dataset's CSVs and combined_windows.json, runs the streaming detector
// (anomaly/stream_detector.h) over every series and scores its alarms with NAB's rules
// (anomaly/nab_score.h). The detector's settings are chosen on each series' first half
// (validation) and reported once on the second half (held out); see docs/evaluation.md.
#pragma once

#include <string>
#include <vector>

#include "anomaly/nab_score.h"
#include "anomaly/stream_detector.h"
#include "common/status.h"
#include "common/time.h"

namespace oiis::services {

struct NabSeries {
  std::string name;  // "realKnownCause/nyc_taxi.csv"
  std::vector<Timestamp> times;
  std::vector<double> values;
  std::vector<anomaly::NabWindow> windows;  // row indices
};

// Every realKnownCause series that combined_windows.json labels and `dir`/realKnownCause holds.
// Errors name the file: a missing or unreadable windows file, a bad timestamp or value, a
// window whose timestamps lie outside its series.
Result<std::vector<NabSeries>> load_nab_series(const std::string& dir);

// One series' scores, standard profile. `validation`: rows before the split (NAB's probation at
// the start); `held_out`: rows from the split on (no probation: the detector is warm); `whole`:
// the series as NAB scores it. The split is the middle row, moved past a window holding it.
struct NabSeriesResult {
  std::string name;
  std::size_t rows = 0, split = 0;
  anomaly::NabSeriesScore validation, held_out, whole;
};

// Detector settings for every series; the season is given in days (0 none, 1 daily, 7 weekly)
// because the series are sampled at different rates.
struct NabCandidate {
  anomaly::StreamDetectorOptions options;  // options.season unused: set per series
  int season_days = 0;
};

struct NabBenchmark {
  NabCandidate chosen;  // the best validation score among `candidates`
  std::size_t candidates = 0;
  std::vector<NabSeriesResult> series;
  // Normalised scores (100 perfect, 0 null) over all series' parts.
  double validation_score = 0, held_out_score = 0, whole_score = 0;
};

// Tunes on the validation parts, then scores. `series` must not be empty.
Result<NabBenchmark> run_nab_benchmark(const std::vector<NabSeries>& series);

// NAB's own published standard-profile scores (NAB README scoreboard, v1.0, all 58 series).
struct NabPublishedScore {
  const char* detector;
  double standard;
};
std::vector<NabPublishedScore> nab_published_scores();

}  // namespace oiis::services
