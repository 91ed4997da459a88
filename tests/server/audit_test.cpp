// The audit log: every write through the API is recorded (who, what, when, the answer),
// approvals name who approved, refused attempts are recorded too, reads are not, and only an
// admin may query it.
#include <fstream>

#include "server/server_fixture.h"

namespace oiis::testing {
namespace {

class AuditTest : public ServerTest {
 protected:
  Json audit(const std::string& query = "") {
    Reply r = get("/api/v1/admin/audit" + query, kAdminKey);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json["items"];
  }
};

TEST_F(AuditTest, EveryWriteIsRecordedWithWhoWhatAndWhen) {
  Reply placed =
      post("/api/v1/orders", {{"lines", {{{"sku", "SKU-1"}, {"quantity", 1}}}}}, kWriteKey);
  ASSERT_EQ(placed.status, 201) << placed.body;
  Reply denied = post("/api/v1/orders", {{"lines", {{{"sku", "SKU-1"}, {"quantity", 1}}}}}, kReadKey);
  ASSERT_EQ(denied.status, 403);
  ASSERT_EQ(get("/api/v1/orders", kReadKey).status, 200);  // reads are not audited

  const Json items = audit();
  ASSERT_EQ(items.size(), 2u) << items.dump();
  const Json& refused = items[0];  // newest first
  EXPECT_EQ(refused["key_name"], kReadKey);
  EXPECT_EQ(refused["status"], 403);
  const Json& write = items[1];
  EXPECT_EQ(write["key_name"], kWriteKey);
  EXPECT_EQ(write["role"], "write");
  EXPECT_EQ(write["method"], "POST");
  EXPECT_EQ(write["path"], "/api/v1/orders");
  EXPECT_EQ(write["status"], 201);
  EXPECT_EQ(write["location"], placed.header("Location"));
  EXPECT_LE(std::abs(*parse_timestamp(write["at"].get<std::string>()) - now_utc()), 5);
  EXPECT_LT(write["seq"].get<int>(), refused["seq"].get<int>());
}

TEST_F(AuditTest, ApprovalsNameWhoApprovedAndOnlyAdminsQuery) {
  const Id id = draft_purchase_order();
  ASSERT_NE(id, 0);
  const std::string path = "/api/v1/purchase-orders/" + std::to_string(id) + "/approve";
  ASSERT_EQ(post(path, Json::object(), kWriteKey).status, 200);
  const Json items = audit("?path_prefix=/api/v1/purchase-orders");
  ASSERT_EQ(items.size(), 1u) << items.dump();
  EXPECT_EQ(items[0]["path"], path);
  EXPECT_EQ(items[0]["key_name"], kWriteKey);
  EXPECT_EQ(get("/api/v1/admin/audit", kWriteKey).status, 403);
  EXPECT_EQ(audit("?method=DELETE").size(), 0u);
}

TEST_F(AuditTest, EntriesAreAppendedToTheFile) {
  const std::string file = ::testing::TempDir() + "/oiis-audit-" + std::to_string(::getpid());
  std::remove(file.c_str());
  shutdown();
  ServerConfig config;
  config.audit_log_path = file;
  start(config);
  ASSERT_EQ(post("/api/v1/orders", {{"lines", {{{"sku", "SKU-2"}, {"quantity", 1}}}}}, kWriteKey)
                .status,
            201);
  std::ifstream in(file);
  std::string line;
  ASSERT_TRUE(std::getline(in, line));
  const Json entry = Json::parse(line);
  EXPECT_EQ(entry["key_name"], kWriteKey);
  EXPECT_EQ(entry["status"], 201);
  EXPECT_FALSE(std::getline(in, line));
  std::remove(file.c_str());
}

}  // namespace
}  // namespace oiis::testing
