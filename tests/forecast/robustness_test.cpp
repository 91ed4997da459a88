// Awkward input never crashes or yields NaN: empty, constant, all-zero, too short, NaN,
// negative, every method.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "forecast/forecast.h"

namespace oiis::forecast {
namespace {

void expect_sane(const Forecast& f, int h, bool nonnegative) {
  ASSERT_EQ(static_cast<int>(f.mean.size()), h);
  for (const auto* v : {&f.mean, &f.lo80, &f.hi80, &f.lo95, &f.hi95}) {
    ASSERT_EQ(static_cast<int>(v->size()), h);
    for (int i = 0; i < h; ++i) {
      EXPECT_TRUE(std::isfinite((*v)[i])) << f.model;
      if (nonnegative) {
        EXPECT_GE((*v)[i], 0.0) << f.model;
      }
    }
  }
  for (int i = 0; i < h; ++i) {
    EXPECT_LE(f.lo95[i], f.lo80[i]);
    EXPECT_LE(f.lo80[i], f.mean[i]);
    EXPECT_LE(f.mean[i], f.hi80[i]);
    EXPECT_LE(f.hi80[i], f.hi95[i]);
  }
}

// Every method, including auto, on `y`.
void expect_all_methods_sane(const std::vector<double>& y, int h, int m, bool nonnegative) {
  std::vector<Method> methods{Method::kAuto};
  for (Method mm : all_methods()) methods.push_back(mm);
  for (Method method : methods) {
    ForecastOptions opt;
    opt.horizon = h;
    opt.season_length = m;
    opt.method = method;
    auto f = forecast(y, opt);
    ASSERT_TRUE(f.is_ok()) << method_name(method) << ": " << f.status().to_string();
    SCOPED_TRACE(std::string(method_name(method)) + " -> " + f->model);
    expect_sane(*f, h, nonnegative);
  }
}

TEST(Robustness, EmptyAndAllNanAreErrors) {
  ForecastOptions opt;
  opt.horizon = 3;
  EXPECT_EQ(forecast(std::vector<double>{}, opt).status().code(), ErrorCode::kInvalidArgument);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_FALSE(forecast(std::vector<double>{nan, nan}, opt).is_ok());
}

TEST(Robustness, BadOptionsAreErrors) {
  const std::vector<double> y{1, 2, 3};
  ForecastOptions opt;
  opt.horizon = 0;
  EXPECT_EQ(forecast(y, opt).status().field(), "horizon");
  opt.horizon = 2;
  opt.season_length = 0;
  EXPECT_EQ(forecast(y, opt).status().field(), "season_length");
}

TEST(Robustness, ConstantAndAllZero) {
  expect_all_methods_sane(std::vector<double>(30, 7.0), 6, 4, true);
  expect_all_methods_sane(std::vector<double>(30, 0.0), 6, 4, true);
  ForecastOptions opt;
  opt.horizon = 2;
  auto f = forecast(std::vector<double>(10, 7.0), opt);
  ASSERT_TRUE(f.is_ok());
  EXPECT_EQ(f->mean, (std::vector<double>{7.0, 7.0}));
  EXPECT_EQ(f->note, "series is constant");
}

TEST(Robustness, TooShort) {
  expect_all_methods_sane({5.0}, 4, 1, true);
  expect_all_methods_sane({5.0, 6.0}, 4, 12, true);
  expect_all_methods_sane({5.0, 6.0, 4.0, 8.0, 7.0}, 10, 4, true);
}

TEST(Robustness, NanValuesAreInterpolated) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> y;
  for (int t = 0; t < 40; ++t) y.push_back(t % 7 == 3 ? nan : 10.0 + (t % 4));
  y.insert(y.begin(), nan);
  y.push_back(std::numeric_limits<double>::infinity());
  expect_all_methods_sane(y, 5, 4, true);
  ForecastOptions opt;
  opt.horizon = 2;
  auto f = forecast(y, opt);
  ASSERT_TRUE(f.is_ok());
  EXPECT_NE(f->note.find("missing"), std::string::npos);
}

TEST(Robustness, NegativeAndMixedSign) {
  std::vector<double> y;
  for (int t = 0; t < 60; ++t) y.push_back(-50.0 + 10 * std::sin(t * 0.7) + 0.3 * t);
  expect_all_methods_sane(y, 8, 4, false);
  for (double& v : y) v += 45;  // crosses zero
  expect_all_methods_sane(y, 8, 4, false);
}

TEST(Robustness, HugeValuesAndSpikes) {
  std::vector<double> y(50, 1e12);
  y[20] = 1e15;
  y[21] = 0;
  expect_all_methods_sane(y, 5, 1, true);
}

TEST(MethodNames, RoundTrip) {
  for (Method m : all_methods()) EXPECT_EQ(parse_method(method_name(m)), m);
  EXPECT_EQ(parse_method("auto"), Method::kAuto);
  EXPECT_FALSE(parse_method("no-such-method"));
}

}  // namespace
}  // namespace oiis::forecast
