// Internal to the world builder: the state shared by its stages and the stages themselves.
// Stages run in a fixed order on one Rng, which is what makes a world reproducible:
//   catalog -> price calendar -> customers -> simulation (visits, orders, stock).
#pragma once

#include <cstdint>
#include <vector>

#include "data/world.h"
#include "data/world_random.h"

namespace oiis::world {

enum PriceFlag : std::uint8_t { kPromoFlag = 1, kPriceErrorFlag = 2, kFeaturedFlag = 4 };

struct PriceDay {
  double price = 0;
  float uplift = 1.0f;  // promotion display effect, 1 outside promotions
  std::uint8_t flags = 0;
};

struct BuildContext {
  BuildContext(const GeneratorConfig& c, World& w);

  const GeneratorConfig& config;
  World& world;
  Rng rng;
  Date start = 0, end = 0;  // history is [start, end)
  int days = 0;
  std::vector<double> category_day;  // weekly x yearly x holiday, [category * days + day]
  std::vector<int> product_noun;     // index into the category's noun list
  std::vector<PriceDay> price_day;   // [product * days + day], filled by the price calendar

  double category_factor(int category, int day) const {
    return category_day[static_cast<std::size_t>(category) * days + day];
  }
  const PriceDay& price(std::size_t product, int day) const {
    return price_day[product * days + day];
  }
  // The product can have demand on this history day (launched, not yet discontinued).
  bool sellable(std::size_t product, int day) const;
};

void build_catalog(BuildContext& ctx);         // locations, suppliers, products, pairs
void build_price_calendar(BuildContext& ctx);  // promotions, price changes, price errors
void build_customers(BuildContext& ctx);       // regular customers and their truth
void simulate(BuildContext& ctx, ProgressSink* progress);  // orders, stock, anomalies

// Rounds to a shelf price: cents, ending in .x9 above 1.
double shelf_price(double raw);

}  // namespace oiis::world
