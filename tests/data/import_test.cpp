#include <gtest/gtest.h>
#include <time.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>

#include "data/csv.h"
#include "data/importer.h"
#include "import_test_support.h"

namespace oiis {
namespace {

using testing::csv_of;
using testing::import_text;
using testing::memory_store;
using testing::read_whole;
using testing::TempPath;

std::int64_t count_products(Store& s) {
  return s.stats()->products;
}

const char* kProducts =
    "sku,name,price,category\n"
    "A-1,\"Mug, large\",4.5,kitchen\n"
    "A-2,\"12\"\" ruler\",1.25,office\n";

TEST(ImportCsv, ImportsProductsWithQuotedFields) {
  auto store = memory_store();
  auto report = import_text(*store, kProducts, csv_of(Entity::kProducts));
  ASSERT_TRUE(report.is_ok()) << report.status().to_string();
  EXPECT_TRUE(report->committed);
  EXPECT_EQ(report->rows_read, 2);
  EXPECT_EQ(report->rows_taken, 2);
  auto mug = store->get_product_by_sku("A-1");
  ASSERT_TRUE(mug.is_ok());
  EXPECT_EQ(mug->name, "Mug, large");
  EXPECT_DOUBLE_EQ(mug->price, 4.5);
  EXPECT_EQ(store->get_product_by_sku("A-2")->name, "12\" ruler");
}

TEST(ImportCsv, OneBadRowCommitsNothing) {
  auto store = memory_store();
  const std::string text = std::string(kProducts) + "A-3,Bad price,abc,x\nA-4,Negative,-1,x\n";
  auto report = import_text(*store, text, csv_of(Entity::kProducts));
  ASSERT_TRUE(report.is_ok()) << report.status().to_string();
  EXPECT_FALSE(report->committed);
  EXPECT_EQ(report->rows_read, 4);
  EXPECT_EQ(report->rows_rejected, 2);
  ASSERT_EQ(report->first_rejections.size(), 2u);
  EXPECT_EQ(report->first_rejections[0].line, 4);
  EXPECT_EQ(report->first_rejections[0].field, "price");
  EXPECT_EQ(report->first_rejections[1].line, 5);
  EXPECT_NE(report->summary().find("line 4, field price"), std::string::npos) << report->summary();
  EXPECT_EQ(count_products(*store), 0);
}

TEST(ImportCsv, SkipInvalidCommitsGoodRowsAndWritesRejectsWithLineNumbers) {
  auto store = memory_store();
  TempPath rejects("rejects.csv");
  ImportOptions options = csv_of(Entity::kProducts);
  options.skip_invalid = true;
  options.rejects_path = rejects.str();
  const std::string text =
      std::string(kProducts) + "A-3,Bad price,abc,x\nA-1,Duplicate,2,x\nA-5,Ok,3,x\n";
  auto report = import_text(*store, text, options);
  ASSERT_TRUE(report.is_ok()) << report.status().to_string();
  EXPECT_TRUE(report->committed);
  EXPECT_EQ(report->rows_taken, 3);
  EXPECT_EQ(report->rows_rejected, 2);
  EXPECT_EQ(report->rejected_by_reason.at("price"), 1);
  EXPECT_EQ(report->rejected_by_reason.at("sku"), 1);
  EXPECT_EQ(count_products(*store), 3);
  EXPECT_FALSE(store->get_product_by_sku("A-3").is_ok());

  CsvReader r(open_file_source(rejects.str()).value());
  std::vector<std::vector<std::string>> rows;
  while (r.next()) rows.emplace_back(r.fields().begin(), r.fields().end());
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"line", "reason", "field", "raw"}));
  EXPECT_EQ(rows[1][0], "4");
  EXPECT_EQ(rows[1][2], "price");
  EXPECT_EQ(rows[1][3], "A-3,Bad price,abc,x");
  EXPECT_EQ(rows[2][0], "5");
  EXPECT_EQ(rows[2][2], "sku");
}

