#include "services/kb_service.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "kb/metrics.h"

namespace oiis::services {
namespace fs = std::filesystem;

std::string kb_directory(const std::string& data_dir) { return (fs::path(data_dir) / "kb").string(); }

namespace {

// Supported files under `dir`, sorted so that names and order do not depend on the file system.
void collect_folder(const fs::path& dir, std::vector<std::string>& files, std::vector<std::string>& skipped) {
  std::vector<std::string> found;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (entry.is_regular_file()) found.push_back(entry.path().lexically_normal().string());
  std::sort(found.begin(), found.end());
  for (auto& f : found) (kb::document_type_for(f) ? files : skipped).push_back(std::move(f));
}

}  // namespace

Result<KbAddSummary> kb_add_paths(kb::KnowledgeBase& kb, const std::vector<std::string>& paths) {
  KbAddSummary summary;
  std::vector<std::string> files;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) collect_folder(p, files, summary.skipped);
    else if (fs::exists(p, ec)) files.push_back(fs::path(p).lexically_normal().string());
    else summary.errors.push_back({p, not_found("no such file or folder: " + p, p)});
  }
  std::vector<kb::Document> docs;
  for (const auto& f : files) {
    auto doc = kb::load_document(f, f);
    if (!doc) {
      summary.errors.push_back({f, doc.status()});
      continue;
    }
    summary.documents.push_back(f);
    docs.push_back(std::move(doc).value());
  }
  auto report = kb.add(std::move(docs));
  if (!report) return report.status();
  summary.report = *report;
  return summary;
}

Result<std::vector<KbQuestion>> read_kb_questions(const std::string& path) {
  std::ifstream in(path);
  if (!in) return not_found("cannot read " + path, "questions");
  std::vector<KbQuestion> out;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object())
      return invalid_argument(path + " line " + std::to_string(n) + ": not a JSON object", "questions");
    KbQuestion q{j.value("id", ""), j.value("question", ""), j.value("doc", ""), j.value("answer", ""),
                 j.value("split", "")};
    if (q.id.empty() || q.question.empty() || q.doc.empty() || q.answer.empty())
      return invalid_argument(path + " line " + std::to_string(n) + ": needs id, question, doc and answer",
                              "questions");
    out.push_back(std::move(q));
  }
  return out;
}

namespace {

struct AnswerSpan {
  std::size_t begin = 0, end = 0;
};

// Relevance of each hit: it is from the question's document and covers half of the answer.
std::vector<bool> relevance(const std::vector<kb::SearchHit>& hits, const std::string& doc, AnswerSpan a) {
  std::vector<bool> out;
  for (const auto& h : hits) {
    const std::size_t lo = std::max(h.chunk.begin, a.begin), hi = std::min(h.chunk.end, a.end);
    out.push_back(h.chunk.doc == doc && hi > lo && 2 * (hi - lo) >= a.end - a.begin);
  }
  return out;
}

std::size_t relevant_chunks(const std::vector<kb::Chunk>& chunks, AnswerSpan a) {
  std::size_t n = 0;
  for (const auto& c : chunks) {
    const std::size_t lo = std::max(c.begin, a.begin), hi = std::min(c.end, a.end);
    n += hi > lo && 2 * (hi - lo) >= a.end - a.begin;
  }
  return std::max<std::size_t>(n, 1);
}

}  // namespace

