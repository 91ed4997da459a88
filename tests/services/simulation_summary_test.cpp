// simulation_summary: one sentence per baseline, and the reason whenever ours costs more.
#include <gtest/gtest.h>

#include "services/inventory_service.h"

namespace oiis::services {
namespace {

inventory::PolicyResult policy(const char* name, double total, double holding, double fill) {
  inventory::PolicyResult p;
  p.name = name;
  p.total_cost = total;
  p.holding_cost = holding;
  p.fill_rate = fill;
  return p;
}

TEST(SimulationSummary, SaysHowMuchLessOrMoreAndWhy) {
  SimulationReport r;
  r.targets = {0.98, 0.97, 0.95};
  r.policies = {policy("ours", 100, 30, 0.97), policy("naive", 200, 20, 0.91),
                policy("minmax", 80, 45, 0.99)};
  const auto lines = simulation_summary(r);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "ours costs 50.0% less than naive (fill rate 97.0% vs 91.0%)");
  EXPECT_NE(lines[1].find("ours costs 25.0% more than minmax"), std::string::npos) << lines[1];
  EXPECT_NE(lines[1].find("holds more stock"), std::string::npos) << lines[1];
  EXPECT_NE(lines[1].find("A 98%, B 97%, C 95%"), std::string::npos) << lines[1];
  EXPECT_NE(lines[1].find("--service"), std::string::npos) << lines[1];
}

}  // namespace
}  // namespace oiis::services
