#include "anomaly/nab_score.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace oiis::anomaly {
namespace {

Status check_windows(std::size_t rows, std::span<const NabWindow> windows) {
  for (std::size_t w = 0; w < windows.size(); ++w) {
    const NabWindow& window = windows[w];
    const std::string where = "window " + std::to_string(w);
    if (window.first > window.last || window.last >= rows)
      return invalid_argument(where + " is empty or past the series' end", "windows");
    if (w > 0 && window.first <= windows[w - 1].last)
      return invalid_argument(where + " overlaps or precedes the one before", "windows");
  }
  return Status::ok();
}

}  // namespace

double nab_scaled_sigmoid(double relative_position) {
  if (relative_position >= 3.0) return -1.0;
  return 2.0 / (1.0 + std::exp(5.0 * relative_position)) - 1.0;
}

std::size_t nab_probation_rows(std::size_t rows) {
  return std::min<std::size_t>(static_cast<std::size_t>(std::floor(0.15 * static_cast<double>(rows))), 750);
}

Result<NabSeriesScore> nab_score(std::size_t rows, std::span<const NabWindow> windows,
                                 std::span<const std::size_t> alarms, std::size_t probation_rows,
                                 const NabProfile& profile) {
  if (Status s = check_windows(rows, windows); !s.is_ok()) return s;
  std::vector<std::size_t> sorted(alarms.begin(), alarms.end());
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  if (!sorted.empty() && sorted.back() >= rows)
    return invalid_argument("alarm at row " + std::to_string(sorted.back()) + " of " +
                                std::to_string(rows), "alarms");

  NabSeriesScore result;
  // A window is scored when any of its rows is past probation; it starts as a miss, and its
  // first alarm (the best, as the sigmoid falls through the window) replaces that.
  std::vector<double> window_score(windows.size(), 0.0);
  std::vector<bool> scored(windows.size(), false);
  for (std::size_t w = 0; w < windows.size(); ++w)
    if (windows[w].last >= probation_rows) {
      scored[w] = true;
      window_score[w] = -profile.false_negative;
      ++result.windows;
    }
  std::vector<bool> hit(windows.size(), false);
  const double best_tp = nab_scaled_sigmoid(-1.0);
  double false_alarm_cost = 0;
  std::size_t next = 0;  // the first window not ending before the current alarm
  for (std::size_t row : sorted) {
    if (row < probation_rows) continue;
    while (next < windows.size() && windows[next].last < row) ++next;
    if (next < windows.size() && windows[next].first <= row) {
      if (hit[next]) continue;
      const NabWindow& window = windows[next];
      const double width = static_cast<double>(window.last - window.first + 1);
      const double position = -static_cast<double>(window.last - row + 1) / width;
      window_score[next] = nab_scaled_sigmoid(position) * profile.true_positive / best_tp;
      hit[next] = true;
      ++result.detected;
      continue;
    }
    double past = 3.0;  // before the first window: the full cost
    if (next > 0) {
      const NabWindow& previous = windows[next - 1];
      const double width = static_cast<double>(previous.last - previous.first + 1);
      past = static_cast<double>(row - previous.last) / std::max(1.0, width - 1.0);
    }
    false_alarm_cost += nab_scaled_sigmoid(past) * profile.false_positive;
    ++result.false_alarms;
  }
  for (std::size_t w = 0; w < windows.size(); ++w)
    if (scored[w]) result.score += window_score[w];
  result.score += false_alarm_cost;
  result.null_score = -profile.false_negative * static_cast<double>(result.windows);
  return result;
}

double nab_normalised(double raw, double null_score, std::size_t labelled_windows,
                      const NabProfile& profile) {
  const double perfect = profile.true_positive * static_cast<double>(labelled_windows);
  if (perfect == null_score) return 0;
  return 100.0 * (raw - null_score) / (perfect - null_score);
}

}  // namespace oiis::anomaly