TEST(ImportCsv, UnknownColumnIsAnErrorNamingIt) {
  auto store = memory_store();
  auto report =
      import_text(*store, "sku,name,price,colour\nA,B,1,red\n", csv_of(Entity::kProducts));
  ASSERT_FALSE(report.is_ok());
  EXPECT_NE(report.status().message().find("unknown column 'colour'"), std::string::npos)
      << report.status().message();
  EXPECT_EQ(count_products(*store), 0);
}

TEST(ImportCsv, MissingRequiredColumnIsAnError) {
  auto store = memory_store();
  auto report = import_text(*store, "sku,name\nA,B\n", csv_of(Entity::kProducts));
  ASSERT_FALSE(report.is_ok());
  EXPECT_EQ(report.status().field(), "price");
}

TEST(ImportCsv, WrongFieldCountAndBrokenQuotingAreRowRejections) {
  auto store = memory_store();
  auto report =
      import_text(*store, "sku,name,price\nA,B\n\"C\"x,D,1\nE,F,2\n", csv_of(Entity::kProducts));
  ASSERT_TRUE(report.is_ok());
  EXPECT_EQ(report->rows_rejected, 2);
  EXPECT_EQ(report->first_rejections[0].line, 2);
  EXPECT_EQ(report->first_rejections[1].line, 3);
  EXPECT_FALSE(report->committed);
}

// A catalogue to hang orders on: two products, one location, one customer.
void seed_catalogue(Store& store) {
  ASSERT_TRUE(import_text(store, kProducts, csv_of(Entity::kProducts))->committed);
  ASSERT_TRUE(import_text(store, "code,name\nWH1,Main\n", csv_of(Entity::kLocations))->committed);
  ASSERT_TRUE(
      import_text(store, "external_id,name,region\nC1,Ann,North\n", csv_of(Entity::kCustomers))
          ->committed);
}

const char* kOrderHeader =
    "external_id,customer_id,status,placed_at,sku,quantity,unit_price,discount\n";

TEST(ImportOrders, GroupsConsecutiveRowsIntoOrders) {
  auto store = memory_store();
  seed_catalogue(*store);
  const std::string text = std::string(kOrderHeader) +
                           "O1,1,delivered,2024-01-02T10:00:00Z,A-1,2,4.5,0\n"
                           "O1,1,delivered,2024-01-02T10:00:00Z,A-2,1,1.25,0.25\n"
                           "O2,,placed,2024-01-03 09:00,A-2,3,1.25,0\n";
  auto report = import_text(*store, text, csv_of(Entity::kOrders));
  ASSERT_TRUE(report.is_ok()) << report.status().to_string();
  ASSERT_TRUE(report->committed) << report->to_text();
  EXPECT_EQ(report->items_taken, 2);
  EXPECT_EQ(report->lines_taken, 3);
  auto stats = store->stats();
  EXPECT_EQ(stats->orders, 2);
  EXPECT_EQ(stats->order_lines, 3);
  std::vector<Order> orders;
  ASSERT_TRUE(store
                  ->scan_orders({},
                                [&](const Order& o) {
                                  orders.push_back(o);
                                  return true;
                                })
                  .is_ok());
  ASSERT_EQ(orders.size(), 2u);
  EXPECT_EQ(orders[0].lines.size(), 2u);
  EXPECT_EQ(orders[0].customer_id, std::optional<Id>(1));
  EXPECT_DOUBLE_EQ(orders[0].total(), 9.0 + 1.0);
  EXPECT_FALSE(orders[1].customer_id.has_value());
}

