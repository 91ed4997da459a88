// Combining the lexical (BM25) and dense rankings of one query into one. Two methods, chosen
// between on the validation questions (docs/knowledge-base.md):
//  - reciprocal rank fusion: sum over lists of 1 / (k + rank), ranks only, no scores;
//  - weighted score fusion: each method's scores min-max normalised over the candidates of
//    both lists (each candidate scored by both methods), then w * bm25 + (1 - w) * dense.
#pragma once

#include <vector>

#include "kb/scored.h"

namespace oiis::kb {

std::vector<Scored> reciprocal_rank_fusion(const std::vector<std::vector<Scored>>& rankings,
                                           std::size_t k, double rank_constant = 60);

// candidates[i] scored `lexical[i]` by BM25 and `dense[i]` by cosine.
std::vector<Scored> weighted_fusion(const std::vector<ChunkId>& candidates,
                                    const std::vector<float>& lexical, const std::vector<float>& dense,
                                    double lexical_weight, std::size_t k);

// The ids of `rankings`, each once, in order of first appearance.
std::vector<ChunkId> union_ids(const std::vector<std::vector<Scored>>& rankings);

}  // namespace oiis::kb
