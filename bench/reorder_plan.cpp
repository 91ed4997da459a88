// Reorder-plan benchmark: 10,000 products x 1 location, 250 suppliers, a year of synthetic
// daily demand each. Times (1) forecasting every SKU with the engine (2 threads) and (2)
// plan_reorders from those forecasts, and reports the end-to-end time. Build after the
// oiis_inventory target (bench/reorder_plan.sh does both):
//   g++ -O2 -std=c++20 -Isrc bench/reorder_plan.cpp build-inv/liboiis_inventory.a
//       build-inv/liboiis_forecast.a build-inv/liboiis_common.a -lcrypto -pthread
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <thread>

#include "inventory/inventory.h"

using namespace oiis;
using namespace oiis::inventory;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  const int products = argc > 1 ? std::atoi(argv[1]) : 10000;
  const std::string method = argc > 2 ? argv[2] : "ses";
  const int threads = 2, suppliers_n = 250, history = 365;
  std::mt19937_64 rng(42);
  std::vector<SupplierInput> suppliers;
  for (int s = 0; s < suppliers_n; ++s) {
    std::uniform_real_distribution<double> lead(3, 18), cost(20, 200);
    double l = lead(rng);
    suppliers.push_back({s + 1, "S" + std::to_string(s + 1), l, 0.25 * l, cost(rng), 12, 0.95});
  }
  std::vector<ProductInventoryInput> inputs(products);
  std::vector<std::vector<double>> demand(products, std::vector<double>(history));
  for (int p = 0; p < products; ++p) {
    auto& in = inputs[p];
    in.product_id = p + 1;
    in.location_id = 1;
    in.sku = "SKU-" + std::to_string(p + 1);
    in.supplier_id = p % suppliers_n + 1;
    in.unit_cost = 2 + p % 97;
    in.unit_price = in.unit_cost * 1.6;
    in.abc = "ABC"[p % 3];
    const double rate = 0.2 + 20.0 / (1 + p % 200);
    std::poisson_distribution<int> pois(rate);
    for (double& q : demand[p]) q = pois(rng);
    in.on_hand = static_cast<Quantity>(rate * (p % 40));
  }
  const int horizon = 18 * 2 + 28 + 14;
  Forecaster forecaster = method == "profile" ? profile_forecaster() : engine_forecaster(method);
  auto t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (int w = 0; w < threads; ++w)
    pool.emplace_back([&, w] {
      for (int p = w; p < products; p += threads) {
        auto f = forecaster(demand[p], horizon);
        if (f) inputs[p].forecast = std::move(f).value();
      }
    });
  for (auto& t : pool) t.join();
  const double forecast_s = seconds_since(t0);

  double best = 1e9;
  std::size_t lines = 0;
  for (int rep = 0; rep < 5; ++rep) {
    auto t1 = std::chrono::steady_clock::now();
    auto plan = plan_reorders(inputs, suppliers, date_from_civil(2025, 1, 1), PolicyConfig{});
    best = std::min(best, seconds_since(t1));
    if (!plan) return std::fprintf(stderr, "%s\n", plan.status().to_string().c_str()), 1;
    lines = plan->lines.size();
  }
  std::printf("products %d  forecasts (%s, %d threads) %.3f s  plan %.3f s (best of 5, %zu lines)  "
              "end-to-end %.3f s\n",
              products, method.c_str(), threads, forecast_s, best, lines, forecast_s + best);
  return 0;
}