TEST(ImportOrders, UnknownSkuOrCustomerRejectsTheWholeOrder) {
  auto store = memory_store();
  seed_catalogue(*store);
  ImportOptions options = csv_of(Entity::kOrders);
  options.skip_invalid = true;
  const std::string text = std::string(kOrderHeader) +
                           "O1,1,delivered,2024-01-02,A-1,2,4.5,0\n"
                           "O1,1,delivered,2024-01-02,NOPE,1,1.25,0\n"
                           "O2,99,delivered,2024-01-02,A-1,1,4.5,0\n"
                           "O3,1,delivered,2024-01-02,A-1,1,4.5,0\n"
                           "O3,1,delivered,2024-01-02,A-1,1,4.5,0\n"
                           "O1,1,delivered,2024-01-02,A-1,1,4.5,0\n";
  auto report = import_text(*store, text, options);
  ASSERT_TRUE(report.is_ok()) << report.status().to_string();
  EXPECT_EQ(report->rows_read, 6);
  EXPECT_EQ(report->rows_taken, 2);  // O3 only; O1 reappearing is refused as a duplicate
  EXPECT_EQ(report->rows_rejected, 4);
  ASSERT_EQ(report->first_rejections.size(), 3u);
  EXPECT_EQ(report->first_rejections[0].line, 2);
  EXPECT_EQ(report->first_rejections[0].field, "lines[1].sku");
  EXPECT_EQ(report->first_rejections[1].field, "customer_id");
  EXPECT_EQ(report->first_rejections[2].line, 7);
  EXPECT_EQ(report->first_rejections[2].field, "external_id");
  EXPECT_EQ(store->stats()->orders, 1);
}

TEST(ImportJsonl, ImportsObjectsAndRejectsUnknownFields) {
  auto store = memory_store();
  ImportOptions options;
  options.entity = Entity::kCustomers;
  options.format = ImportFormat::kJsonl;
  const std::string good =
      "{\"external_id\":\"C1\",\"name\":\"Ann\",\"region\":\"North\"}\n"
      "\n"
      "{\"external_id\":\"C2\",\"name\":\"Bo\",\"signup_at\":\"2024-02-01T00:00:00Z\"}\n";
  auto bad = import_text(*store, good + "{\"external_id\":\"C3\",\"nmae\":\"typo\"}\n", options);
  ASSERT_TRUE(bad.is_ok());
  EXPECT_FALSE(bad->committed);
  ASSERT_EQ(bad->first_rejections.size(), 1u);
  EXPECT_EQ(bad->first_rejections[0].line, 4);
  EXPECT_EQ(bad->first_rejections[0].field, "nmae");
  EXPECT_EQ(store->stats()->customers, 0);

  auto ok = import_text(*store, good, options);
  ASSERT_TRUE(ok.is_ok());
  EXPECT_TRUE(ok->committed);
  EXPECT_EQ(store->stats()->customers, 2);
}

TEST(ImportJsonl, BrokenJsonIsARowRejection) {
  auto store = memory_store();
  ImportOptions options;
  options.entity = Entity::kLocations;
  options.format = ImportFormat::kJsonl;
  auto report = import_text(*store, "{\"code\":\"A\"}\n{\"code\":\n[1]\n", options);
  ASSERT_TRUE(report.is_ok());
  EXPECT_EQ(report->rows_rejected, 2);
  EXPECT_EQ(store->stats()->locations, 0);
}

TEST(ImportFile, MissingFileIsNotFound) {
  auto store = memory_store();
  auto report = import_file(*store, "/no/such/file.csv", csv_of(Entity::kProducts));
  ASSERT_FALSE(report.is_ok());
  EXPECT_EQ(report.status().code(), ErrorCode::kNotFound);
}

// --- Online Retail

ImportOptions online_retail() {
  ImportOptions o;
  o.format = ImportFormat::kOnlineRetail;
  return o;
}

