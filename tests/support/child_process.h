// A child process for tests (a server the test starts, the `oiis` binary it may kill): spawn
// it, wait until it answers, stop it (SIGTERM, then SIGKILL) or kill it -9 as a crash. The
// child dies with the test binary (PR_SET_PDEATHSIG), even one killed before it cleans up.
// Used by RedisServer, NatsServer and the integration tests' server, worker and oiis processes.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace oiis::testing {

class ChildProcess {
 public:
  // Where the child's stdout and stderr go: "" keeps the test's, "/dev/null" drops them, any
  // other path is appended to. `env` entries ("NAME=value") replace the test's own NAME.
  // Not started() when it could not be forked.
  static ChildProcess spawn(const std::vector<std::string>& argv, const std::string& output = "",
                            const std::vector<std::string>& env = {});
  ChildProcess() = default;
  ChildProcess(ChildProcess&& other) noexcept : pid_(other.pid_) { other.pid_ = 0; }
  ChildProcess& operator=(ChildProcess&& other) noexcept;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ~ChildProcess() { stop(); }

  pid_t pid() const { return pid_; }
  bool started() const { return pid_ != 0; }
  // Polls `ready` every 50 ms until it holds (true) or `limit` passes or the child exits (false;
  // an exited child is reaped and no longer started()).
  bool wait_until_ready(const std::function<bool()>& ready, std::chrono::milliseconds limit);
  // True once the child has exited (reaped, no longer started()); `exit_code` gets its exit
  // code (-1 when a signal ended it).
  bool exited(int* exit_code = nullptr);
  // Waits up to `limit` for it to exit: exited()'s answer then.
  bool wait_exit(std::chrono::milliseconds limit, int* exit_code = nullptr);
  // SIGTERM, then SIGKILL after `grace`; reaped. Nothing when not started.
  void stop(std::chrono::milliseconds grace = std::chrono::seconds(2));
  // SIGKILL (a crash); reaped.
  void kill_hard();

 private:
  pid_t pid_ = 0;
};

}  // namespace oiis::testing
