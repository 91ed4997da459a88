// Progress reporting for long work (imports, generation, batch jobs). Algorithms report
// through the interface; the CLI renders a bar on a terminal.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace oiis {

class ProgressSink {
 public:
  virtual ~ProgressSink() = default;
  // `done` of `total` units (total 0 when unknown). Cheap to call often; implementations throttle.
  virtual void update(std::int64_t done, std::int64_t total) = 0;
  virtual void finish() {}
};

// Renders "label [#####.....] 52% 123456/234567 41k/s" on stderr, only when stderr is a TTY
// (or `force` is set), at most ten times a second.
class TerminalProgressBar : public ProgressSink {
 public:
  explicit TerminalProgressBar(std::string label, bool force = false);
  void update(std::int64_t done, std::int64_t total) override;
  void finish() override;

 private:
  std::string label_;
  bool enabled_;
  std::chrono::steady_clock::time_point start_, last_;
  std::int64_t done_ = 0, total_ = 0;
  void draw();
};

}  // namespace oiis
