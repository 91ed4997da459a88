#include <gtest/gtest.h>

#include "kb/chunker.h"
#include "kb/document.h"
#include "kb/pdf_fixture.h"  // tests/kb

namespace oiis::kb {
namespace {

using testing::make_pdf;

TEST(KbLoaders, TypeComesFromTheExtensionAndUnknownOnesAreRefusedByName) {
  EXPECT_EQ(*document_type_for("a/b/Guide.MD"), DocumentType::kMarkdown);
  EXPECT_EQ(*document_type_for("x.htm"), DocumentType::kHtml);
  EXPECT_EQ(*document_type_for("x.pdf"), DocumentType::kPdf);
  const auto unknown = document_type_for("contracts/terms.docx");
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.status().message().find(".docx"), std::string::npos);
  EXPECT_FALSE(document_type_for("README"));
}

TEST(KbLoaders, MarkdownKeepsHeadingsAsNestedSectionsAndTitle) {
  const auto doc = parse_document("sop.md", DocumentType::kMarkdown,
                                  "# Returns SOP\n\nIntro.\n\n## Refunds\n\nRefund text.\n\n### Cards\n\nCard text.\n\n"
                                  "```\n# not a heading\n```\n\n## Restocking\n\nShelf it.\n");
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->title, "Returns SOP");
  EXPECT_EQ(section_path(*doc, doc->text.find("Card text")), "Returns SOP > Refunds > Cards");
  EXPECT_EQ(section_path(*doc, doc->text.find("not a heading")), "Returns SOP > Refunds > Cards");
  EXPECT_EQ(section_path(*doc, doc->text.find("Shelf it")), "Returns SOP > Restocking");
}

TEST(KbLoaders, HtmlGivesTextHeadingsAndTitleWithoutScripts) {
  const auto doc = parse_document(
      "care.html", DocumentType::kHtml,
      "<html><head><title>Oak &amp; Teak Care</title><style>p{color:red}</style></head><body>"
      "<h1>Oak table</h1><p>Oil it <b>twice</b> a year.</p><script>var x=1;</script>"
      "<h2>Stains</h2><p>Use a damp cloth &ndash; never bleach.</p>"
      "<table><tr><th>Finish</th><th>Interval</th></tr><tr><td>Oil</td><td>6 months</td></tr></table></body></html>");
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->title, "Oak & Teak Care");
  EXPECT_NE(doc->text.find("Oil it twice a year."), std::string::npos) << doc->text;
  EXPECT_EQ(doc->text.find("var x"), std::string::npos);
  EXPECT_EQ(doc->text.find("color"), std::string::npos);
  EXPECT_EQ(section_path(*doc, doc->text.find("damp cloth")), "Oak table > Stains");
  EXPECT_NE(doc->text.find("Oil | 6 months"), std::string::npos) << doc->text;
  ASSERT_EQ(doc->atomic_blocks.size(), 1u);
}

TEST(KbLoaders, CsvRowsBecomeRecordsThatStayWhole) {
  const auto doc = parse_document("suppliers.csv", DocumentType::kCsv,
                                  "supplier,lead_days,terms\nNordwood,14,net 30\n\"Acme, Ltd\",21,net 45\n");
  ASSERT_TRUE(doc);
  EXPECT_NE(doc->text.find("supplier: Acme, Ltd; lead_days: 21; terms: net 45"), std::string::npos) << doc->text;
  ChunkOptions tiny;
  tiny.target_chars = 10;  // smaller than a record: records still are not cut
  for (const auto& c : chunk_document(*doc, tiny)) EXPECT_EQ(c.text.rfind("supplier: ", 0), 0u) << c.text;
}

TEST(KbLoaders, PdfTextKeepsPagesAndATablesRowsInOneChunk) {
  std::vector<testing::PdfPage> pages(2);
  pages[0] = {{72, 720, "Price list for spring."}, {72, 700, "Prices exclude VAT."}};
  pages[1] = {{72, 720, "Volume discounts apply as follows."},
              {72, 680, "Units"}, {250, 680, "Discount"}, {420, 680, "Approval"},
              {72, 665, "100"}, {250, 665, "5 percent"}, {420, 665, "none"},
              {72, 650, "500"}, {250, 650, "8 percent"}, {420, 650, "manager"},
              {72, 600, "Discounts never stack with promotions."}};
  const auto doc = parse_document("prices.pdf", DocumentType::kPdf, make_pdf(pages));
  ASSERT_TRUE(doc) << doc.status().to_string();
  ASSERT_EQ(doc->page_starts.size(), 2u);
  EXPECT_EQ(page_at(*doc, doc->text.find("Prices exclude")), 1);
  EXPECT_EQ(page_at(*doc, doc->text.find("Volume discounts")), 2);
  ChunkOptions small;
  small.target_chars = 40;  // far smaller than the table
  const auto chunks = chunk_document(*doc, small);
  int holding_rows = 0;
  for (const auto& c : chunks) {
    EXPECT_EQ(doc->text.substr(c.begin, c.end - c.begin), c.text);
    if (c.text.find("5 percent") != std::string::npos) {
      ++holding_rows;
      EXPECT_NE(c.text.find("Discount"), std::string::npos) << c.text;
      EXPECT_NE(c.text.find("8 percent"), std::string::npos) << c.text;
      EXPECT_EQ(c.page, 2);
    }
  }
  EXPECT_EQ(holding_rows, 1);
}

TEST(KbLoaders, MalformedPdfIsAClearErrorNamingTheFile) {
  std::string pdf = make_pdf({{{72, 720, "hello"}}});
  const auto truncated = parse_document("broken.pdf", DocumentType::kPdf, pdf.substr(0, 40));
  ASSERT_FALSE(truncated);
  EXPECT_NE(truncated.status().message().find("broken.pdf"), std::string::npos);
  EXPECT_NE(truncated.status().message().find("PDF"), std::string::npos) << truncated.status().message();
  EXPECT_FALSE(parse_document("junk.pdf", DocumentType::kPdf, "this is not a pdf at all"));
}

TEST(KbLoaders, EmptyDocumentsAreRefused) {
  EXPECT_FALSE(parse_document("empty.txt", DocumentType::kText, "  \n\n "));
  EXPECT_FALSE(parse_document("empty.csv", DocumentType::kCsv, ""));
}

}  // namespace
}  // namespace oiis::kb
