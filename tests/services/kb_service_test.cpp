// services/kb_service: adding files and folders (errors per file, nothing of a bad file
// indexed), and the evaluation on the sample corpus as a regression guard.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "services/kb_service.h"

namespace oiis::services {
namespace {

namespace fs = std::filesystem;

class KbServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("oiis-kb-service-" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_ / "docs" / "nested");
    write("docs/returns.md", "# Returns\n\nCustomers may return unused items within 30 days.\n");
    write("docs/nested/care.html", "<h1>Rug care</h1><p>Vacuum the rug once a week without the beater bar.</p>");
    write("docs/nested/notes.docx", "binary-ish");
    write("docs/broken.pdf", "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\nthis is not a finished pdf");
    write("loose.xyz", "unknown type");
  }
  void TearDown() override { fs::remove_all(root_); }
  void write(const std::string& rel, const std::string& text) { std::ofstream(root_ / rel) << text; }
  std::string path(const std::string& rel) const { return (root_ / rel).string(); }
  fs::path root_;
};

TEST_F(KbServiceTest, FoldersAreSearchedRecursivelyAndBadFilesAreErrorsThatIndexNothing) {
  auto kb = kb::KnowledgeBase::in_memory();
  auto summary = kb_add_paths(*kb, {path("docs"), path("loose.xyz"), path("missing.md")});
  ASSERT_TRUE(summary) << summary.status().to_string();
  ASSERT_EQ(summary->errors.size(), 3u);  // broken.pdf, loose.xyz (named explicitly), missing.md
  std::map<std::string, std::string> error_of;
  for (const auto& e : summary->errors) error_of[e.path] = e.error.message();
  EXPECT_NE(error_of[path("docs/broken.pdf")].find("PDF"), std::string::npos) << error_of[path("docs/broken.pdf")];
  EXPECT_NE(error_of[path("loose.xyz")].find("unsupported file type '.xyz'"), std::string::npos);
  EXPECT_NE(error_of[path("missing.md")].find("no such file"), std::string::npos);
  EXPECT_EQ(summary->skipped, std::vector<std::string>{path("docs/nested/notes.docx")});
  std::vector<std::string> names;
  for (const auto& d : kb->documents()) names.push_back(d.name);
  EXPECT_EQ(names, (std::vector<std::string>{path("docs/nested/care.html"), path("docs/returns.md")}));
  kb::SearchOptions o;
  o.k = 10;
  const auto hits = kb->search("not a finished pdf unknown type", o);
  ASSERT_TRUE(hits);
  for (const auto& h : *hits) EXPECT_EQ(h.chunk.doc.find(".pdf"), std::string::npos);
}

TEST(KbEvaluation, SampleCorpusKeepsRecallAtFiveAboveTheBar) {
  const char* source = std::getenv("OIIS_SOURCE_DIR");
  if (!source) GTEST_SKIP() << "OIIS_SOURCE_DIR not set";
  const std::string base = std::string(source) + "/examples/knowledge-base";
  auto questions = read_kb_questions(base + "/eval/questions.jsonl");
  ASSERT_TRUE(questions) << questions.status().to_string();
  EXPECT_GE(questions->size(), 150u);
  auto eval = evaluate_kb(base + "/corpus", *questions, "validation", {}, {});
  ASSERT_TRUE(eval) << eval.status().to_string();
  ASSERT_EQ(eval->methods.size(), 3u);
  for (const auto& m : eval->methods) {
    EXPECT_EQ(m.questions, 84u);
    EXPECT_GE(m.recall_at_5, 0.90) << m.method;
  }
  EXPECT_GT(eval->methods[2].mrr, eval->methods[1].mrr);  // hybrid above dense alone
}

TEST(KbEvaluation, AnAnswerMissingFromItsDocumentIsAnError) {
  const char* source = std::getenv("OIIS_SOURCE_DIR");
  if (!source) GTEST_SKIP() << "OIIS_SOURCE_DIR not set";
  const std::vector<KbQuestion> broken{{"x1", "what?", "sops/returns.md", "this sentence is not there", "validation"}};
  auto eval = evaluate_kb(std::string(source) + "/examples/knowledge-base/corpus", broken, "all", {}, {});
  ASSERT_FALSE(eval);
  EXPECT_NE(eval.status().message().find("x1"), std::string::npos);
}

}  // namespace
}  // namespace oiis::services
