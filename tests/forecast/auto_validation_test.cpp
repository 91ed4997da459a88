// Regression guard for `auto` on the validation windows it was chosen on (docs/evaluation.md,
// "auto"): the last h values of each training series of M4 Weekly/Hourly and Tourism
// monthly/quarterly/yearly are held out, and auto's OWA against Naive2 on a fixed subset of
// series must not exceed the documented figure. The test files are never read here. The full
// sets are guarded by bench/forecast_validation.sh --check (about a minute).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "forecast/datasets.h"
#include "forecast/forecast.h"
#include "forecast/metrics.h"

namespace oiis::forecast {
namespace {

struct ValidationSet {
  std::string name, dataset, train_file;
  int horizon, season;
  size_t series;     // the first this many series with a validation window
  // auto's OWA on them when it was frozen (docs/evaluation.md) plus 0.002, rounded up: room
  // for floating-point differences between compilers, not for a worse model.
  double owa_bound;
};

// auto's and Naive2's mean sMAPE and MASE on the validation windows of the first
// `set.series` series of the training file long enough to cut one (h + 3 values).
struct Scores {
  MeanAccumulator smape, mase, smape_naive2, mase_naive2;
  size_t series = 0;
};

void add_forecast_errors(std::span<const double> fit, std::span<const double> held_out, int m,
                         Method method, MeanAccumulator& smape_acc, MeanAccumulator& mase_acc) {
  ForecastOptions opt;
  opt.horizon = static_cast<int>(held_out.size());
  opt.season_length = m;
  opt.method = method;
  opt.intervals = false;
  const auto f = forecast(fit, opt);
  ASSERT_TRUE(f.is_ok()) << f.status().to_string();
  smape_acc.add(smape(held_out, f->mean));
  mase_acc.add(mase(fit, held_out, f->mean, m));
}

Scores score_validation(const ValidationSet& set, const std::vector<NamedSeries>& train) {
  Scores sc;
  const size_t h = static_cast<size_t>(set.horizon);
  for (const NamedSeries& s : train) {
    if (sc.series == set.series) break;
    if (s.values.size() < h + 3) continue;  // as bench/make_validation_split.sh
    const std::span<const double> y(s.values);
    const auto fit = y.first(y.size() - h), held_out = y.last(h);
    add_forecast_errors(fit, held_out, set.season, Method::kAuto, sc.smape, sc.mase);
    add_forecast_errors(fit, held_out, set.season, Method::kNaive2, sc.smape_naive2,
                        sc.mase_naive2);
    ++sc.series;
  }
  return sc;
}

class AutoValidation : public ::testing::TestWithParam<ValidationSet> {};

TEST_P(AutoValidation, OwaWithinDocumentedFigure) {
#ifndef NDEBUG
  GTEST_SKIP() << "accuracy guard runs on optimised builds (sanitizer builds check memory)";
#endif
  const ValidationSet& set = GetParam();
  const auto dir = test_data::dataset_dir(set.dataset, set.train_file);
  if (!std::filesystem::exists(dir / set.train_file)) {
    GTEST_SKIP() << set.train_file << " not found in " << dir;
  }
  const Scores sc = score_validation(set, test_data::read_m4_file(dir / set.train_file));
  ASSERT_EQ(sc.series, set.series);
  const double owa = forecast::owa(sc.smape.mean(), sc.mase.mean(), sc.smape_naive2.mean(),
                                   sc.mase_naive2.mean());
  std::printf("%s, first %zu series: auto validation OWA %.4f (bound %.3f)\n",
              set.train_file.c_str(), sc.series, owa, set.owa_bound);
  EXPECT_LE(owa, set.owa_bound);
}

INSTANTIATE_TEST_SUITE_P(
    Sets, AutoValidation,
    ::testing::Values(
        ValidationSet{"m4_weekly", "m4", "Weekly-train.csv", 13, 1, 100, 0.802},
        ValidationSet{"m4_hourly", "m4", "Hourly-train.csv", 48, 24, 40, 1.100},
        ValidationSet{"tourism_monthly", "tourism", "tourism-monthly-train.csv", 24, 12, 100, 0.789},
        ValidationSet{"tourism_quarterly", "tourism", "tourism-quarterly-train.csv", 8, 4, 427, 0.751},
        ValidationSet{"tourism_yearly", "tourism", "tourism-yearly-train.csv", 4, 1, 518, 0.901}),
    [](const ::testing::TestParamInfo<ValidationSet>& info) { return info.param.name; });

}  // namespace
}  // namespace oiis::forecast
