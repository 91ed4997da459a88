#include <gtest/gtest.h>

#include "kb/chunker.h"

namespace oiis::kb {
namespace {

std::string long_paragraph(int sentences) {
  std::string p;
  for (int i = 0; i < sentences; ++i)
    p += "Sentence number " + std::to_string(i) + " tells the receiving clerk what to check next. ";
  return p;
}

Document markdown(const std::string& text) {
  return *parse_document("guide.md", DocumentType::kMarkdown, text);
}

TEST(KbChunker, EveryChunkIsItsSpanOfTheDocumentAndKeepsItsSection) {
  const Document doc = markdown("# Guide\n\nShort intro.\n\n## Receiving\n\n" + long_paragraph(30) +
                                "\n\nA closing note.\n\n## Returns\n\nReturns text.\n");
  ChunkOptions o;
  o.target_chars = 300;
  o.overlap_chars = 80;
  const auto chunks = chunk_document(doc, o);
  ASSERT_GT(chunks.size(), 5u);
  for (const auto& c : chunks) {
    EXPECT_EQ(doc.text.substr(c.begin, c.end - c.begin), c.text);
    EXPECT_LE(c.text.size(), o.target_chars) << c.text;
    EXPECT_EQ(c.title, "Guide");
    EXPECT_EQ(c.doc, "guide.md");
  }
  EXPECT_EQ(chunks.back().section, "Guide > Returns");
  EXPECT_EQ(chunks.back().text, "## Returns\n\nReturns text.");  // small pieces merged, no crossing
  for (const auto& c : chunks)
    if (c.text.find("Sentence number 7 ") != std::string::npos) {
      EXPECT_EQ(c.section, "Guide > Receiving");
    }
}

TEST(KbChunker, LongParagraphsAreCutAtSentencesWithOverlap) {
  const Document doc = *parse_document("p.txt", DocumentType::kText, long_paragraph(20));
  ChunkOptions o;
  o.target_chars = 250;
  o.overlap_chars = 100;
  const auto chunks = chunk_document(doc, o);
  ASSERT_GT(chunks.size(), 3u);
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    EXPECT_EQ(chunks[i].text.rfind("Sentence number ", 0), 0u) << "starts mid-sentence: " << chunks[i].text;
    if (i > 0) {
      EXPECT_LT(chunks[i].begin, chunks[i - 1].end) << "no overlap";
      EXPECT_GT(chunks[i].begin, chunks[i - 1].begin);
    }
  }
  EXPECT_EQ(chunks.back().end, doc.text.size() - 1);  // the trailing space is not text
}

TEST(KbChunker, SentenceBoundariesComeFromIcu) {
  const std::string text = "Dr. Smith signed on 3 May. Delivery is due in 14 days! Is that late?";
  const auto ends = sentence_ends(text, 0, text.size());
  ASSERT_EQ(ends.size(), 3u);
  EXPECT_EQ(text.substr(0, ends[0]), "Dr. Smith signed on 3 May. ");
  EXPECT_EQ(ends.back(), text.size());
}

TEST(KbChunker, MarkdownTablesAreNotSplit) {
  std::string table = "| SKU | Name | Reorder point |\n|---|---|---|\n";
  for (int i = 0; i < 12; ++i) table += "| SKU-" + std::to_string(i) + " | Oak chair | 40 |\n";
  const Document doc = markdown("# Stock\n\nIntro paragraph.\n\n" + table + "\nAfter the table.\n");
  ChunkOptions o;
  o.target_chars = 120;
  int holding = 0;
  for (const auto& c : chunk_document(doc, o))
    if (c.text.find("SKU-0 ") != std::string::npos) {
      ++holding;
      EXPECT_NE(c.text.find("SKU-11 "), std::string::npos);
    }
  EXPECT_EQ(holding, 1);
}

}  // namespace
}  // namespace oiis::kb
