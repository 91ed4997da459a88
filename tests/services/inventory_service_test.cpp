// The inventory service over an in-memory store holding a small generated world.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include "data/generator_writer.h"
#include "data/world.h"
#include "services/inventory_service.h"

namespace oiis::services {
namespace {

class InventoryServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    GeneratorConfig config;
    config.seed = 11;
    config.products = 80;
    config.customers = 4000;
    config.days = 540;
    world_ = new world::World(world::build_world(config));
    auto store = open_store(":memory:");
    ASSERT_TRUE(store.is_ok());
    store_ = std::move(store).value().release();
    ASSERT_TRUE(write_world_to_store(*world_, *store_).is_ok());
    auto snapshot = build_snapshot(*store_);
    ASSERT_TRUE(snapshot.is_ok()) << snapshot.status().to_string();
    snapshot_ = new InventorySnapshot(std::move(snapshot).value());
  }
  static void TearDownTestSuite() {
    delete snapshot_;
    delete store_;
    delete world_;
  }
  static world::World* world_;
  static Store* store_;
  static InventorySnapshot* snapshot_;
};
world::World* InventoryServiceTest::world_ = nullptr;
Store* InventoryServiceTest::store_ = nullptr;
InventorySnapshot* InventoryServiceTest::snapshot_ = nullptr;

TEST_F(InventoryServiceTest, SnapshotMatchesTheWorld) {
  const InventorySnapshot& s = *snapshot_;
  EXPECT_EQ(s.products.size(), world_->products.size());
  EXPECT_EQ(s.end_day, world_->end_date);
  double units = 0, world_units = 0;
  for (const auto& series : s.demand)
    for (double q : series) units += q;
  long cancelled = 0;
  for (const auto& o : world_->orders) {
    if (!counts_as_demand(o.status)) {
      ++cancelled;
      continue;
    }
    for (const auto& l : o.lines) world_units += static_cast<double>(l.quantity);
  }
  EXPECT_DOUBLE_EQ(units, world_units) << "net demand: every order line but cancelled orders'";
  EXPECT_GT(cancelled, 0);
  EXPECT_EQ(s.adjustments.cancelled_orders, cancelled);
  EXPECT_FALSE(s.purchases.empty());
  // Prices rebuilt from the log end at the current list price.
  EXPECT_DOUBLE_EQ(daily_prices(s, 0).back(), s.products[0].price);
}

TEST_F(InventoryServiceTest, AbcMatrixCoversEveryProduct) {
  auto r = abc_report(*snapshot_, InventoryOptions{});
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  int total = 0;
  for (const auto& row : r->matrix)
    for (int n : row) total += n;
  EXPECT_EQ(total, static_cast<int>(world_->products.size()));
  EXPECT_EQ(r->rows.front().cls.abc, 'A');
  EXPECT_EQ(to_json(*r)["provenance"]["model_version"], kInventoryModelVersion);
}

TEST_F(InventoryServiceTest, ReorderPlanDraftsBecomePurchaseOrders) {
  InventoryOptions o;
  o.forecast_method = "ses";
  auto r = reorder_plan(*snapshot_, o);
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  ASSERT_FALSE(r->plan.lines.empty());
  for (const auto& l : r->plan.lines) {
    EXPECT_GT(l.quantity, 0);
    EXPECT_GE(l.order_by, r->plan.date);
    EXPECT_FALSE(l.reason.empty());
  }
  auto saved = save_drafts(*store_, r->plan);
  ASSERT_TRUE(saved.is_ok()) << saved.status().to_string();
  ASSERT_EQ(saved->size(), r->plan.drafts.size());
  const PurchaseOrder& draft = saved->front();
  EXPECT_EQ(draft.status, PurchaseOrderStatus::kDraft);
  auto approved = approve_purchase_order(*store_, draft.id);
  ASSERT_TRUE(approved.is_ok()) << approved.status().to_string();
  EXPECT_EQ(approved->status, PurchaseOrderStatus::kOrdered);
  auto again = approve_purchase_order(*store_, draft.id);
  EXPECT_EQ(again.status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(approve_purchase_order(*store_, 99999999).status().code(), ErrorCode::kNotFound);
}

TEST_F(InventoryServiceTest, BadPolicyConfigNamesTheField) {
  InventoryOptions o;
  o.policy.service[0].level = 1.5;
  auto r = reorder_plan(*snapshot_, o);
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().field(), "service.A");
}

