// A shop whose store keeps no stock levels (an imported order history): the assistant says stock
// is unknown instead of counting every product as out of stock.
#include <gtest/gtest.h>

#include <filesystem>

#include "agents/assistant.h"
#include "store/sqlite/sqlite_store.h"

namespace oiis::agents {
namespace {

TEST(NoStockLedger, StockOutsAreUnknownNotZeroOrEverything) {
  auto dir = std::filesystem::temp_directory_path() / ("oiis-no-ledger-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  {
    auto store = open_sqlite_store((dir / "oiis.db").string(), {});
    ASSERT_TRUE(store.is_ok());
    for (int i = 1; i <= 3; ++i) {
      Product p;
      p.sku = "P-" + std::to_string(i);
      p.name = "Imported thing " + std::to_string(i);
      p.price = 2.0 * i;
      ASSERT_TRUE(store.value()->create_product(p).is_ok());
    }
    AssistantOptions o;
    o.tools.store = store.value().get();
    o.tools.data_dir = dir.string();
    Assistant assistant(std::move(o));
    auto reorder = assistant.ask("what should I reorder this week?", "");
    ASSERT_TRUE(reorder.is_ok()) << reorder.status().to_string();
    EXPECT_NE(reorder.value().text.find("unknown"), std::string::npos) << reorder.value().text;
    EXPECT_EQ(reorder.value().text.find("3 active products are out of stock"), std::string::npos);
    auto stock = assistant.ask("stock of P-2", "");
    ASSERT_TRUE(stock.is_ok());
    EXPECT_NE(stock.value().text.find("no stock level"), std::string::npos) << stock.value().text;
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace oiis::agents
