#include "store/agent_tables.h"

namespace oiis {

const std::vector<std::string>& queryable_tables() {
  static const std::vector<std::string> tables = {
      "products",       "suppliers",     "customers",       "locations",
      "orders",         "order_lines",   "stock_levels",    "stock_movements",
      "price_changes",  "purchase_orders", "purchase_order_lines"};
  return tables;
}

}  // namespace oiis