TEST_F(InventoryServiceTest, OursBeatsNaiveOnTheHeldOutPeriod) {
  SimulationOptions so;
  so.holdout_days = 180;
  so.validation_days = 120;
  auto r = simulate_policies(*snapshot_, InventoryOptions{}, so);
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  ASSERT_EQ(r->policies.size(), 3u);
  const auto& ours = r->policies[0];
  const auto& naive = r->policies[1];
  EXPECT_EQ(ours.name, "ours");
  EXPECT_EQ(naive.name, "naive");
  EXPECT_EQ(r->policies[2].name, "minmax");
  EXPECT_LT(ours.total_cost, naive.total_cost);
  EXPECT_GE(ours.fill_rate, naive.fill_rate);
  auto j = to_json(*r);
  EXPECT_TRUE(j["policies"][0].contains("cycle_service_level"));
  // Re-calibrated every 91 replayed days, each time from history before that day.
  ASSERT_EQ(r->recalibrations.size(), 2u);
  EXPECT_EQ(r->recalibrations[1].from_day, 91);
  EXPECT_EQ(j["recalibrations"][1]["from"], format_date(r->start + 91));
  EXPECT_EQ(j["provenance"]["parameters"]["simulation"]["holdout_days"], 180);
}

TEST_F(InventoryServiceTest, ReportsAreStoredWithModelVersionDataDateAndParameters) {
  InventoryOptions o;
  o.forecast_method = "profile";
  auto r = reorder_plan(*snapshot_, o);
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  const std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / "oiis-inventory-artefacts";
  std::filesystem::remove_all(dir);
  auto path = write_report_artefact(to_json(*r), "reorder", dir.string());
  ASSERT_TRUE(path.is_ok()) << path.status().to_string();
  const std::string date = format_date(world_->end_date - 1);
  EXPECT_EQ(*path, (dir / ("inventory-reorder-" + date + ".json")).string());
  std::ifstream in(*path);
  const auto stored = nlohmann::json::parse(in);
  EXPECT_EQ(stored["provenance"]["model_version"], kInventoryModelVersion);
  EXPECT_EQ(stored["provenance"]["data_date"], date);
  EXPECT_EQ(stored["provenance"]["parameters"]["forecast_method"], "profile");
  EXPECT_EQ(stored["provenance"]["parameters"]["policy"]["max_review_days"], o.policy.max_review_days);
  EXPECT_EQ(stored["lines"].size(), r->plan.lines.size());

  auto bad = write_report_artefact({{"lines", 1}}, "reorder", dir.string());  // no provenance
  EXPECT_EQ(bad.status().field(), "report");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), {}), 1);  // no .tmp left
}

TEST(StoredCalibrationTest, NewestSimulationOfThisVersionAndTargetsWins) {
  const std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / "oiis-calibrations";
  std::filesystem::remove_all(dir);
  const inventory::PolicyConfig policy;
  EXPECT_FALSE(latest_calibration(dir.string(), policy).has_value());  // no directory yet
  InventoryOptions o;
  auto simulation = [&](const std::string& version, const std::string& date, double a) {
    nlohmann::json j = {{"provenance", {{"model_version", version}, {"data_date", date},
                                        {"parameters", parameters_json(o)}}},
                        {"safety_multiplier", {9, 9, 9}},
                        {"recalibrations", {{{"safety_multiplier", {a, 0.5, 0.25}}}}}};
    ASSERT_TRUE(write_report_artefact(j, "simulation", dir.string()).is_ok());
  };
  simulation(kInventoryModelVersion, "2024-01-01", 0.7);
  simulation(kInventoryModelVersion, "2024-06-01", 0.8);
  simulation("oiis-inventory/0.9", "2024-09-01", 0.9);  // another model version
  o.policy.service[0].level = 0.99;
  simulation(kInventoryModelVersion, "2024-12-01", 1.0);  // other targets
  auto c = latest_calibration(dir.string(), policy);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->multiplier, (std::array<double, 3>{0.8, 0.5, 0.25}));
  EXPECT_NE(c->path.find("2024-06-01"), std::string::npos);
}

