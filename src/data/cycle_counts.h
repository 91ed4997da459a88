// The generator's routine cycle counts (GeneratorConfig::cycle_count_days): every product x
// location is counted every N days on a staggered schedule, and most counts find exactly what
// the ledger says. Some find a small difference either way (a miscount, a unit put on the wrong
// shelf, breakage nobody recorded) and a few a larger one. None is labelled: they are the
// ordinary count differences a shrinkage detector must not flag, beside the labelled
// shrinkage counts (15-40% of the stock missing). Draws come from a generator of their own, so
// a world without routine counts is byte-for-byte what it was.
#pragma once

#include <cstddef>
#include <cstdint>

#include "data/generator.h"
#include "data/world_random.h"

namespace oiis {

inline constexpr double kCountExactShare = 0.70;  // counts that find the ledger's stock exactly
inline constexpr double kCountLargeShare = 0.05;  // counts off by 5-20% of the stock, either way
// The rest are off by up to 5% (at least one unit), short 60% of the time.

// Whether slot `slot` (product x location) is counted on history day `day`.
bool routine_count_due(const GeneratorConfig& config, std::size_t slot, int day);

// The difference a routine count finds (counted - on hand) when `on_hand` units are expected;
// never below -on_hand. An empty shelf is counted exactly.
Quantity routine_count_difference(world::Rng& rng, Quantity on_hand);

// The seed of the routine counts' own generator (independent of the world's draws).
std::uint64_t routine_count_seed(const GeneratorConfig& config);

}  // namespace oiis
