// A retrieved item: a chunk id and the score one method gave it (higher is better).
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

namespace oiis::kb {

using ChunkId = std::uint32_t;

struct Scored {
  ChunkId id = 0;
  float score = 0;
};

// Which chunks a search may return (metadata filters); empty = all.
using ChunkFilter = std::function<bool(ChunkId)>;

// The `k` best of `items` by score, best first (ties: lower id first, so results are stable).
std::vector<Scored> top_k(std::vector<Scored> items, std::size_t k);

}  // namespace oiis::kb
