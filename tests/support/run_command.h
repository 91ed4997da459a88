// Runs a shell command line and returns its exit status and its stdout and stderr together,
// for tests that drive the `oiis` binary as a user would.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <string>
#include <utility>

namespace oiis::testing {

inline std::pair<int, std::string> run_command(const std::string& command_line) {
  std::FILE* pipe = popen((command_line + " 2>&1").c_str(), "r");
  if (!pipe) return {-1, ""};
  std::string out;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) out.append(buf, n);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

}  // namespace oiis::testing
