// Features the store-backed forecasts add around the engine, pure: the known-in-advance retail
// calendar of a week, a pooled yearly seasonal index, and the mean of two forecasts of one
// series. services/forecast_batch.cpp lays store data out and calls these.
#pragma once

#include <span>
#include <vector>

#include "common/time.h"
#include "forecast/forecast.h"

namespace oiis::forecast {

// Black Friday: the day after the fourth Thursday of November.
Date black_friday(int year);

// The calendar of the week starting `start`, known ahead of time: week of the year, whether
// it holds Black Friday, whether it holds Christmas Eve, and weeks to Christmas (clamped to
// [-1, 10]). The global model's calendar columns (global_model.h Panel::calendar).
std::vector<double> week_calendar(Date start);

// Multiplicative index per period, repeating every `index.size()` periods from `anchor`.
struct YearlyProfile {
  int anchor = 0;
  std::vector<double> index;  // empty = 1 everywhere
  double at(int period) const;
};

// The yearly index of a group total over its last year (52 weekly values): each week over the
// year's mean, smoothed over 3 weeks (circularly: one year holds one draw per week), at least
// 0.05. Empty when the total is not positive. A univariate model on two years of one SKU
// cannot see Christmas coming; the category total carries it with far less noise.
std::vector<double> pooled_yearly_index(std::span<const double> last_year_total);

// The mean of two forecasts of the same series, point and bounds (a bound present in only
// one of them is dropped); model "Mean(a,b)", parameters and notes of both.
Forecast mean_forecast(const Forecast& a, const Forecast& b);

}  // namespace oiis::forecast
