#include "forecast/store_features.h"

#include <algorithm>
#include <numeric>

namespace oiis::forecast {
namespace {
constexpr int kBlackFridayMonth = 11, kChristmasMonth = 12, kChristmasDay = 25;
}  // namespace

Date black_friday(int year) {
  const Date first = date_from_civil(year, kBlackFridayMonth, 1);
  const int to_thursday = (3 - weekday(first) + 7) % 7;
  return first + to_thursday + 21 + 1;
}

std::vector<double> week_calendar(Date start) {
  const CivilDate c = civil_from_date(start);
  const Date christmas = date_from_civil(c.year, kChristmasMonth, kChristmasDay);
  const Date friday = black_friday(c.year);
  const double week_of_year = (start - date_from_civil(c.year, 1, 1)) / 7;
  const bool has_christmas = christmas - 1 >= start && christmas - 1 < start + 7;
  const bool has_black_friday = friday >= start && friday < start + 7;
  const double weeks_to_christmas = std::clamp((christmas - start) / 7.0, -1.0, 10.0);
  return {week_of_year, has_black_friday ? 1.0 : 0.0, has_christmas ? 1.0 : 0.0,
          weeks_to_christmas};
}

double YearlyProfile::at(int period) const {
  if (index.empty()) return 1.0;
  const int n = static_cast<int>(index.size());
  return index[((period - anchor) % n + n) % n];
}

std::vector<double> pooled_yearly_index(std::span<const double> t) {
  const int n = static_cast<int>(t.size());
  if (n == 0) return {};
  const double mean = std::accumulate(t.begin(), t.end(), 0.0) / n;
  if (!(mean > 0)) return {};
  std::vector<double> smooth(n);
  for (int k = 0; k < n; ++k)
    smooth[k] = std::max((t[(k + n - 1) % n] + t[k] + t[(k + 1) % n]) / (3 * mean), 0.05);
  return smooth;
}

Forecast mean_forecast(const Forecast& a, const Forecast& b) {
  Forecast out = a;
  auto mean_of = [](std::vector<double>& x, const std::vector<double>& y) {
    if (x.size() != y.size()) return x.clear();
    for (std::size_t h = 0; h < x.size(); ++h) x[h] = (x[h] + y[h]) / 2;
  };
  mean_of(out.mean, b.mean);
  mean_of(out.lo80, b.lo80);
  mean_of(out.hi80, b.hi80);
  mean_of(out.lo95, b.lo95);
  mean_of(out.hi95, b.hi95);
  out.model = "Mean(" + a.model + "," + b.model + ")";
  out.params.insert(out.params.end(), b.params.begin(), b.params.end());
  out.note = a.note.empty() ? b.note : b.note.empty() ? a.note : a.note + "; " + b.note;
  return out;
}

}  // namespace oiis::forecast
