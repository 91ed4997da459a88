// The assistant's tables and the read-only query, on both backends (store/agent_tables.h).
#include <gtest/gtest.h>

#include "store/agent_tables.h"
#include "store/store_contract.h"

namespace oiis::testing {
namespace {

TEST_P(StoreContract, AgentThreadsAndCheckpointsRoundTrip) {
  auto& t = store_->agents();
  ASSERT_TRUE(t.save_thread({"t-1", "What should I reorder?", "", 100, 100}).is_ok());
  ASSERT_TRUE(t.save_thread({"t-2", "Revenue last month", "", 100, 200}).is_ok());
  ASSERT_TRUE(t.save_thread({"t-1", "Reorders", "", 100, 300}).is_ok());  // rename + touch
  auto list = must(t.list_threads(10));
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].id, "t-1");  // most recently updated first
  EXPECT_EQ(list[0].title, "Reorders");
  ASSERT_TRUE(t.put_checkpoint({"t-1", 1, R"({"turn":1})"}).is_ok());
  ASSERT_TRUE(t.put_checkpoint({"t-1", 2, R"({"turn":2})"}).is_ok());
  auto dup = t.put_checkpoint({"t-1", 2, "{}"});
  EXPECT_FALSE(dup.is_ok());
  auto cps = must(t.checkpoints("t-1"));
  ASSERT_EQ(cps.size(), 2u);
  EXPECT_EQ(cps[1].body, R"({"turn":2})");
  ASSERT_TRUE(t.delete_checkpoints("t-1", {1}).is_ok());
  EXPECT_EQ(must(t.checkpoints("t-1")).size(), 1u);
  ASSERT_TRUE(t.delete_thread("t-1").is_ok());
  EXPECT_EQ(t.get_thread("t-1").status().code(), ErrorCode::kNotFound);
  EXPECT_TRUE(must(t.checkpoints("t-1")).empty());
  EXPECT_EQ(t.delete_thread("t-1").code(), ErrorCode::kNotFound);
}

TEST_P(StoreContract, ReadOnlyQueryAnswersSelectsWithValues) {
  Product p;
  p.sku = "SKU-Q";
  p.name = "Query mug";
  p.price = 4.5;
  ASSERT_TRUE(store_->create_product(p).is_ok());
  auto r = must(store_->agents().read_only_query(
      "SELECT sku, name, price FROM products WHERE sku = ? AND price > ?", {"SKU-Q", 1}, QueryLimits{}));
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.columns.size(), 3u);
  EXPECT_EQ(r.rows[0][1], "Query mug");
  EXPECT_DOUBLE_EQ(r.rows[0][2].get<double>(), 4.5);
  QueryLimits one;
  one.max_rows = 1;
  auto capped = must(store_->agents().read_only_query(
      "SELECT 1 AS a UNION ALL SELECT 2", {}, one));
  EXPECT_EQ(capped.rows.size(), 1u);
  EXPECT_TRUE(capped.truncated);
}

TEST_P(StoreContract, ReadOnlyQueryRefusesWritesOtherTablesAndSecondStatements) {
  Product p;
  p.sku = "SKU-W";
  p.name = "Kept";
  p.price = 1;
  ASSERT_TRUE(store_->create_product(p).is_ok());
  auto& q = store_->agents();
  for (const char* sql : {"DELETE FROM products", "UPDATE products SET name = 'x'", "SELECT load_extension('x')",
                          "SELECT * FROM sqlite_master", "ATTACH DATABASE 'x.db' AS x", "PRAGMA table_info(products)",
                          "SELECT * FROM api_keys", "SELECT 1; DELETE FROM products",
                          "INSERT INTO products (sku) VALUES ('y')", "SELECT * FROM no_such_table"}) {
    auto r = q.read_only_query(sql, {}, QueryLimits{});
    ASSERT_FALSE(r.is_ok()) << sql;
    EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument) << sql;
    EXPECT_EQ(r.status().field(), "sql") << sql;
  }
  EXPECT_EQ(q.read_only_query("SELECT ?", {}, QueryLimits{}).status().field(), "params");
  if (GetParam().name == std::string("postgres"))
    for (const char* sql : {"SELECT pg_read_file('/etc/hostname')", "SELECT Pg_Ls_Dir('.')", "SELECT pg_sleep(10)",
                            "SELECT current_setting('data_directory')", "SELECT * FROM pg_authid"}) {
      auto r = q.read_only_query(sql, {}, QueryLimits{});
      EXPECT_FALSE(r.is_ok()) << sql;
      EXPECT_EQ(r.status().field(), "sql") << sql;
    }
  // Nothing changed.
  EXPECT_EQ(must(store_->get_product_by_sku("SKU-W")).name, "Kept");
}

TEST_P(StoreContract, ReadOnlyQueryStopsAtItsCostLimit) {
  QueryLimits tight;
  tight.max_steps = 100'000;
  tight.max_cost = 1000;
  tight.timeout_ms = 2000;
  auto r = store_->agents().read_only_query(
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000000) "
      "SELECT count(*) FROM n", {}, tight);
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().field(), "sql");
}

}  // namespace
}  // namespace oiis::testing
