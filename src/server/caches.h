// In-memory caches on the request hot path: API key lookups and rendered products (the rate
// limits are in server/rate_limits.h). Both are
// sharded maps under shared mutexes (readers never serialise) with a time-to-live.
#pragma once

#include <array>
#include <chrono>
#include <memory>
#include <optional>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "domain/types.h"
#include "store/store.h"

namespace oiis::server {

template <typename V>
class ShardedTtlMap {
 public:
  using Clock = std::chrono::steady_clock;
  explicit ShardedTtlMap(std::chrono::seconds ttl, std::size_t max_entries_per_shard = 65536)
      : ttl_(ttl), max_per_shard_(max_entries_per_shard) {}

  std::optional<V> get(const std::string& key) const {
    const Shard& s = shard(key);
    std::shared_lock lock(s.mutex);
    auto it = s.map.find(key);
    if (it == s.map.end() || Clock::now() >= it->second.expires) return std::nullopt;
    return it->second.value;
  }
  void put(const std::string& key, V value) {
    Shard& s = shard(key);
    std::unique_lock lock(s.mutex);
    if (s.map.size() >= max_per_shard_) s.map.clear();  // crude bound; refills on demand
    s.map.insert_or_assign(key, Entry{std::move(value), Clock::now() + ttl_});
  }
  void erase(const std::string& key) {
    Shard& s = shard(key);
    std::unique_lock lock(s.mutex);
    s.map.erase(key);
  }
  void clear() {
    for (Shard& s : shards_) {
      std::unique_lock lock(s.mutex);
      s.map.clear();
    }
  }

 private:
  struct Entry {
    V value;
    Clock::time_point expires;
  };
  struct Shard {
    mutable std::shared_mutex mutex;
    std::unordered_map<std::string, Entry> map;
  };
  static constexpr std::size_t kShards = 16;
  const Shard& shard(const std::string& key) const {
    return shards_[std::hash<std::string>{}(key) % kShards];
  }
  Shard& shard(const std::string& key) { return shards_[std::hash<std::string>{}(key) % kShards]; }

  std::chrono::seconds ttl_;
  std::size_t max_per_shard_;
  std::array<Shard, kShards> shards_;
};

// Authenticates bearer secrets: sha256 of the secret, looked up in the store, cached for
// `ttl`. A revocation through this process forgets the key at once; one through another
// process on PostgreSQL arrives as a change notice (store/change_feed.h) that forgets it
// here too, and the TTL bounds staleness should a notice be lost. Static admin secrets never
// expire.
// Who holds a key: its role, and its id and name for the audit log (id 0 and name
// "static-admin" for the OIIS_ADMIN_KEY secrets, which are never stored).
struct KeyHolder {
  Role role = Role::kRead;
  Id key_id = 0;
  std::string name;
  std::string hash_prefix;  // first 16 hex digits of the key's sha256: stable, not secret
};

class KeyCache {
 public:
  KeyCache(Store& store, std::chrono::seconds ttl, const std::vector<std::string>& admin_secrets);
  // kUnauthenticated for an unknown or revoked key; other codes when the store fails.
  Result<KeyHolder> authenticate(std::string_view secret);
  // Drops a cached key after it was revoked in the store, so its next use is refused. Also
  // stops lookups that started before the revocation from caching what they read.
  void forget(const std::string& key_hash);
  // Forgets every cached key (the change feed reconnected and may have missed revocations).
  void forget_all();

 private:
  Store& store_;
  std::unordered_map<std::string, KeyHolder> static_keys_;  // by hash; immutable after construction
  ShardedTtlMap<KeyHolder> cache_;
  std::mutex revoke_mutex_;  // orders cache fills after a lookup against forget()
  std::uint64_t revocations_ = 0;  // guarded by revoke_mutex_
};

// Rendered JSON of products by sku for GET /api/v1/products/{sku}; updates through the API
// invalidate, as do change notices from other processes on PostgreSQL, and the TTL bounds
// staleness from writers no notice reaches (another process on one SQLite file).
// Bounded in entries (16 shards x 1024) and bytes: a body over 16 KiB (a product with a large
// description or attributes) is served uncached, so the cache holds at most 256 MiB.
class ProductCache {
 public:
  static constexpr std::size_t kMaxEntriesPerShard = 1024;
  static constexpr std::size_t kMaxBodyBytes = 16 << 10;
  explicit ProductCache(std::chrono::seconds ttl)
      : enabled_(ttl.count() > 0), map_(ttl, kMaxEntriesPerShard) {}
  std::shared_ptr<const std::string> get(const std::string& sku) const {
    if (!enabled_) return nullptr;
    return map_.get(sku).value_or(nullptr);
  }
  void put(const std::string& sku, std::shared_ptr<const std::string> body) {
    if (enabled_ && body && body->size() <= kMaxBodyBytes) map_.put(sku, std::move(body));
  }
  void invalidate(const std::string& sku) {
    if (enabled_) map_.erase(sku);
  }
  void clear() {
    if (enabled_) map_.clear();
  }

 private:
  bool enabled_;
  ShardedTtlMap<std::shared_ptr<const std::string>> map_;
};

}  // namespace oiis::server
