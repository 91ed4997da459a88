#include "server/audit.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <nlohmann/json.hpp>

namespace oiis::server {

std::string audit_entry_json(const AuditEntry& e) {
  const nlohmann::json j = {{"seq", e.seq},
                            {"at", format_timestamp(e.at)},
                            {"key_id", e.key_id},
                            {"key_name", e.key_name},
                            {"role", std::string(to_string(e.role))},
                            {"method", e.method},
                            {"path", e.path},
                            {"status", e.status},
                            {"location", e.location}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

AuditLog::AuditLog(std::string path, std::size_t ring_entries)
    : path_(std::move(path)), ring_entries_(ring_entries) {
  if (path_.empty()) return;
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd_ < 0)
    open_status_ = unavailable("cannot open the audit log '" + path_ + "': " + std::strerror(errno));
}

AuditLog::~AuditLog() {
  if (fd_ >= 0) ::close(fd_);
}

void AuditLog::record(AuditEntry entry) {
  std::lock_guard lock(mutex_);
  entry.seq = next_seq_++;
  if (fd_ >= 0) {
    const std::string line = audit_entry_json(entry) + "\n";
    // One write per entry on an O_APPEND descriptor: entries never interleave, and a killed
    // process leaves whole lines (the data is in the kernel once write() returns).
    std::size_t done = 0;
    while (done < line.size()) {
      const ssize_t n = ::write(fd_, line.data() + done, line.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
  }
  ring_.push_back(std::move(entry));
  if (ring_.size() > ring_entries_) ring_.pop_front();
}

std::vector<AuditEntry> AuditLog::query(const AuditQuery& q) const {
  std::vector<AuditEntry> out;
  std::lock_guard lock(mutex_);
  for (auto it = ring_.rbegin(); it != ring_.rend() && out.size() < q.limit; ++it) {
    if (q.key_id && it->key_id != *q.key_id) continue;
    if (q.method && it->method != *q.method) continue;
    if (q.since && it->at < *q.since) continue;
    if (!q.path_prefix.empty() && it->path.rfind(q.path_prefix, 0) != 0) continue;
    out.push_back(*it);
  }
  return out;
}

}  // namespace oiis::server
