// The Numenta Anomaly Benchmark's scoring rules (Lavin & Ahmad 2015; NAB's sweeper), pure: a
// detector's alarms on one series against its labelled anomaly windows. An alarm inside a
// window earns A_TP scaled by a sigmoid of how early in the window it came (only the window's
// first alarm counts); a window without an alarm costs A_FN; an alarm outside every window
// costs A_FP scaled by how far it lies past the previous window's end (the full A_FP before
// the first window). Alarms in the probationary period (NAB: the first 15% of the rows, at most
// 750) are not scored, nor are windows lying wholly inside it.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "common/status.h"

namespace oiis::anomaly {

// A_TP, A_FP, A_FN of a NAB application profile, as magnitudes (costs are subtracted).
struct NabProfile {
  double true_positive = 1.0, false_positive = 0.11, false_negative = 1.0;
};
constexpr NabProfile kNabStandard{};

// A labelled window: first and last row, inclusive (first <= last).
struct NabWindow {
  std::size_t first = 0, last = 0;
};

struct NabSeriesScore {
  double score = 0;       // raw score under the profile
  double null_score = 0;  // a detector that never fires: -A_FN per scored window
  std::size_t windows = 0, detected = 0, false_alarms = 0;  // scored windows, alarms counted
};

// NAB's scaled sigmoid of a relative position: -1 (a window's first row) gives 0.987, 0 (its
// end) 0, positions >= 3 give -1.
double nab_scaled_sigmoid(double relative_position);

// NAB's probationary rows of a series of `rows`: min(floor(0.15 rows), 750).
std::size_t nab_probation_rows(std::size_t rows);

// Scores `alarms` (row indices, any order; duplicates count once) on a series of `rows` with
// `windows` (sorted, not overlapping, inside [0, rows)). Rows below `probation_rows` are not
// scored. Errors: a window out of order, overlapping or out of range (field "windows"), an
// alarm at or past `rows` (field "alarms").
Result<NabSeriesScore> nab_score(std::size_t rows, std::span<const NabWindow> windows,
                                 std::span<const std::size_t> alarms, std::size_t probation_rows,
                                 const NabProfile& profile = kNabStandard);

// NAB's normalised score: 100 (raw - null) / (perfect - null), perfect = A_TP per labelled window.
double nab_normalised(double raw, double null_score, std::size_t labelled_windows,
                      const NabProfile& profile = kNabStandard);

}  // namespace oiis::anomaly
