#include "common/progress.h"

#include <unistd.h>

#include <cstdio>

namespace oiis {

TerminalProgressBar::TerminalProgressBar(std::string label, bool force)
    : label_(std::move(label)),
      enabled_(force || isatty(STDERR_FILENO)),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

void TerminalProgressBar::update(std::int64_t done, std::int64_t total) {
  done_ = done;
  total_ = total;
  auto now = std::chrono::steady_clock::now();
  if (now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  draw();
}

void TerminalProgressBar::draw() {
  if (!enabled_) return;
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double rate = secs > 0 ? static_cast<double>(done_) / secs : 0.0;
  constexpr int kWidth = 30;
  if (total_ > 0) {
    const double frac = std::min(1.0, static_cast<double>(done_) / static_cast<double>(total_));
    const int filled = static_cast<int>(frac * kWidth);
    std::fprintf(stderr, "\r%s [%s%s] %3d%% %lld/%lld %.0f/s ", label_.c_str(),
                 std::string(filled, '#').c_str(), std::string(kWidth - filled, '.').c_str(),
                 static_cast<int>(frac * 100), static_cast<long long>(done_),
                 static_cast<long long>(total_), rate);
  } else {
    std::fprintf(stderr, "\r%s %lld %.0f/s ", label_.c_str(), static_cast<long long>(done_), rate);
  }
  std::fflush(stderr);
}

void TerminalProgressBar::finish() {
  if (!enabled_) return;
  draw();
  std::fputc('\n', stderr);
}

}  // namespace oiis
