// A small store written row by row (BulkWriter) for tests of the definitions the models read:
// two products, one customer, one location, orders on chosen days.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/time.h"
#include "data/demand.h"
#include "store/store.h"

namespace oiis {

inline constexpr Date kDay0 = 20000;  // 2024-10-04

class TinyStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = open_store(":memory:");
    ASSERT_TRUE(opened.is_ok()) << opened.status().to_string();
    store_ = std::move(opened).value();
    auto w = store_->begin_bulk();
    ASSERT_TRUE(w.is_ok());
    writer_ = std::move(w).value();
    location_ = add(writer_->add_location({.code = "MAIN", .name = "Main"}));
    // A and B: sales only (no supplier, no cost, no stock record), as an imported shop.
    // C: everything a plan needs (supplier, cost, a stock level).
    Supplier supplier;
    supplier.name = "Acme";
    supplier.lead_time_mean_days = 5;
    supplier_ = add(writer_->add_supplier(supplier));
    for (const char* sku : {"A", "B", "C"}) {
      Product p;
      p.sku = sku;
      p.name = std::string("product ") + sku;
      p.price = 2;
      if (p.sku == "C") {
        p.cost = 1;
        p.supplier_id = supplier_;
      }
      products_.push_back(add(writer_->add_product(p)));
    }
    StockLevel level;
    level.product_id = products_[2];
    level.location_id = location_;
    level.on_hand = 3;
    EXPECT_TRUE(writer_->set_stock(level).is_ok());
    Customer c;
    c.name = "c";
    customer_ = add(writer_->add_customer(c));
  }

  Id add(Result<Id> id) {
    EXPECT_TRUE(id.is_ok()) << id.status().to_string();
    return id.is_ok() ? *id : 0;
  }
  // One line of `units` of product `p` on day `day` (negative units: a credit note).
  void order(int day, std::size_t p, Quantity units, OrderStatus status,
             std::optional<Id> customer = std::nullopt) {
    Order o;
    o.customer_id = customer ? customer : std::optional<Id>(customer_);
    o.location_id = location_;
    o.status = status;
    o.placed_at = timestamp_of(kDay0 + day) + 3600;
    OrderLine line;
    line.product_id = products_[p];
    line.sku = std::string(1, static_cast<char>('A' + p));
    line.quantity = units;
    line.unit_price = 2;
    o.lines.push_back(line);
    add(writer_->add_order(o));
  }
  DemandSet demand() {
    EXPECT_TRUE(writer_->commit().is_ok());
    writer_.reset();
    auto d = build_demand(*store_, {});
    EXPECT_TRUE(d.is_ok()) << d.status().to_string();
    return d.is_ok() ? std::move(d).value() : DemandSet{};
  }

  std::unique_ptr<Store> store_;
  std::unique_ptr<BulkWriter> writer_;
  Id location_ = 0, customer_ = 0, supplier_ = 0;
  std::vector<Id> products_;
};

}  // namespace oiis
