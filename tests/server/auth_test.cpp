#include "server/server_fixture.h"

namespace oiis::testing {
namespace {

TEST_F(ServerTest, MissingKeyIs401WithJsonError) {
  Reply r = get("/api/v1/products", nullptr);
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.error_code(), "unauthenticated");
  EXPECT_EQ(r.error_field(), "Authorization");
  EXPECT_EQ(r.header("WWW-Authenticate"), "Bearer");
}

TEST_F(ServerTest, UnknownKeyIs401) {
  Reply r = get("/api/v1/products", "not-a-key");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.error_code(), "unauthenticated");
}

TEST_F(ServerTest, MalformedAuthorizationHeaderIs401) {
  Reply r = send("GET", "/api/v1/products", {}, nullptr, {{"Authorization", "Basic abc"}});
  EXPECT_EQ(r.status, 401);
}

// A key sent without "Bearer " is not a missing key: say what the header must look like.
TEST_F(ServerTest, KeyWithoutBearerIsToldTheHeaderFormat) {
  Reply r = send("GET", "/api/v1/products", {}, nullptr, {{"Authorization", kAdminKey}});
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.error_field(), "Authorization");
  EXPECT_NE(r.body.find("must read 'Bearer <key>'"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("missing API key"), std::string::npos) << r.body;
}

TEST_F(ServerTest, ReadKeyReadsButCannotWrite) {
  EXPECT_EQ(get("/api/v1/products", kReadKey).status, 200);
  Reply r = post("/api/v1/customers", {{"name", "Bob"}}, kReadKey);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.error_code(), "permission_denied");
  auto customers = store_->list_customers({}, {});
  ASSERT_TRUE(customers);
  EXPECT_EQ(customers->items.size(), 1u);  // nothing was created
}

TEST_F(ServerTest, WriteKeyWritesButCannotManageKeys) {
  EXPECT_EQ(post("/api/v1/customers", {{"name", "Bob"}}, kWriteKey).status, 201);
  Reply r = post("/api/v1/api-keys", {{"name", "x"}, {"role", "read"}}, kWriteKey);
  EXPECT_EQ(r.status, 403);
}

TEST_F(ServerTest, AdminCreatesKeysThatCarryTheirRole) {
  Reply r = post("/api/v1/api-keys", {{"name", "reporting"}, {"role", "read"}});
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string secret = r.json["key"].get<std::string>();
  EXPECT_EQ(r.json["role"], "read");
  EXPECT_EQ(get("/api/v1/orders", secret.c_str()).status, 200);
  EXPECT_EQ(post("/api/v1/customers", {{"name", "Bob"}}, secret.c_str()).status, 403);
  // Stored hashed: the secret itself is nowhere in the store, its hash is.
  auto key = store_->find_api_key_by_hash(sha256_hex(secret));
  ASSERT_TRUE(key);
  EXPECT_EQ(key->role, Role::kRead);
  EXPECT_NE(key->key_hash, secret);
}

TEST_F(ServerTest, ApiKeyCreateValidatesRole) {
  Reply r = post("/api/v1/api-keys", {{"name", "x"}, {"role", "superuser"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_field(), "role");
}

TEST_F(ServerTest, AdminListsKeysWithoutSecretsOrHashes) {
  Reply created = post("/api/v1/api-keys", {{"name", "reporting"}, {"role", "read"}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string secret = created.json["key"].get<std::string>();
  Reply r = get("/api/v1/admin/keys");
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.json["items"].size(), 3u);  // the fixture's read and write keys, and this one
  const Json& last = r.json["items"][2];
  EXPECT_EQ(last["id"], created.json["id"]);
  EXPECT_EQ(last["name"], "reporting");
  EXPECT_EQ(last["role"], "read");
  EXPECT_EQ(last["revoked"], false);
  EXPECT_EQ(r.body.find(secret), std::string::npos);
  EXPECT_EQ(r.body.find(sha256_hex(secret)), std::string::npos);
  for (const auto& key : r.json["items"]) {
    EXPECT_FALSE(key.contains("key"));
    EXPECT_FALSE(key.contains("key_hash"));
  }
  EXPECT_EQ(get("/api/v1/admin/keys", kWriteKey).status, 403);
}

TEST_F(ServerTest, RevokedKeyIsRefusedAtOnce) {
  Reply created = post("/api/v1/api-keys", {{"name", "temp"}, {"role", "write"}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string secret = created.json["key"].get<std::string>();
  const std::string path = "/api/v1/admin/keys/" + std::to_string(created.json["id"].get<Id>());
  ASSERT_EQ(get("/api/v1/products", secret.c_str()).status, 200);  // now in the key cache

  EXPECT_EQ(send("DELETE", path, {}, kWriteKey).status, 403);
  Reply revoked = send("DELETE", path);
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  EXPECT_EQ(revoked.json["revoked"], true);
  EXPECT_FALSE(revoked.json.contains("key_hash"));
  Reply refused = get("/api/v1/products", secret.c_str());
  EXPECT_EQ(refused.status, 401);
  EXPECT_EQ(refused.error_code(), "unauthenticated");
  EXPECT_EQ(send("DELETE", path).status, 200);  // revoking twice is harmless
  EXPECT_EQ(send("DELETE", "/api/v1/admin/keys/999999").status, 404);
  EXPECT_EQ(get("/api/v1/products", kReadKey).status, 200);  // other keys unaffected
}

TEST_F(ServerTest, PublicEndpointsNeedNoKey) {
  EXPECT_EQ(get("/healthz", nullptr).status, 200);
  EXPECT_EQ(get("/metrics", nullptr).status, 200);
  EXPECT_EQ(get("/openapi.json", nullptr).status, 200);
}

}  // namespace
}  // namespace oiis::testing
