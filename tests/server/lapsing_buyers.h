// A world of regular buyers over two years from 2024-01-01, half of whom stop buying at
// staggered times (customer ids 1000.., odd ones lapse between day 150 and day 649), for the
// route tests of the models that must tell them apart (customer analytics, churn models).
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "store/store.h"

namespace oiis::testing {

inline constexpr int kLapsingCustomers = 80;
inline constexpr int kLapsingSpanDays = 720;

inline bool lapsing_buyer_lapsed(Id id) { return (id - 1000) % 2 == 1; }

// Adds the customers and their orders of SKU-1 at `location_id` in one bulk load.
inline void add_lapsing_buyers(Store& store, Id location_id) {
  auto product = store.get_product_by_sku("SKU-1");
  ASSERT_TRUE(product);
  auto bulk = store.begin_bulk();
  ASSERT_TRUE(bulk.is_ok()) << bulk.status().to_string();
  auto& w = **bulk;
  const Date first = *parse_date("2024-01-01");
  for (int i = 0; i < kLapsingCustomers; ++i) {
    const Id id = 1000 + i;
    ASSERT_TRUE(w.add_customer({id, "C-" + std::to_string(id), "Person " + std::to_string(i),
                                "p" + std::to_string(i) + "@example.com", "north", 0})
                    .is_ok());
    const int gap = 7 + (i * 7) % 24, start = (i * 13) % 60;
    const int stop = lapsing_buyer_lapsed(id) ? 150 + (i * 37) % 500 : kLapsingSpanDays;
    for (int day = start; day <= stop; day += gap) {
      Order o;
      o.customer_id = id;
      o.location_id = location_id;
      o.status = OrderStatus::kDelivered;
      o.channel = i % 3 == 0 ? "store" : "web";
      o.placed_at = timestamp_of(first + day) + 3600;
      OrderLine line;
      line.product_id = product->id;
      line.quantity = 1 + i % 5;
      line.unit_price = 10;
      o.lines.push_back(line);
      ASSERT_TRUE(w.add_order(o).is_ok());
    }
  }
  ASSERT_TRUE(w.commit().is_ok());
}

}  // namespace oiis::testing
