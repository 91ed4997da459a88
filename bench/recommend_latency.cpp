// In-process latency of the recommendation service's questions (no HTTP): a customer's
// personalised list and a two-product basket's cross-sell, for random customers and SKUs, after
// the models are built. Prints the build time and p50 / p99 / max per question.
//   bench/recommend_latency.sh DATA_DIR [questions (5000)]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "services/recommend_service.h"
#include "store/store.h"

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

void report(const char* what, std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  auto at = [&](double q) { return ms[static_cast<std::size_t>(q * (ms.size() - 1))]; };
  std::printf("%-22s %6zu questions  p50 %.3f ms  p99 %.3f ms  max %.3f ms\n", what, ms.size(), at(0.5),
              at(0.99), ms.back());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DATA_DIR [questions]\n", argv[0]);
    return 2;
  }
  const int questions = argc > 2 ? std::stoi(argv[2]) : 5000;
  auto store = oiis::open_store(std::string(argv[1]) + "/oiis.db");
  if (!store) return std::fprintf(stderr, "%s\n", store.status().to_string().c_str()), 1;
  auto histories = oiis::services::customer_histories(**store);
  if (!histories) return std::fprintf(stderr, "%s\n", histories.status().to_string().c_str()), 1;
  std::vector<std::string> skus;
  for (const auto& p : histories->products)
    if (p.active) skus.push_back(p.sku);
  oiis::services::RecommendationService service(**store);
  auto start = Clock::now();
  if (!service.for_customer(histories->customers.front(), {})) return 1;  // builds every model
  std::printf("build: every model (catalogue, stock, content, bought together, personalised) %.0f ms\n",
              ms_since(start));
  std::mt19937 rng(7);
  std::vector<double> customer_ms, basket_ms;
  for (int q = 0; q < questions; ++q) {
    const auto customer = histories->customers[rng() % histories->customers.size()];
    start = Clock::now();
    if (!service.for_customer(customer, {})) return 1;
    customer_ms.push_back(ms_since(start));
    const std::vector<std::string> basket{skus[rng() % skus.size()], skus[rng() % skus.size()]};
    start = Clock::now();
    if (!service.for_basket(basket, {})) return 1;
    basket_ms.push_back(ms_since(start));
  }
  report("customer/{id}", customer_ms);
  report("basket", basket_ms);
  return 0;
}
