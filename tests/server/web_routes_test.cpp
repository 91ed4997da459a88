// The dashboard's files: served from a folder (--web-root) or the binary, never from outside
// the folder; the page's security headers; who-am-I for the login screen.
#include <filesystem>
#include <fstream>

#include "server/web_assets.h"
#include "server_fixture.h"

namespace oiis::testing {
namespace {

class WebRoutesTest : public ServerTest {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() /
            ("oiis-web-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(root_ / "dist" / "assets");
    write(root_ / "dist" / "index.html", "<!doctype html><title>dash</title>");
    write(root_ / "dist" / "assets" / "app.js", "console.log('app')");
    write(root_ / "secret.txt", "outside the web root");
    ServerConfig config;
    config.web_root = (root_ / "dist").string();
    start(config);
  }
  void TearDown() override {
    ServerTest::TearDown();
    std::filesystem::remove_all(root_);
  }
  static void write(const std::filesystem::path& p, const std::string& text) {
    std::ofstream(p) << text;
  }
  Reply page(const std::string& path, httplib::Headers headers = {{"Accept", "text/html"}}) {
    return send("GET", path, {}, nullptr, std::move(headers));
  }
  std::filesystem::path root_;
};

TEST_F(WebRoutesTest, BrowsersGetThePageAndClientsTheJsonIndex) {
  Reply html = page("/");
  ASSERT_EQ(html.status, 200);
  EXPECT_EQ(html.body, "<!doctype html><title>dash</title>");
  EXPECT_NE(html.header("Content-Type").find("text/html"), std::string::npos);
  EXPECT_NE(html.header("Content-Security-Policy").find("default-src 'self'"), std::string::npos);
  EXPECT_EQ(html.header("X-Content-Type-Options"), "nosniff");
  Reply json = page("/", {});
  ASSERT_EQ(json.status, 200);
  EXPECT_EQ(json.json.value("api", ""), "/api/v1");
}

TEST_F(WebRoutesTest, AssetsAreServedWithTheirTypeAndRevalidated) {
  Reply js = page("/assets/app.js", {});
  ASSERT_EQ(js.status, 200);
  EXPECT_EQ(js.body, "console.log('app')");
  EXPECT_NE(js.header("Content-Type").find("text/javascript"), std::string::npos);
  const std::string etag = js.header("ETag");
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(page("/assets/app.js", {{"If-None-Match", etag}}).status, 304);
  // A rebuilt file shows at once, with a new tag.
  write(root_ / "dist" / "assets" / "app.js", "console.log('rebuilt')");
  Reply rebuilt = page("/assets/app.js", {{"If-None-Match", etag}});
  EXPECT_EQ(rebuilt.status, 200);
  EXPECT_EQ(rebuilt.body, "console.log('rebuilt')");
}

TEST_F(WebRoutesTest, NothingOutsideTheFolderIsReachable) {
  for (const char* path : {"/assets/missing.js", "/assets/..%2F..%2Fsecret.txt",
                           "/assets/%2E%2E%2Fsecret.txt", "/assets/../../secret.txt", "/secret.txt"}) {
    Reply r = page(path, {});
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.body.find("outside the web root"), std::string::npos) << path;
  }
}

TEST_F(WebRoutesTest, MeNamesTheKeyAndItsRole) {
  Reply admin = get("/api/v1/me");
  ASSERT_EQ(admin.status, 200) << admin.body;
  EXPECT_EQ(admin.json.value("role", ""), "admin");
  Reply read = get("/api/v1/me", kReadKey);
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(read.json.value("role", ""), "read");
  EXPECT_EQ(read.json.value("name", ""), kReadKey);
  EXPECT_EQ(get("/api/v1/me", "not-a-key").status, 401);
  EXPECT_EQ(get("/api/v1/me", nullptr).status, 401);
}

TEST(WebAssetsTest, ABinaryBuiltWithoutTheDashboardSaysSoToBrowsers) {
  // Either the build embedded the dashboard (it has index.html) or it embedded nothing.
  using server::content_type_for;
  auto embedded = server::WebAssets::embedded();
  if (embedded->has_dashboard())
    EXPECT_NE(embedded->find("/index.html")->body.find("<"), std::string::npos);
  else
    EXPECT_EQ(embedded->find("/assets/app.js"), nullptr);
  EXPECT_EQ(content_type_for("/a/b.css"), "text/css; charset=utf-8");
  EXPECT_EQ(content_type_for("/x.unknown"), "application/octet-stream");
}

}  // namespace
}  // namespace oiis::testing
