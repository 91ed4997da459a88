#include "kb/vector_index.h"

// hnswlib 0.6.2's SSE prefetches read one entry past the end of a link list (harmless, fixed
// upstream later); AddressSanitizer reports the read, so sanitized builds use the plain loops.
// g++ says so with __SANITIZE_ADDRESS__, clang 14 only through __has_feature.
#if defined(__SANITIZE_ADDRESS__)
#define OIIS_KB_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define OIIS_KB_ASAN 1
#endif
#endif
#if defined(OIIS_KB_ASAN) && !defined(NO_MANUAL_VECTORIZATION)
#define NO_MANUAL_VECTORIZATION
#endif
#include <hnswlib/hnswlib.h>

#include <algorithm>
#include <fstream>

#include "common/parallel.h"

namespace oiis::kb {

struct VectorIndex::Impl {
  Impl(int d, HnswOptions o) : dim(d), options(o), space(static_cast<std::size_t>(d)) {}
  int dim;
  HnswOptions options;
  hnswlib::InnerProductSpace space;
  std::unique_ptr<hnswlib::HierarchicalNSW<float>> graph;
  std::size_t live = 0;

  void make(std::size_t capacity) {
    graph = std::make_unique<hnswlib::HierarchicalNSW<float>>(&space, capacity, options.m,
                                                              options.ef_construction);
    graph->setEf(options.ef_search);
  }
};

VectorIndex::VectorIndex(int dim, HnswOptions options) : impl_(std::make_unique<Impl>(dim, options)) {
  impl_->make(1024);
}
VectorIndex::~VectorIndex() = default;
VectorIndex::VectorIndex(VectorIndex&&) noexcept = default;
VectorIndex& VectorIndex::operator=(VectorIndex&&) noexcept = default;

int VectorIndex::dim() const { return impl_->dim; }
std::size_t VectorIndex::size() const { return impl_->live; }
void VectorIndex::set_ef_search(int ef) {
  impl_->options.ef_search = ef;
  impl_->graph->setEf(ef);
}

void VectorIndex::reserve(std::size_t total) {
  auto& g = *impl_->graph;
  if (total > g.max_elements_) g.resizeIndex(std::max(total, g.max_elements_ * 2));
}

void VectorIndex::add(ChunkId id, const float* vector) {
  reserve(impl_->graph->cur_element_count + 1);
  impl_->graph->addPoint(vector, id);
  ++impl_->live;
}

void VectorIndex::add_batch(const ChunkId* ids, const float* vectors, std::size_t count) {
  reserve(impl_->graph->cur_element_count + count);
  // hnswlib's addPoint locks per node, so inserts run in parallel once capacity is reserved.
  parallel_for_each_index(count, [&](std::size_t i) {
    impl_->graph->addPoint(vectors + i * impl_->dim, ids[i]);
  });
  impl_->live += count;
}

void VectorIndex::remove(ChunkId id) {
  try {
    impl_->graph->markDelete(id);
    --impl_->live;
  } catch (const std::exception&) {
    // unknown or already removed: nothing to do
  }
}

std::vector<Scored> VectorIndex::search(const float* query, std::size_t k, const ChunkFilter& filter) const {
  std::vector<Scored> out;
  const auto& g = *impl_->graph;
  for (std::size_t want = k; out.size() < k; want *= 4) {
    out.clear();
    auto found = g.searchKnn(query, std::min(want, impl_->live));
    while (!found.empty()) {
      const auto [distance, label] = found.top();
      found.pop();
      if (!filter || filter(static_cast<ChunkId>(label)))
        out.push_back({static_cast<ChunkId>(label), 1.0f - distance});
    }
    if (!filter || want >= impl_->live) break;
  }
  return top_k(std::move(out), k);
}

Status VectorIndex::save(const std::string& path) const {
  try {
    impl_->graph->saveIndex(path);
  } catch (const std::exception& e) {
    return internal_error("cannot write " + path + ": " + e.what());
  }
  std::ofstream meta(path + ".live");
  meta << impl_->live << "\n";
  return meta ? Status::ok() : internal_error("cannot write " + path + ".live");
}

Result<VectorIndex> VectorIndex::load(const std::string& path, int dim, HnswOptions options) {
  VectorIndex index(dim, options);
  try {
    index.impl_->graph = std::make_unique<hnswlib::HierarchicalNSW<float>>(&index.impl_->space, path);
    index.impl_->graph->setEf(options.ef_search);
  } catch (const std::exception& e) {
    return invalid_argument("cannot read the vector index " + path + ": " + e.what());
  }
  std::ifstream meta(path + ".live");
  if (!(meta >> index.impl_->live)) return invalid_argument("missing " + path + ".live");
  return index;
}

float dot(const float* a, const float* b, int dim) {
  float s = 0;
  for (int i = 0; i < dim; ++i) s += a[i] * b[i];
  return s;
}

std::vector<Scored> exact_search(const float* vectors, const ChunkId* ids, std::size_t count, int dim,
                                 const float* query, std::size_t k, const ChunkFilter& filter) {
  std::vector<Scored> all;
  all.reserve(count);
  for (std::size_t i = 0; i < count; ++i)
    if (!filter || filter(ids[i])) all.push_back({ids[i], dot(vectors + i * dim, query, dim)});
  return top_k(std::move(all), k);
}

}  // namespace oiis::kb
