// Nearest chunks by inner product of unit vectors (cosine): an HNSW graph (hnswlib, kept out of
// this header) for search at scale, and the exact scan it is measured against. Vectors can be
// added, replaced and removed at any time; the graph persists to one file.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "kb/scored.h"

namespace oiis::kb {

struct HnswOptions {
  int m = 16;                // links per node
  int ef_construction = 100;  // recall@10 vs exact stays above 0.98 at 100k chunks (bench/kb_scale.sh)
  int ef_search = 128;       // candidates examined per query (recall vs speed)
};

class VectorIndex {
 public:
  VectorIndex(int dim, HnswOptions options = {});
  ~VectorIndex();
  VectorIndex(VectorIndex&&) noexcept;
  VectorIndex& operator=(VectorIndex&&) noexcept;

  int dim() const;
  std::size_t size() const;
  // Ids are new to the index (the knowledge base never reuses a chunk id).
  void add(ChunkId id, const float* vector);
  // `count` vectors (row-major), inserted in parallel (common/parallel.h).
  void add_batch(const ChunkId* ids, const float* vectors, std::size_t count);
  void reserve(std::size_t total);
  void remove(ChunkId id);
  // The k nearest chunks, best first; score = cosine. With a filter, more candidates are
  // examined until k allowed ones are found (or the graph is exhausted).
  std::vector<Scored> search(const float* query, std::size_t k, const ChunkFilter& filter = {}) const;
  void set_ef_search(int ef);

  Status save(const std::string& path) const;
  static Result<VectorIndex> load(const std::string& path, int dim, HnswOptions options = {});

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The exact k nearest by inner product among `count` row vectors of `dim` (row-major), with
// their ids; best first.
std::vector<Scored> exact_search(const float* vectors, const ChunkId* ids, std::size_t count, int dim,
                                 const float* query, std::size_t k, const ChunkFilter& filter = {});

float dot(const float* a, const float* b, int dim);

}  // namespace oiis::kb
