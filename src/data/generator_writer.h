// Puts a built World where it belongs: rows into a Store (one bulk transaction) and the
// ground truth into CSV/JSON files. generate_world() = build_world() + these; the CLI calls
// them separately to time and show the two phases.
#pragma once

#include <string>

#include "common/progress.h"
#include "common/status.h"
#include "data/generator.h"
#include "data/world.h"
#include "store/store.h"

namespace oiis {

// Counts of what the world holds (seconds left 0).
GenerationSummary summarize(const world::World& world);

// kFailedPrecondition when the store already holds catalog, customer or order rows.
Status check_store_empty(Store& store);

// Writes every row through store.begin_bulk() and commits. `progress` sees rows written.
Status write_world_to_store(const world::World& world, Store& store,
                            ProgressSink* progress = nullptr);

// Writes customers.csv, products.csv, suppliers.csv, complementary_pairs.csv, promotions.csv,
// anomalies.csv, stockouts.csv, demand_weekly.csv and world.json into `dir` (created).
Status write_ground_truth(const world::World& world, const std::string& dir);

}  // namespace oiis
