// Hierarchical demand forecasts over the store: every SKU under its category under the total.
// The category and total series are sums of the SKU series of a DemandSet; every node is
// forecast by the same engine and options as the SKU batch (services/forecast_batch.h), and the
// base forecasts are reconciled (forecast/hierarchy.h) so that SKUs add up to their category
// and categories to the total at every step.
//
// Reconciliation weights that need residuals (wls, mint) take them from one extra backtest:
// every node is refitted `residual_periods` periods short and its errors over those periods
// (steps 1..R of one origin) stand in for the one-step residuals - the engine does not expose
// fitted values, and the multi-step errors are what the horizon sees anyway.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/progress.h"
#include "common/status.h"
#include "forecast/hierarchy.h"
#include "services/forecast_batch.h"

namespace oiis::services {

struct HierarchyOptions {
  BatchOptions batch;  // engine options of every node; batch.horizon = periods ahead
  forecast::Reconciliation method = forecast::Reconciliation::kMintShrink;
  bool non_negative = true;
  int residual_periods = 0;  // 0 = the level's default: 13 weekly, 28 daily
};
int default_residual_periods(DemandLevel level);

// "total" (the root), "category" or "sku".
std::string_view node_level(const forecast::Hierarchy& tree, int node);

// Each SKU of `demand` under its category under "total" (bottoms in DemandSet order).
Result<forecast::Hierarchy> demand_hierarchy(const DemandSet& demand);

struct HierarchyForecast {
  DemandLevel level = DemandLevel::kDaily;
  int horizon = 0;
  std::string engine_method;   // forecast::method_name of batch.method
  std::string reconciliation;  // forecast::reconciliation_name
  double shrinkage = 0;        // MinT's lambda
  int residual_periods = 0;    // 0 when the method needs none
  std::string note;            // why another method was used (history too short for residuals)
  Date data_date = 0;
  Timestamp created_at = 0;
  double seconds = 0;  // wall time, base forecasts and residuals included
  forecast::Hierarchy tree;
  // Node order (tree.node(i)). A node the engine failed on gets a zero base forecast and its
  // error here; the others still reconcile.
  std::vector<forecast::Forecast> base, reconciled;
  std::vector<Status> status;
};

// A history too short for the residual window (a new store) falls back to wls-struct, and
// `note` says so.
Result<HierarchyForecast> forecast_hierarchy(const DemandSet& demand,
                                             const HierarchyOptions& options,
                                             ProgressSink* progress = nullptr);

// One node for the API: name, node level, parent, period_start, model, base {mean, lo80,..},
// mean, lo80, hi80, lo95, hi95, and `children` (name and mean) for an aggregate.
nlohmann::json node_json(const HierarchyForecast& f, int node, const DemandSet& demand);
nlohmann::json to_json(const HierarchyForecast& f, const DemandSet& demand);
// Writes <dir>/forecast-hierarchy-<level>-<data date>.json beside the SKU artefact.
Result<std::string> write_artefact(const HierarchyForecast& f, const DemandSet& demand,
                                   const std::string& dir);

// ---- backtest: hold out the last `holdout` periods; base and every reconciliation, scored
// per node level against recorded sales.
struct LevelScore {
  long nodes = 0;
  double actual_units = 0;
  double wape = 0;  // pooled over nodes and steps: sum |e| / sum actual
  double coverage80 = 0, coverage95 = 0;
};
struct HierarchyBacktest {
  DemandLevel level = DemandLevel::kWeekly;
  int holdout = 0;
  Date holdout_start = 0;
  std::string engine_method;
  double shrinkage = 0;
  // "base" first, then every reconciliation method; per method the total, category and sku
  // levels in that order.
  std::vector<std::pair<std::string, std::vector<std::pair<std::string, LevelScore>>>> methods;
  double seconds = 0;            // all of it
  double reconcile_seconds = 0;  // the reconciliations alone (all methods)
};
Result<HierarchyBacktest> backtest_hierarchy(const DemandSet& demand,
                                             const HierarchyOptions& options, int holdout,
                                             ProgressSink* progress = nullptr);
nlohmann::json to_json(const HierarchyBacktest& r);

}  // namespace oiis::services
