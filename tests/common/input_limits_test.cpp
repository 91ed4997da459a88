// The bounds of issue 11 at the parser level: depth, string length, huge numbers, UTF-8,
// date window and offsets, money and quantity ranges.
#include "common/input_limits.h"

#include <gtest/gtest.h>

#include "common/json_reader.h"

namespace oiis {
namespace {

std::string nested(int depth) {
  return std::string(static_cast<std::size_t>(depth), '[') + "1" +
         std::string(static_cast<std::size_t>(depth), ']');
}

TEST(ParseJson, RefusesDocumentsDeeperThanTheLimit) {
  EXPECT_TRUE(parse_json(nested(64)));
  auto deep = parse_json(nested(65));
  ASSERT_FALSE(deep);
  EXPECT_EQ(deep.status().field(), "body");
  EXPECT_NE(deep.status().message().find("deeper than 64"), std::string::npos);
  // The crash of issue 11 row 1: 60k levels must come back as an error, not a stack overflow.
  EXPECT_FALSE(parse_json(nested(60000)));
}

TEST(ParseJson, BracketsInsideStringsDoNotCountAsDepth) {
  const std::string text = "{\"a\":\"" + std::string(200, '[') + "\\\"\"}";
  auto parsed = parse_json(text);
  ASSERT_TRUE(parsed) << parsed.status().to_string();
  EXPECT_EQ((*parsed)["a"].get<std::string>().size(), 201u);
}

TEST(ParseJson, RefusesLongStrings) {
  const std::size_t max = input_limits().max_json_string_bytes;
  EXPECT_TRUE(parse_json("[\"" + std::string(max - 2, 'x') + "\"]"));
  auto long_string = parse_json("[\"" + std::string(max + 10, 'x') + "\"]", "line");
  ASSERT_FALSE(long_string);
  EXPECT_EQ(long_string.status().field(), "line");
}

TEST(ParseJson, HugeNumbersAndBadBytesAreErrorsNotExceptions) {
  auto huge = parse_json(R"({"q": 1e309})");
  ASSERT_FALSE(huge);
  EXPECT_NE(huge.status().message().find("out of range"), std::string::npos);
  EXPECT_FALSE(parse_json("{\"q\": \"\xff\"}"));
  auto malformed = parse_json("{\"q\": ");
  ASSERT_FALSE(malformed);
  EXPECT_EQ(malformed.status().message().find("json.exception"), std::string::npos)
      << malformed.status().message();
}

TEST(JsonObjectReader, UnsignedAboveInt64IsOutOfRangeNotNegative) {
  auto j = parse_json(R"({"id": 18446744073709551615})");
  ASSERT_TRUE(j);
  std::int64_t id = 0;
  JsonObjectReader r(*j);
  r.integer("id", id);
  ASSERT_FALSE(r.finish());
  EXPECT_EQ(r.status().field(), "id");
  EXPECT_EQ(id, 0);
}

TEST(JsonObjectReader, TimestampsOutsideTheWindowAreRefused) {
  for (const char* text : {R"({"at": "0001-01-01T00:00:00Z"})", R"({"at": 9223372036854775807})",
                           R"({"at": "2200-01-01"})", R"({"at": -5})"}) {
    auto j = parse_json(text);
    ASSERT_TRUE(j);
    Timestamp at = 7;
    JsonObjectReader r(*j);
    r.timestamp("at", at);
    EXPECT_FALSE(r.finish()) << text;
    EXPECT_EQ(r.status().field(), "at") << text;
    EXPECT_EQ(at, 7) << text;
  }
}

TEST(ParseTimestamp, RefusesImpossibleOffsets) {
  EXPECT_FALSE(parse_timestamp("2024-01-01T00:00:00+99:00"));
  EXPECT_FALSE(parse_timestamp("2024-01-01T00:00:00+05:75"));
  auto ok = parse_timestamp("2024-01-01T00:00:00+14:00");
  ASSERT_TRUE(ok);
  EXPECT_EQ(*ok, timestamp_of(date_from_civil(2024, 1, 1)) - 14 * 3600);
}

TEST(InputLimits, Utf8Validation) {
  EXPECT_TRUE(is_valid_utf8("plain"));
  EXPECT_TRUE(is_valid_utf8("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"));
  EXPECT_FALSE(is_valid_utf8("\xff"));
  EXPECT_FALSE(is_valid_utf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(is_valid_utf8("\xe2\x82"));          // truncated
  EXPECT_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));  // above U+10FFFF
}

TEST(InputLimits, MoneyAndQuantityRanges) {
  EXPECT_TRUE(check_money(0, "price"));
  EXPECT_TRUE(check_money(1e9, "price"));
  EXPECT_FALSE(check_money(1e308, "price"));
  EXPECT_FALSE(check_money(-1, "price"));
  EXPECT_EQ(check_money(1e308, "lines[0].unit_price").field(), "lines[0].unit_price");
  EXPECT_TRUE(check_quantity(-1000000, "quantity"));
  EXPECT_FALSE(check_quantity(1000001, "quantity"));
}

TEST(InputLimits, ClipKeepsUtf8Whole) {
  const std::string euro = "\xe2\x82\xac";
  std::string text;
  for (int i = 0; i < 40; ++i) text += euro;
  const std::string clipped = clip_for_message(text, 10);
  EXPECT_TRUE(is_valid_utf8(clipped));
  EXPECT_EQ(clipped, euro + euro + euro + "...");
}

}  // namespace
}  // namespace oiis
