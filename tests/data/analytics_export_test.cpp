// `oiis export analytics` (data/analytics_export.h): month folders whose row counts equal the
// store's, files that decompress and parse, a month re-run replaced whole with the others kept,
// and bad flags refused by name.
#include "data/analytics_export.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "common/time.h"
#include "data/csv.h"
#include "import_test_support.h"

namespace oiis {
namespace {

namespace fs = std::filesystem;
using testing::memory_store;

Timestamp midnight_of(int year, int month, int day) {
  return timestamp_of(date_from_civil(year, month, day));
}

// Orders in Jan, Feb and Mar 2024 (Feb: none), awkward text, a movement per order.
// `tag` keeps a second call's location and product apart from the first's.
void seed_months(Store& store, const std::vector<std::pair<Timestamp, int>>& orders,
                 const std::string& tag = "") {
  auto w = store.begin_bulk();
  ASSERT_TRUE(w.is_ok()) << w.status().to_string();
  BulkWriter& b = **w;
  const Id lid = b.add_location({.code = "WH" + tag, .name = "Main"}).value();
  Product p;
  p.sku = "SKU,\"1\"" + tag;
  p.name = "Mug";
  p.price = 2.5;
  const Id pid = b.add_product(p).value();
  for (const auto& [at, lines] : orders) {
    Order o;
    o.location_id = lid;
    o.placed_at = at;
    o.external_id = "INV-" + std::to_string(at) + "\nsecond line";
    for (int i = 0; i < lines; ++i) o.lines.push_back({0, 0, pid, p.sku, 1 + i, 2.5, 0});
    const Id oid = b.add_order(o).value();
    StockMovement m;
    m.product_id = pid;
    m.location_id = lid;
    m.type = MovementType::kSale;
    m.quantity = -1;
    m.reason = "order";
    m.order_id = oid;
    m.at = at;
    ASSERT_TRUE(b.add_movement(m).is_ok());
  }
  ASSERT_TRUE(b.commit().is_ok());
}

std::string gunzip(const fs::path& path) {
  gzFile f = gzopen(path.c_str(), "rb");
  EXPECT_NE(f, nullptr) << path;
  std::string out;
  char buf[65536];
  for (int n; f && (n = gzread(f, buf, sizeof buf)) > 0;) out.append(buf, n);
  if (f) gzclose(f);
  return out;
}

// The records of a file (header first).
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  CsvReader reader(string_source(text));
  std::vector<std::vector<std::string>> rows;
  while (reader.next()) rows.emplace_back(reader.fields().begin(), reader.fields().end());
  EXPECT_TRUE(reader.status().is_ok()) << reader.status().to_string();
  return rows;
}

nlohmann::json read_manifest(const fs::path& dir) {
  std::ifstream in(dir / "manifest.json");
  return nlohmann::json::parse(in);
}

class AnalyticsExport : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "oiis-analytics-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    store_ = memory_store();
    seed_months(*store_, {{midnight_of(2024, 1, 3), 2},
                          {midnight_of(2024, 1, 31) + 86399, 1},
                          {midnight_of(2024, 3, 1), 3}});
  }
  void TearDown() override { fs::remove_all(dir_); }
  AnalyticsExportSummary run(std::optional<YearMonth> from = {}, std::optional<YearMonth> to = {}) {
    auto done = export_analytics(*store_, {dir_.string(), from, to});
    EXPECT_TRUE(done.is_ok()) << done.status().to_string();
    return done ? *done : AnalyticsExportSummary{};
  }
  // Rows of `table` in the store for `month`, counted through the store's own filters.
  std::int64_t store_rows(const std::string& table, YearMonth m) {
    YearMonth next = m.month == 12 ? YearMonth{m.year + 1, 1} : YearMonth{m.year, m.month + 1};
    OrderFilter f;
    f.placed_from = midnight_of(m.year, m.month, 1);
    f.placed_to = midnight_of(next.year, next.month, 1);
    std::int64_t orders = 0, lines = 0;
    EXPECT_TRUE(store_
                    ->scan_orders(f,
                                  [&](const Order& o) {
                                    ++orders;
                                    lines += static_cast<std::int64_t>(o.lines.size());
                                    return true;
                                  })
                    .is_ok());
    return table == "orders" ? orders : table == "order_lines" ? lines : orders;  // 1 move each
  }
  fs::path dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(AnalyticsExport, CountsPerMonthEqualTheStoresAndFilesParse) {
  AnalyticsExportSummary s = run();
  EXPECT_EQ(s.months, 3);  // Jan to Mar, the empty February included
  ASSERT_EQ(s.files.size(), 9u);
  auto manifest = read_manifest(dir_);
  ASSERT_EQ(manifest["files"].size(), 9u);
  for (const auto& f : manifest["files"]) {
    const std::string table = f["table"];
    auto month = parse_year_month(f["month"].get<std::string>(), "month");
    ASSERT_TRUE(month.is_ok());
    EXPECT_EQ(f["rows"].get<std::int64_t>(), store_rows(table, *month)) << f.dump();
    auto rows = parse_csv(gunzip(dir_ / f["path"].get<std::string>()));
    ASSERT_FALSE(rows.empty());
    EXPECT_EQ(static_cast<std::int64_t>(rows.size()) - 1, f["rows"].get<std::int64_t>());
    const auto& columns = manifest["tables"][table];
    ASSERT_EQ(rows[0].size(), columns.size());
    for (size_t i = 0; i < columns.size(); ++i) EXPECT_EQ(rows[0][i], columns[i]["name"]);
    for (const auto& r : rows) EXPECT_EQ(r.size(), columns.size());
  }
  auto jan_orders = parse_csv(gunzip(dir_ / "orders/month=2024-01/part-0.csv.gz"));
  ASSERT_EQ(jan_orders.size(), 3u);
  EXPECT_EQ(jan_orders[2][7], "2024-01-31 23:59:59");  // the month's last second stays in it
  EXPECT_EQ(jan_orders[1][1].find("\nsecond line") != std::string::npos, true);
  EXPECT_EQ(jan_orders[1][2], "");  // a guest order's customer: null
  auto lines = parse_csv(gunzip(dir_ / "order_lines/month=2024-03/part-0.csv.gz"));
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[1][3], "SKU,\"1\"");
}

