// Inventory service: the thin layer between the store and the pure inventory module. Builds a
// snapshot, runs forecasts per SKU (in parallel), and answers the questions the CLI and the
// API ask: ABC/XYZ, the reorder plan (and turning its drafts into purchase orders), the policy
// simulation, pricing, supplier scorecards. Every report carries its provenance.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "inventory/inventory.h"
#include "data/snapshots.h"
#include "store/store.h"

namespace oiis::services {

// Bumped whenever a change to the policy, the forecaster or the simulator can change results.
inline constexpr const char* kInventoryModelVersion = "oiis-inventory/1.1";

struct InventoryOptions {
  inventory::PolicyConfig policy;
  inventory::ClassificationConfig classes;
  std::optional<Date> as_of;            // default: the day after the last order
  // "profile" (weekday profile x recent level: fast) or a forecast engine method ("ses",
  // "auto", ...: intervals from backtests, slower).
  // The default is the simulation's forecaster, so the safety multipliers a stored simulation
  // calibrated apply to the plan as calibrated; the CLI and the API share it.
  std::string forecast_method = "profile";
  int history_days = 365;               // days of history behind classification and forecasts
  // Declared stand-ins for missing inputs (a shop whose history is an imported order file).
  // Every plan line that uses one says so in its `missing` notes; none is ever implied.
  std::optional<Id> default_supplier;        // for products without a supplier
  std::optional<double> default_cost_share;  // unit cost = share x price when cost is unknown
  int threads = 0;                      // forecast threads, 0 = hardware
};

struct Provenance {
  std::string model_version = kInventoryModelVersion;
  Date data_date = 0;  // last day of history used
  nlohmann::json parameters = nlohmann::json::object();  // the settings behind the result
};

struct AbcRow {
  Id product_id = 0;
  std::string sku, name, category;
  double revenue = 0;
  inventory::ItemClass cls;
};
struct AbcReport {
  Provenance provenance;
  std::vector<AbcRow> rows;                // by revenue, highest first
  std::array<std::array<int, 3>, 3> matrix{};  // [A,B,C][X,Y,Z] counts
};
Result<AbcReport> abc_report(const InventorySnapshot& s, const InventoryOptions& o);
Result<AbcReport> abc_report(Store& store, const InventoryOptions& o);

struct ReorderReport {
  Provenance provenance;
  inventory::ReorderPlan plan;
  std::string forecast_method;
};
Result<ReorderReport> reorder_plan(const InventorySnapshot& s, const InventoryOptions& o);
Result<ReorderReport> reorder_plan(Store& store, const InventoryOptions& o);
// Writes each draft as a kDraft purchase order (approve to order it).
Result<std::vector<PurchaseOrder>> save_drafts(Store& store, const inventory::ReorderPlan& plan);
// kDraft -> kOrdered (raises on_order), after a person's changes to its lines when there are
// any (Store::revise_purchase_order). kFailedPrecondition for any other status.
Result<PurchaseOrder> approve_purchase_order(Store& store, Id id,
                                             const std::vector<PurchaseOrderLineChange>& changes = {});

struct SimulationOptions {
  int holdout_days = 365;    // replayed, never seen by any policy's set-up
  int validation_days = 182; // before the holdout: calibrates our safety multipliers
  std::string forecaster = "profile";  // "profile" or a forecast engine method
  int calibration_iterations = 10;
  // Safety multipliers are re-calibrated every this many replayed days on the validation_days
  // just before (history the planner has by then); 0 = once, before the holdout.
  int recalibration_days = 91;
  std::uint64_t seed = 7;
};
struct SimulationReport {
  Provenance provenance;
  Date start = 0, end = 0;  // replayed days [start, end)
  std::size_t items = 0;
  std::vector<inventory::PolicyResult> policies;  // ours, naive, minmax
  std::array<double, 3> safety_multiplier{};  // the first calibration's
  std::vector<inventory::MultiplierStep> recalibrations;  // from_day relative to `start`
  std::array<double, 3> targets{};
};
Result<SimulationReport> simulate_policies(const InventorySnapshot& s, const InventoryOptions& o,
                                           const SimulationOptions& so);
// One sentence per baseline: how much less (or more) our policy costs and at what fill rate;
// where it costs more, why (its service targets trade holding against lost sales) and the
// option that trades the other way.
std::vector<std::string> simulation_summary(const SimulationReport& r);
Result<SimulationReport> simulate_policies(Store& store, const InventoryOptions& o,
                                           const SimulationOptions& so);

struct PricingRow {
  Id product_id = 0;
  std::string sku, name, category;
  double price = 0, unit_cost = 0;
  inventory::ElasticityEstimate raw;
  double elasticity = 0;  // shrunk toward the category
  // Inputs a price recommendation needs and this product lacks (a known cost; an elasticity
  // identified from its own price changes). Non-empty: no recommendation, `suggestion` unset.
  std::vector<std::string> missing;
  inventory::PriceSuggestion suggestion;
};
struct PricingReport {
  Provenance provenance;
  std::vector<PricingRow> rows;  // id order
};
Result<PricingReport> pricing_report(const InventorySnapshot& s, const InventoryOptions& o,
                                     const inventory::PricingConfig& pc = {});
Result<PricingReport> pricing_report(Store& store, const InventoryOptions& o,
                                     const inventory::PricingConfig& pc = {});

struct ScorecardRow {
  Supplier supplier;
  inventory::SupplierScorecard card;
};
std::vector<ScorecardRow> supplier_scorecards(const InventorySnapshot& s);
Result<std::vector<ScorecardRow>> supplier_scorecards(Store& store);

// What a reader of the plan must know: lines without a stock record or a cost, products that
// could not be planned. Empty when nothing applies.
std::vector<std::string> plan_caveats(const inventory::ReorderPlan& plan);

// JSON shapes shared by `oiis ... --json` and /api/v1/inventory/... (inventory_json.cpp).
nlohmann::json to_json(const AbcReport& r);
nlohmann::json to_json(const ReorderReport& r);
nlohmann::json to_json(const SimulationReport& r);
nlohmann::json to_json(const PricingReport& r);
nlohmann::json to_json(const std::vector<ScorecardRow>& r);

// The settings that produced a report (policy, classes, forecaster), for its provenance.
nlohmann::json parameters_json(const InventoryOptions& o);
// Stores a report's JSON (with its provenance) as <dir>/inventory-<kind>-<data date>.json,
// written to a temporary file and renamed, so a reader never sees half a file. Returns the path.
Result<std::string> write_report_artefact(const nlohmann::json& report, const std::string& kind,
                                          const std::string& dir);
// The latest safety multipliers of the newest simulation artefact in `dir` made by this model
// version with the same service targets (none when there is no such file): what the replay
// showed the forecast's own sigma misses, for the plan to use.
struct StoredCalibration {
  std::array<double, 3> multiplier{};
  std::string path;
};
std::optional<StoredCalibration> latest_calibration(const std::string& dir,
                                                    const inventory::PolicyConfig& policy);

// The reorder plan, its safety stock as the newest stored simulation in `artefact_dir`
// calibrated it for these targets (else the forecast's own sigma; "" = no stored results),
// and its JSON, which names that file as provenance.parameters.calibrated_by (null when none).
struct CalibratedPlan {
  ReorderReport report;
  nlohmann::json json;
};
Result<CalibratedPlan> calibrated_reorder_plan(Store& store, InventoryOptions o,
                                               const std::string& artefact_dir);

}  // namespace oiis::services
