#include "support/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string_view>
#include <thread>

extern char** environ;

namespace oiis::testing {
namespace {

// The test's environment with `overrides` ("NAME=value") replacing the same names.
std::vector<std::string> child_environment(const std::vector<std::string>& overrides) {
  std::vector<std::string> out;
  for (char** e = environ; *e; ++e) {
    const std::string_view entry(*e);
    bool replaced = false;
    for (const auto& o : overrides) replaced |= entry.rfind(o.substr(0, o.find('=') + 1), 0) == 0;
    if (!replaced) out.emplace_back(entry);
  }
  out.insert(out.end(), overrides.begin(), overrides.end());
  return out;
}

std::vector<char*> pointers_to(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

}  // namespace

ChildProcess ChildProcess::spawn(const std::vector<std::string>& argv, const std::string& output,
                                 const std::vector<std::string>& env) {
  // Everything the child needs is built before fork(): between fork and exec a threaded
  // parent's child may only make async-signal-safe calls.
  std::vector<std::string> args = argv, envs = child_environment(env);
  std::vector<char*> raw_args = pointers_to(args), raw_env = pointers_to(envs);
  int out_fd = -1;
  if (!output.empty())
    out_fd = ::open(
        output.c_str(),
        output == "/dev/null" ? O_WRONLY | O_CLOEXEC : O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
        0644);
  const pid_t parent = ::getpid();
  ChildProcess child;
  child.pid_ = ::fork();
  if (child.pid_ == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    if (out_fd >= 0) {
      ::dup2(out_fd, STDOUT_FILENO);
      ::dup2(out_fd, STDERR_FILENO);
    }
    ::execve(raw_args[0], raw_args.data(), raw_env.data());
    ::_exit(127);
  }
  if (out_fd >= 0) ::close(out_fd);
  if (child.pid_ < 0) child.pid_ = 0;
  return child;
}

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
  if (this != &other) {
    stop();
    pid_ = other.pid_;
    other.pid_ = 0;
  }
  return *this;
}

bool ChildProcess::exited(int* exit_code) {
  if (pid_ == 0) return true;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) != pid_) return false;
  pid_ = 0;
  if (exit_code) *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return true;
}

bool ChildProcess::wait_exit(std::chrono::milliseconds limit, int* exit_code) {
  const auto give_up = std::chrono::steady_clock::now() + limit;
  for (;;) {
    if (exited(exit_code)) return true;
    if (std::chrono::steady_clock::now() >= give_up) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

bool ChildProcess::wait_until_ready(const std::function<bool()>& ready,
                                    std::chrono::milliseconds limit) {
  const auto give_up = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < give_up) {
    if (ready()) return true;
    if (exited()) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

void ChildProcess::stop(std::chrono::milliseconds grace) {
  if (pid_ == 0) return;
  ::kill(pid_, SIGTERM);
  if (!wait_exit(grace)) kill_hard();
}

void ChildProcess::kill_hard() {
  if (pid_ == 0) return;
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = 0;
}

}  // namespace oiis::testing
