#include "server/caches.h"

#include "common/crypto.h"

namespace oiis::server {

KeyCache::KeyCache(Store& store, std::chrono::seconds ttl,
                   const std::vector<std::string>& admin_secrets)
    : store_(store), cache_(ttl) {
  for (const auto& secret : admin_secrets)
    if (!secret.empty()) static_keys_.emplace(sha256_hex(secret), Role::kAdmin);
}

Result<Role> KeyCache::authenticate(std::string_view secret) {
  if (secret.empty()) return Status(ErrorCode::kUnauthenticated, "missing API key");
  const std::string hash = sha256_hex(secret);
  if (auto it = static_keys_.find(hash); it != static_keys_.end()) return it->second;
  if (auto role = cache_.get(hash)) return *role;
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
  {
    // A key revoked while we read it must not be cached as valid.
    std::lock_guard lock(revoke_mutex_);
    if (revocations_ == revocations) cache_.put(hash, key->role);
  }
  return key->role;
}

void KeyCache::forget(const std::string& key_hash) {
  std::lock_guard lock(revoke_mutex_);
  ++revocations_;
  cache_.erase(key_hash);
}

}  // namespace oiis::server
