// Inventory optimisation, pure: classification (ABC/XYZ), order quantities (EOQ), safety stock
// and reorder levels, the reorder plan, a day-by-day policy simulator with two fixed baselines,
// price elasticity and pricing suggestions, and supplier scorecards. Spans and vectors in,
// results out: no store, no files, no clocks. src/services/ feeds it from the store's
// snapshots (src/data/snapshots.h).
//
// Units: quantities in units, money in the store currency, times in days (Date = days since
// 1970-01-01), rates per year unless the name says otherwise.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/normal.h"
#include "common/status.h"
#include "common/time.h"
#include "domain/types.h"

namespace oiis::inventory {

using Id = std::int64_t;
using Quantity = std::int64_t;

// ---- standard normal helpers (common/normal.h; normal_loss in stats.cpp) --------------------

using oiis::normal_cdf;
using oiis::normal_pdf;
using oiis::normal_quantile;
// Standard normal loss G(k) = E[(Z - k)+] = pdf(k) - k (1 - cdf(k)).
double normal_loss(double k);

// ---- classification (classify.cpp) ---------------------------------------------------------

struct ClassificationConfig {
  double a_share = 0.80;  // A: the items making the first 80% of revenue (Pareto)
  double b_share = 0.15;  // B: the next 15%; C: the rest
  double x_max_cv = 0.5;  // X: coefficient of variation of demand <= 0.5 (steady)
  double y_max_cv = 1.0;  // Y: <= 1.0 (variable); Z: above (erratic or intermittent)
};
Status validate(const ClassificationConfig& config);

struct ItemClass {
  char abc = 'C';
  char xyz = 'Z';
  double revenue_share = 0;     // of total revenue
  double cumulative_share = 0;  // revenue share of all items ranked before this one
  double cv = 0;                // sd / mean of the demand series (inf for no demand)
};

// sd / mean of a demand series (population sd); +inf when the mean is 0.
double coefficient_of_variation(std::span<const double> demand);
// ABC by revenue share: an item is A when the items ranked above it hold < a_share of revenue.
// Errors name the field: "revenue[i]" negative or not finite.
Result<std::vector<char>> classify_abc(std::span<const double> revenue,
                                       const ClassificationConfig& config = {});
char classify_xyz(double cv, const ClassificationConfig& config = {});
// The 9-cell matrix: revenue[i] and demand[i] (per period, e.g. weekly units) describe item i.
Result<std::vector<ItemClass>> abc_xyz(std::span<const double> revenue,
                                       std::span<const std::vector<double>> demand,
                                       const ClassificationConfig& config = {});
int abc_index(char abc);  // 'A' -> 0, 'B' -> 1, else 2

// ---- order quantities and safety stock (policy.cpp) ----------------------------------------

// Economic order quantity (Harris 1913): Q* = sqrt(2 D K / (h c)), D units/year, K money per
// order, c unit cost, h holding-cost rate per year. 0 when D is 0. Errors name the argument.
Result<double> eoq(double annual_demand, double order_cost, double unit_cost, double holding_rate);
// Rounds a wanted quantity up to whole packs and to at least the minimum order quantity (itself
// rounded up to packs). 0 stays 0. moq and pack_size must be >= 1.
Quantity round_order_quantity(double quantity, Quantity min_order_qty, Quantity pack_size);

struct DemandOverPeriod {
  double mean = 0;  // units
  double sd = 0;    // units
};
// Demand over a random lead time L (days) with i.i.d. daily demand (mean d, sd s):
// E = d E[L], Var = E[L] s^2 + d^2 Var[L] (Silver, Pyke & Peterson, eq. 7.?; the standard
// compound formula combining demand and lead-time uncertainty).
DemandOverPeriod lead_time_demand(double daily_mean, double daily_sd, double lead_time_mean,
                                  double lead_time_sd);

enum class ServiceKind { kCycle, kFill };
struct ServiceTarget {
  ServiceKind kind = ServiceKind::kCycle;
  double level = 0.95;  // cycle service level (P(no stock-out per cycle)) or fill rate, in (0,1)
};
// Safety factor k so that safety stock = k sigma. Cycle service: k = z(level). Fill rate beta
// with order quantity Q: solve G(k) = (1 - beta) Q / sigma (Silver et al., eq. 7.21), k >= -1.
double safety_factor(const ServiceTarget& target, double sigma, double order_quantity);

// ---- forecasts as the policy sees them ------------------------------------------------------

// Daily demand ahead: mean[h] and sd[h] for day h+1 after the origin, units/day.
struct DailyForecast {
  std::vector<double> mean, sd;
};
// Sum of mean and root-sum-square of sd over the first `days` days (fractional days weight the
// last one); days beyond the horizon repeat the last value.
DemandOverPeriod forecast_over(const DailyForecast& f, double days);
// Turns a history (units/day, oldest first) into a DailyForecast `horizon` days long.
using Forecaster = std::function<Result<DailyForecast>(std::span<const double> history, int horizon)>;
// The forecast engine (forecast::forecast, weekly season) with sd per day from its 80%
// interval: sd = (hi80 - mean) / z(0.9). `method` is a forecast method name ("auto", "ses"...).
Forecaster engine_forecaster(std::string method = "auto");
// Cheap and robust: weekday profile times the mean of the last `window` days; sd from the
// residuals of that profile over the window. Used by the simulator's rolling re-forecasts.
Forecaster profile_forecaster(int window = 56);

// ---- reorder levels and the reorder plan (plan.cpp) ----------------------------------------

struct PolicyConfig {
  // Per ABC class (A, B, C). With this and max_review_days: the lowest mean total cost
  // (holding + ordering + lost margin) against `naive` at no lower fill rate, on two validation
  // worlds only (seed 42: 300 products, 365 days; seed 5: 1,000 products, 730 days), over
  // targets {0.92/0.88/0.80 ... 0.995/0.99/0.98} x longest review {3 ... 28} days; reported on
  // other worlds (docs/evaluation.md "Inventory policy"). A lost sale costs its margin, which
  // is far more than holding a unit a few weeks: high service pays.
  std::array<ServiceTarget, 3> service{{{ServiceKind::kCycle, 0.98},
                                        {ServiceKind::kCycle, 0.97},
                                        {ServiceKind::kCycle, 0.95}}};
  // Multiplies sigma per class; 1 = trust the forecast's error distribution. Calibrated by
  // simulation on a validation period (calibrate_safety_multipliers).
  std::array<double, 3> safety_multiplier{1.0, 1.0, 1.0};
  double holding_rate = 0.25;   // per year, of unit cost
  int min_review_days = 1;      // bounds on each supplier's periodic review interval
  // The joint EOQ interval decides within these bounds; the cap was chosen with `service`.
  int max_review_days = 21;
  int plan_window_days = 7;     // the plan lists what must be ordered within this many days
};
Status validate(const PolicyConfig& config);

struct SupplierInput {
  Id id = 0;
  std::string name;
  double lead_time_mean = 7;  // days, >= 0 (scorecard figures preferred over stated ones)
  double lead_time_sd = 0;    // days, >= 0
  double order_cost = 50;     // money per purchase order, >= 0
  Quantity min_order_qty = 1;
  double on_time_rate = 1;    // informational, from the scorecard
};

struct ProductInventoryInput {
  Id product_id = 0;
  Id location_id = 0;
  std::string sku, name;
  Id supplier_id = 0;  // 0 = none (an error for the plan)
  double unit_cost = 0;   // >= 0
  double unit_price = 0;  // > 0
  Quantity pack_size = 1;
  Quantity on_hand = 0;
  Quantity on_order = 0;
  char abc = 'C';
  DailyForecast forecast;  // from the plan date on
  // Inputs the caller did not have and stood in for ("stock: no stock record, on hand taken
  // as 0"): copied to the plan line, so every affected line says which input is missing.
  std::vector<std::string> missing;
};

// The per item levels behind every decision (shared by the plan and the simulator).
struct ItemLevels {
  double daily_demand = 0;   // mean forecast units/day over the protection period
  double annual_demand = 0;  // units/year
  double review_days = 0;    // R: the supplier's review interval
  double lead_demand = 0;    // forecast demand over the lead time L
  double sigma = 0;          // sd of demand over L + R (demand and lead-time uncertainty)
  double safety_stock = 0;   // k sigma
  double reorder_point = 0;  // lead_demand + safety stock over L alone
  double order_up_to = 0;    // demand over L + R + safety stock: the (R, S) level
  double eoq = 0;            // classic EOQ with the supplier's full order cost
};
ItemLevels compute_levels(const DailyForecast& forecast, double lead_time_mean, double lead_time_sd,
                          double review_days, const ServiceTarget& target, double multiplier,
                          double unit_cost, double order_cost, double holding_rate);
// Joint replenishment cycle of a supplier's items (Goyal 1974 with no per-line cost):
// T* = sqrt(2 K / sum_i h c_i D_i) years, returned in whole days within the config bounds.
int review_period_days(double order_cost, double annual_holding_of_demand, const PolicyConfig& c);
// Units to order now for an (R, S) item: S - position rounded to packs and MOQ, 0 when at or
// above S.
Quantity order_quantity(const ItemLevels& levels, double position, Quantity min_order_qty,
                        Quantity pack_size);

struct ReorderLine {
  Id product_id = 0, location_id = 0, supplier_id = 0;
  std::string sku, name, supplier_name;
  char abc = 'C';
  Quantity on_hand = 0, on_order = 0, quantity = 0;
  double unit_cost = 0, cost = 0;
  Date order_by = 0;                 // last day to order before safety stock is touched
  std::optional<Date> stockout_date;  // expected without this order (none within the forecast)
  ItemLevels levels;
  std::string reason;  // one line
  // Missing inputs behind this line: the caller's ProductInventoryInput::missing, plus
  // "cost: unknown" when the unit cost is 0 (the line's cost is then not counted).
  std::vector<std::string> missing;
};
// A product the plan could not plan, and why (its input failed validation: no supplier, an
// unknown supplier, no price ...). The rest of the catalogue still plans.
struct UnplannedItem {
  Id product_id = 0, location_id = 0;
  std::string sku, name, field, reason;
};
struct PurchaseOrderDraft {
  Id supplier_id = 0, location_id = 0;
  std::string supplier_name;
  Date order_by = 0;  // earliest order-by of its lines
  double total_cost = 0;
  std::vector<ReorderLine> lines;
};
struct ReorderPlan {
  Date date = 0;
  std::size_t products_reviewed = 0;
  double total_cost = 0;                  // of the lines with a known cost
  std::size_t lines_without_cost = 0;     // lines whose unit cost is unknown (0)
  std::vector<ReorderLine> lines;         // by order-by date, then sku
  std::vector<UnplannedItem> unplanned;   // input order
  std::vector<PurchaseOrderDraft> drafts;  // per supplier and location
};
// Every product that needs ordering on `date` (position below its order-up-to level, or its
// order-by date within the plan window). The policy and suppliers are validated first (errors
// name the field: "suppliers[1].lead_time_mean"); a product whose own input is invalid
// ("products[7].supplier_id": none) is listed in ReorderPlan::unplanned instead.
Result<ReorderPlan> plan_reorders(std::span<const ProductInventoryInput> products,
                                  std::span<const SupplierInput> suppliers, Date date,
                                  const PolicyConfig& config);

// ---- policy simulation (simulate.cpp) ------------------------------------------------------

struct SimSupplier {
  double order_cost = 50;
  Quantity min_order_qty = 1;
  double stated_lead_time_mean = 7, stated_lead_time_sd = 2;  // what the supplier promises
  double lead_time_mean = 7, lead_time_sd = 2;  // what our policy believes (scorecard)
  // Lead times (days) to replay; each purchase order draws one (bootstrap). Empty = gamma with
  // the stated mean and sd.
  std::vector<double> lead_time_samples;
};
struct SimItem {
  Id product_id = 0;
  std::size_t supplier = 0;  // index into SimulationSetup::suppliers
  double unit_cost = 0, unit_price = 0;
  Quantity pack_size = 1;
  char abc = 'C';
  Quantity initial_on_hand = 0;
  std::vector<double> demand;  // units/day, whole history then the replayed days
};
struct SimulationSetup {
  std::vector<SimItem> items;
  std::vector<SimSupplier> suppliers;
  int start = 0;      // index into demand where the replay starts (history before it)
  int days = 365;     // replayed days
  double holding_rate = 0.25;
  std::uint64_t seed = 1;
  bool order_constraints = true;  // apply MOQ and pack rounding to every policy
};
Status validate(const SimulationSetup& setup);

// What a policy sees at the end of a day and what it answers.
struct SimView {
  const SimulationSetup& setup;
  int day = 0;  // absolute index into demand: today (its demand is known)
  std::span<const Quantity> on_hand, on_order;
};
class Policy {
 public:
  virtual ~Policy() = default;
  virtual std::string name() const = 0;
  // Units to order for every item tonight (0 = none); lines of a supplier form one PO.
  virtual void decide(const SimView& view, std::vector<Quantity>& order) = 0;
};
// naive: if position <= m28 * stated mean lead time, order 28 * m28 (m28 = mean daily demand of
// the last 28 days).
std::unique_ptr<Policy> make_naive_policy();
// minmax: min = m28 L + sqrt(L s28^2 + m28^2 sL^2) (one sd of lead-time demand), max = min + EOQ;
// order max - position when position <= min.
std::unique_ptr<Policy> make_minmax_policy();

// Rolling forecasts for the replay, made every `refresh_days` from the demand seen so far.
struct ForecastCache {
  int refresh_days = 7;
  int horizon = 0;
  std::vector<std::vector<DailyForecast>> by_item;  // [item][refresh index]
  const DailyForecast& at(std::size_t item, int day, int start, int& age) const;
};
// Builds the cache in parallel (common/parallel.h, `threads` 0 = hardware).
Result<std::shared_ptr<const ForecastCache>> build_forecast_cache(const SimulationSetup& setup,
                                                                  const Forecaster& forecaster,
                                                                  int refresh_days, int horizon,
                                                                  int threads = 0);
// Per-class safety multipliers that apply from `from_day` (absolute index into demand) on.
struct MultiplierStep {
  int from_day = 0;
  std::array<double, 3> multiplier{1.0, 1.0, 1.0};
};
// ours: per-supplier periodic review (joint-EOQ interval), order-up-to from the forecasts.
// `schedule` (sorted by from_day) replaces config.safety_multiplier from each step's day on:
// a planner re-calibrating safety stock on recent history as the replay goes.
std::unique_ptr<Policy> make_forecast_policy(const PolicyConfig& config,
                                             std::shared_ptr<const ForecastCache> forecasts,
                                             std::vector<MultiplierStep> schedule = {});

struct ClassServiceLevel {
  std::int64_t cycles = 0, cycles_without_stockout = 0;
  double achieved = 0;  // cycles_without_stockout / cycles
  double target = 0;
};
struct PolicyResult {
  std::string name;
  double total_cost = 0, holding_cost = 0, ordering_cost = 0, lost_sales_cost = 0;
  double fill_rate = 0;            // units served / units demanded
  double cycle_service_level = 0;  // replenishment cycles without a stock-out / cycles
  std::int64_t stockouts = 0;      // item-days with lost sales
  double turnover = 0;             // annualised cost of goods sold / average inventory value
  double average_inventory_value = 0;
  std::int64_t purchase_orders = 0;
  double units_demanded = 0, units_lost = 0;
  std::array<ClassServiceLevel, 3> by_class;  // A, B, C
};
// Replays setup.days days: morning receipts, the day's demand (unmet = lost), end-of-day
// holding cost, then the policy's orders (one PO per supplier with lines, lead time drawn per
// PO). Costs: holding rate x unit cost per unit-year on hand, the supplier's order cost per PO,
// unit margin per lost unit. A cycle ends at each receipt of an item.
Result<PolicyResult> simulate(const SimulationSetup& setup, Policy& policy);

// Finds per-class safety multipliers whose simulated cycle service level on `setup` meets the
// config's targets (bisection, `iterations` runs). Cycle targets only; fill-rate classes keep 1.
Result<PolicyConfig> calibrate_safety_multipliers(const SimulationSetup& setup, PolicyConfig config,
                                                  std::shared_ptr<const ForecastCache> forecasts,
                                                  int iterations = 10);

// ---- elasticity and pricing (pricing.cpp) --------------------------------------------------

struct ElasticityInput {
  std::span<const double> price;     // per day, > 0 where used
  std::span<const double> quantity;  // units per day
  // log of a demand index shared by the item's category (seasonality, holidays, traffic);
  // empty = none. Same length as price.
  std::span<const double> log_index;
  std::span<const std::uint8_t> promo;  // 1 on promotion days (display effect), may be empty
  std::span<const std::uint8_t> use;    // 0 = exclude the day (stock-out, launch, typo)
};
struct ElasticityEstimate {
  double elasticity = 0;  // d log q / d log p
  double std_error = 0;   // inf when not identified
  int observations = 0;
  bool identified = false;  // enough days and price variation
};
// Poisson pseudo-likelihood log-log model (IRLS): log E[q] = a + e log p + b log_index
// + weekday + trend (+ promo). Zero days are fine; errors are for mismatched lengths.
Result<ElasticityEstimate> estimate_elasticity(const ElasticityInput& input);
// Empirical-Bayes shrinkage toward each group's precision-weighted mean: posterior =
// (tau^2 e + se^2 m) / (tau^2 + se^2); unidentified items get the group mean (or `fallback`).
std::vector<double> shrink_elasticities(std::span<const ElasticityEstimate> estimates,
                                        std::span<const int> group, double fallback = -1.5);

struct PricingConfig {
  double max_increase = 0.10;   // recommended price within [p (1 - max_decrease), p (1 + max_increase)]
  double max_decrease = 0.30;
  double min_margin = 0.05;     // never below cost x (1 + min_margin)
  double overstock_days = 90;   // cover above this many days of demand is overstock
  double slow_days = 28;        // no sale in this many days is a slow mover
  double clear_days = 60;       // markdowns aim to sell the excess within this many days
};
struct PricingInput {
  double price = 0, unit_cost = 0;
  double elasticity = -1.5;
  double daily_demand = 0;  // at the current price
  Quantity on_hand = 0;
  int days_since_last_sale = 0;
};
struct PriceSuggestion {
  double recommended_price = 0;  // margin-maximising within bounds
  double expected_margin_change = 0;  // per day, money, at the recommended price
  bool markdown = false;
  double markdown_price = 0;     // when markdown
  std::string reason;
};
Result<PriceSuggestion> suggest_price(const PricingInput& input, const PricingConfig& config = {});

// ---- supplier scorecards (scorecard.cpp) ---------------------------------------------------

using oiis::PurchaseRecord;  // domain/types.h: one purchase order line as models see it
struct SupplierScorecard {
  Id supplier_id = 0;
  std::int64_t purchase_orders = 0, received_orders = 0;
  double on_time_rate = 0;     // received by expected_at (+1 day grace) / received
  double lead_time_mean = 0;   // days, created to received
  double lead_time_sd = 0;
  double fill_rate = 0;        // units received / ordered, over received orders
  double price_trend = 0;      // relative unit-cost change per year (within product)
  std::vector<double> lead_times;  // days, for replay
};
// One card per supplier id that appears, sorted by id. Lines of one PO share its times.
std::vector<SupplierScorecard> scorecards(std::span<const PurchaseRecord> records);

}  // namespace oiis::inventory
