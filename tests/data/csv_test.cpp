#include "data/csv.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace oiis {
namespace {

using Rows = std::vector<std::vector<std::string>>;

struct Parsed {
  Rows rows;
  std::vector<std::int64_t> lines;
  std::vector<bool> malformed;
  Status status;
};

Parsed parse(const std::string& text, size_t chunk = 1 << 20) {
  CsvOptions options;
  options.chunk_size = chunk;
  CsvReader reader(string_source(text), options);
  Parsed out;
  while (reader.next()) {
    out.rows.emplace_back(reader.fields().begin(), reader.fields().end());
    out.lines.push_back(reader.line());
    out.malformed.push_back(!reader.record_error().is_ok());
  }
  out.status = reader.status();
  return out;
}

// Every case is parsed with tiny chunks too, so records straddle buffer refills at every
// possible byte (inside quotes, between \r and \n, between the two quotes of "").
class CsvChunks : public ::testing::TestWithParam<size_t> {};

TEST_P(CsvChunks, PlainRecords) {
  Parsed p = parse("a,b,c\n1,2,3\n", GetParam());
  ASSERT_TRUE(p.status.is_ok()) << p.status.to_string();
  EXPECT_EQ(p.rows, (Rows{{"a", "b", "c"}, {"1", "2", "3"}}));
  EXPECT_EQ(p.lines, (std::vector<std::int64_t>{1, 2}));
}

TEST_P(CsvChunks, QuotedFieldsWithDelimitersQuotesAndNewlines) {
  const std::string text =
      "id,text\n"
      "1,\"hello, world\"\n"
      "2,\"say \"\"hi\"\"\"\n"
      "3,\"two\nlines\"\n"
      "4,\"\"\n"
      "5,\"\"\"\"\n";
  Parsed p = parse(text, GetParam());
  ASSERT_TRUE(p.status.is_ok()) << p.status.to_string();
  EXPECT_EQ(p.rows, (Rows{{"id", "text"},
                          {"1", "hello, world"},
                          {"2", "say \"hi\""},
                          {"3", "two\nlines"},
                          {"4", ""},
                          {"5", "\""}}));
  // The embedded newline pushes every later record one physical line down.
  EXPECT_EQ(p.lines, (std::vector<std::int64_t>{1, 2, 3, 4, 6, 7}));
}

TEST_P(CsvChunks, CrlfBomBlankLinesAndMissingFinalNewline) {
  Parsed p = parse("\xEF\xBB\xBFsku,name\r\n\r\nA1,\"x\r\ny\"\r\n\nB2,last", GetParam());
  ASSERT_TRUE(p.status.is_ok()) << p.status.to_string();
  EXPECT_EQ(p.rows, (Rows{{"sku", "name"}, {"A1", "x\r\ny"}, {"B2", "last"}}));
  EXPECT_EQ(p.lines, (std::vector<std::int64_t>{1, 3, 6}));
}

TEST_P(CsvChunks, EmptyFieldsAndTrailingDelimiter) {
  Parsed p = parse(",\na,,b,\n\"q\",", GetParam());
  ASSERT_TRUE(p.status.is_ok());
  EXPECT_EQ(p.rows, (Rows{{"", ""}, {"a", "", "b", ""}, {"q", ""}}));
}

TEST_P(CsvChunks, TextAfterClosingQuoteIsARecordErrorAndReadingGoesOn) {
  Parsed p = parse("a,b\n\"x\"y,1\n2,3\n", GetParam());
  ASSERT_TRUE(p.status.is_ok());
  ASSERT_EQ(p.rows.size(), 3u);
  EXPECT_EQ(p.malformed, (std::vector<bool>{false, true, false}));
  EXPECT_EQ(p.lines[1], 2);
  EXPECT_EQ(p.rows[2], (std::vector<std::string>{"2", "3"}));
}

TEST_P(CsvChunks, UnterminatedQuoteIsFatalAndNamesItsLine) {
  Parsed p = parse("a,b\n1,2\n3,\"never closed\n4,5\n", GetParam());
  EXPECT_EQ(p.rows.size(), 2u);
  ASSERT_FALSE(p.status.is_ok());
  EXPECT_NE(p.status.message().find("line 3"), std::string::npos) << p.status.message();
}

INSTANTIATE_TEST_SUITE_P(ChunkSizes, CsvChunks, ::testing::Values(16, 17, 23, 1 << 20));

TEST(Csv, QuoteInsideUnquotedFieldIsKept) {
  Parsed p = parse("RULER 12\" LONG,2\n");
  ASSERT_TRUE(p.status.is_ok());
  EXPECT_EQ(p.rows, (Rows{{"RULER 12\" LONG", "2"}}));
}

TEST(Csv, EmptyInputHasNoRecords) {
  EXPECT_TRUE(parse("").rows.empty());
  EXPECT_TRUE(parse("\xEF\xBB\xBF").rows.empty());
  EXPECT_TRUE(parse("\n\r\n").rows.empty());
}

TEST(Csv, RecordLongerThanTheLimitIsFatal) {
  CsvOptions options;
  options.chunk_size = 16;
  options.max_record_bytes = 64;
  CsvReader reader(string_source("a\n\"" + std::string(200, 'x') + "\"\n"), options);
  ASSERT_TRUE(reader.next());
  EXPECT_FALSE(reader.next());
  EXPECT_FALSE(reader.status().is_ok());
}

TEST(Csv, BufferStaysBoundedForALongFile) {
  std::string text;
  for (int i = 0; i < 20000; ++i)
    text += std::to_string(i) + ",\"name, " + std::to_string(i) + "\"\n";
  CsvOptions options;
  options.chunk_size = 4096;
  CsvReader reader(string_source(text), options);
  int n = 0;
  while (reader.next()) {
    ASSERT_EQ(reader.size(), 2u);
    ASSERT_EQ(reader[0], std::to_string(n));
    ++n;
  }
  EXPECT_EQ(n, 20000);
  EXPECT_EQ(reader.bytes_consumed(), static_cast<std::int64_t>(text.size()));
}

TEST(Csv, WriterRoundTripsThroughReader) {
  const std::vector<std::string> values = {"plain", "with,comma", "with \"quote\"", "multi\nline",
                                           "",      " spaced ",   "cr\r\nlf"};
  std::string text;
  std::vector<std::string_view> views(values.begin(), values.end());
  append_csv_record(text, views);
  append_csv_record(text, views);
  Parsed p = parse(text, 16);
  ASSERT_TRUE(p.status.is_ok());
  ASSERT_EQ(p.rows.size(), 2u);
  EXPECT_EQ(p.rows[0], values);
  EXPECT_EQ(p.rows[1], values);
}

TEST(LineReader, SplitsLfAndCrlfAndKeepsTheLastLine) {
  LineReader reader(string_source("\xEF\xBB\xBF{\"a\":1}\r\n\n{\"b\":2}\n{\"c\":3}"), 8);
  std::vector<std::string> lines;
  std::string_view line;
  while (reader.next(line)) lines.emplace_back(line);
  ASSERT_TRUE(reader.status().is_ok());
  EXPECT_EQ(lines, (std::vector<std::string>{"{\"a\":1}", "", "{\"b\":2}", "{\"c\":3}"}));
  EXPECT_EQ(reader.line(), 4);
}

TEST(FileSource, MissingFileIsNotFound) {
  auto source = open_file_source("/nonexistent/definitely/missing.csv");
  ASSERT_FALSE(source.is_ok());
  EXPECT_EQ(source.status().code(), ErrorCode::kNotFound);
}

}  // namespace
}  // namespace oiis