// One bad product: the plan lists it as unplanned, naming the field and SKU, and plans the
// rest; the replay (a whole-catalogue experiment) refuses naming the same.
TEST_F(InventoryServiceTest, PlanSkipsAndReplayRefusesTheSameBadProductsNamingThem) {
  InventorySnapshot s = *snapshot_;
  InventoryOptions o;
  o.forecast_method = "profile";
  std::size_t active = 0;
  while (!s.products[active].active) ++active;
  const auto lines_before = reorder_plan(s, o)->plan.lines.size();
  auto check = [&](const char* field) {
    auto plan = reorder_plan(s, o);
    ASSERT_TRUE(plan.is_ok()) << plan.status().to_string();
    ASSERT_EQ(plan->plan.unplanned.size(), s.locations.size());
    EXPECT_EQ(plan->plan.unplanned[0].sku, s.products[active].sku);
    EXPECT_NE(plan->plan.unplanned[0].field.find(field), std::string::npos);
    EXPECT_GE(plan->plan.lines.size() + s.locations.size(), lines_before);
    EXPECT_GT(plan->plan.lines.size(), 0u);
    const Status replay = simulate_policies(s, o, {}).status();
    EXPECT_EQ(replay.code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(replay.field().find(field), std::string::npos) << replay.to_string();
    EXPECT_NE(replay.message().find(s.products[active].sku), std::string::npos);
  };
  s.products[active].supplier_id.reset();
  check("supplier_id");
  s = *snapshot_;
  s.products[active].price = 0;
  check("unit_price");
}

TEST_F(InventoryServiceTest, ElasticitiesRecoverTheGeneratorsTruth) {
  auto r = pricing_report(*snapshot_, InventoryOptions{});
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  double error = 0;
  for (std::size_t i = 0; i < r->rows.size(); ++i)
    error += std::abs(r->rows[i].elasticity - world_->truth.products[i].elasticity);
  if (std::getenv("OIIS_DEBUG_ELASTICITY"))
    for (std::size_t i = 0; i < r->rows.size(); ++i)
      std::printf("%s %-14s truth %.2f raw %.2f se %.2f n %d shrunk %.2f base %.2f\n", r->rows[i].sku.c_str(),
                  r->rows[i].category.c_str(), world_->truth.products[i].elasticity,
                  r->rows[i].raw.elasticity, r->rows[i].raw.std_error, r->rows[i].raw.observations,
                  r->rows[i].elasticity, world_->truth.products[i].base_demand);
  const double mae = error / r->rows.size();
  EXPECT_LT(mae, 0.4) << "MAE " << mae;  // the full 1000-product world is measured in docs
}

TEST_F(InventoryServiceTest, ScorecardsSeeLateSuppliers) {
  auto cards = supplier_scorecards(*snapshot_);
  ASSERT_EQ(cards.size(), world_->suppliers.size());
  for (std::size_t i = 0; i < cards.size(); ++i) {
    const auto& truth = world_->truth.suppliers[i];
    if (cards[i].card.received_orders < 10) continue;
    if (truth.chronically_late) {
      EXPECT_LT(cards[i].card.on_time_rate, 0.85) << i;
    }
    EXPECT_GT(cards[i].card.fill_rate, 0.99);
  }
}

}  // namespace
}  // namespace oiis::services
