// Queries: BM25, dense (HNSW or exact) and the two fused, with metadata filters.
#include <algorithm>

#include "kb/fusion.h"
#include "kb/kb_impl.h"

namespace oiis::kb {
namespace {

ChunkFilter make_filter(const KnowledgeBase::Impl& kb, const SearchOptions& o) {
  if (o.doc_contains.empty() && o.type.empty()) return {};
  return [&kb, &o](ChunkId id) {
    const auto it = kb.chunks.find(id);
    if (it == kb.chunks.end()) return false;
    const std::string& doc = it->second.chunk.doc;
    if (!o.doc_contains.empty() && doc.find(o.doc_contains) == std::string::npos) return false;
    if (o.type.empty()) return true;
    const auto d = kb.documents.find(doc);
    return d != kb.documents.end() && d->second.type == o.type;
  };
}

std::vector<Scored> dense_ranking(const KnowledgeBase::Impl& kb, const std::vector<float>& query,
                                  std::size_t k, const ChunkFilter& filter, bool exact) {
  if (!dense_ready(kb) || kb.vectors.size() == 0) return {};
  // A filter that leaves few chunks is answered exactly: the graph would be walked far for them.
  if (exact || !kb.hnsw || (filter && kb.vectors.size() <= 20000))
    return exact_search(kb.vectors.data(), kb.vectors.ids(), kb.vectors.size(), kb.vectors.dim(),
                        query.data(), k, filter);
  return kb.hnsw->search(query.data(), k, filter);
}

std::vector<Scored> fuse(const KnowledgeBase::Impl& kb, std::string_view query, const std::vector<float>& q,
                         const std::vector<Scored>& lexical, const std::vector<Scored>& dense,
                         const SearchOptions& o) {
  if (o.fusion == Fusion::kRrf) return reciprocal_rank_fusion({lexical, dense}, o.k, o.rank_constant);
  const std::vector<ChunkId> ids = union_ids({lexical, dense});
  const std::vector<float> lexical_scores = kb.bm25.score(query, ids);
  std::vector<float> dense_scores(ids.size(), 0.0f);
  for (std::size_t i = 0; i < ids.size(); ++i)
    if (const float* v = kb.vectors.find(ids[i])) dense_scores[i] = dot(v, q.data(), kb.vectors.dim());
  return weighted_fusion(ids, lexical_scores, dense_scores, o.lexical_weight, o.k);
}

}  // namespace

Result<std::vector<SearchHit>> KnowledgeBase::search(std::string_view query, const SearchOptions& o) const {
  if (o.k == 0) return invalid_argument("k must be at least 1", "k");
  if (o.lexical_weight < 0 || o.lexical_weight > 1) return invalid_argument("must be in [0, 1]", "weight");
  const Impl& kb = *impl_;
  const ChunkFilter filter = make_filter(kb, o);
  const std::size_t depth = std::max(o.k, o.candidates);
  std::vector<Scored> lexical, dense, ranked;
  std::vector<float> q;
  if (o.method != Retrieval::kDense) lexical = kb.bm25.search(query, depth, filter);
  if (o.method != Retrieval::kBm25 && kb.remote) {
    // The server is asked for every query: without it there is no dense side to search.
    auto vec = kb.remote->embed({std::string(query)});
    if (!vec) return Status(vec.status().code(), vec.status().message() + " (search with method bm25 meanwhile)",
                            vec.status().field());
    q = std::move(*vec);
    dense = dense_ranking(kb, q, depth, filter, o.exact_dense);
  } else if (o.method != Retrieval::kBm25 && kb.embedder.trained()) {
    q = kb.embedder.embed(query);
    dense = dense_ranking(kb, q, depth, filter, o.exact_dense);
  }
  if (o.method == Retrieval::kBm25) ranked = top_k(lexical, o.k);
  else if (o.method == Retrieval::kDense) ranked = top_k(dense, o.k);
  else ranked = fuse(kb, query, q, lexical, dense, o);
  std::vector<SearchHit> hits;
  for (const Scored& s : ranked) {
    const auto it = kb.chunks.find(s.id);
    if (it != kb.chunks.end()) hits.push_back({it->second.chunk, s.score});
  }
  return hits;
}

}  // namespace oiis::kb
