// The prediction cache's shared level on a real redis-server (started here on a free loopback
// port): a second process's cache answers from Redis what the first read from the store, a
// promotion in one process reaches the other through the family's generation, and a Redis
// outage leaves the answers to the store.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "mlops/prediction_cache.h"
#include "mlops/redis_client.h"
#include "store/model_tables.h"
#include "store/store.h"
#include "support/redis_server.h"
#include "support/required_part.h"

namespace oiis::mlops {
namespace {

using testing::RedisServer;

ModelVersion version_of(const std::string& fingerprint) {
  ModelVersion v;
  v.family = "churn";
  v.stage = ModelStage::kProduction;
  v.model_fingerprint = fingerprint;
  v.artefact = "models/churn/" + fingerprint;
  return v;
}

std::vector<PredictionRow> rows(const std::string& value) {
  return {{"churn", "1", 0, "2026-01-31", value}, {"churn", "2", 0, "2026-01-31", value}};
}

TEST(RedisPredictionCache, ProcessesShareAnswersAndPromotions) {
  std::string why;
  auto redis = RedisServer::start(&why);
  if (!redis) OIIS_SKIP_UNLESS_REQUIRED(why);
  if (!redis) return;
  auto store = open_store(":memory:");
  ASSERT_TRUE(store);
  ModelTables& tables = (*store)->models();
  auto first = rows("{\"p\":0.1}");
  ASSERT_TRUE(tables.add_model_version(version_of("a"), &first));

  auto client_a = RedisClient::create(redis->url());
  auto client_b = RedisClient::create(redis->url());
  ASSERT_TRUE(client_a && client_b);
  ASSERT_TRUE((*client_a)->ping().is_ok());
  PredictionCache a(tables, 100, 3600, client_a->get());
  PredictionCache b(tables, 100, 3600, client_b->get());

  auto from_store = a.get("churn", "1");
  ASSERT_TRUE(from_store) << from_store.status().to_string();
  EXPECT_EQ(a.shared_hits(), 0u);
  auto from_redis = b.get("churn", "1");
  ASSERT_TRUE(from_redis);
  EXPECT_EQ(b.shared_hits(), 1u);
  EXPECT_EQ((*from_redis)->payload_json, "{\"p\":0.1}");
  EXPECT_EQ((*from_redis)->model_version, 1);

  // Process A promotes version 2 (its registry's listener drops the family).
  auto second = rows("{\"p\":0.9}");
  ASSERT_TRUE(tables.add_model_version(version_of("b"), &second));
  a.drop("churn");
  EXPECT_EQ((*a.get("churn", "1"))->model_version, 2);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // B re-reads generations
  auto after = b.get("churn", "1");
  ASSERT_TRUE(after);
  EXPECT_EQ((*after)->model_version, 2);
  EXPECT_EQ((*after)->payload_json, "{\"p\":0.9}");

  // Redis goes away: answers still come, from the store, without a long wait.
  redis->stop();
  const auto start = std::chrono::steady_clock::now();
  auto without = b.get("churn", "2");
  ASSERT_TRUE(without) << without.status().to_string();
  EXPECT_EQ((*without)->model_version, 2);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  EXPECT_EQ(b.get("churn", "3").status().code(), ErrorCode::kNotFound);
}

TEST(RedisPredictionCache, ABadUrlIsNamed) {
  for (const char* url : {"http://x:1", "redis://", "redis://host:0", "redis://host:99999",
                          "redis://host:12ab"}) {
    auto client = RedisClient::create(url);
    ASSERT_FALSE(client) << url;
    EXPECT_EQ(client.status().field(), "redis") << url;
  }
  EXPECT_TRUE(RedisClient::create("redis://127.0.0.1"));
}

}  // namespace
}  // namespace oiis::mlops
