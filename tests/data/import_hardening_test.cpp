// Issue 11 rows 5, 9 and 10 at the import boundary: hostile files are rejected row by row (or
// refused whole) with a reason, never crash, and never reach the store.
#include "data/import_test_support.h"

namespace oiis::testing {
namespace {

std::int64_t products_in(Store& store) { return store.stats()->products; }

// Row 5: `oiis import --format jsonl` aborted on 1e309 (an exception nobody caught).
TEST(ImportHardening, Row5JsonlHugeNumberIsARowRejection) {
  auto store = memory_store();
  ImportOptions options = csv_of(Entity::kProducts);
  options.format = ImportFormat::kJsonl;
  auto report = import_text(*store, "{\"sku\":\"A\",\"name\":\"a\",\"price\":1e309}\n", options);
  ASSERT_TRUE(report.is_ok()) << report.status().to_string();
  EXPECT_FALSE(report->committed);
  ASSERT_EQ(report->first_rejections.size(), 1u);
  EXPECT_EQ(report->first_rejections[0].field, "line");
  EXPECT_EQ(products_in(*store), 0);
}

TEST(ImportHardening, JsonlDeepNestingIsARowRejection) {
  auto store = memory_store();
  ImportOptions options = csv_of(Entity::kProducts);
  options.format = ImportFormat::kJsonl;
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  auto report = import_text(*store, deep + "\n", options);
  ASSERT_TRUE(report.is_ok()) << report.status().to_string();
  EXPECT_EQ(report->rows_rejected, 1);
  EXPECT_EQ(products_in(*store), 0);
}

// Row 9: invalid UTF-8 in a name or sku was imported, and GET /api/v1/products then failed.
TEST(ImportHardening, Row9InvalidUtf8IsRejectedNamingTheField) {
  auto store = memory_store();
  auto name = import_text(*store, "sku,name,price\nA-1,bad \xff name,1\n",
                          csv_of(Entity::kProducts));
  ASSERT_TRUE(name.is_ok()) << name.status().to_string();
  EXPECT_FALSE(name->committed);
  ASSERT_EQ(name->first_rejections.size(), 1u);
  EXPECT_EQ(name->first_rejections[0].field, "name");
  auto sku = import_text(*store, "sku,name,price\n\xc3\x28,n,1\n", csv_of(Entity::kProducts));
  ASSERT_TRUE(sku.is_ok());
  ASSERT_EQ(sku->first_rejections.size(), 1u);
  EXPECT_EQ(sku->first_rejections[0].field, "sku");
  EXPECT_EQ(products_in(*store), 0);
}

// Row 10: any record of 1 MiB or more crashed the import.
TEST(ImportHardening, Row10MegabyteRecordsDoNotCrash) {
  auto store = memory_store();
  for (std::size_t size : {std::size_t(1) << 20, (std::size_t(1) << 20) + 7, std::size_t(3) << 20}) {
    const std::string text = "sku,name,price\nA-1," + std::string(size, 'n') + ",1\n";
    auto report = import_text(*store, text, csv_of(Entity::kProducts));
    ASSERT_TRUE(report.is_ok()) << report.status().to_string();
    EXPECT_FALSE(report->committed) << size;
    ASSERT_EQ(report->first_rejections.size(), 1u) << size;
    EXPECT_EQ(report->first_rejections[0].field, "name");
    EXPECT_LT(report->first_rejections[0].reason.size(), 1000u);
  }
  const std::string quoted = "sku,name,price\nA-1,\"" + std::string(1 << 20, 'q') + "\",1\n";
  auto report = import_text(*store, quoted, csv_of(Entity::kProducts));
  ASSERT_TRUE(report.is_ok()) << report.status().to_string();
  EXPECT_FALSE(report->committed);
  EXPECT_EQ(products_in(*store), 0);
}

TEST(ImportHardening, OrdersOutsideTheDateWindowAreRejected) {
  auto store = memory_store();
  ASSERT_TRUE(import_text(*store, "sku,name,price\nA-1,a,1\n", csv_of(Entity::kProducts)));
  ASSERT_TRUE(import_text(*store, "code,name,kind\nW,w,warehouse\n", csv_of(Entity::kLocations)));
  auto report = import_text(*store,
                            "external_id,placed_at,sku,quantity\nO1,0001-01-01T00:00:00Z,A-1,1\n",
                            csv_of(Entity::kOrders));
  ASSERT_TRUE(report.is_ok()) << report.status().to_string();
  EXPECT_FALSE(report->committed);
  EXPECT_EQ(store->stats()->orders, 0);
}

}  // namespace
}  // namespace oiis::testing
