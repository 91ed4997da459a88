// Internal to the server module: the audit log of every write made through the API — who (the
// API key's id and name, and its role), what (method, path, the answer's status and the
// created resource), when. Entries go to an append-only JSON Lines file (one write() each,
// before the answer is sent, so every acknowledged write has its entry even if the process is
// killed right after) and to a bounded in-memory ring that GET /api/v1/admin/audit queries.
#pragma once

#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "domain/types.h"

namespace oiis::server {

struct AuditEntry {
  std::int64_t seq = 0;  // 1, 2, ... in the order written (per server run)
  Timestamp at = 0;
  Id key_id = 0;         // 0 for the static admin secret (OIIS_ADMIN_KEY)
  std::string key_name;
  Role role = Role::kRead;
  std::string method;    // POST, PUT, PATCH, DELETE
  std::string path;      // e.g. /api/v1/purchase-orders/7/approve
  int status = 0;        // the HTTP status answered
  std::string location;  // the created resource (Location header), "" when none
};

struct AuditQuery {
  std::optional<Id> key_id;
  std::optional<std::string> method;
  std::optional<Timestamp> since;  // inclusive
  std::string path_prefix;         // "" = any
  std::size_t limit = 100;
};

class AuditLog {
 public:
  // `path` "" keeps the log in memory only (tests, embedded servers). The file is created with
  // mode 0600 and appended to; a failure to open it is reported by open_status().
  explicit AuditLog(std::string path, std::size_t ring_entries = 100000);
  ~AuditLog();
  AuditLog(const AuditLog&) = delete;
  AuditLog& operator=(const AuditLog&) = delete;

  const Status& open_status() const { return open_status_; }
  // Thread-safe. Fills in seq.
  void record(AuditEntry entry);
  // Newest first, at most query.limit entries from the in-memory ring.
  std::vector<AuditEntry> query(const AuditQuery& query) const;

 private:
  std::string path_;
  int fd_ = -1;
  Status open_status_;
  std::size_t ring_entries_;
  mutable std::mutex mutex_;  // guards everything below and orders file writes
  std::deque<AuditEntry> ring_;
  std::int64_t next_seq_ = 1;
};

// {"seq", "at", "key_id", "key_name", "role", "method", "path", "status", "location"}
std::string audit_entry_json(const AuditEntry& e);

}  // namespace oiis::server