TEST(OnlineRetail, AppliesThePolicyToEachRow) {
  auto store = memory_store();
  const std::string text =
      "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
      "536365,85123A,HEART HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom\n"
      "536365,71053,\"LANTERN, METAL\",6,2010-12-01 08:26:00,3.39,17850.0,United Kingdom\n"
      "536365,POST,POSTAGE,1,2010-12-01 08:26:00,18,17850.0,United Kingdom\n"
      "536366,85123A,HEART HOLDER V2,2,2010-12-02 09:00:00,2.65,,France\n"
      "536367,21777,,-10,2010-12-02 10:00:00,0.0,,United Kingdom\n"
      "536368,21778,damaged,-5,2010-12-02 11:00:00,1.0,,United Kingdom\n"
      "C536369,71053,LANTERN,-2,2010-12-03 12:00:00,3.39,17850.0,United Kingdom\n"
      "536370,71053,LANTERN,x,2010-12-03 12:00:00,3.39,17850.0,United Kingdom\n";
  ImportOptions options = online_retail();
  auto strict = import_text(*store, text, options);
  ASSERT_TRUE(strict.is_ok()) << strict.status().to_string();
  EXPECT_FALSE(strict->committed);  // the malformed quantity blocks an all-or-nothing import
  EXPECT_EQ(strict->rows_invalid, 1);
  EXPECT_EQ(store->stats()->orders, 0);

  options.skip_invalid = true;
  auto report = import_text(*store, text, options);
  ASSERT_TRUE(report.is_ok()) << report.status().to_string();
  ASSERT_TRUE(report->committed);
  EXPECT_EQ(report->rows_read, 8);
  EXPECT_EQ(report->rows_taken, 4);
  EXPECT_EQ(report->rejected_by_reason.at("service_line"), 1);
  EXPECT_EQ(report->rejected_by_reason.at("non_positive_price"), 1);
  EXPECT_EQ(report->rejected_by_reason.at("stock_adjustment"), 1);
  EXPECT_EQ(report->rejected_by_reason.at("malformed"), 1);
  const OnlineRetailSummary& s = *report->online_retail;
  EXPECT_EQ(s.invoices, 3);
  EXPECT_EQ(s.cancellations, 1);
  EXPECT_EQ(s.guest_orders, 1);
  EXPECT_EQ(s.customers, 1);
  EXPECT_EQ(s.products, 2);
  EXPECT_EQ(s.countries, 2);
  EXPECT_TRUE(s.created_location);
  EXPECT_NEAR(s.net_revenue, 6 * 2.55 + 6 * 3.39 + 2 * 2.65 - 2 * 3.39, 1e-9);

  auto heart = store->get_product_by_sku("85123A");
  ASSERT_TRUE(heart.is_ok());
  EXPECT_DOUBLE_EQ(heart->price, 2.65);  // most recent positive price
  EXPECT_EQ(heart->name, "HEART HOLDER V2");
  EXPECT_EQ(heart->category, "uncategorised");
  auto customers = store->list_customers({}, {});
  ASSERT_EQ(customers->items.size(), 1u);
  EXPECT_EQ(customers->items[0].external_id, "17850");
  EXPECT_EQ(customers->items[0].region, "United Kingdom");
  auto stats = store->stats();
  EXPECT_EQ(stats->orders, 3);
  EXPECT_EQ(stats->order_lines, 4);
  EXPECT_EQ(stats->locations, 1);
  // Revenue in the store leaves returned orders out.
  EXPECT_NEAR(stats->revenue, 6 * 2.55 + 6 * 3.39 + 2 * 2.65, 1e-9);
  std::vector<Order> orders;
  ASSERT_TRUE(store
                  ->scan_orders({},
                                [&](const Order& o) {
                                  orders.push_back(o);
                                  return true;
                                })
                  .is_ok());
  EXPECT_EQ(orders.back().external_id, "C536369");
  EXPECT_EQ(orders.back().status, OrderStatus::kReturned);
  EXPECT_EQ(orders.back().lines[0].quantity, -2) << "a credit note keeps the source's sign";

  // Importing the same file again finds every invoice already there.
  auto again = import_text(*store, text, online_retail());
  ASSERT_TRUE(again.is_ok());
  EXPECT_FALSE(again->committed);
  EXPECT_EQ(again->rejected_by_reason.at("duplicate_invoice"), 5);  // incl. the POST row
}

