// The knowledge base's state, shared by knowledge_base.cpp (adding, removing, persistence)
// and kb_search.cpp (queries). Internal to module kb.
#pragma once

#include <map>
#include <memory>
#include <unordered_map>

#include "kb/kb.h"
#include "kb/kb_store.h"

namespace oiis::kb {

// Every chunk's vector in one row-major block, for exact scans and fusion scoring.
class VectorRows {
 public:
  explicit VectorRows(int dim = 0) : dim_(dim) {}
  int dim() const { return dim_; }
  std::size_t size() const { return ids_.size(); }
  void put(ChunkId id, const float* vec);
  void remove(ChunkId id);
  const float* find(ChunkId id) const;  // nullptr when absent
  const float* data() const { return data_.data(); }
  const ChunkId* ids() const { return ids_.data(); }

 private:
  int dim_;
  std::vector<float> data_;
  std::vector<ChunkId> ids_;
  std::unordered_map<ChunkId, std::size_t> row_of_;
};

struct KnowledgeBase::Impl {
  KbOptions options;
  std::unique_ptr<KbStore> store;  // null in memory
  std::map<std::string, DocumentInfo> documents;
  std::map<std::string, std::vector<ChunkId>> document_chunks;
  std::unordered_map<ChunkId, StoredChunk> chunks;
  ChunkId next_id = 1;
  Bm25Index bm25;
  Embedder embedder;
  std::size_t trained_on = 0;  // chunks when the embedder was trained
  std::unique_ptr<RemoteEmbedder> remote;  // set: vectors come from the server, not `embedder`
  std::unordered_map<std::string, std::vector<float>> fetched;  // content hash -> remote vector, until stored
  VectorRows vectors;
  std::unique_ptr<VectorIndex> hnsw;
};

// The dense side: the remote server's vectors when one is configured, else the built-in embedder's.
inline int dense_dim(const KnowledgeBase::Impl& kb) { return kb.remote ? kb.remote->dim() : kb.embedder.dim(); }
inline bool dense_ready(const KnowledgeBase::Impl& kb) {
  return kb.remote ? kb.remote->dim() > 0 : kb.embedder.trained();
}
inline const std::string& dense_model(const KnowledgeBase::Impl& kb) {
  return kb.remote ? kb.remote->model_id() : kb.embedder.model_id();
}

}  // namespace oiis::kb
