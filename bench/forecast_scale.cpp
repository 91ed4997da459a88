// Batch forecasting at scale: N SKUs (default 10,000) x 730 days of synthetic daily demand,
// held in memory, forecast 28 days ahead with 80/95% intervals and the auto choice, through
// the same services::forecast_demand the `oiis forecast batch` command uses. Prints wall time,
// CPU time and peak RSS. Build after the oiis_services target:
//   g++ -O2 -std=c++20 -Isrc bench/forecast_scale.cpp build-fcb/liboiis_services.a
//       build-fcb/liboiis_inventory.a build-fcb/liboiis_forecast.a build-fcb/liboiis_domain.a
//       build-fcb/liboiis_common.a -lcrypto -pthread -o build-fcb/forecast_scale
//   build-fcb/forecast_scale [skus] [threads] [method] [days] [max_history: -1 default, 0 all]
#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <map>
#include <numbers>
#include <random>
#include <string>

#include "services/forecast_batch.h"

using namespace oiis;

namespace {

// Demand shaped like the synthetic world's: Zipf-ish levels, a weekly profile, a yearly
// cycle, mild trend, 30% intermittent SKUs, and stock-out runs marked censored (NaN).
DemandSeries synth(int index, int days, std::mt19937_64& rng) {
  std::lognormal_distribution<double> level_noise(0.0, 0.6);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const bool intermittent = u(rng) < 0.3;
  const double level = intermittent ? 0.05 + 0.3 * u(rng)
                                    : 40.0 * std::pow(1.0 + index % 2000, -0.6) * level_noise(rng) + 0.5;
  const double amp = 0.4 * u(rng), trend = 0.3 * (u(rng) - 0.5) / 365.0, phase = 2 * std::numbers::pi * u(rng);
  static constexpr double kWeekly[7] = {0.9, 0.85, 0.9, 0.95, 1.1, 1.25, 1.05};
  DemandSeries s;
  s.product_id = index + 1;
  s.sku = "SKU-" + std::to_string(index + 1);
  s.sales.resize(days);
  s.values.resize(days);
  s.censored.assign(days, 0);
  s.revenue.assign(days, 0.0);
  int stockout_left = 0;
  for (int d = 0; d < days; ++d) {
    const double lambda = level * kWeekly[d % 7] *
                          (1 + amp * std::sin(2 * std::numbers::pi * d / 365.25 + phase)) *
                          std::exp(trend * d);
    s.sales[d] = std::poisson_distribution<int>(std::max(lambda, 1e-9))(rng);
    if (stockout_left == 0 && u(rng) < 0.004) stockout_left = 2 + static_cast<int>(10 * u(rng));
    if (stockout_left > 0) {
      --stockout_left;
      s.censored[d] = 1;
      s.sales[d] = 0;
    }
    s.values[d] = s.censored[d] ? std::numeric_limits<double>::quiet_NaN() : s.sales[d];
  }
  return s;
}

double cpu_seconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + 1e-6 * (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
}

}  // namespace

int main(int argc, char** argv) {
  const int skus = argc > 1 ? std::atoi(argv[1]) : 10000;
  const int threads = argc > 2 ? std::atoi(argv[2]) : 2;
  const std::string method = argc > 3 ? argv[3] : "auto";
  const int days = argc > 4 ? std::atoi(argv[4]) : 730;
  const int max_history = argc > 5 ? std::atoi(argv[5]) : -1;
  const auto parsed = forecast::parse_method(method);
  if (!parsed) return std::fprintf(stderr, "unknown method %s\n", method.c_str()), 2;

  std::mt19937_64 rng(1);
  DemandSet demand;
  demand.level = DemandLevel::kDaily;
  demand.grid_start = 19000;
  demand.periods = days;
  demand.end_day = demand.grid_start + days;
  for (int i = 0; i < skus; ++i) demand.series.push_back(synth(i, days, rng));

  services::BatchOptions options;
  options.horizon = 28;
  options.method = *parsed;
  options.threads = threads;
  options.max_history = max_history;
  const double cpu0 = cpu_seconds();
  TerminalProgressBar bar("forecast");
  const services::BatchResult r = services::forecast_demand(demand, options, &bar);
  const double cpu = cpu_seconds() - cpu0;

  long failed = 0, bad_intervals = 0;
  std::map<std::string, long> models;
  for (const auto& item : r.items) {
    if (!item.status.is_ok()) {
      ++failed;
      continue;
    }
    const auto& f = item.forecast;
    ++models[f.model.substr(0, f.model.find('('))];
    for (int h = 0; h < options.horizon; ++h)
      bad_intervals += !(f.lo95[h] <= f.lo80[h] && f.lo80[h] <= f.mean[h] &&
                         f.mean[h] <= f.hi80[h] && f.hi80[h] <= f.hi95[h] && std::isfinite(f.hi95[h]));
  }
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  std::printf("skus %d x %d days (model sees the last %d), horizon %d, method %s, threads %d\n",
              skus, days, services::history_limit(demand.level, options), options.horizon,
              method.c_str(), threads);
  std::printf("wall %.2f s, cpu %.2f s (%.2f ms cpu/SKU), peak RSS %.0f MB, failed %ld, "
              "unordered interval points %ld\n",
              r.seconds, cpu, 1000 * cpu / skus, ru.ru_maxrss / 1024.0, failed, bad_intervals);
  for (const auto& [model, n] : models) std::printf("  %-20s %ld\n", model.c_str(), n);
  return failed || bad_intervals ? 1 : 0;
}
