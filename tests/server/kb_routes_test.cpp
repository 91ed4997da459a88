// /api/v1/kb: add a text document, find its passage with the citation, list, remove; roles,
// bad input named, a server without a knowledge base saying so, and the documents generated
// from the store refreshed over HTTP.
#include <unistd.h>

#include <filesystem>

#include "common/time.h"
#include "server/server_fixture.h"

namespace oiis::testing {
namespace {

class KbRoutesTest : public ServerTest {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("oiis-kb-routes-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    ServerConfig config;
    config.kb_dir = dir_.string();
    start(config);
  }
  void TearDown() override {
    ServerTest::TearDown();
    std::filesystem::remove_all(dir_);
  }
  std::filesystem::path dir_;
};

TEST_F(KbRoutesTest, AddSearchListRemove) {
  const Json doc{{"name", "sops/returns.md"},
                 {"content", "# Returns\n\n## Fees\n\nOpened electronics carry a restocking fee of fifteen percent.\n\n"
                             "## Window\n\nUnused items may be returned within 30 days.\n"}};
  EXPECT_EQ(post("/api/v1/kb/documents", doc, kReadKey).status, 403);
  Reply added = post("/api/v1/kb/documents", doc, kWriteKey);
  ASSERT_EQ(added.status, 201) << added.body;
  EXPECT_EQ(added.json["added"], 1);
  EXPECT_EQ(post("/api/v1/kb/documents", doc, kWriteKey).json["unchanged"], 1);

  Reply found = get("/api/v1/kb/search?q=restocking%20fee%20for%20opened%20electronics&k=1", kReadKey);
  ASSERT_EQ(found.status, 200) << found.body;
  ASSERT_EQ(found.json["results"].size(), 1u);
  const Json& top = found.json["results"][0];
  EXPECT_EQ(top["doc"], "sops/returns.md");
  EXPECT_EQ(top["section"], "Returns > Fees");
  EXPECT_NE(top["text"].get<std::string>().find("fifteen percent"), std::string::npos);
  EXPECT_EQ(found.json["method"], "hybrid");

  Reply listed = get("/api/v1/kb/documents", kReadKey);
  ASSERT_EQ(listed.status, 200);
  ASSERT_EQ(listed.json["documents"].size(), 1u);
  EXPECT_EQ(listed.json["documents"][0]["title"], "Returns");

  EXPECT_EQ(send("DELETE", "/api/v1/kb/documents?name=sops/returns.md", {}, kWriteKey).status, 200);
  EXPECT_EQ(send("DELETE", "/api/v1/kb/documents?name=sops/returns.md", {}, kWriteKey).status, 404);
  EXPECT_TRUE(get("/api/v1/kb/search?q=restocking", kReadKey).json["results"].empty());
}

TEST_F(KbRoutesTest, BadInputIsNamed) {
  EXPECT_EQ(get("/api/v1/kb/search", kReadKey).error_field(), "q");
  EXPECT_EQ(get("/api/v1/kb/search?q=x&k=0", kReadKey).error_field(), "k");
  EXPECT_EQ(get("/api/v1/kb/search?q=x&method=magic", kReadKey).error_field(), "method");
  Reply docx = post("/api/v1/kb/documents", {{"name", "terms.docx"}, {"content", "x"}}, kWriteKey);
  EXPECT_EQ(docx.status, 400);
  EXPECT_NE(docx.body.find(".docx"), std::string::npos) << docx.body;
  EXPECT_EQ(post("/api/v1/kb/documents", {{"name", "a.pdf"}, {"content", "%PDF"}}, kWriteKey).error_field(), "name");
  EXPECT_EQ(post("/api/v1/kb/documents", {{"name", "a.md"}}, kWriteKey).error_field(), "content");
  EXPECT_TRUE(get("/api/v1/kb/documents", kReadKey).json["documents"].empty());
}

TEST_F(KbRoutesTest, RefreshGeneratesTheStoresDocumentsOnce) {
  EXPECT_EQ(post("/api/v1/kb/refresh", Json::object(), kReadKey).status, 403);
  Reply empty = post("/api/v1/kb/refresh", Json::object(), kWriteKey);
  EXPECT_EQ(empty.status, 409) << empty.body;  // no orders yet: nothing to report on
  OrderRequest order;
  order.placed_at = timestamp_of(date_from_civil(2024, 10, 3));
  order.lines.push_back({"SKU-2", 2, std::nullopt, 0});
  ASSERT_TRUE(store_->place_order(order).is_ok());
  Reply first = post("/api/v1/kb/refresh", Json::object(), kWriteKey);
  ASSERT_EQ(first.status, 200) << first.body;
  // Catalogue pages for "tools" and "widgets", Acme's page, October 2024, the category trends.
  EXPECT_EQ(first.json["documents"], 5);
  EXPECT_EQ(first.json["added"], 5);
  EXPECT_EQ(post("/api/v1/kb/refresh", Json::object(), kWriteKey).json["unchanged"], 5);
  Reply found = get("/api/v1/kb/search?q=average%20order%20value%20in%20October%202024&doc=store/reports/&k=1", kReadKey);
  ASSERT_EQ(found.status, 200) << found.body;
  ASSERT_EQ(found.json["results"].size(), 1u);
  EXPECT_EQ(found.json["results"][0]["doc"], "store/reports/monthly-2024-10.md");
}

TEST_F(ServerTest, KbRoutesWithoutAKnowledgeBaseSaySo) {
  Reply r = get("/api/v1/kb/search?q=anything", kReadKey);
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_NE(r.body.find("no knowledge base"), std::string::npos) << r.body;
}

}  // namespace
}  // namespace oiis::testing
