// Change notices between processes sharing one store: what another `oiis serve` changed that
// this one may hold in a cache (an API key, a rendered product, a family's cached predictions).
// PostgreSQL sends them from triggers (migration 006_change_notices.sql) with NOTIFY, so every
// writer — another process, the CLI, hand-written SQL — is heard; SQLite serves one process and
// has no feed. Notices are hints to drop cached copies, never data: a cache keeps its TTL.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace oiis {

struct ChangeNotice {
  enum class Kind {
    kApiKey,      // key: the key's sha256 hex (as stored)
    kProduct,     // key: the sku
    kModel,       // key: the model family whose production model (and predictions) changed
    kEverything,  // the feed (re)connected and may have missed notices: drop every cached copy
  };
  Kind kind = Kind::kEverything;
  std::string key;  // empty with kEverything, or when the writer sent no key: drop all of `kind`
};

// Called on the feed's own thread, one notice at a time; must not block for long.
using ChangeHandler = std::function<void(const ChangeNotice&)>;

// Listening while it lives; destroying it stops the feed (and joins its thread).
class ChangeFeed {
 public:
  virtual ~ChangeFeed() = default;
};

// Calls `on_change` for every change committed to the store at `store_url` (by any process,
// this one included) that a cache may hold, until the returned feed is destroyed. Waits up to
// a few seconds for the feed to be listening, so changes after it returns are heard.
// nullptr for a store that serves one process (SQLite): there is nothing to hear, and the
// caller's own invalidation and TTLs suffice.
Result<std::unique_ptr<ChangeFeed>> watch_store_changes(const std::string& store_url,
                                                        ChangeHandler on_change);

// The wire form of a notice, "<kind>:<key>" ("api_key:ab12…", "product:SKU-1", "model:churn"):
// nullopt for a payload this version does not know (a newer process's notice), which the
// listener ignores.
std::optional<ChangeNotice> parse_change_notice(std::string_view payload);

}  // namespace oiis