TEST(OnlineRetail, InterleavedInvoicesImportWhole) {
  // A file sorted by date interleaves invoices of the same minute (Spark/SQL ORDER BY
  // InvoiceDate): each invoice still becomes one order with all of its rows.
  auto store = memory_store();
  auto report = import_text(
      *store,
      "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
      "1,A,X,1,2010-12-01 08:26:00,1,5,UK\n"
      "2,K,Y,2,2010-12-01 08:26:00,1,6,UK\n"
      "1,K,Y,3,2010-12-01 08:26:00,1,5,UK\n"
      "C3,A,X,-1,2010-12-01 08:30:00,1,5,UK\n"
      "2,A,X,4,2010-12-01 08:26:00,1,6,UK\n",
      online_retail());
  ASSERT_TRUE(report.is_ok()) << report.status().to_string();
  ASSERT_TRUE(report->committed) << report->summary();
  EXPECT_EQ(report->online_retail->invoices, 3);
  std::map<std::string, std::vector<Quantity>> lines;
  ASSERT_TRUE(store
                  ->scan_orders({},
                                [&](const Order& o) {
                                  for (const auto& l : o.lines)
                                    lines[o.external_id].push_back(l.quantity);
                                  return true;
                                })
                  .is_ok());
  EXPECT_EQ(lines["1"], (std::vector<Quantity>{1, 3}));
  EXPECT_EQ(lines["2"], (std::vector<Quantity>{2, 4}));
  EXPECT_EQ(lines["C3"], (std::vector<Quantity>{-1}));
}

TEST(OnlineRetail, RejectGuestsTurnsGuestRowsAway) {
  auto store = memory_store();
  ImportOptions options = online_retail();
  options.reject_guests = true;
  auto report = import_text(
      *store,
      "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
      "1,A,X,1,2010-12-01 08:26:00,1,,UK\n2,A,X,1,2010-12-01 08:27:00,1,5.0,UK\n",
      options);
  ASSERT_TRUE(report.is_ok());
  EXPECT_TRUE(report->committed);
  EXPECT_EQ(report->rejected_by_reason.at("guest"), 1);
  EXPECT_EQ(store->stats()->orders, 1);
}

std::string dataset_path() {
  const char* names[] = {"online_retail_2010-12.csv"};
  std::vector<std::filesystem::path> dirs;
  if (const char* src = std::getenv("OIIS_SOURCE_DIR"))
    dirs.push_back(std::filesystem::path(src) / ".." / "shared/datasets/online-retail");
  dirs.push_back("/work/shared/datasets/online-retail");
  for (const auto& d : dirs)
    if (std::filesystem::exists(d / names[0])) return (d / names[0]).string();
  return {};
}

// Counts taken by a plain scan, independent of the importer's classifier.
struct PlainCounts {
  std::int64_t rows = 0, c_rows = 0, no_customer = 0;
  std::set<std::string> invoices;
};

PlainCounts plain_scan(const std::string& path) {
  PlainCounts c;
  CsvReader r(open_file_source(path).value());
  EXPECT_TRUE(r.next());  // header: InvoiceNo,StockCode,Description,Quantity,InvoiceDate,...
  while (r.next()) {
    ++c.rows;
    if (r[0].starts_with('C')) ++c.c_rows;
    if (r[6].empty()) ++c.no_customer;
    c.invoices.emplace(r[0]);
  }
  return c;
}

