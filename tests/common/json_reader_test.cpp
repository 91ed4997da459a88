#include "common/json_reader.h"

#include <gtest/gtest.h>

namespace oiis {
namespace {

using nlohmann::json;

TEST(JsonObjectReader, ReadsTypedFields) {
  json j = {{"name", "a"}, {"qty", 3}, {"price", 2.5}, {"on", true}, {"at", "2024-01-02"}};
  std::string name;
  std::int64_t qty = 0;
  double price = 0;
  bool on = false;
  Timestamp at = 0;
  JsonObjectReader r(j);
  r.text("name", name).integer("qty", qty).number("price", price).boolean("on", on).timestamp("at", at);
  ASSERT_TRUE(r.finish().is_ok()) << r.finish().to_string();
  EXPECT_EQ(name, "a");
  EXPECT_EQ(qty, 3);
  EXPECT_DOUBLE_EQ(price, 2.5);
  EXPECT_TRUE(on);
  EXPECT_EQ(at, timestamp_of(date_from_civil(2024, 1, 2)));
}

TEST(JsonObjectReader, UnknownFieldIsNamed) {
  const json j = {{"name", "a"}, {"nmae", "typo"}};
  std::string name;
  JsonObjectReader r(j, "lines[0].");
  r.text("name", name);
  Status s = r.finish();
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.field(), "lines[0].nmae");
}

TEST(JsonObjectReader, WrongTypeAndMissingRequiredAreNamed) {
  std::int64_t qty = 0;
  const json as_text = {{"quantity", "three"}}, as_float = {{"quantity", 2.5}}, empty = json::object(),
             array = json::array();
  {
    JsonObjectReader r(as_text);
    r.integer("quantity", qty, true);
    EXPECT_EQ(r.finish().field(), "quantity");
    EXPECT_NE(r.finish().message().find("integer"), std::string::npos);
  }
  {
    JsonObjectReader r(as_float);
    r.integer("quantity", qty, true);
    EXPECT_EQ(r.finish().field(), "quantity");
  }
  {
    JsonObjectReader r(empty);
    r.integer("quantity", qty, true);
    EXPECT_NE(r.finish().message().find("required"), std::string::npos);
  }
  EXPECT_FALSE(JsonObjectReader(array).finish().is_ok());
}

TEST(ParseJson, ReportsMalformedInput) {
  EXPECT_TRUE(parse_json("{\"a\":1}").is_ok());
  auto bad = parse_json("{\"a\":");
  ASSERT_FALSE(bad.is_ok());
  EXPECT_EQ(bad.status().field(), "body");
}

}  // namespace
}  // namespace oiis
