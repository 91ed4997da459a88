// Documents generated from the store for the knowledge base (services/kb_reports.h), on the demo
// world: a monthly report's figures against an independent pass over the orders, a question
// about a month's top product finding that month's report, a refresh that changes nothing the
// second time, and a shop without a stock ledger saying so instead of reporting no stock-outs.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

#include "common/time.h"
#include "services/kb_reports.h"
#include "support/demo_world.h"

namespace oiis::services {
namespace {

class GeneratedKbDocuments : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    demo_ = new testing::DemoWorld(testing::demo_world());
    if (!demo_->store) return;
    auto docs = generate_store_documents(*demo_->store);
    EXPECT_TRUE(docs.is_ok()) << docs.status().to_string();
    if (docs) docs_ = new std::vector<GeneratedDocument>(std::move(docs).value());
  }
  static void TearDownTestSuite() {
    delete docs_;
    delete demo_;
  }
  static const std::string& doc(const std::string& name) {
    static const std::string none;
    for (const auto& d : *docs_)
      if (d.name == name) return d.markdown;
    ADD_FAILURE() << "no generated document " << name;
    return none;
  }
  static testing::DemoWorld* demo_;
  static std::vector<GeneratedDocument>* docs_;
};
testing::DemoWorld* GeneratedKbDocuments::demo_ = nullptr;
std::vector<GeneratedDocument>* GeneratedKbDocuments::docs_ = nullptr;

