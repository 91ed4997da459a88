#include "common/log.h"

#include <atomic>
#include <cstdio>
#include <mutex>

#include "common/time.h"

namespace oiis {
namespace {
std::atomic<LogLevel> g_level{LogLevel::kInfo};
std::mutex g_mutex;
}  // namespace

void set_log_level(LogLevel level) { g_level = level; }

void log(LogLevel level, std::string_view message) {
  if (level < g_level.load()) return;
  static const char* names[] = {"DEBUG", "INFO", "WARN", "ERROR"};
  std::lock_guard lock(g_mutex);
  std::fprintf(stderr, "%s %s %.*s\n", format_timestamp(now_utc()).c_str(),
               names[static_cast<int>(level)], static_cast<int>(message.size()), message.data());
}

}  // namespace oiis
