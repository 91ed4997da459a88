// The fixed behavioural model of the synthetic world: categories (prices, margins, elasticity,
// seasonality), customer segments and the holiday calendar. These are the "laws of physics"
// every generated world shares; the seed only decides the individual draws.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "common/time.h"

namespace oiis::world {

// A Gaussian bump on the day-of-year circle: 1 + amplitude at `peak_day` (0 = Jan 1).
struct YearlyBump {
  int peak_day = 0;
  double width_days = 30.0;
  double amplitude = 0.0;
};

struct CategoryProfile {
  std::string_view name;
  double price_min, price_max;            // list price range (log-uniform)
  double margin_min, margin_max;          // (price - cost) / price
  double elasticity_min, elasticity_max;  // both negative; min is the most elastic
  double intermittent_share;              // share of slow, sparse-demand SKUs
  std::array<double, 7> weekly;           // Monday..Sunday multipliers (normalised to mean 1)
  std::array<YearlyBump, 2> yearly;       // up to two seasonal peaks
  std::vector<std::string_view> nouns;    // product names: "<adjective> <noun> <variant>"
  std::vector<std::string_view> brands;
};

enum class Segment { kChampion, kLoyal, kBargainHunter, kOccasional, kNew, kFraudster };
inline constexpr int kRegularSegments = 5;  // fraudsters are injected, not drawn

struct SegmentProfile {
  std::string_view name;
  double share;            // of regular customers
  double visits_per_year;  // mean shopping trips while active (gamma spread per customer)
  double basket_lines;     // mean order lines per trip
  double promo_affinity;   // weight multiplier for promoted items when lines are assigned
  double annual_churn;     // probability of churning within a year (exponential hazard)
  std::array<double, 4> channel_weights;  // web, store, phone, marketplace
};

inline constexpr std::array<std::string_view, 4> kChannels = {"web", "store", "phone",
                                                              "marketplace"};
inline constexpr std::array<std::string_view, 5> kPayments = {"card", "paypal", "bank_transfer",
                                                              "gift_card", "cash"};
inline constexpr std::array<std::string_view, 5> kRegions = {"north", "south", "east", "west",
                                                             "central"};

const std::vector<CategoryProfile>& categories();
const std::array<SegmentProfile, kRegularSegments>& segments();
std::string_view segment_name(Segment s);

// One dated holiday occurrence. Demand ramps linearly from 1 over `lead_days` before `date`
// to the full multiplier on the day itself.
struct Holiday {
  std::string name;
  Date date = 0;
  int lead_days = 0;
  double general = 1.0;                 // multiplier for categories without their own
  std::vector<double> category_factor;  // per category; 0 = use `general`
  double factor_for(std::size_t category) const {
    return category < category_factor.size() && category_factor[category] > 0
               ? category_factor[category]
               : general;
  }
};

// All holidays whose effect window touches [first, last].
std::vector<Holiday> holidays_between(Date first, Date last);

// Day-of-year seasonality of a category, normalised so its mean over a year is 1.
double yearly_factor(const CategoryProfile& category, Date date);
double weekly_factor(const CategoryProfile& category, Date date);

}  // namespace oiis::world