TEST(OnlineRetail, RealDecember2010ReportMatchesAPlainScan) {
  const std::string path = dataset_path();
  if (path.empty()) GTEST_SKIP() << "online_retail_2010-12.csv not found (set OIIS_SOURCE_DIR)";
  const PlainCounts plain = plain_scan(path);
  ASSERT_EQ(plain.rows, 42481);

  auto store = memory_store();
  auto report = import_file(*store, path, online_retail());
  ASSERT_TRUE(report.is_ok()) << report.status().to_string();
  std::printf("%s", report->to_text().c_str());
  ASSERT_TRUE(report->committed) << report->summary();
  const OnlineRetailSummary& s = *report->online_retail;
  EXPECT_EQ(report->rows_read, plain.rows);
  EXPECT_EQ(s.source_cancellation_rows, plain.c_rows);
  EXPECT_EQ(s.source_guest_rows, plain.no_customer);
  EXPECT_EQ(s.source_invoices, static_cast<std::int64_t>(plain.invoices.size()));
  std::int64_t rejected = 0;
  for (const auto& [reason, n] : report->rejected_by_reason) rejected += n;
  EXPECT_EQ(report->rows_taken + rejected, plain.rows);
  EXPECT_EQ(report->rows_invalid, 0);

  auto stats = store->stats();
  EXPECT_EQ(stats->orders, s.invoices);
  EXPECT_EQ(stats->order_lines, report->rows_taken);
  EXPECT_EQ(stats->customers, s.customers);
  EXPECT_EQ(stats->products, s.products);
  EXPECT_LE(s.invoices, static_cast<std::int64_t>(plain.invoices.size()));
}

// The whole real year (Dec 2009 - Nov 2010, gzipped in the datasets) followed by December 2010.
std::string real_year_path() {
  std::vector<std::filesystem::path> dirs;
  if (const char* src = std::getenv("OIIS_SOURCE_DIR"))
    dirs.push_back(std::filesystem::path(src) / ".." / "shared/datasets");
  dirs.push_back("/work/shared/datasets");
  for (const auto& d : dirs) {
    const auto gz = d / "online-retail-ii-2010" / "online_retail_ii_2009-2010.csv.gz";
    if (std::filesystem::exists(gz)) return gz.string();
  }
  return {};
}

// Lines of a file (header first), from `gzip -dc` for a .gz.
std::vector<std::string> read_lines(const std::string& path) {
  const std::string plain = (std::filesystem::temp_directory_path() /
                             ("oiis-or-" + std::to_string(::getpid()) + ".csv"))
                                .string();
  if (path.ends_with(".gz")) {
    EXPECT_EQ(std::system(("gzip -dc '" + path + "' > '" + plain + "'").c_str()), 0);
  }
  std::ifstream in(path.ends_with(".gz") ? plain : path);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(std::move(line));
  std::filesystem::remove(plain);
  return out;
}

std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

TEST(OnlineRetail, DateSortedConcatenationOfTheRealYearImportsLikeTheSourceOrder) {
  const std::string year = real_year_path(), december = dataset_path();
  if (year.empty() || december.empty())
    GTEST_SKIP() << "online-retail datasets not found (set OIIS_SOURCE_DIR)";
  std::vector<std::string> lines = read_lines(year);
  std::vector<std::string> more = read_lines(december);
  ASSERT_GT(lines.size(), 500000u);
  lines.insert(lines.end(), more.begin() + 1, more.end());
  // What an `ORDER BY InvoiceDate, StockCode` export gives: invoices of one minute interleave.
  // Keys come from the parsed records (descriptions may hold quoted commas); every record of
  // these files is one line.
  std::vector<std::pair<std::string, std::size_t>> order;
  CsvReader r(string_source(join_lines(lines)));
  ASSERT_TRUE(r.next());  // header
  while (r.next()) order.emplace_back(std::string(r[4]) + "|" + std::string(r[1]), order.size() + 1);
  ASSERT_EQ(order.size() + 1, lines.size());
  std::stable_sort(order.begin(), order.end());
  std::vector<std::string> sorted{lines[0]};
  std::size_t moved = 0;
  for (std::size_t k = 0; k < order.size(); ++k) {
    sorted.push_back(lines[order[k].second]);
    moved += order[k].second != k + 1;
  }
  EXPECT_GT(moved, 1000u) << "the sort should interleave invoices";

  auto source_store = memory_store(), sorted_store = memory_store();
  auto source = import_text(*source_store, join_lines(lines), online_retail());
  auto by_date = import_text(*sorted_store, join_lines(sorted), online_retail());
  ASSERT_TRUE(source.is_ok() && by_date.is_ok());
  ASSERT_TRUE(by_date->committed) << by_date->summary();
  EXPECT_EQ(by_date->rows_invalid, 0);
  EXPECT_EQ(by_date->online_retail->invoices, source->online_retail->invoices);
  const auto a = source_store->stats(), b = sorted_store->stats();
  EXPECT_EQ(b->orders, a->orders);
  EXPECT_EQ(b->order_lines, a->order_lines);
  EXPECT_NEAR(b->revenue, a->revenue, 1e-6 * a->revenue);
}

