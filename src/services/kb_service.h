// The knowledge base's service: adding files and folders to the persistent knowledge base in
// <data>/kb, removing and listing documents, searching, and evaluating retrieval on a question
// set with known answer passages. The CLI (and later the API) call these; module kb does the work.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <optional>

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "kb/kb.h"

namespace oiis::services {

// <data_dir>/kb
std::string kb_directory(const std::string& data_dir);

// The embedding server of the knowledge base in `dir` (services/kb_embeddings.cpp):
// <dir>/embeddings.json {"base_url", "model", "api_key_env"?, "batch"?, "timeout_ms"?,
// "max_retries"?}; absent, the built-in embedder. The key is read from the environment variable
// api_key_env names, never stored. Errors name the setting ("embeddings.model").
Result<kb::RemoteEmbedderOptions> parse_kb_embeddings(const nlohmann::json& settings);
Result<std::optional<nlohmann::json>> read_kb_embeddings(const std::string& dir);
// Validates and writes the settings; nullopt removes them (back to the built-in embedder).
Status write_kb_embeddings(const std::string& dir, const std::optional<nlohmann::json>& settings);
// Opens the knowledge base in `dir` with its embedder.
Result<std::unique_ptr<kb::KnowledgeBase>> open_knowledge_base(const std::string& dir);

struct KbFileError {
  std::string path;
  Status error;
};
struct KbAddSummary {
  kb::AddReport report;
  std::vector<std::string> documents;  // names added or refreshed, in order
  std::vector<std::string> skipped;    // files in folders with an unsupported extension
  std::vector<KbFileError> errors;     // files that could not be loaded: nothing of them indexed
};
// Loads each path (a file, or a folder searched recursively for supported files) and adds the
// documents that loaded. A file named explicitly with an unsupported type is an error; in a
// folder it is skipped. Documents are named by the path as given (folder/relative/path).
Result<KbAddSummary> kb_add_paths(kb::KnowledgeBase& kb, const std::vector<std::string>& paths);

// One question of an evaluation set: its answer is `answer`, a passage quoted from `doc`.
struct KbQuestion {
  std::string id, question, doc, answer, split;
};
// JSON Lines: {"id", "question", "doc", "answer", "split"} per line.
Result<std::vector<KbQuestion>> read_kb_questions(const std::string& path);

struct KbMethodScores {
  std::string method;  // bm25, dense, hybrid
  std::size_t questions = 0;
  double recall_at_5 = 0, mrr = 0, ndcg_at_10 = 0;
};
struct KbEvaluation {
  std::size_t documents = 0, chunks = 0;
  std::vector<KbMethodScores> methods;
  std::vector<std::string> misses;  // hybrid: ids of questions without a relevant chunk in the top 5
};
// Builds an in-memory knowledge base from `corpus_dir` (named relative to it) and scores the
// questions of `split` ("all" for every one). A chunk is relevant when it covers at least half
// of the answer passage; an answer not found in its document is an error (a broken set).
Result<KbEvaluation> evaluate_kb(const std::string& corpus_dir, const std::vector<KbQuestion>& questions,
                                 const std::string& split, const kb::KbOptions& kb_options,
                                 const kb::SearchOptions& search);

// The knowledge base behind the API: opened on first use and used by one request at a time
// (kb::KnowledgeBase is not safe for concurrent use). An empty directory means none is
// configured: every call is kFailedPrecondition.
class KbService {
 public:
  explicit KbService(std::string dir);
  ~KbService();
  Result<std::vector<kb::SearchHit>> search(const std::string& question, const kb::SearchOptions& options);
  Result<std::vector<kb::DocumentInfo>> documents();
  // A text document (.txt .md .html .csv by the name's extension) given as its content; PDFs
  // are binary and are added with `oiis kb add`.
  Result<kb::AddReport> add(const std::string& name, std::string_view content);
  Status remove(const std::string& name);
  // Runs `change` on the knowledge base under the service's lock: a batch of additions and
  // removals (a refresh of the generated documents) that requests must not interleave with.
  Status with_knowledge_base(const std::function<Status(kb::KnowledgeBase&)>& change);

 private:
  Result<kb::KnowledgeBase*> open_locked();
  std::string dir_;
  std::mutex mutex_;
  std::unique_ptr<kb::KnowledgeBase> kb_;
};

}  // namespace oiis::services
