#include "server/caches.h"

#include <algorithm>

#include "common/crypto.h"

namespace oiis::server {

KeyCache::KeyCache(Store& store, std::chrono::seconds ttl,
                   const std::vector<std::string>& admin_secrets)
    : store_(store), cache_(ttl) {
  for (const auto& secret : admin_secrets)
    if (!secret.empty())
      static_keys_.emplace(sha256_hex(secret),
                           KeyHolder{Role::kAdmin, 0, "static-admin", sha256_hex(secret).substr(0, 16)});
}

Result<KeyHolder> KeyCache::authenticate(std::string_view secret) {
  if (secret.empty()) return Status(ErrorCode::kUnauthenticated, "missing API key");
  const std::string hash = sha256_hex(secret);
  if (auto it = static_keys_.find(hash); it != static_keys_.end()) return it->second;
  if (auto holder = cache_.get(hash)) return *holder;
  std::uint64_t revocations;
  {
    std::lock_guard lock(revoke_mutex_);
    revocations = revocations_;
  }
  auto key = store_.find_api_key_by_hash(hash);
  if (!key) {
    if (key.status().code() == ErrorCode::kNotFound)
      return Status(ErrorCode::kUnauthenticated, "invalid API key");
    return key.status();
  }
  if (key->revoked) return Status(ErrorCode::kUnauthenticated, "API key has been revoked");
  KeyHolder holder{key->role, key->id, key->name, hash.substr(0, 16)};
  {
    // A key revoked while we read it must not be cached as valid.
    std::lock_guard lock(revoke_mutex_);
    if (revocations_ == revocations) cache_.put(hash, holder);
  }
  return holder;
}

void KeyCache::forget(const std::string& key_hash) {
  std::lock_guard lock(revoke_mutex_);
  ++revocations_;
  cache_.erase(key_hash);
}

void KeyCache::forget_all() {
  std::lock_guard lock(revoke_mutex_);
  ++revocations_;
  cache_.clear();
}

}  // namespace oiis::server