// The number after `label` in `text` ("revenue was 1,234.56" -> 1234.56); NaN when absent.
double number_after(const std::string& text, const std::string& label) {
  const std::size_t at = text.find(label);
  if (at == std::string::npos) return std::nan("");
  std::string digits;
  for (std::size_t i = at + label.size(); i < text.size(); ++i) {
    const char c = text[i];
    if (c == ',') continue;
    if (!std::isdigit(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '+') break;
    digits += c;
  }
  if (!digits.empty() && digits.back() == '.') digits.pop_back();
  return digits.empty() ? std::nan("") : std::stod(digits);
}

struct MonthFromOrders {
  double revenue = 0;
  long orders = 0, credit_lines = 0;
  std::map<Id, double> product_revenue;
};

// Straight from the orders, without the snapshot: lines of orders neither cancelled nor returned.
MonthFromOrders month_from_orders(Store& store, int year, int month) {
  MonthFromOrders out;
  OrderFilter f;
  f.placed_from = timestamp_of(date_from_civil(year, month, 1));
  f.placed_to = timestamp_of(month == 12 ? date_from_civil(year + 1, 1, 1) : date_from_civil(year, month + 1, 1));
  EXPECT_TRUE(store
                  .scan_orders(f,
                               [&](const Order& o) {
                                 for (const auto& l : o.lines) out.credit_lines += l.quantity < 0;
                                 if (o.status == OrderStatus::kCancelled || o.status == OrderStatus::kReturned)
                                   return true;
                                 ++out.orders;
                                 for (const auto& l : o.lines) {
                                   out.revenue += l.line_total();
                                   out.product_revenue[l.product_id] += l.line_total();
                                 }
                                 return true;
                               })
                  .is_ok());
  return out;
}

TEST_F(GeneratedKbDocuments, MonthlyRevenueAndOrdersMatchAnIndependentPassOverTheOrders) {
  ASSERT_TRUE(docs_);
  const MonthFromOrders october = month_from_orders(*demo_->store, 2023, 10);
  // Credit notes would make the report's revenue (sales they cancelled taken out) differ on purpose.
  ASSERT_EQ(october.credit_lines, 0);
  ASSERT_GT(october.revenue, 0);
  const std::string& report = doc("store/reports/monthly-2023-10.md");
  EXPECT_NEAR(number_after(report, "In October 2023 the shop's total revenue (sales) was "), october.revenue, 0.01);
  const std::string summary = report.substr(report.find("In October 2023 the shop's total revenue (sales) was "));
  EXPECT_EQ(number_after(summary, " from "), static_cast<double>(october.orders));
  const MonthFromOrders september = month_from_orders(*demo_->store, 2023, 9);
  EXPECT_NEAR(number_after(report, "(the month before): revenue "),
              100.0 * (october.revenue - september.revenue) / september.revenue, 0.05);
  EXPECT_NE(report.find("no comparison with the same month a year earlier"), std::string::npos);
}

TEST_F(GeneratedKbDocuments, EveryKindOfDocumentHasAStableName) {
  ASSERT_TRUE(docs_);
  std::size_t months = 0, catalogue = 0, suppliers = 0;
  for (const auto& d : *docs_) {
    months += d.name.rfind("store/reports/monthly-2023-", 0) == 0;
    catalogue += d.name.rfind("store/catalogue/category-", 0) == 0;
    suppliers += d.name.rfind("store/suppliers/supplier-", 0) == 0;
  }
  EXPECT_EQ(months, 12u);
  EXPECT_EQ(suppliers, demo_->world.suppliers.size());
  EXPECT_GT(catalogue, 1u);
  EXPECT_NE(doc("store/reports/category-trends.md").find("the category that grew the most was"), std::string::npos);
}

TEST_F(GeneratedKbDocuments, AQuestionAboutAMonthsTopProductFindsThatMonthsReport) {
  ASSERT_TRUE(docs_);
  const MonthFromOrders june = month_from_orders(*demo_->store, 2023, 6);
  const auto top = std::max_element(june.product_revenue.begin(), june.product_revenue.end(),
                                    [](const auto& a, const auto& b) { return a.second < b.second; });
  ASSERT_NE(top, june.product_revenue.end());
  const std::string sku = demo_->store->get_product(top->first).value().sku;
  auto kb = kb::KnowledgeBase::in_memory();
  ASSERT_TRUE(refresh_generated_documents(*demo_->store, *kb).is_ok());
  kb::SearchOptions o;
  o.k = 3;
  auto hits = kb->search("What was the best-selling product in June 2023?", o);
  ASSERT_TRUE(hits.is_ok()) << hits.status().to_string();
  const auto cited = std::find_if(hits->begin(), hits->end(), [&](const kb::SearchHit& h) {
    return h.chunk.doc == "store/reports/monthly-2023-06.md" && h.chunk.text.find(sku) != std::string::npos;
  });
  ASSERT_NE(cited, hits->end()) << "top product " << sku << " not cited; first hit " << hits->at(0).chunk.doc;
  EXPECT_NE(cited->chunk.section.find("Top products by revenue in June 2023"), std::string::npos);
  EXPECT_EQ(cited->chunk.title, "Monthly performance — 2023-06");
}

TEST_F(GeneratedKbDocuments, RefreshingAgainChangesNothingAndRemovesWhatTheStoreNoLongerGives) {
  ASSERT_TRUE(docs_);
  auto kb = kb::KnowledgeBase::in_memory();
  // A generated page of a category since deleted, and a document people added.
  std::vector<kb::Document> earlier;
  earlier.push_back(kb::parse_markdown("# Catalogue — Gone\n\nNothing here.\n"));
  earlier.back().name = "store/catalogue/category-gone.md";
  earlier.push_back(kb::parse_markdown("# Receiving\n\nDoor 5 is for chilled goods.\n"));
  earlier.back().name = "sops/receiving.md";
  ASSERT_TRUE(kb->add(std::move(earlier)).is_ok());
  auto first = refresh_generated_documents(*demo_->store, *kb);
  ASSERT_TRUE(first.is_ok()) << first.status().to_string();
  EXPECT_EQ(first->documents, docs_->size());
  EXPECT_EQ(first->added, docs_->size());
  EXPECT_EQ(first->removed, 1u);
  auto second = refresh_generated_documents(*demo_->store, *kb);
  ASSERT_TRUE(second.is_ok());
  EXPECT_EQ(second->added, 0u);
  EXPECT_EQ(second->replaced, 0u);
  EXPECT_EQ(second->removed, 0u);
  EXPECT_EQ(second->unchanged, docs_->size());
  EXPECT_EQ(kb->documents().size(), docs_->size() + 1);  // the SOP stays
}

TEST_F(GeneratedKbDocuments, StockOutsAndSupplierFiguresComeFromTheLedgerAndTheScorecards) {
  ASSERT_TRUE(docs_);
  const std::string& october = doc("store/reports/monthly-2023-10.md");
  EXPECT_GT(number_after(october, "## Stock-outs in October 2023\n\n"), 0);  // "N products were out of stock"
  EXPECT_EQ(october.find("cannot be seen"), std::string::npos);
  std::size_t measured = 0;
  for (const auto& d : *docs_)
    measured += d.name.rfind("store/suppliers/", 0) == 0 && d.markdown.find("Measured over ") != std::string::npos;
  EXPECT_GT(measured, 0u);
}

TEST(GeneratedKbDocumentsOfAnImportedShop, SayWhatIsMissingInsteadOfShowingZeros) {
  auto opened = open_store(":memory:");
  ASSERT_TRUE(opened.is_ok());
  Store& s = **opened;
  auto bulk = s.begin_bulk();
  ASSERT_TRUE(bulk.is_ok());
  Supplier supplier;
  supplier.name = "UK Wholesale";
  const Id supplier_id = (*bulk)->add_supplier(supplier).value();
  Product p;
  p.sku = "85123A";
  p.name = "White hanging heart";
  p.price = 2.55;
  p.supplier_id = supplier_id;
  const Id product = (*bulk)->add_product(p).value();
  const Id location = (*bulk)->add_location({.code = "MAIN", .name = "Shop"}).value();
  for (int day = 0; day < 40; ++day) {
    Order o;
    o.location_id = location;
    o.status = OrderStatus::kDelivered;
    o.placed_at = timestamp_of(date_from_civil(2024, 10, 1) + day) + 3600;
    o.lines.push_back({0, 0, product, "85123A", 3, 2.55, 0});
    ASSERT_TRUE((*bulk)->add_order(o).is_ok());
  }
  ASSERT_TRUE((*bulk)->commit().is_ok());
  auto docs = generate_store_documents(s);
  ASSERT_TRUE(docs.is_ok()) << docs.status().to_string();
  const auto find = [&](const std::string& name) {
    for (const auto& d : *docs)
      if (d.name == name) return d.markdown;
    return std::string();
  };
  const std::string october = find("store/reports/monthly-2024-10.md");
  EXPECT_NE(october.find("no stock ledger"), std::string::npos) << october;
  EXPECT_NE(october.find("cannot be seen"), std::string::npos);
  EXPECT_EQ(october.find("No product ran out of stock"), std::string::npos);
  EXPECT_NEAR(number_after(october, "In October 2024 the shop's total revenue (sales) was "), 31 * 3 * 2.55, 0.005);
  const std::string page = find("store/suppliers/supplier-" + std::to_string(supplier_id) + "-uk-wholesale.md");
  EXPECT_NE(page.find("have not been measured"), std::string::npos) << page;
  EXPECT_NE(page.find("85123A"), std::string::npos);
  EXPECT_NE(find("store/reports/monthly-2024-11.md").find("a partial month"), std::string::npos);
}

}  // namespace
}  // namespace oiis::services
