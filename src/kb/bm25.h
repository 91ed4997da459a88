// Okapi BM25 over chunk texts, in memory: an inverted index of kb::terms with per-chunk lengths.
// Chunks can be added and removed at any time (removal marks the slot dead and corrects the
// statistics; postings are compacted when half of them are dead).
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kb/scored.h"

namespace oiis::kb {

struct Bm25Params {
  double k1 = 1.2, b = 0.75;
};

class Bm25Index {
 public:
  explicit Bm25Index(Bm25Params params = {}) : params_(params) {}

  void add(ChunkId id, std::string_view text);  // replaces a chunk already there
  void remove(ChunkId id);
  std::size_t size() const { return live_; }

  // The k best chunks for `query` (only those with a query term), best first.
  std::vector<Scored> search(std::string_view query, std::size_t k, const ChunkFilter& filter = {}) const;
  // BM25 of `query` for each of `ids` (0 for chunks without a query term or not indexed).
  std::vector<float> score(std::string_view query, const std::vector<ChunkId>& ids) const;

 private:
  struct Posting {
    std::uint32_t slot, tf;
  };
  struct Slot {
    ChunkId id;
    std::uint32_t length;
    bool alive;
    std::vector<std::uint32_t> term_ids;  // distinct terms, to correct document frequencies
  };
  // (term id, idf) for the query's distinct known terms.
  std::vector<std::pair<std::uint32_t, double>> query_terms(std::string_view query) const;
  // k1 * (1 - b + b * length / average length): the per-chunk part of the BM25 denominator.
  float length_norm(std::uint32_t length, double average) const;
  void compact();

  Bm25Params params_;
  std::unordered_map<std::string, std::uint32_t> term_ids_;
  std::vector<std::vector<Posting>> postings_;  // by term id, slots ascending
  std::vector<std::uint32_t> df_;                // live chunks holding the term
  std::vector<Slot> slots_;
  // Per slot, beside slots_ for a cache-friendly scoring loop: token count, 0 when dead.
  std::vector<std::uint32_t> lengths_;
  std::unordered_map<ChunkId, std::uint32_t> slot_of_;
  std::size_t live_ = 0, dead_ = 0;
  std::uint64_t total_length_ = 0;  // of live chunks
};

}  // namespace oiis::kb
