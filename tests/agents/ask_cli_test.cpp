// `oiis ask`, `oiis agents classify` as a user runs them: the JSON interface checks rely on, a
// conversation continued with --thread, bad input named with a non-zero exit.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "support/required_part.h"
#include "support/run_command.h"
#include "support/source_dir.h"

namespace {

class AskCli : public ::testing::Test {
 protected:
  void SetUp() override {
    if (oiis::testing::oiis_binary_path().empty()) OIIS_SKIP_UNLESS_REQUIRED("no oiis binary beside the test binary");
    data_ = std::filesystem::temp_directory_path() / ("oiis-ask-cli-" + std::to_string(::getpid()));
    auto [status, out] = run("generate --data " + data_.string() + " --seed 4 --products 60 --customers 300 --days 200");
    ASSERT_EQ(status, 0) << out;
  }
  void TearDown() override { std::filesystem::remove_all(data_); }
  std::pair<int, std::string> run(const std::string& args) {
    return oiis::testing::run_command(oiis::testing::oiis_binary_path() + " " + args);
  }
  std::filesystem::path data_;
};

TEST_F(AskCli, JsonAnswerAndAThreadThatContinues) {
  auto [status, out] = run("ask --data " + data_.string() + " --json \"revenue last month?\"");
  ASSERT_EQ(status, 0) << out;
  auto first = nlohmann::json::parse(out, nullptr, false);
  ASSERT_FALSE(first.is_discarded()) << out;
  for (const char* key : {"agent", "answer", "citations", "actions", "thread"}) EXPECT_TRUE(first.contains(key)) << key;
  EXPECT_EQ(first["agent"], "bi");
  ASSERT_FALSE(first["citations"].empty());
  auto [status2, out2] = run("ask --data " + data_.string() + " --json --thread " + first["thread"].get<std::string>() +
                             " \"and the month before?\"");
  ASSERT_EQ(status2, 0) << out2;
  auto second = nlohmann::json::parse(out2, nullptr, false);
  EXPECT_EQ(second["thread"], first["thread"]);
  EXPECT_EQ(second["intent"], "bi.revenue") << out2;
  EXPECT_NE(second["answer"], first["answer"]);
}

TEST_F(AskCli, BadInputIsNamedAndExitsNonZero) {
  auto [status, out] = run("ask --data " + data_.string() + " \"\"");
  EXPECT_EQ(status, 2) << out;
  EXPECT_NE(out.find("question"), std::string::npos) << out;
  auto [status2, out2] = run("ask --data " + data_.string() + " --approve");
  EXPECT_EQ(status2, 2) << out2;
  EXPECT_NE(out2.find("thread"), std::string::npos) << out2;
  // A draft's line edited with --line: LINE_ID=QUANTITY, and only with --approve.
  for (const char* bad : {"--approve --line 12", "--approve --line x=3", "--approve --line 12=-1", "--reject --line 12=3"}) {
    auto [s, o] = run("ask --data " + data_.string() + " --thread t1 " + bad);
    EXPECT_EQ(s, 2) << bad << ": " << o;
    EXPECT_NE(o.find("--line"), std::string::npos) << bad << ": " << o;
  }
}

TEST_F(AskCli, ClassifyScoresTheRouterAlone) {
  auto [status, out] = run("agents classify --questions " + oiis::testing::source_dir() +
                           "/examples/agents/questions.jsonl --split train");
  ASSERT_EQ(status, 0) << out;
  auto r = nlohmann::json::parse(out, nullptr, false);
  ASSERT_FALSE(r.is_discarded()) << out;
  EXPECT_GT(r["questions"].get<int>(), 150);
  EXPECT_GT(r["agent_accuracy"].get<double>(), 0.95);  // its own training questions
}

}  // namespace
