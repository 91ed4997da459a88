// The knowledge base: documents cut into chunks, each findable by BM25, by the built-in
// embedder's vectors (HNSW) or by both fused, and each result citing its document, section,
// page and character offsets. Persistent under a directory (<data>/kb) or in memory (tests,
// evaluation). The door of module kb; the pieces (loaders, chunker, indexes) have their own
// headers for tests and benchmarks.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "kb/bm25.h"
#include "kb/chunker.h"
#include "kb/document.h"
#include "kb/embedder.h"
#include "kb/remote_embedder.h"
#include "kb/vector_index.h"

namespace oiis::kb {

struct KbOptions {
  ChunkOptions chunking;
  EmbedderOptions embedder;
  HnswOptions hnsw;
  // The embedder is retrained (and every chunk re-embedded) when the corpus has grown this
  // many times over since the last training; smaller additions reuse the model.
  double retrain_growth = 2.0;
  // Vectors from an OpenAI-compatible embedding server instead of the built-in embedder. Adding
  // documents then needs the server (an unreachable one fails the add and changes nothing), and
  // so does every dense or hybrid search; vectors already fetched are cached by content hash.
  std::optional<RemoteEmbedderOptions> remote;
};

enum class Retrieval { kBm25, kDense, kHybrid };
enum class Fusion { kRrf, kWeighted };
const char* retrieval_name(Retrieval r);
const char* fusion_name(Fusion f);
Result<Retrieval> parse_retrieval(std::string_view name);
Result<Fusion> parse_fusion(std::string_view name);

struct SearchOptions {
  std::size_t k = 5;
  Retrieval method = Retrieval::kHybrid;
  // The defaults were chosen on the validation questions only (docs/knowledge-base.md).
  Fusion fusion = Fusion::kWeighted;
  double lexical_weight = 0.6;   // weighted fusion: BM25's share
  double rank_constant = 60;     // RRF
  std::size_t candidates = 40;   // from each method before fusion
  bool exact_dense = false;      // scan every vector instead of the HNSW graph
  // Metadata filters (empty = any): a document name containing this text; a document type.
  std::string doc_contains;
  std::string type;
};

struct SearchHit {
  Chunk chunk;
  float score = 0;
};

struct DocumentInfo {
  std::string name, title, type, content_hash;
  std::size_t chunks = 0, bytes = 0;
};

struct AddReport {
  std::size_t added = 0, replaced = 0, unchanged = 0, chunks = 0;
  bool retrained = false;  // the embedder was (re)trained and every chunk re-embedded
};

// One caller at a time: even search() updates hnswlib's internal counters, so a server must hold
// the knowledge base behind a lock (add and remove write; they parallelise internally).
class KnowledgeBase {
 public:
  // Opens (creating when needed) the knowledge base persisted in `dir`.
  static Result<std::unique_ptr<KnowledgeBase>> open(const std::string& dir, const KbOptions& options = {});
  static std::unique_ptr<KnowledgeBase> in_memory(const KbOptions& options = {});
  ~KnowledgeBase();

  // Adds the documents; one with the name of a document already there replaces it (unchanged
  // content is skipped). Loading errors are the caller's (documents arrive parsed); a storage
  // error rolls the database back, and the object should then be reopened.
  Result<AddReport> add(std::vector<Document> documents);
  // kNotFound when no document has that name.
  Status remove(const std::string& name);
  std::vector<DocumentInfo> documents() const;
  std::size_t chunk_count() const;

  Result<std::vector<SearchHit>> search(std::string_view query, const SearchOptions& options = {}) const;

  struct Impl;

 private:
  explicit KnowledgeBase(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The text a chunk is indexed by: its document title and section path, then its own text
// (headings carry words that questions use; the returned text stays the chunk's own).
std::string index_text(const Chunk& chunk);

}  // namespace oiis::kb
