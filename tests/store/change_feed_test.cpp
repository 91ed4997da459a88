// Change notices between processes on one database (store/change_feed.h): the wire format, and
// on PostgreSQL that a change committed through a store reaches a feed on its own connection,
// while an insert sends nothing. SQLite has no feed.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <pqxx/pqxx>
#include <vector>

#include "store/change_feed.h"
#include "store/postgres/postgres_store.h"
#include "store/store_contract.h"

namespace oiis::testing {
namespace {

using namespace std::chrono_literals;
using Kind = ChangeNotice::Kind;

TEST(ChangeNoticeFormat, ParsesKnownKindsAndKeepsTheRestOfThePayloadAsTheKey) {
  auto key = parse_change_notice("api_key:ab12");
  ASSERT_TRUE(key);
  EXPECT_EQ(key->kind, Kind::kApiKey);
  EXPECT_EQ(key->key, "ab12");
  auto sku = parse_change_notice("product:A:B");
  ASSERT_TRUE(sku);
  EXPECT_EQ(sku->kind, Kind::kProduct);
  EXPECT_EQ(sku->key, "A:B");
  auto all_products = parse_change_notice("product:");
  ASSERT_TRUE(all_products);
  EXPECT_EQ(all_products->kind, Kind::kProduct);
  EXPECT_TRUE(all_products->key.empty());
  EXPECT_FALSE(parse_change_notice("model:churn")) << "a kind this version does not know";
  EXPECT_FALSE(parse_change_notice("api_key"));
  EXPECT_FALSE(parse_change_notice(""));
}

TEST(ChangeFeedSqlite, HasNoFeed) {
  for (const char* url : {":memory:", "sqlite:/tmp/oiis.db", "oiis-data/oiis.db"}) {
    auto feed = watch_store_changes(url, [](const ChangeNotice&) {});
    ASSERT_TRUE(feed.is_ok()) << url;
    EXPECT_EQ(*feed, nullptr) << url;
  }
}

// Notices heard by one feed, in order; waits for one of a kind.
class HeardNotices {
 public:
  void add(const ChangeNotice& n) {
    std::lock_guard lock(mutex_);
    heard_.push_back(n);
    arrived_.notify_all();
  }
  // The first notice of `kind` after the first `skip` notices, waiting up to `limit`.
  std::optional<ChangeNotice> wait_for(Kind kind, std::size_t skip, std::chrono::milliseconds limit) {
    std::unique_lock lock(mutex_);
    std::optional<ChangeNotice> found;
    arrived_.wait_for(lock, limit, [&] {
      for (std::size_t i = skip; i < heard_.size(); ++i)
        if (heard_[i].kind == kind) return (found = heard_[i]).has_value();
      return false;
    });
    return found;
  }
  std::size_t size() {
    std::lock_guard lock(mutex_);
    return heard_.size();
  }

 private:
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::vector<ChangeNotice> heard_;
};

TEST(ChangeFeedPostgres, ChangesCommittedThroughOneStoreReachAnotherStoresFeed) {
  std::string why;
  const std::string url = fresh_postgres_database_url(&why);
  if (url.empty()) OIIS_SKIP_UNLESS_REQUIRED("PostgreSQL unavailable: " << why);
  auto writer = open_postgres_store(url, {});
  ASSERT_TRUE(writer.is_ok()) << writer.status().to_string();
  HeardNotices heard;
  auto feed = watch_store_changes(url, [&](const ChangeNotice& n) { heard.add(n); });
  ASSERT_TRUE(feed.is_ok()) << feed.status().to_string();
  ASSERT_NE(*feed, nullptr);
  // The first LISTEN is in place once watch_store_changes returns, and it says "drop everything".
  ASSERT_TRUE(heard.wait_for(Kind::kEverything, 0, 0ms));

  ApiKey key;
  key.name = "till";
  key.key_hash = std::string(64, 'c');
  key.created_at = 1;
  auto created = (*writer)->create_api_key(key);
  ASSERT_TRUE(created.is_ok()) << created.status().to_string();
  Product product;
  product.sku = "MUG-1";
  product.name = "Mug";
  product.price = 4;
  auto mug = (*writer)->create_product(product);
  ASSERT_TRUE(mug.is_ok()) << mug.status().to_string();
  const std::size_t before_changes = heard.size();

  ASSERT_TRUE((*writer)->revoke_api_key(created->id).is_ok());
  auto revoked = heard.wait_for(Kind::kApiKey, before_changes, 1000ms);
  ASSERT_TRUE(revoked) << "no notice within 1 s of the revocation's commit";
  EXPECT_EQ(revoked->key, key.key_hash);

  mug->price = 5;
  ASSERT_TRUE((*writer)->update_product(*mug, "price test").is_ok());
  auto changed = heard.wait_for(Kind::kProduct, before_changes, 1000ms);
  ASSERT_TRUE(changed) << "no notice within 1 s of the product's update";
  EXPECT_EQ(changed->key, "MUG-1");
  EXPECT_FALSE(heard.wait_for(Kind::kEverything, 1, 0ms)) << "the feed reconnected unasked";
}

TEST(ChangeFeedPostgres, AfterItsConnectionIsKilledTheFeedReconnectsAndSaysDropEverything) {
  std::string why;
  const std::string url = fresh_postgres_database_url(&why);
  if (url.empty()) OIIS_SKIP_UNLESS_REQUIRED("PostgreSQL unavailable: " << why);
  auto writer = open_postgres_store(url, {});
  ASSERT_TRUE(writer.is_ok()) << writer.status().to_string();
  HeardNotices heard;
  auto feed = watch_store_changes(url, [&](const ChangeNotice& n) { heard.add(n); });
  ASSERT_TRUE(feed.is_ok() && *feed);
  const std::size_t before_kill = heard.size();
  {
    pqxx::connection admin(url);
    pqxx::nontransaction(admin).exec(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%'");
  }
  // Notices sent while it was away are lost, so the reconnected feed drops every cached copy.
  ASSERT_TRUE(heard.wait_for(Kind::kEverything, before_kill, 3000ms))
      << "the feed did not come back";
  ApiKey key;
  key.name = "till";
  key.key_hash = std::string(64, 'd');
  key.created_at = 1;
  auto created = (*writer)->create_api_key(key);
  ASSERT_TRUE(created.is_ok());
  const std::size_t before_revoke = heard.size();
  ASSERT_TRUE((*writer)->revoke_api_key(created->id).is_ok());
  EXPECT_TRUE(heard.wait_for(Kind::kApiKey, before_revoke, 1000ms)) << "and it hears again";
}

TEST(ChangeFeedPostgres, InsertsSendNothing) {
  std::string why;
  const std::string url = fresh_postgres_database_url(&why);
  if (url.empty()) OIIS_SKIP_UNLESS_REQUIRED("PostgreSQL unavailable: " << why);
  auto writer = open_postgres_store(url, {});
  ASSERT_TRUE(writer.is_ok()) << writer.status().to_string();
  HeardNotices heard;
  auto feed = watch_store_changes(url, [&](const ChangeNotice& n) { heard.add(n); });
  ASSERT_TRUE(feed.is_ok() && *feed);
  Product product;
  product.sku = "NEW-1";
  product.name = "New";
  product.price = 1;
  ASSERT_TRUE((*writer)->create_product(product).is_ok());
  EXPECT_FALSE(heard.wait_for(Kind::kProduct, 0, 300ms)) << "no cache holds a new row";
}

}  // namespace
}  // namespace oiis::testing
