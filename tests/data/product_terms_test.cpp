// import_product_terms: sets supplier, cost and pack size of existing products from a CSV;
// a single bad row (unknown SKU or supplier, bad number, repeated SKU) writes nothing.
#include "data/product_terms.h"

#include <gtest/gtest.h>

#include "store/store.h"

namespace oiis {
namespace {

class ProductTermsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = open_store(":memory:");
    ASSERT_TRUE(opened.is_ok()) << opened.status().to_string();
    store_ = std::move(opened).value();
    for (const char* name : {"Acme", "Bolt"}) {
      Supplier s;
      s.name = name;
      auto created = store_->create_supplier(s);
      ASSERT_TRUE(created.is_ok()) << created.status().to_string();
      supplier_ids_.push_back(created->id);
    }
    for (const char* sku : {"A1", "B2", "C3"}) {
      Product p;
      p.sku = sku;
      p.name = std::string("product ") + sku;
      p.price = 10;
      ASSERT_TRUE(store_->create_product(p).is_ok());
    }
  }
  Product product(const std::string& sku) { return store_->get_product_by_sku(sku).value(); }
  std::unique_ptr<Store> store_;
  std::vector<Id> supplier_ids_;
};

TEST_F(ProductTermsTest, SetsSupplierCostAndPackByNameOrId) {
  const std::string csv = "sku,supplier_name,supplier_id,cost,pack_size\n"
                          "A1,Bolt,,4.5,6\n"
                          "B2,," + std::to_string(supplier_ids_[0]) + ",3,\n"
                          "C3,,,,12\n";
  auto report = import_product_terms(*store_, string_source(csv));
  ASSERT_TRUE(report.is_ok()) << report.status().to_string();
  EXPECT_TRUE(report->committed()) << report->to_text();
  EXPECT_EQ(report->products_updated, 3);
  EXPECT_EQ(report->suppliers_set, 2);
  EXPECT_EQ(report->costs_set, 2);
  EXPECT_EQ(report->packs_set, 2);
  EXPECT_EQ(product("A1").supplier_id, supplier_ids_[1]);
  EXPECT_DOUBLE_EQ(product("A1").cost, 4.5);
  EXPECT_EQ(product("A1").pack_size, 6);
  EXPECT_EQ(product("B2").supplier_id, supplier_ids_[0]);
  EXPECT_DOUBLE_EQ(product("B2").cost, 3);
  EXPECT_EQ(product("C3").pack_size, 12);
  EXPECT_FALSE(product("C3").supplier_id.has_value());
  EXPECT_DOUBLE_EQ(product("C3").price, 10);  // untouched
}

TEST_F(ProductTermsTest, AnyBadRowWritesNothingAndEveryBadRowIsNamed) {
  const std::string csv = "sku,supplier_name,cost\n"
                          "A1,Acme,4\n"
                          "ZZ,Acme,4\n"
                          "B2,Nobody,4\n"
                          "C3,Acme,-1\n"
                          "A1,Acme,5\n";
  auto report = import_product_terms(*store_, string_source(csv));
  ASSERT_TRUE(report.is_ok()) << report.status().to_string();
  EXPECT_FALSE(report->committed());
  ASSERT_EQ(report->rejections.size(), 4u) << report->to_text();
  EXPECT_EQ(report->rejections[0].line, 3);
  EXPECT_EQ(report->rejections[0].field, "sku");
  EXPECT_EQ(report->rejections[1].field, "supplier_name");
  EXPECT_EQ(report->rejections[2].field, "cost");
  EXPECT_EQ(report->rejections[3].field, "sku");  // A1 twice
  EXPECT_EQ(report->products_updated, 0);
  EXPECT_FALSE(product("A1").supplier_id.has_value());
  EXPECT_DOUBLE_EQ(product("A1").cost, 0);
}

TEST_F(ProductTermsTest, AHeaderWithoutSkuOrTermsIsRefusedNamingTheColumn) {
  auto no_sku = import_product_terms(*store_, string_source("supplier_name,cost\nAcme,1\n"));
  ASSERT_FALSE(no_sku.is_ok());
  EXPECT_EQ(no_sku.status().field(), "sku");
  auto no_terms = import_product_terms(*store_, string_source("sku\nA1\n"));
  ASSERT_FALSE(no_terms.is_ok());
  EXPECT_EQ(no_terms.status().field(), "header");
  auto unknown = import_product_terms(*store_, string_source("sku,colour\nA1,red\n"));
  ASSERT_FALSE(unknown.is_ok());
  EXPECT_NE(unknown.status().message().find("colour"), std::string::npos);
}

}  // namespace
}  // namespace oiis
