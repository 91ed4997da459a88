// `oiis <command> --help` for every command: it answers, and it offers only the options the
// command uses (--allow-backorders belongs to serve alone: nothing else places orders).
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <utility>
#include <vector>
#include <string>

#include "integration/server_process.h"
#include "support/required_part.h"
#include "support/run_command.h"

namespace oiis::itest {
namespace {

// Exit status and output of `oiis ARGS`, as (output, status).
std::pair<std::string, int> run_oiis_capture(const std::string& args) {
  auto [status, out] = oiis::testing::run_command(oiis_binary() + " " + args);
  return {out, status};
}

TEST(CliHelp, EveryCommandAnswersAndOnlyServeTakesBackorders) {
  if (oiis_binary().empty()) OIIS_SKIP_UNLESS_REQUIRED("no oiis binary: set OIIS_BINARY (ctest does)");
  for (const char* command : {"generate", "import", "export", "export analytics", "stats",
                              "forecast", "reorder", "abc", "simulate", "pricing", "backup",
                              "restore", "api-docs", "batch submit"}) {
    auto [out, status] = run_oiis_capture(std::string(command) + " --help");
    EXPECT_EQ(status, 0) << command << ": " << out;
    EXPECT_NE(out.find("Usage"), std::string::npos) << command << ": " << out;
    EXPECT_EQ(out.find("--allow-backorders"), std::string::npos) << command;
  }
  auto [serve, status] = run_oiis_capture("serve --help");
  EXPECT_EQ(status, 0);
  EXPECT_NE(serve.find("--allow-backorders"), std::string::npos) << serve;
}

// A store without the input a scan needs says so instead of reporting a silent zero.
TEST(CliAnomaly, MissingInputsAreSaidNotSilentZeros) {
  if (oiis_binary().empty()) OIIS_SKIP_UNLESS_REQUIRED("no oiis binary: set OIIS_BINARY (ctest does)");
  TempDir dir;
  auto [prices, status] = run_oiis_capture("anomaly prices --data " + dir.path());
  EXPECT_EQ(status, 0) << prices;
  EXPECT_NE(prices.find("price anomalies cannot be checked"), std::string::npos) << prices;
  auto [deliveries, status2] = run_oiis_capture("anomaly deliveries --data " + dir.path() + " --json");
  EXPECT_EQ(status2, 0) << deliveries;
  EXPECT_NE(deliveries.find("supplier delays cannot be checked"), std::string::npos) << deliveries;
}

// A bad flag is refused naming the flag the user typed (not the parameter behind it), with
// exit status 2, and nothing is written.
TEST(CliFlags, BadFlagsAreNamedAsTyped) {
  if (oiis_binary().empty()) OIIS_SKIP_UNLESS_REQUIRED("no oiis binary: set OIIS_BINARY (ctest does)");
  TempDir dir;
  const std::string data = " --data " + dir.path();
  for (const auto& [args, flag] : std::vector<std::pair<std::string, std::string>>{
           {"batch submit --partitions 0", "--partitions"},
           {"batch submit --horizon 0", "--horizon"},
           {"export analytics --out " + dir.path() + "/a --from 2024-13", "--from"},
           {"export analytics --out " + dir.path() + "/a --from 2024-03 --to 2024-01", "--to"},
           {"export", "--entity"}}) {
    auto [out, status] = run_oiis_capture(args + data);
    EXPECT_EQ(status, 2) << args << ": " << out;
    EXPECT_NE(out.find(flag), std::string::npos) << args << ": " << out;
  }
  auto [none, status] = run_oiis_capture("batch status 1 --json" + data);
  EXPECT_EQ(none.find("\"pending\""), std::string::npos) << "no job was submitted: " << none;
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/a/manifest.json"));
}

}  // namespace
}  // namespace oiis::itest
