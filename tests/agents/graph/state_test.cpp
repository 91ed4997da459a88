// The state schema (agents/graph/state.h): declarations, loud failures on bad updates (with
// the offending path), and what each reducer does and records as the delta.
#include "agents/graph/state.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace oiis::agents {
namespace {

using nlohmann::json;

StateSchema chat_schema() {
  StateSchema schema;
  schema.add("messages", ValueType::kArray, Reducer::kAppend)
      .add("answer", ValueType::kString)
      .add("facts", ValueType::kObject, Reducer::kMerge)
      .add("cost", ValueType::kNumber, Reducer::kSum)
      .add("calls", ValueType::kInteger, Reducer::kSum)
      .add("done", ValueType::kBoolean)
      .add("extra", ValueType::kAny);
  return schema;
}

TEST(StateSchema, DeclarationErrorsAreKeptAndReported) {
  StateSchema twice;
  twice.add("a", ValueType::kString).add("a", ValueType::kNumber);
  EXPECT_EQ(twice.status().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(twice.status().field(), "a");

  StateSchema misfit;
  misfit.add("name", ValueType::kString, Reducer::kAppend);
  EXPECT_EQ(misfit.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(misfit.status().message().find("append"), std::string::npos);

  EXPECT_TRUE(chat_schema().status().is_ok());
}

TEST(StateSchema, InitialStateHoldsTheReducersNeutralValues) {
  const State s = chat_schema().initial_state();
  EXPECT_EQ(s["messages"], json::array());
  EXPECT_EQ(s["facts"], json::object());
  EXPECT_EQ(s["cost"], 0);
  EXPECT_FALSE(s.contains("answer"));
}

TEST(StateSchema, AnUndeclaredKeyFailsNamingIt) {
  Status s = chat_schema().validate_update({{"answr", "typo"}});
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.field(), "answr");
  EXPECT_NE(s.message().find("answr"), std::string::npos);
}

TEST(StateSchema, AWrongTypeFailsNamingTheKeyAndTypes) {
  const StateSchema schema = chat_schema();
  Status s = schema.validate_update({{"answer", 3}});
  EXPECT_EQ(s.field(), "answer");
  EXPECT_NE(s.message().find("string"), std::string::npos);
  EXPECT_NE(s.message().find("integer"), std::string::npos);
  EXPECT_FALSE(schema.validate_update({{"messages", "not a list"}}).is_ok());
  EXPECT_FALSE(schema.validate_update({{"facts", json::array()}}).is_ok());
  EXPECT_FALSE(schema.validate_update({{"calls", 1.5}}).is_ok());
  EXPECT_FALSE(schema.validate_update({{"done", "yes"}}).is_ok());
  EXPECT_FALSE(schema.validate_update(json::array()).is_ok());
  // null clears a replace key; any takes anything.
  EXPECT_TRUE(schema.validate_update({{"answer", nullptr}}).is_ok());
  EXPECT_TRUE(schema.validate_update({{"extra", {1, "x", {{"y", true}}}}}).is_ok());
}

TEST(StateSchema, NonFiniteNumbersAnywhereFailWithTheirPath) {
  const StateSchema schema = chat_schema();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  json messages = json::array();
  for (int i = 0; i < 3; ++i) messages.push_back({{"text", "hi"}, {"score", 0.5}});
  messages.push_back({{"text", "bad"}, {"score", nan}});
  Status s = schema.validate_update({{"messages", messages}});
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.field(), "messages[3].score");
  EXPECT_NE(s.message().find("messages[3].score"), std::string::npos);

  EXPECT_EQ(schema.validate_update({{"cost", inf}}).field(), "cost");
  EXPECT_EQ(schema.validate_update({{"facts", {{"a", {{"b", {1.0, -inf}}}}}}}).field(),
            "facts.a.b[1]");
  EXPECT_EQ(schema.validate_update({{"extra", nan}}).field(), "extra");
}

TEST(StateSchema, InvalidUtf8FailsWithItsPathInsteadOfThrowingInTheStore) {
  const StateSchema schema = chat_schema();
  EXPECT_TRUE(
      schema.validate_update({{"answer", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x93\xa6"}}).is_ok());
  Status s = schema.validate_update({{"messages", json::array({"ok", {{"text", "cut \xc3"}}})}});
  EXPECT_EQ(s.field(), "messages[1].text");
  EXPECT_NE(s.message().find("UTF-8"), std::string::npos);
  EXPECT_FALSE(schema.validate_update({{"answer", "\xc0\xaf"}}).is_ok());      // overlong
  EXPECT_FALSE(schema.validate_update({{"answer", "\xed\xa0\x80"}}).is_ok());  // surrogate
  EXPECT_FALSE(schema.validate_update({{"facts", {{"\xff", 1}}}}).is_ok());    // a key
}

TEST(StateSchema, ReducersCombineAndRecordOnlyTheChange) {
  const StateSchema schema = chat_schema();
  State s = schema.initial_state();
  s["messages"] = {"m0", "m1"};
  s["facts"] = {{"sku", "A"}, {"qty", 1}};
  StateDelta delta;
  schema.apply(s,
               {{"messages", {"m2"}},
                {"facts", {{"qty", 2}}},
                {"cost", 0.5},
                {"calls", 1},
                {"answer", "ok"}},
               delta);
  schema.apply(s, {{"messages", {"m3"}}, {"cost", 0.25}, {"calls", 2}}, delta);
  EXPECT_EQ(s["messages"], json({"m0", "m1", "m2", "m3"}));
  EXPECT_EQ(s["facts"], json({{"sku", "A"}, {"qty", 2}}));
  EXPECT_DOUBLE_EQ(s["cost"].get<double>(), 0.75);
  EXPECT_TRUE(s["calls"].is_number_integer());
  EXPECT_EQ(s["calls"], 3);
  EXPECT_EQ(s["answer"], "ok");
  // The delta holds the appended elements only, and the new values of the other keys.
  EXPECT_EQ(delta.append["messages"], json({"m2", "m3"}));
  EXPECT_EQ(delta.set["facts"], s["facts"]);
  EXPECT_EQ(delta.set["calls"], 3);
  EXPECT_FALSE(delta.set.contains("messages"));

  State rebuilt = schema.initial_state();
  rebuilt["messages"] = {"m0", "m1"};
  rebuilt["facts"] = {{"sku", "A"}, {"qty", 1}};
  apply_delta(rebuilt, delta);
  EXPECT_EQ(rebuilt, s);
}

TEST(StateSchema, AnUnchangedReplaceValueIsNoDelta) {
  const StateSchema schema = chat_schema();
  State s = schema.initial_state();
  s["answer"] = "same";
  StateDelta delta;
  schema.apply(s, {{"answer", "same"}}, delta);
  EXPECT_TRUE(delta.empty());
}

TEST(StateSchema, SubsetCheckComparesTypesAndReducers) {
  StateSchema sub;
  sub.add("messages", ValueType::kArray, Reducer::kAppend).add("answer", ValueType::kString);
  EXPECT_TRUE(sub.check_subset_of(chat_schema()).is_ok());
  StateSchema other_reducer;
  other_reducer.add("messages", ValueType::kArray, Reducer::kReplace);
  EXPECT_EQ(other_reducer.check_subset_of(chat_schema()).field(), "messages");
  StateSchema unknown;
  unknown.add("secret", ValueType::kString);
  EXPECT_EQ(unknown.check_subset_of(chat_schema()).field(), "secret");
}

}  // namespace
}  // namespace oiis::agents
