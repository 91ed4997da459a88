// The synthetic world as plain in-memory rows plus the ground truth behind them. Built by a
// pure function (no I/O): the writer puts it into a Store and the truth into files, tests
// inspect it directly. Ids are assigned here (1..n per table) so rows can reference each other.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/progress.h"
#include "common/time.h"
#include "data/generator.h"
#include "data/world_model.h"
#include "domain/types.h"

namespace oiis::world {

struct SupplierTruth {
  Id supplier_id = 0;
  double lead_time_mean = 0, lead_time_sd = 0;  // true gamma parameters of on-time deliveries
  double reliability = 1.0;                     // probability a delivery is not late
  double late_delay_mean = 0;                   // extra days when late
  bool chronically_late = false;
};

struct ProductTruth {
  Id product_id = 0;
  int category = 0;
  double ref_price = 0;      // list price at launch; the price effect is (price/ref)^elasticity
  double elasticity = 0;     // true own-price elasticity (negative)
  double base_demand = 0;    // expected units/day at ref price with all seasonal factors at 1
  double annual_trend = 0;   // log growth per year
  double dispersion = 0;     // negative binomial shape of daily lines (small = intermittent)
  double mean_line_qty = 1;  // expected units per order line
  bool intermittent = false;
  int popularity_rank = 0;  // 1 = most popular
  Date launch = 0;          // first day the product can sell
  double launch_ramp_days = 0;
  std::optional<Date> decline_start;
  double decline_days = 0;           // e-folding time of the decline
  std::optional<Date> discontinued;  // no demand from this day on
  char expected_abc = 'C';           // by expected revenue over the history
};

struct CustomerTruth {
  Id customer_id = 0;
  Segment segment = Segment::kOccasional;
  Date signup = 0;
  std::optional<Date> churn;  // buys nothing from this day on
  double visits_per_year = 0;
  double basket_lines = 0;
  int preferred_channel = 0;  // index into kChannels
  int preferred_payment = 0;  // index into kPayments
  std::array<int, 2> favourite_categories{};
  Id home_location = 0;
};

struct ComplementaryPair {
  Id anchor_product = 0, accessory_product = 0;
  double attach_probability = 0;  // P(accessory added | anchor line sold)
};

struct Promotion {
  Id promotion_id = 0, product_id = 0;
  Date start = 0, end = 0;  // [start, end)
  double regular_price = 0, promo_price = 0;
  double uplift = 1.0;    // demand multiplier on top of the price effect (1 unless featured)
  bool featured = false;  // advertised; price history reason "featured_promotion"
};

enum class AnomalyType { kFraud, kShrinkage, kPriceError, kSupplierDelay, kSupplierDrift };
std::string_view to_string(AnomalyType t);

struct Anomaly {
  AnomalyType type = AnomalyType::kFraud;
  std::string entity;  // order | movement | price_change | purchase_order
  Id entity_id = 0;
  Id product_id = 0, location_id = 0, supplier_id = 0, customer_id = 0;  // 0 = n/a
  Date date = 0;
  std::string detail;
};

struct StockoutDay {
  Id product_id = 0, location_id = 0;
  Date date = 0;
  Quantity on_hand_at_open = 0;  // 0 = nothing could be sold all day
  std::int64_t lost_lines = 0;
  Quantity lost_units = 0;
};

struct WeeklyDemand {
  Id product_id = 0;
  Date week_start = 0;
  double expected_units = 0;  // model mean, including complementary attachments
  Quantity sold_units = 0;    // lines of placed orders (cancellations included)
  Quantity lost_units = 0;    // demand that met an empty shelf
};

struct Truth {
  std::vector<SupplierTruth> suppliers;
  std::vector<ProductTruth> products;
  std::vector<CustomerTruth> customers;
  std::vector<ComplementaryPair> pairs;
  std::vector<Promotion> promotions;
  std::vector<Anomaly> anomalies;
  std::vector<StockoutDay> stockouts;
  std::vector<WeeklyDemand> weekly_demand;
  std::vector<Holiday> holidays;
};

struct World {
  GeneratorConfig config;
  Date end_date = 0;  // exclusive
  std::vector<Supplier> suppliers;
  std::vector<Location> locations;
  std::vector<Product> products;
  std::vector<Customer> customers;
  std::vector<PriceChange> price_changes;
  std::vector<Order> orders;
  std::vector<PurchaseOrder> purchase_orders;
  std::vector<StockMovement> movements;
  std::vector<StockLevel> stock;
  Truth truth;

  std::int64_t order_lines() const;
};

// kInvalidArgument when the config is out of range (names the field).
Status validate(const GeneratorConfig& config);

// Deterministic: the same config always yields the same world. `progress` (may be null) sees
// simulated days out of config.days.
World build_world(const GeneratorConfig& config, ProgressSink* progress = nullptr);

// FNV-1a over every row of every table, for determinism checks.
std::uint64_t fingerprint(const World& world);

}  // namespace oiis::world
