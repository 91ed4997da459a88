// Stored alerts on both backends (store/alert_tables.h): a rescan adds only new fingerprints,
// filters and counts, and the status only moves on.
#include <gtest/gtest.h>

#include "store/alert_tables.h"
#include "store/store_contract.h"

namespace oiis::testing {
namespace {

StoredAlert alert_for(const std::string& type, Id record, const std::string& severity) {
  StoredAlert a;
  a.type = type;
  a.fingerprint = type + ":" + std::to_string(record);
  a.severity = severity;
  a.title = type + " alert on " + std::to_string(record);
  a.detail = "unusual";
  a.check = "look at it";
  a.score = 3.5;
  a.reasons = R"([{"code":"x","text":"because"}])";
  a.record_kind = type == "fraud" ? "order" : "product";
  a.record_id = record;
  a.record_key = "SKU-" + std::to_string(record);
  a.occurred_at = 1000 + record;
  return a;
}

TEST_P(StoreContract, AlertsAreAddedOnceAndListedNewestFirst) {
  auto& t = store_->alerts();
  const auto before = must(store_->data_version());
  EXPECT_EQ(must(t.add_new({alert_for("fraud", 1, "high"), alert_for("price", 2, "medium")}, 50)), 2u);
  // A rescan finds the same two and one more: only the new one is stored.
  EXPECT_EQ(must(t.add_new({alert_for("fraud", 1, "high"), alert_for("price", 2, "medium"),
                            alert_for("price", 3, "low")}, 60)),
            1u);
  EXPECT_EQ(must(store_->data_version()), before);  // alerts are not business data
  auto all = must(t.list({}));
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].record_id, 3);  // newest first
  EXPECT_EQ(all[2].reasons, R"([{"code":"x","text":"because"}])");
  EXPECT_EQ(all[2].created_at, 50);
  EXPECT_EQ(all[2].status, AlertStatus::kOpen);
  AlertFilter prices;
  prices.type = "price";
  EXPECT_EQ(must(t.list(prices)).size(), 2u);
  AlertFilter page;
  page.limit = 1;
  page.before_id = all[0].id;
  auto second = must(t.list(page));
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].id, all[1].id);
  AlertFilter of_order;
  of_order.record_kind = "order";
  of_order.record_id = 1;
  EXPECT_EQ(must(t.list(of_order)).size(), 1u);
}

TEST_P(StoreContract, AlertStatusOnlyMovesOnAndKeepsWhoAndWhy) {
  auto& t = store_->alerts();
  ASSERT_EQ(must(t.add_new({alert_for("shrinkage", 7, "high"), alert_for("price", 8, "low")}, 10)), 2u);
  const Id id = must(t.list({})).back().id;
  auto acked = must(t.set_status(id, AlertStatus::kAcknowledged, "counting again", "ops", 20));
  EXPECT_EQ(acked.status, AlertStatus::kAcknowledged);
  EXPECT_EQ(acked.note, "counting again");
  EXPECT_EQ(acked.updated_by, "ops");
  EXPECT_EQ(acked.updated_at, 20);
  EXPECT_EQ(t.set_status(id, AlertStatus::kOpen, "", "ops", 21).status().code(), ErrorCode::kConflict);
  EXPECT_EQ(t.set_status(id, AlertStatus::kAcknowledged, "", "ops", 21).status().code(),
            ErrorCode::kConflict);
  ASSERT_TRUE(t.set_status(id, AlertStatus::kResolved, "found in the back room", "ops", 30).is_ok());
  EXPECT_EQ(t.set_status(id, AlertStatus::kResolved, "", "ops", 31).status().code(), ErrorCode::kConflict);
  EXPECT_EQ(t.set_status(999999, AlertStatus::kResolved, "", "ops", 31).status().code(),
            ErrorCode::kNotFound);
  // A resolved alert found again by a rescan stays resolved.
  EXPECT_EQ(must(t.add_new({alert_for("shrinkage", 7, "high")}, 40)), 0u);
  EXPECT_EQ(must(t.get(id)).status, AlertStatus::kResolved);
  auto counts = must(t.counts({}));
  EXPECT_EQ(counts["open"], 1);
  EXPECT_EQ(counts["acknowledged"], 0);
  EXPECT_EQ(counts["resolved"], 1);
  AlertFilter price_only;
  price_only.type = "price";
  EXPECT_EQ(must(t.counts(price_only))["resolved"], 0);
}

}  // namespace
}  // namespace oiis::testing
