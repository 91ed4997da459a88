// Simulation book-keeping on tiny hand-made cases; the two baselines exactly as specified.
#include <gtest/gtest.h>

#include <cmath>

#include "inventory/inventory.h"

namespace oiis::inventory {
namespace {

// Orders a fixed quantity on given replay days.
class ScriptedPolicy final : public Policy {
 public:
  explicit ScriptedPolicy(std::vector<std::pair<int, Quantity>> script) : script_(std::move(script)) {}
  std::string name() const override { return "scripted"; }
  void decide(const SimView& v, std::vector<Quantity>& order) override {
    std::fill(order.begin(), order.end(), 0);
    for (auto [day, q] : script_)
      if (day == v.day - v.setup.start) order[0] = q;
  }

 private:
  std::vector<std::pair<int, Quantity>> script_;
};

SimulationSetup one_item(std::vector<double> history, std::vector<double> replay) {
  SimulationSetup s;
  SimSupplier sup;
  sup.order_cost = 10;
  sup.stated_lead_time_mean = 2;
  sup.stated_lead_time_sd = 0;
  sup.lead_time_samples = {2};
  s.suppliers.push_back(sup);
  SimItem item;
  item.unit_cost = 4;
  item.unit_price = 10;
  item.demand = history;
  item.demand.insert(item.demand.end(), replay.begin(), replay.end());
  s.items.push_back(item);
  s.start = static_cast<int>(history.size());
  s.days = static_cast<int>(replay.size());
  s.holding_rate = 0.365;  // 4 * 0.365 / 365 = 0.004 per unit-day
  return s;
}

TEST(SimulateTest, BookkeepingOnAHandMadeCase) {
  SimulationSetup s = one_item({1, 1}, {1, 2, 3, 1, 1});
  s.items[0].initial_on_hand = 2;
  ScriptedPolicy policy({{0, 5}});
  auto r = simulate(s, policy);
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  // Day 0: sell 1 (1 left), order 5 arriving day 2. Day 1: sell 1, lose 1. Day 2: +5, sell 3
  // (2 left). Day 3: 1 left. Day 4: 0 left. End-of-day stock 1,0,2,1,0 units.
  EXPECT_NEAR(r->holding_cost, 4 * 0.004, 1e-12);
  EXPECT_DOUBLE_EQ(r->ordering_cost, 10);
  EXPECT_DOUBLE_EQ(r->lost_sales_cost, 6);  // one unit x margin 6
  EXPECT_NEAR(r->total_cost, 16.016, 1e-12);
  EXPECT_DOUBLE_EQ(r->units_demanded, 8);
  EXPECT_DOUBLE_EQ(r->fill_rate, 7.0 / 8);
  EXPECT_EQ(r->stockouts, 1);
  EXPECT_EQ(r->purchase_orders, 1);
  EXPECT_EQ(r->by_class[2].cycles, 1);  // the receipt on day 2 closed a cycle with a stock-out
  EXPECT_EQ(r->by_class[2].cycles_without_stockout, 0);
  EXPECT_DOUBLE_EQ(r->cycle_service_level, 0);
  EXPECT_DOUBLE_EQ(r->average_inventory_value, (4 + 0 + 8 + 4 + 0) / 5.0);
  EXPECT_NEAR(r->turnover, 28 / 3.2 * 365 / 5, 1e-9);
}

TEST(SimulateTest, ReceiptsBeyondTheHorizonStayOnOrderAndOrdersGroupPerSupplier) {
  SimulationSetup s = one_item({1}, {0, 0, 0});
  s.items.push_back(s.items[0]);  // a second item of the same supplier
  ScriptedPolicy policy({{1, 4}});
  auto r = simulate(s, policy);
  ASSERT_TRUE(r.is_ok());
  EXPECT_EQ(r->purchase_orders, 1);
  EXPECT_EQ(r->by_class[2].cycles, 0);
}

TEST(SimulateTest, RejectsBadInputNamingTheField) {
  SimulationSetup s = one_item({1}, {1});
  s.suppliers[0].stated_lead_time_mean = -1;
  ScriptedPolicy policy({});
  auto r = simulate(s, policy);
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().field(), "suppliers[0].lead_time_mean");
  s = one_item({1}, {1});
  s.items[0].unit_price = 0;
  EXPECT_EQ(simulate(s, policy).status().field(), "items[0].unit_price");
}

std::vector<Quantity> decide(Policy& p, const SimulationSetup& s, Quantity on_hand, Quantity on_order) {
  std::vector<Quantity> oh{on_hand}, oo{on_order}, order(1, -1);
  p.decide(SimView{s, s.start, oh, oo}, order);
  return order;
}

TEST(BaselineTest, NaiveOrders28DaysWhenPositionCoversOnlyTheLeadTime) {
  // Mean of the last 28 days (today included) = 2; stated lead 5 -> trigger at position <= 10.
  SimulationSetup s = one_item(std::vector<double>(40, 2.0), {2});
  s.suppliers[0].stated_lead_time_mean = 5;
  auto naive = make_naive_policy();
  EXPECT_EQ(naive->name(), "naive");
  EXPECT_EQ(decide(*naive, s, 6, 4)[0], 56);  // position 10 -> 28 x 2
  EXPECT_EQ(decide(*naive, s, 11, 0)[0], 0);
}

TEST(BaselineTest, NaiveUsesOnlyTheLast28Days) {
  std::vector<double> history(100, 50.0);
  for (int d = 72; d < 100; ++d) history[d] = 1.0;  // the last 27 history days + today = 1
  SimulationSetup s = one_item(history, {1});
  s.suppliers[0].stated_lead_time_mean = 3;
  auto naive = make_naive_policy();
  EXPECT_EQ(decide(*naive, s, 3, 0)[0], 28);
  EXPECT_EQ(decide(*naive, s, 4, 0)[0], 0);
}

TEST(BaselineTest, MinMaxFromLeadTimeDemandAndEoq) {
  std::vector<double> history;
  for (int d = 0; d < 56; ++d) history.push_back(d % 2 ? 3.0 : 1.0);
  SimulationSetup s = one_item(history, {1});  // today's demand 1 joins the window
  auto& sup = s.suppliers[0];
  sup.stated_lead_time_mean = 4;
  sup.stated_lead_time_sd = 1;
  sup.order_cost = 50;
  s.items[0].unit_cost = 10;
  s.holding_rate = 0.25;
  // The window is the last 27 history days plus today; mean and sample sd over it.
  std::vector<double> window(s.items[0].demand.end() - 28, s.items[0].demand.end());
  double m = 0, ss = 0;
  for (double x : window) m += x / 28;
  for (double x : window) ss += (x - m) * (x - m);
  const double sd = std::sqrt(ss / 27);
  const double min_level = 4 * m + std::sqrt(4 * sd * sd + m * m * 1);
  const double max_level = min_level + std::sqrt(2 * 365 * m * 50 / (0.25 * 10));
  auto minmax = make_minmax_policy();
  EXPECT_EQ(minmax->name(), "minmax");
  const Quantity at_min = static_cast<Quantity>(std::floor(min_level));
  EXPECT_EQ(decide(*minmax, s, at_min, 0)[0],
            static_cast<Quantity>(std::ceil(max_level - static_cast<double>(at_min))));
  EXPECT_EQ(decide(*minmax, s, at_min + 1, 0)[0], 0);
}

// Poisson draws for the policy test (Knuth; small means only).
std::vector<double> poisson_series(double mean, int days, std::uint64_t seed) {
  std::vector<double> out;
  std::uint64_t state = seed;
  auto uniform = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return ((state >> 11) + 0.5) * 0x1.0p-53;
  };
  for (int d = 0; d < days; ++d) {
    double l = std::exp(-mean), p = 1;
    int k = -1;
    do {
      ++k;
      p *= uniform();
    } while (p > l);
    out.push_back(k);
  }
  return out;
}

