#include <gtest/gtest.h>

#include "support/source_dir.h"

#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "agents/router.h"
#include "agents/scope.h"

namespace oiis::agents {
namespace {

using oiis::testing::source_dir;

TEST(Router, TheCompiledTrainingSetIsTheTrainSplitAndNothingHeldOut) {
  auto shipped = shipped_training_questions();
  std::set<std::string> train, held_out;
  for (const char* file : {"questions.jsonl", "questions_fresh.jsonl", "questions_blind2.jsonl", "questions_blind3.jsonl"}) {
    std::ifstream in(source_dir() + "/examples/agents/" + file);
    ASSERT_TRUE(in) << file << " not found";
    std::string line;
    while (std::getline(in, line)) {
      auto q = nlohmann::json::parse(line);
      if (q.contains("follows")) continue;
      (q["split"] == "train" ? train : held_out).insert(q["question"].get<std::string>());
    }
  }
  std::set<std::string> compiled;
  for (const auto& q : shipped) {
    EXPECT_FALSE(held_out.count(q.question)) << "held-out question compiled in: " << q.question;
    if (train.count(q.question)) compiled.insert(q.question);
  }
  EXPECT_EQ(compiled, train) << "run examples/agents/make_training_set.py";
}

TEST(Router, LearnsIntentsAndIsDeterministic) {
  std::vector<LabelledQuestion> examples = {
      {"revenue last month", "bi.revenue"},       {"sales this week", "bi.revenue"},
      {"how much did we sell", "bi.revenue"},     {"what should I reorder", "inventory.reorder"},
      {"items to restock", "inventory.reorder"},  {"reorder list please", "inventory.reorder"},
  };
  auto a = IntentClassifier::train(examples);
  auto b = IntentClassifier::train(examples);
  auto top = a.classify("what do we need to reorder");
  EXPECT_EQ(top.front().intent, "inventory.reorder");
  EXPECT_GT(top.front().probability, 0.5);
  EXPECT_EQ(a.classify("revnue this month").front().intent, "bi.revenue");  // a typo
  EXPECT_DOUBLE_EQ(a.classify("sales").front().probability, b.classify("sales").front().probability);
  EXPECT_EQ(agent_of("inventory.reorder"), "inventory");
}

}  // namespace
}  // namespace oiis::agents

namespace oiis::agents {
namespace {

TEST(ShopVocabulary, KeepsWordsOnlyTheShopsQuestionsUse) {
  const std::vector<LabelledQuestion> training = {
      {"which products should I reorder this week", "inventory.reorder"},
      {"revenue last month by category", "bi.revenue"},
      {"what's the weather this week", kOutOfScopeIntent},
      {"tell me a joke", kOutOfScopeIntent}};
  const ShopVocabulary v = ShopVocabulary::from(training);
  EXPECT_TRUE(v.mentions_shop("reorder the mugs"));
  EXPECT_TRUE(v.mentions_shop("Revenue by categories?"));  // plural, capitals
  EXPECT_TRUE(v.mentions_shop("revnue please"));           // one typo in a long word
  EXPECT_FALSE(v.mentions_shop("what's the weather this week"));  // "week" is used out of scope too
  EXPECT_FALSE(v.mentions_shop("tell me a story"));
}

TEST(ShopVocabulary, TheShippedOneTellsOutOfScopeQuestionsFromTheShops) {
  const ShopVocabulary& v = shipped_router().vocabulary;
  EXPECT_GT(v.size(), 200u);
  // Out of scope, phrased unlike any training question.
  for (const char* q : {"recite a limerick about penguins", "how do volcanoes form", "who directed the godfather"})
    EXPECT_FALSE(v.mentions_shop(q)) << q;
  for (const char* q : {"how many units of the blue kettle are left", "which supplier is slowest to deliver",
                        "best customers by lifetime spend"})
    EXPECT_TRUE(v.mentions_shop(q)) << q;
}

}  // namespace
}  // namespace oiis::agents
