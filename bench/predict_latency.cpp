// In-process latency of a real-time prediction (no HTTP): ModelService::predict for random
// entities of a family's published table, first cold (every answer read from the store), then
// warm (from the prediction cache). Prints p50 / p99 / max per phase.
//   bench/predict_serving.sh DATA_DIR runs it (after training churn on a copy of DATA_DIR)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "services/model_service.h"
#include "store/model_tables.h"
#include "store/store.h"

namespace {

using Clock = std::chrono::steady_clock;

void report(const char* what, std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  auto at = [&](double q) { return ms[static_cast<std::size_t>(q * (ms.size() - 1))]; };
  std::printf("%-28s %7zu questions  p50 %.4f ms  p99 %.4f ms  max %.3f ms\n", what, ms.size(),
              at(0.5), at(0.99), ms.back());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return std::fprintf(stderr, "usage: %s DATA_DIR FAMILY [questions]\n", argv[0]), 2;
  const std::string family = argv[2];
  const int questions = argc > 3 ? std::stoi(argv[3]) : 100000;
  auto store = oiis::open_store(std::string(argv[1]) + "/oiis.db");
  if (!store) return std::fprintf(stderr, "%s\n", store.status().to_string().c_str()), 1;
  std::vector<std::string> entities;
  for (std::string after;;) {
    auto page = (*store)->models().list_predictions(family, after, 10000);
    if (!page || page->empty()) break;
    for (const auto& row : *page) entities.push_back(row.entity);
    after = page->back().entity;
  }
  if (entities.empty()) return std::fprintf(stderr, "no %s predictions published\n", family.c_str()), 1;
  oiis::services::ModelService service(**store, argv[1]);
  std::mt19937 rng(7);
  for (const char* phase : {"cold (store read)", "warm (cache)"}) {
    std::vector<double> ms;
    const int n = phase[0] == 'c' ? static_cast<int>(entities.size()) : questions;
    for (int q = 0; q < n; ++q) {
      const std::string& e = phase[0] == 'c' ? entities[q] : entities[rng() % entities.size()];
      const auto start = Clock::now();
      if (!service.predict(family, e)) return std::fprintf(stderr, "no answer for %s\n", e.c_str()), 1;
      ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    }
    report(phase, ms);
  }
  return 0;
}
