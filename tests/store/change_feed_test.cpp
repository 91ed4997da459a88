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
#include "store/model_tables.h"
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
  auto model = parse_change_notice("model:churn");
  ASSERT_TRUE(model);
  EXPECT_EQ(model->kind, Kind::kModel);
  EXPECT_EQ(model->key, "churn");
  EXPECT_FALSE(parse_change_notice("basket:7")) << "a kind this version does not know";
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

// A fresh database, a store writing to it and a feed listening to it, per test.
class ChangeFeedPostgres : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    url_ = fresh_postgres_database_url(&why);
    if (url_.empty()) OIIS_SKIP_UNLESS_REQUIRED("PostgreSQL unavailable: " << why);
    auto writer = open_postgres_store(url_, {});
    ASSERT_TRUE(writer.is_ok()) << writer.status().to_string();
    writer_ = std::move(*writer);
    auto feed = watch_store_changes(url_, [this](const ChangeNotice& n) { heard_.add(n); });
    ASSERT_TRUE(feed.is_ok()) << feed.status().to_string();
    ASSERT_NE(*feed, nullptr);
    feed_ = std::move(*feed);
  }
  // Declared so that the feed (destroyed first) stops before `heard_` goes.
  std::string url_;
  HeardNotices heard_;
  std::unique_ptr<Store> writer_;
  std::unique_ptr<ChangeFeed> feed_;
};

TEST_F(ChangeFeedPostgres, ChangesCommittedThroughOneStoreReachAnotherStoresFeed) {
  // The first LISTEN is in place once watch_store_changes returns, and it says "drop everything".
  ASSERT_TRUE(heard_.wait_for(Kind::kEverything, 0, 0ms));

  ApiKey key;
  key.name = "till";
  key.key_hash = std::string(64, 'c');
  key.created_at = 1;
  auto created = writer_->create_api_key(key);
  ASSERT_TRUE(created.is_ok()) << created.status().to_string();
  Product product;
  product.sku = "MUG-1";
  product.name = "Mug";
  product.price = 4;
  auto mug = writer_->create_product(product);
  ASSERT_TRUE(mug.is_ok()) << mug.status().to_string();
  const std::size_t before_changes = heard_.size();

  ASSERT_TRUE(writer_->revoke_api_key(created->id).is_ok());
  auto revoked = heard_.wait_for(Kind::kApiKey, before_changes, 1000ms);
  ASSERT_TRUE(revoked) << "no notice within 1 s of the revocation's commit";
  EXPECT_EQ(revoked->key, key.key_hash);

  mug->price = 5;
  ASSERT_TRUE(writer_->update_product(*mug, "price test").is_ok());
  auto changed = heard_.wait_for(Kind::kProduct, before_changes, 1000ms);
  ASSERT_TRUE(changed) << "no notice within 1 s of the product's update";
  EXPECT_EQ(changed->key, "MUG-1");
  EXPECT_FALSE(heard_.wait_for(Kind::kEverything, 1, 0ms)) << "the feed reconnected unasked";
}

TEST_F(ChangeFeedPostgres, AfterItsConnectionIsKilledTheFeedReconnectsAndSaysDropEverything) {
  const std::size_t before_kill = heard_.size();
  {
    pqxx::connection admin(url_);
    pqxx::nontransaction(admin).exec(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%'");
  }
  // Notices sent while it was away are lost, so the reconnected feed drops every cached copy.
  ASSERT_TRUE(heard_.wait_for(Kind::kEverything, before_kill, 3000ms))
      << "the feed did not come back";
  ApiKey key;
  key.name = "till";
  key.key_hash = std::string(64, 'd');
  key.created_at = 1;
  auto created = writer_->create_api_key(key);
  ASSERT_TRUE(created.is_ok());
  const std::size_t before_revoke = heard_.size();
  ASSERT_TRUE(writer_->revoke_api_key(created->id).is_ok());
  EXPECT_TRUE(heard_.wait_for(Kind::kApiKey, before_revoke, 1000ms)) << "and it hears again";
}

TEST_F(ChangeFeedPostgres, InsertsSendNothing) {
  Product product;
  product.sku = "NEW-1";
  product.name = "New";
  product.price = 1;
  ASSERT_TRUE(writer_->create_product(product).is_ok());
  EXPECT_FALSE(heard_.wait_for(Kind::kProduct, 0, 300ms)) << "no cache holds a new row";
}

// A promotion (or rollback) in one process tells every other to drop the family's cached
// predictions; a new candidate, which nothing serves, sends nothing.
TEST_F(ChangeFeedPostgres, PromotionSendsAModelNoticeForItsFamily) {
  ModelVersion v;
  v.family = "churn";
  v.data_fingerprint = v.model_fingerprint = "f1";
  v.code_version = "test";
  v.artefact = "models/churn-1";
  v.data_date = "2024-01-01";
  auto first = writer_->models().add_model_version(v, nullptr);
  ASSERT_TRUE(first.is_ok()) << first.status().to_string();
  v.model_fingerprint = "f2";
  auto second = writer_->models().add_model_version(v, nullptr);
  ASSERT_TRUE(second.is_ok()) << second.status().to_string();
  EXPECT_FALSE(heard_.wait_for(Kind::kModel, 0, 300ms)) << "candidates are served by no one";

  std::size_t before = heard_.size();
  std::vector<PredictionRow> rows = {{"churn", "customer-1", 0, "2024-01-01", "{\"p\":0.4}"}};
  ASSERT_TRUE(writer_->models()
                  .set_model_stage("churn", first->version, ModelStage::kProduction, "up", &rows)
                  .is_ok());
  auto promoted = heard_.wait_for(Kind::kModel, before, 1000ms);
  ASSERT_TRUE(promoted) << "no notice within 1 s of the promotion's commit";
  EXPECT_EQ(promoted->key, "churn");

  before = heard_.size();
  ASSERT_TRUE(writer_->models()
                  .set_model_stage("churn", second->version, ModelStage::kProduction, "next", nullptr)
                  .is_ok());
  EXPECT_TRUE(heard_.wait_for(Kind::kModel, before, 1000ms)) << "the second promotion";
}

}  // namespace
}  // namespace oiis::testing
