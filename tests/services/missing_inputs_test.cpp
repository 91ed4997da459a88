// A shop whose history is sales only (no suppliers, costs or stock records, as an imported
// order file) still gets its ABC, reorder plan and pricing report, and every line affected by
// a missing input says which input; the one complete product plans as usual.
#include <gtest/gtest.h>

#include <algorithm>

#include "services/inventory_service.h"
#include "support/tiny_store.h"

namespace oiis::services {
namespace {

using MissingInputsTest = TinyStoreTest;

bool mentions(const std::vector<std::string>& notes, std::string_view what) {
  return std::any_of(notes.begin(), notes.end(),
                     [&](const std::string& n) { return n.starts_with(what); });
}

class SalesOnlyShop : public MissingInputsTest {
 protected:
  void SetUp() override {
    MissingInputsTest::SetUp();
    for (int day = 0; day < 120; ++day)
      for (std::size_t p = 0; p < 3; ++p) order(day, p, 3 + (day + p) % 4, OrderStatus::kDelivered);
    ASSERT_TRUE(writer_->commit().is_ok());
    writer_.reset();
    auto s = build_snapshot(*store_, {std::nullopt, true});
    ASSERT_TRUE(s.is_ok()) << s.status().to_string();
    snapshot_ = std::move(s).value();
  }
  InventorySnapshot snapshot_;
};

TEST_F(SalesOnlyShop, TheReorderPlanListsWhatItCouldNotPlanAndPlansTheRest) {
  auto r = reorder_plan(snapshot_, InventoryOptions{});
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  ASSERT_EQ(r->plan.unplanned.size(), 2u) << "A and B have no supplier";
  for (const auto& u : r->plan.unplanned) {
    EXPECT_NE(u.sku, "C");
    EXPECT_TRUE(u.field.ends_with("supplier_id")) << u.field;
    EXPECT_EQ(u.name, "product " + u.sku);
  }
  ASSERT_EQ(r->plan.lines.size(), 1u) << "C sells ~4.5 a day with 3 on hand";
  const auto& line = r->plan.lines[0];
  EXPECT_EQ(line.sku, "C");
  EXPECT_EQ(line.name, "product C");
  EXPECT_TRUE(line.missing.empty()) << ::testing::PrintToString(line.missing);
  EXPECT_GT(r->plan.total_cost, 0);
  const auto caveats = plan_caveats(r->plan);
  EXPECT_TRUE(mentions(caveats, "2 products could not be planned"))
      << ::testing::PrintToString(caveats);
}

TEST_F(SalesOnlyShop, LinesWithoutStockOrCostSayWhichInputIsMissing) {
  // Give A and B a supplier the plan knows, but still no cost and no stock record.
  for (auto& p : snapshot_.products) p.supplier_id = supplier_;
  auto r = reorder_plan(snapshot_, InventoryOptions{});
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_TRUE(r->plan.unplanned.empty());
  ASSERT_EQ(r->plan.lines.size(), 3u);
  for (const auto& l : r->plan.lines) {
    const bool complete = l.sku == "C";
    EXPECT_EQ(mentions(l.missing, "stock:"), !complete) << l.sku;
    EXPECT_EQ(mentions(l.missing, "cost:"), !complete) << l.sku;
  }
  EXPECT_EQ(r->plan.lines_without_cost, 2u);
  const auto j = to_json(*r);
  EXPECT_EQ(j["caveats"].size(), 2u) << j["caveats"].dump();
}

TEST_F(SalesOnlyShop, DeclaredDefaultsPlanEveryProductAndEachLineSaysWhichItUsed) {
  InventoryOptions o;
  o.default_supplier = supplier_;
  o.default_cost_share = 0.5;
  auto r = reorder_plan(snapshot_, o);
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_TRUE(r->plan.unplanned.empty());
  ASSERT_EQ(r->plan.lines.size(), 3u);
  for (const auto& l : r->plan.lines) {
    const bool complete = l.sku == "C";
    EXPECT_EQ(mentions(l.missing, "supplier: none set"), !complete) << l.sku;
    EXPECT_EQ(mentions(l.missing, "cost: unknown, taken as 50%"), !complete) << l.sku;
    EXPECT_DOUBLE_EQ(l.unit_cost, 1.0) << l.sku << ": C's own cost, or half of the price 2";
  }
  EXPECT_EQ(r->plan.lines_without_cost, 0u);
}

TEST_F(SalesOnlyShop, PricingRefusesToGuessWithoutCostOrItsOwnElasticity) {
  auto r = pricing_report(snapshot_, InventoryOptions{});
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  ASSERT_EQ(r->rows.size(), 3u);
  for (const auto& row : r->rows) {
    // No price ever changed: no product's elasticity is identified, whatever its cost.
    EXPECT_TRUE(mentions(row.missing, "elasticity:")) << row.sku;
    EXPECT_EQ(mentions(row.missing, "cost:"), row.sku != "C") << row.sku;
  }
  const auto j = to_json(*r);
  for (const auto& item : j["items"]) EXPECT_TRUE(item["recommended_price"].is_null()) << item;
}

TEST_F(SalesOnlyShop, AbcNamesEveryProduct) {
  auto r = abc_report(snapshot_, InventoryOptions{});
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  ASSERT_EQ(r->rows.size(), 3u);
  for (const auto& row : r->rows) EXPECT_EQ(row.name, "product " + row.sku);
}

}  // namespace
}  // namespace oiis::services
