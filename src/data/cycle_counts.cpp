#include "data/cycle_counts.h"

#include <algorithm>
#include <cmath>

namespace oiis {

bool routine_count_due(const GeneratorConfig& config, std::size_t slot, int day) {
  if (config.cycle_count_days <= 0) return false;
  // Staggered: a fixed share of the slots each day rather than all of them on one day.
  return (static_cast<std::size_t>(day) + slot) % static_cast<std::size_t>(config.cycle_count_days) == 0;
}

Quantity routine_count_difference(world::Rng& rng, Quantity on_hand) {
  if (on_hand <= 0) return 0;
  const double draw = rng.uniform();
  if (draw < kCountExactShare) return 0;
  const double stock = static_cast<double>(on_hand);
  Quantity off = 0;
  bool short_count = false;
  if (draw < kCountExactShare + kCountLargeShare) {
    off = std::max<Quantity>(1, std::llround(stock * rng.uniform(0.05, 0.20)));
    short_count = rng.chance(0.5);
  } else {
    off = std::max<Quantity>(1, std::llround(stock * rng.uniform(0.0, 0.05)));
    short_count = rng.chance(0.6);
  }
  return short_count ? -std::min(off, on_hand) : off;
}

std::uint64_t routine_count_seed(const GeneratorConfig& config) {
  return config.seed ^ 0x9e3779b97f4a7c15ULL;  // golden-ratio constant: far from nearby seeds
}

}  // namespace oiis
