// Runs a shell command line and returns its exit status and its stdout and stderr together,
// for tests that drive the `oiis` binary as a user would.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
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

// The `oiis` binary the CLI tests drive: $OIIS_BINARY, else the one beside the running test
// binary in the build folder; empty when neither exists.
inline std::string oiis_binary_path() {
  if (const char* env = std::getenv("OIIS_BINARY")) return env;
  std::error_code ec;
  const auto beside = std::filesystem::read_symlink("/proc/self/exe", ec).parent_path() / "oiis";
  return !ec && std::filesystem::exists(beside) ? beside.string() : std::string();
}

}  // namespace oiis::testing