// Throughput of the CSV order path. OIIS_BENCH_LINES scales it (default keeps tests fast).
TEST(ImportBench, OrdersCsvLinesPerSecond) {
  const char* env = std::getenv("OIIS_BENCH_LINES");
  const std::int64_t lines = env ? std::atoll(env) : 50000;
  auto store = memory_store();
  std::string products = "sku,name,price\n";
  for (int i = 0; i < 1000; ++i)
    products += "SKU-" + std::to_string(i) + ",Product " + std::to_string(i) + ",9.99\n";
  ASSERT_TRUE(import_text(*store, products, csv_of(Entity::kProducts))->committed);
  ASSERT_TRUE(import_text(*store, "code\nWH1\n", csv_of(Entity::kLocations))->committed);
  std::string customers = "external_id\n";
  for (int i = 0; i < 1000; ++i) customers += "C" + std::to_string(i) + "\n";
  ASSERT_TRUE(import_text(*store, customers, csv_of(Entity::kCustomers))->committed);

  std::string text =
      "id,external_id,customer_id,location_id,status,payment_method,channel,placed_at,"
      "fulfilled_at,sku,product_id,quantity,unit_price,discount\n";
  text.reserve(static_cast<size_t>(lines) * 130);
  for (std::int64_t i = 0; i < lines; ++i) {
    const std::int64_t order = i / 4 + 1;
    text += std::to_string(order) + ",ORD-" + std::to_string(order) + "," +
            std::to_string(order % 1000 + 1) +
            ",1,delivered,card,web,2024-03-05T14:07:09Z,2024-03-07T10:00:00Z,SKU-" +
            std::to_string(i % 1000) + "," + std::to_string(i % 1000 + 1) + ",2,9.99,0.5\n";
  }
  if (std::getenv("OIIS_BENCH_PARSE_ONLY")) {
    // A bad first order stops writing at once: what is left is reading and checking.
    std::string broken = text;
    broken.insert(broken.find('\n') + 1, "0,X,1,1,delivered,card,web,bad,,SKU-1,2,2,9.99,0\n");
    const auto t0 = std::chrono::steady_clock::now();
    auto r = import_text(*store, broken, csv_of(Entity::kOrders));
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("read+check only: %.2f s, %.0f lines/s\n", s, static_cast<double>(lines) / s);
  }
  // CPU time too: on a shared, loaded machine wall time mostly measures the neighbours.
  auto cpu_now = [] {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
  };
  const double cpu_start = cpu_now();
  const auto start = std::chrono::steady_clock::now();
  auto report = import_text(*store, text, csv_of(Entity::kOrders));
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double cpu = cpu_now() - cpu_start;
  ASSERT_TRUE(report.is_ok()) << report.status().to_string();
  ASSERT_TRUE(report->committed) << report->summary();
  EXPECT_EQ(report->lines_taken, lines);
  EXPECT_EQ(store->stats()->order_lines, lines);
  std::printf(
      "imported %lld order lines (%.1f MB) in %.2f s wall, %.2f s CPU: %.0f lines/s wall, "
      "%.0f lines/s CPU\n",
      static_cast<long long>(lines), static_cast<double>(text.size()) / 1e6, secs, cpu,
      static_cast<double>(lines) / secs, static_cast<double>(lines) / cpu);
}

}  // namespace
}  // namespace oiis