TEST_F(AnalyticsExport, ReRunningAMonthReplacesItAndKeepsTheOthers) {
  run();
  seed_months(*store_, {{midnight_of(2024, 3, 20), 1}}, "-2");
  AnalyticsExportSummary again = run(YearMonth{2024, 3}, YearMonth{2024, 3});
  EXPECT_EQ(again.months, 1);
  auto manifest = read_manifest(dir_);
  ASSERT_EQ(manifest["files"].size(), 9u);  // January's and February's kept, March's replaced
  for (const auto& f : manifest["files"])
    if (f["table"] == "orders" && f["month"] == "2024-03") {
      EXPECT_EQ(f["rows"], 2);
    }
  EXPECT_EQ(parse_csv(gunzip(dir_ / "orders/month=2024-03/part-0.csv.gz")).size(), 3u);
  for (const auto& entry : fs::recursive_directory_iterator(dir_))
    EXPECT_EQ(entry.path().filename().string().find(".tmp"), std::string::npos) << entry.path();
}

TEST_F(AnalyticsExport, BadFlagsAreRefusedByNameAndWriteNothing) {
  auto month = parse_year_month("2024-13", "--from");
  EXPECT_EQ(month.status().field(), "--from");
  EXPECT_EQ(parse_year_month("2024-1", "--to").status().field(), "--to");
  EXPECT_EQ(parse_year_month("24-01-01", "--to").status().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(parse_year_month("2024-02", "--to").is_ok());

  auto backwards =
      export_analytics(*store_, {dir_.string(), YearMonth{2024, 3}, YearMonth{2024, 1}});
  EXPECT_EQ(backwards.status().field(), "--to");
  EXPECT_EQ(export_analytics(*store_, {"", {}, {}}).status().field(), "--out");
  EXPECT_TRUE(fs::is_empty(dir_));
}

}  // namespace
}  // namespace oiis
