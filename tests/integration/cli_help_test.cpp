// `oiis <command> --help` for every command: it answers, and it offers only the options the
// command uses (--allow-backorders belongs to serve alone: nothing else places orders).
#include <gtest/gtest.h>

#include <cstdio>
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
  for (const char* command : {"generate", "import", "export", "stats", "forecast", "reorder",
                              "abc", "simulate", "pricing", "backup", "restore", "api-docs"}) {
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

}  // namespace
}  // namespace oiis::itest
