#include <gtest/gtest.h>

#include <filesystem>

#include "kb/kb.h"

namespace oiis::kb {
namespace {

// A few documents on different topics; the planted passage answers one question only.
std::vector<Document> corpus() {
  const char* topics[][2] = {
      {"receiving.md", "# Receiving\n\n## Inspection\n\nEvery pallet is inspected at the dock before it is "
                       "signed for. Damaged cartons are photographed and refused.\n\n## Put-away\n\n"
                       "Goods are shelved within four hours of receipt, heaviest items on the lowest racks.\n"},
      {"returns.md", "# Returns\n\n## Window\n\nCustomers may return unused items within 30 days of delivery "
                     "for a full refund.\n\n## Restocking\n\nOpened electronics carry a restocking fee of "
                     "fifteen percent.\n"},
      {"pricing.txt", "Pricing policy. Markdowns are approved by the category manager. A markdown deeper than "
                      "forty percent needs the finance director. Competitor prices are checked weekly.\n"},
      {"care.html", "<h1>Teak bench care</h1><p>Clean teak with mild soapy water and a soft brush. Apply teak "
                    "oil every spring to keep the golden colour.</p><h2>Winter</h2><p>Store the bench under "
                    "a breathable cover during frost.</p>"}};
  std::vector<Document> docs;
  for (const auto& [name, text] : topics) docs.push_back(*parse_document(name, *document_type_for(name), text));
  return docs;
}

class KbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "/kb_test_" + ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string dir_;
};

TEST_F(KbTest, EveryMethodFindsThePlantedPassageWithItsCitation) {
  auto kb = KnowledgeBase::in_memory();
  const auto report = kb->add(corpus());
  ASSERT_TRUE(report);
  EXPECT_EQ(report->added, 4u);
  EXPECT_TRUE(report->retrained);
  for (Retrieval method : {Retrieval::kBm25, Retrieval::kDense, Retrieval::kHybrid}) {
    SearchOptions o;
    o.method = method;
    o.k = 2;
    const auto hits = kb->search("what is the restocking fee for opened electronics", o);
    ASSERT_TRUE(hits);
    ASSERT_FALSE(hits->empty()) << retrieval_name(method);
    const Chunk& top = (*hits)[0].chunk;
    EXPECT_EQ(top.doc, "returns.md") << retrieval_name(method);
    EXPECT_EQ(top.section, "Returns > Restocking") << retrieval_name(method);
    EXPECT_NE(top.text.find("fifteen percent"), std::string::npos) << retrieval_name(method);
  }
}

TEST_F(KbTest, FiltersRestrictResultsToMatchingDocuments) {
  auto kb = KnowledgeBase::in_memory();
  ASSERT_TRUE(kb->add(corpus()));
  SearchOptions o;
  o.type = "html";
  o.k = 10;
  const auto hits = kb->search("inspected pallet oil", o);
  ASSERT_TRUE(hits);
  ASSERT_FALSE(hits->empty());
  for (const auto& h : *hits) EXPECT_EQ(h.chunk.doc, "care.html");
  o.type.clear();
  o.doc_contains = "receiv";
  const auto receiving = kb->search("inspected pallet oil", o);
  ASSERT_TRUE(receiving);
  for (const auto& h : *receiving) EXPECT_EQ(h.chunk.doc, "receiving.md");
}

TEST_F(KbTest, PersistsAcrossOpeningsAndRemovesIncrementally) {
  std::vector<SearchHit> before;
  {
    auto kb = KnowledgeBase::open(dir_);
    ASSERT_TRUE(kb) << kb.status().to_string();
    ASSERT_TRUE((*kb)->add(corpus()));
    before = (*kb)->search("markdown approval finance director").value();
  }
  ASSERT_TRUE(std::filesystem::exists(dir_ + "/hnsw.bin"));
  auto kb = KnowledgeBase::open(dir_);
  ASSERT_TRUE(kb);
  EXPECT_EQ((*kb)->documents().size(), 4u);
  const auto after = (*kb)->search("markdown approval finance director").value();
  ASSERT_EQ(after.size(), before.size());
  for (std::size_t i = 0; i < after.size(); ++i) {
    EXPECT_EQ(after[i].chunk.text, before[i].chunk.text);
    EXPECT_FLOAT_EQ(after[i].score, before[i].score);
  }
  ASSERT_TRUE((*kb)->remove("pricing.txt").is_ok());
  EXPECT_EQ((*kb)->remove("pricing.txt").code(), ErrorCode::kNotFound);
  for (Retrieval m : {Retrieval::kBm25, Retrieval::kDense, Retrieval::kHybrid}) {
    SearchOptions o;
    o.method = m;
    o.k = 10;
    const auto hits = (*kb)->search("markdown approval finance director", o);
    ASSERT_TRUE(hits);
    for (const auto& h : *hits) EXPECT_NE(h.chunk.doc, "pricing.txt");
  }
  auto reopened = KnowledgeBase::open(dir_);
  ASSERT_TRUE(reopened);
  EXPECT_EQ((*reopened)->documents().size(), 3u);
}

TEST_F(KbTest, ReaddingReplacesChangedDocumentsAndSkipsUnchangedOnes) {
  auto kb = KnowledgeBase::open(dir_);
  ASSERT_TRUE(kb);
  ASSERT_TRUE((*kb)->add(corpus()));
  const std::size_t chunks = (*kb)->chunk_count();
  auto again = (*kb)->add(corpus());
  ASSERT_TRUE(again);
  EXPECT_EQ(again->unchanged, 4u);
  EXPECT_EQ((*kb)->chunk_count(), chunks);
  auto changed = *parse_document("pricing.txt", DocumentType::kText, "Pricing policy. Bundles are priced by the planner.");
  auto replaced = (*kb)->add({changed});
  ASSERT_TRUE(replaced);
  EXPECT_EQ(replaced->replaced, 1u);
  SearchOptions o;
  o.k = 10;
  const auto old_text = (*kb)->search("finance director markdown", o);
  ASSERT_TRUE(old_text);
  for (const auto& h : *old_text) EXPECT_EQ(h.chunk.text.find("finance director"), std::string::npos);
  const auto hits = (*kb)->search("bundles planner").value();
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].chunk.doc, "pricing.txt");
}

}  // namespace
}  // namespace oiis::kb
