#include <gtest/gtest.h>

#include "voice/voice.h"

namespace oiis::voice {
namespace {

TEST(SpokenNumbers, Integers) {
  EXPECT_EQ(integer_words(0), "zero");
  EXPECT_EQ(integer_words(13), "thirteen");
  EXPECT_EQ(integer_words(45), "forty-five");
  EXPECT_EQ(integer_words(100), "one hundred");
  EXPECT_EQ(integer_words(1200), "one thousand two hundred");
  EXPECT_EQ(integer_words(1'000'001), "one million one");
  EXPECT_EQ(integer_words(-7), "minus seven");
}

TEST(SpokenNumbers, Years) {
  EXPECT_EQ(year_words(2025), "twenty twenty-five");
  EXPECT_EQ(year_words(2005), "two thousand five");
  EXPECT_EQ(year_words(1999), "nineteen ninety-nine");
  EXPECT_EQ(year_words(1900), "nineteen hundred");
  EXPECT_EQ(year_words(1905), "nineteen oh five");
}

TEST(SpokenNumbers, QuantitiesInText) {
  EXPECT_EQ(spoken_text("1200 units"), "one thousand two hundred units");
  EXPECT_EQ(spoken_text("1,200 units left"), "one thousand two hundred units left");
  EXPECT_EQ(spoken_text("2000 units"), "two thousand units");  // a quantity, not a year
  EXPECT_EQ(spoken_text("top 10 products"), "top ten products");
}

TEST(SpokenNumbers, YearsInText) {
  EXPECT_EQ(spoken_text("revenue in 2025"), "revenue in twenty twenty-five");
  EXPECT_EQ(spoken_text("Q1 2024."), "Q1 twenty twenty-four.");
  EXPECT_EQ(spoken_text("since 2019 sales grew"), "since twenty nineteen sales grew");
}

TEST(SpokenNumbers, Money) {
  EXPECT_EQ(spoken_text("$19.99"), "nineteen ninety-nine");
  EXPECT_EQ(spoken_text("costs $5"), "costs five dollars");
  EXPECT_EQ(spoken_text("$1.00"), "one dollar");
  EXPECT_EQ(spoken_text("$5.05"), "five dollars and five cents");
  EXPECT_EQ(spoken_text("$1,250.50"), "one thousand two hundred fifty dollars and fifty cents");
  EXPECT_EQ(spoken_text("$2.5M"), "two point five million dollars");
  EXPECT_EQ(spoken_text("-$40"), "minus forty dollars");
}

TEST(SpokenNumbers, DecimalsPercentOrdinalsDates) {
  EXPECT_EQ(spoken_text("12.5%"), "twelve point five percent");
  EXPECT_EQ(spoken_text("3.25 days"), "three point two five days");
  EXPECT_EQ(spoken_text("the 1st and 22nd"), "the first and twenty-second");
  EXPECT_EQ(spoken_text("on 2025-03-01"), "on March first twenty twenty-five");
}

TEST(SpokenNumbers, CodesStayAsWritten) {
  EXPECT_EQ(spoken_text("SKU-0042 and Q3"), "SKU-0042 and Q3");
  EXPECT_EQ(spoken_text("at 3pm"), "at three pm");
}

TEST(RecognizerWords, LowercaseSpokenNoPunctuation) {
  EXPECT_EQ(recognizer_words("What's the top 5, in 2024?"),
            (std::vector<std::string>{"what's", "the", "top", "five", "in", "twenty", "twenty", "four"}));
}

TEST(WordErrors, CountsEdits) {
  auto e = word_errors({"a", "b", "c", "d"}, {"a", "x", "c"});
  EXPECT_EQ(e.errors, 2u);  // one substitution, one deletion
  EXPECT_EQ(e.reference_words, 4u);
  EXPECT_EQ(word_errors({}, {"a"}).errors, 1u);
}

}  // namespace
}  // namespace oiis::voice
