// The assistant on PostgreSQL: the same world generated into SQLite and into a real PostgreSQL
// server (started by the test) gives the same answers — the tools' SQL and the read-only layer
// work on both backends.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "agents/assistant.h"
#include "data/generator.h"
#include "store/store.h"
#include "support/postgres_server.h"
#include "support/required_part.h"

namespace oiis::agents {
namespace {

GeneratorConfig small_world() {
  GeneratorConfig c;
  c.seed = 9;
  c.products = 40;
  c.customers = 200;
  c.days = 180;
  return c;
}

std::vector<std::string> answers(Store& store, const std::string& dir) {
  AssistantOptions o;
  o.tools.store = &store;
  o.tools.data_dir = dir;
  Assistant assistant(std::move(o));
  std::vector<std::string> out;
  for (const char* q : {"revenue last month", "compare last month vs the month before", "top product last quarter by units",
                        "which category sold best this year", "returns last month", "who are our best customers",
                        "supplier lead times", "avg fulfilment time last 30 days", "open purchase orders",
                        "monthly revenue this year", "stock of SKU-000003", "customers at risk of churning"}) {
    auto a = assistant.ask(q, "");
    EXPECT_TRUE(a.is_ok()) << q << ": " << a.status().to_string();
    if (!a.is_ok()) continue;
    EXPECT_FALSE(a.value().citations.empty()) << q << ": " << a.value().text;
    out.push_back(a.value().text);
  }
  return out;
}

TEST(AssistantOnPostgres, AnswersAsOnSqlite) {
  std::string why;
  auto pg = oiis::testing::PostgresServer::start(&why);
  if (!pg) OIIS_SKIP_UNLESS_REQUIRED("PostgreSQL unavailable: " << why);
  if (!pg) return;
  ASSERT_TRUE(pg->create_database("agents", &why)) << why;
  auto dir = std::filesystem::temp_directory_path() / ("oiis-agents-pg-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto on_pg = open_store(pg->url("agents"));
  ASSERT_TRUE(on_pg.is_ok()) << on_pg.status().to_string();
  auto on_sqlite = open_store("sqlite:" + (dir / "oiis.db").string());
  ASSERT_TRUE(on_sqlite.is_ok()) << on_sqlite.status().to_string();
  ASSERT_TRUE(generate_world(small_world(), *on_pg.value(), "").is_ok());
  ASSERT_TRUE(generate_world(small_world(), *on_sqlite.value(), "").is_ok());
  auto from_pg = answers(*on_pg.value(), (dir / "pg").string());
  auto from_sqlite = answers(*on_sqlite.value(), (dir / "sqlite").string());
  ASSERT_EQ(from_pg.size(), from_sqlite.size());
  for (size_t i = 0; i < from_pg.size(); ++i) EXPECT_EQ(from_pg[i], from_sqlite[i]);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace oiis::agents