// One supplier, 60 Poisson items across the three classes; 120 days of history, 280 replayed.
SimulationSetup poisson_world() {
  SimulationSetup s;
  SimSupplier sup;
  sup.order_cost = 40;
  sup.stated_lead_time_mean = sup.lead_time_mean = 5;
  sup.stated_lead_time_sd = sup.lead_time_sd = 1;
  s.suppliers.push_back(sup);
  for (int i = 0; i < 60; ++i) {
    SimItem item;
    item.unit_cost = 5 + i % 7;
    item.unit_price = 2 * item.unit_cost;
    item.abc = "ABC"[i % 3];
    item.demand = poisson_series(2 + i % 5, 400, 17 + i);
    item.initial_on_hand = 30;
    s.items.push_back(item);
  }
  s.start = 120;
  s.days = 280;
  return s;
}

TEST(ForecastPolicyTest, CalibratedPolicyHitsItsCycleServiceTarget) {
  const SimulationSetup s = poisson_world();
  auto cache = build_forecast_cache(s, profile_forecaster(), 7, 60, 2);
  ASSERT_TRUE(cache.is_ok());
  PolicyConfig config;
  // The joint-EOQ cadence: the default cap of 3 days buys turnover with order cost, which on a
  // single supplier ordering for 60 slow items costs more than naive loses.
  config.max_review_days = 28;
  auto calibrated = calibrate_safety_multipliers(s, config, *cache, 8);
  ASSERT_TRUE(calibrated.is_ok());
  auto ours = make_forecast_policy(*calibrated, *cache);
  auto r = simulate(s, *ours);
  ASSERT_TRUE(r.is_ok());
  for (int c = 0; c < 3; ++c)
    EXPECT_NEAR(r->by_class[c].achieved, config.service[c].level, 0.03) << "class " << c;
  auto naive = make_naive_policy();
  auto base = simulate(s, *naive);
  EXPECT_LT(r->total_cost, base->total_cost);
}

TEST(ForecastPolicyTest, ScheduledMultipliersApplyFromTheirDay) {
  const SimulationSetup s = poisson_world();
  auto cache = build_forecast_cache(s, profile_forecaster(), 7, 60, 2);
  ASSERT_TRUE(cache.is_ok());
  PolicyConfig config;
  config.safety_multiplier = {0, 0, 0};
  auto run = [&](std::vector<MultiplierStep> schedule) {
    auto policy = make_forecast_policy(config, *cache, std::move(schedule));
    return simulate(s, *policy).value();
  };
  const PolicyResult plain = run({});
  const PolicyResult raised = run({{s.start + s.days / 2, {2, 2, 2}}});
  const PolicyResult never = run({{s.start + s.days, {2, 2, 2}}});  // after the last decision
  EXPECT_GT(raised.holding_cost, plain.holding_cost);
  EXPECT_LT(raised.units_lost, plain.units_lost);
  EXPECT_DOUBLE_EQ(never.total_cost, plain.total_cost);
}

}  // namespace
}  // namespace oiis::inventory