namespace {

// The corpus's documents by name relative to `corpus_dir`.
Result<std::map<std::string, kb::Document>> load_corpus(const std::string& corpus_dir) {
  std::vector<std::string> files, skipped;
  std::error_code ec;
  if (!fs::is_directory(corpus_dir, ec)) return not_found("no corpus folder " + corpus_dir, "corpus");
  collect_folder(corpus_dir, files, skipped);
  std::map<std::string, kb::Document> docs;
  for (const auto& f : files) {
    const std::string name = fs::path(f).lexically_relative(corpus_dir).string();
    auto doc = kb::load_document(f, name);
    if (!doc) return doc.status();
    docs.emplace(name, std::move(doc).value());
  }
  return docs;
}

struct EvalContext {
  const kb::KnowledgeBase& kb;
  const std::map<std::string, kb::Document>& docs;
  const std::map<std::string, std::vector<kb::Chunk>>& chunks;
};

Result<KbMethodScores> score_method(const EvalContext& ctx, const std::vector<KbQuestion>& questions,
                                    const std::string& split, kb::SearchOptions o,
                                    std::vector<std::string>* misses) {
  KbMethodScores s{kb::retrieval_name(o.method)};
  o.k = 10;
  for (const auto& q : questions) {
    if (split != "all" && q.split != split) continue;
    const auto d = ctx.docs.find(q.doc);
    const auto found = d == ctx.docs.end() ? std::nullopt : kb::find_passage(d->second.text, q.answer);
    if (!found) return invalid_argument("question " + q.id + ": answer not found in " + q.doc, "questions");
    const AnswerSpan span{found->first, found->second};
    auto hits = ctx.kb.search(q.question, o);
    if (!hits) return hits.status();
    const auto rel = relevance(*hits, q.doc, span);
    s.recall_at_5 += kb::hit_at(rel, 5);
    s.mrr += kb::reciprocal_rank(rel);
    s.ndcg_at_10 += kb::ndcg_at(rel, relevant_chunks(ctx.chunks.at(q.doc), span), 10);
    if (misses && kb::hit_at(rel, 5) == 0) misses->push_back(q.id);
    ++s.questions;
  }
  if (s.questions > 0) {
    s.recall_at_5 /= s.questions;
    s.mrr /= s.questions;
    s.ndcg_at_10 /= s.questions;
  }
  return s;
}

}  // namespace

Result<KbEvaluation> evaluate_kb(const std::string& corpus_dir, const std::vector<KbQuestion>& questions,
                                 const std::string& split, const kb::KbOptions& kb_options,
                                 const kb::SearchOptions& search) {
  auto docs = load_corpus(corpus_dir);
  if (!docs) return docs.status();
  auto kb = kb::KnowledgeBase::in_memory(kb_options);
  std::vector<kb::Document> all;
  std::map<std::string, std::vector<kb::Chunk>> chunks;
  for (const auto& [name, d] : *docs) {
    all.push_back(d);
    chunks[name] = kb::chunk_document(d, kb_options.chunking);
  }
  if (auto added = kb->add(std::move(all)); !added) return added.status();
  KbEvaluation eval{docs->size(), kb->chunk_count(), {}, {}};
  const EvalContext ctx{*kb, *docs, chunks};
  for (kb::Retrieval method : {kb::Retrieval::kBm25, kb::Retrieval::kDense, kb::Retrieval::kHybrid}) {
    kb::SearchOptions o = search;
    o.method = method;
    auto scores = score_method(ctx, questions, split, o, method == kb::Retrieval::kHybrid ? &eval.misses : nullptr);
    if (!scores) return scores.status();
    eval.methods.push_back(*scores);
  }
  return eval;
}

KbService::KbService(std::string dir) : dir_(std::move(dir)) {}
KbService::~KbService() = default;

Result<kb::KnowledgeBase*> KbService::open_locked() {
  if (dir_.empty()) return failed_precondition("no knowledge base is configured for this server");
  if (!kb_) {
    auto opened = open_knowledge_base(dir_);
    if (!opened) return opened.status();
    kb_ = std::move(opened).value();
  }
  return kb_.get();
}

Result<std::vector<kb::SearchHit>> KbService::search(const std::string& question, const kb::SearchOptions& options) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto kb = open_locked();
  if (!kb) return kb.status();
  return (*kb)->search(question, options);
}

Result<std::vector<kb::DocumentInfo>> KbService::documents() {
  std::lock_guard<std::mutex> lock(mutex_);
  auto kb = open_locked();
  if (!kb) return kb.status();
  return (*kb)->documents();
}

Result<kb::AddReport> KbService::add(const std::string& name, std::string_view content) {
  auto type = kb::document_type_for(name);
  if (!type) return type.status();
  if (*type == kb::DocumentType::kPdf)
    return invalid_argument("PDFs are added with `oiis kb add`; this route takes text formats", "name");
  auto doc = kb::parse_document(name, *type, content);
  if (!doc) return doc.status();
  std::lock_guard<std::mutex> lock(mutex_);
  auto kb = open_locked();
  if (!kb) return kb.status();
  std::vector<kb::Document> docs;
  docs.push_back(std::move(doc).value());
  return (*kb)->add(std::move(docs));
}

Status KbService::remove(const std::string& name) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto kb = open_locked();
  if (!kb) return kb.status();
  return (*kb)->remove(name);
}

Status KbService::with_knowledge_base(const std::function<Status(kb::KnowledgeBase&)>& change) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto kb = open_locked();
  if (!kb) return kb.status();
  return change(**kb);
}

}  // namespace oiis::services
