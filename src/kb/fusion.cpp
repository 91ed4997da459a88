#include "kb/fusion.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace oiis::kb {
namespace {

// Min-max to [0, 1]; all equal -> all 1 when positive (they tie), else 0.
std::vector<double> normalised(const std::vector<float>& scores) {
  std::vector<double> out(scores.begin(), scores.end());
  if (out.empty()) return out;
  const auto [lo, hi] = std::minmax_element(out.begin(), out.end());
  const double low = *lo, high = *hi;
  for (double& s : out) s = high > low ? (s - low) / (high - low) : (high > 0 ? 1 : 0);
  return out;
}

}  // namespace

std::vector<Scored> reciprocal_rank_fusion(const std::vector<std::vector<Scored>>& rankings,
                                           std::size_t k, double rank_constant) {
  std::unordered_map<ChunkId, double> fused;
  for (const auto& ranking : rankings)
    for (std::size_t r = 0; r < ranking.size(); ++r)
      fused[ranking[r].id] += 1.0 / (rank_constant + static_cast<double>(r) + 1);
  std::vector<Scored> out;
  for (const auto& [id, score] : fused) out.push_back({id, static_cast<float>(score)});
  return top_k(std::move(out), k);
}

std::vector<Scored> weighted_fusion(const std::vector<ChunkId>& candidates,
                                    const std::vector<float>& lexical, const std::vector<float>& dense,
                                    double lexical_weight, std::size_t k) {
  const auto lex = normalised(lexical), den = normalised(dense);
  std::vector<Scored> out;
  for (std::size_t i = 0; i < candidates.size(); ++i)
    out.push_back({candidates[i], static_cast<float>(lexical_weight * lex[i] + (1 - lexical_weight) * den[i])});
  return top_k(std::move(out), k);
}

std::vector<ChunkId> union_ids(const std::vector<std::vector<Scored>>& rankings) {
  std::vector<ChunkId> out;
  std::unordered_set<ChunkId> seen;
  for (const auto& ranking : rankings)
    for (const auto& s : ranking)
      if (seen.insert(s.id).second) out.push_back(s.id);
  return out;
}

}  // namespace oiis::kb
