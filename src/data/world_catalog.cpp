// Catalog stage: locations, suppliers (with their true delivery behaviour), products (with
// their true demand parameters) and the complementary pairs customers buy together.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>

#include "data/world_build.h"

namespace oiis::world {
namespace {

constexpr std::string_view kSupplierWords[] = {"Apex",      "Summit",    "Harbor",     "Meridian",
                                               "Pioneer",   "Evergreen", "Keystone",   "Northwind",
                                               "Bluewater", "Granite",   "Silverline", "Redwood",
                                               "Atlas",     "Beacon",    "Crescent",   "Falcon"};
constexpr std::string_view kSupplierSuffixes[] = {"Trading",      "Supply",  "Wholesale",
                                                  "Distribution", "Imports", "Goods"};
constexpr std::string_view kAdjectives[] = {"Classic",   "Premium", "Eco",    "Deluxe",
                                            "Essential", "Compact", "Ultra",  "Everyday",
                                            "Pro",       "Natural", "Family", "Smart"};
constexpr std::string_view kVariants[] = {"", "", "", "Mini", "XL", "2-Pack", "Plus", "Lite"};
constexpr Quantity kMinOrderQuantities[] = {1, 6, 12, 24, 48, 100};

// Accessory nouns that shoppers add to an anchor noun ("phone + case").
const std::multimap<std::string_view, std::string_view>& accessory_nouns() {
  static const std::multimap<std::string_view, std::string_view> m = {
      {"Smartphone", "Phone Case"},
      {"Smartphone", "Charger"},
      {"Smartphone", "Power Bank"},
      {"Laptop", "Laptop Sleeve"},
      {"Laptop", "Webcam"},
      {"Tablet", "Charger"},
      {"Tablet", "USB Cable"},
      {"Headphones", "USB Cable"},
      {"Smartwatch", "Charger"},
      {"Pasta", "Tomato Sauce"},
      {"Pasta", "Olive Oil"},
      {"Coffee Beans", "Cookies"},
      {"Tea", "Honey"},
      {"Cereal", "Orange Juice"},
      {"Crackers", "Jam"},
      {"Shampoo", "Conditioner"},
      {"Razor", "Body Lotion"},
      {"Dog Food", "Treats"},
      {"Dog Food", "Chew Toy"},
      {"Cat Food", "Cat Litter"},
      {"Dog Leash", "Treats"},
      {"Garden Hose", "Hose Nozzle"},
      {"Potting Soil", "Seeds"},
      {"Potting Soil", "Planter"},
      {"Seeds", "Watering Can"},
      {"Ink Cartridge", "Printer Paper"},
      {"Notebook", "Ballpoint Pens"},
      {"Backpack", "Pencil Set"},
      {"Tennis Racket", "Water Bottle"},
      {"Bike Helmet", "Cycling Gloves"},
      {"Running Shoes", "Socks"},
      {"Yoga Mat", "Resistance Bands"},
      {"Board Game", "Puzzle"},
      {"Train Set", "Batteries"},
      {"Toy Car", "Batteries"},
      {"Candle", "Vase"},
      {"Lamp", "Light Bulbs"},
      {"Jeans", "T-Shirt"},
      {"Rain Jacket", "Scarf"},
      {"Dish Soap", "Sponges"},
      {"Laundry Detergent", "Storage Box"},
      {"Pet Bed", "Pet Shampoo"},
  };
  return m;
}

std::string padded(const char* prefix, Id id) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%s%06lld", prefix, static_cast<long long>(id));
  return buffer;
}

std::string slug(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == ' ')
      out += '-';
    else
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

void build_locations(BuildContext& ctx) {
  for (int i = 0; i < ctx.config.locations; ++i) {
    Location l;
    l.id = i + 1;
    l.code = "WH" + std::to_string(i + 1);
    l.name = "Warehouse " + std::string(kRegions[i % kRegions.size()]);
    if (i >= static_cast<int>(kRegions.size())) l.name += " " + std::to_string(i + 1);
    ctx.world.locations.push_back(std::move(l));
  }
}

void build_suppliers(BuildContext& ctx) {
  int count =
      ctx.config.suppliers > 0 ? ctx.config.suppliers : std::max(3, ctx.config.products / 25);
  Timestamp created = timestamp_of(ctx.start - 4 * 365);
  for (int i = 0; i < count; ++i) {
    Rng& rng = ctx.rng;
    Supplier s;
    s.id = i + 1;
    s.name = std::string(kSupplierWords[rng.below(std::size(kSupplierWords))]) + " " +
             std::string(kSupplierSuffixes[rng.below(std::size(kSupplierSuffixes))]) + " " +
             std::to_string(i + 1);
    s.email = "orders@" + slug(s.name) + ".example.com";
    SupplierTruth t;
    t.supplier_id = s.id;
    t.lead_time_mean = rng.uniform(3.0, 18.0);
    t.lead_time_sd = t.lead_time_mean * rng.uniform(0.15, 0.35);
    t.chronically_late = rng.chance(0.2);
    t.reliability = t.chronically_late ? rng.uniform(0.45, 0.7) : rng.uniform(0.93, 0.99);
    t.late_delay_mean = t.lead_time_mean * rng.uniform(0.3, 0.8);
    // What the supplier promises: the on-time figures (late suppliers understate reality).
    s.lead_time_mean_days = std::round(t.lead_time_mean * 10) / 10;
    s.lead_time_sd_days = std::round(t.lead_time_sd * 10) / 10;
    s.min_order_qty = kMinOrderQuantities[rng.below(std::size(kMinOrderQuantities))];
    s.order_cost = std::round(rng.uniform(20.0, 200.0));
    s.created_at = created + rng.below(365) * kSecondsPerDay;
    ctx.world.suppliers.push_back(std::move(s));
    ctx.world.truth.suppliers.push_back(t);
  }
}

// Launch, decline and discontinuation: most products predate the history, some arrive
// mid-history (cold starts), a few fade out and are discontinued.
void draw_lifecycle(BuildContext& ctx, ProductTruth& t) {
  Rng& rng = ctx.rng;
  bool launches_in_history = ctx.days > 90 && rng.chance(0.18);
  if (launches_in_history) {
    t.launch = ctx.start + 14 + static_cast<Date>(rng.below(ctx.days - 74));
    t.launch_ramp_days = rng.uniform(10.0, 45.0);
  } else {
    t.launch = ctx.start - 1 - static_cast<Date>(rng.below(3 * 365));
  }
  if (!launches_in_history && ctx.days > 120 && rng.chance(0.07)) {
    t.decline_start = ctx.start + 60 + static_cast<Date>(rng.below(ctx.days - 90));
    t.decline_days = rng.uniform(20.0, 60.0);
    Date gone = *t.decline_start + static_cast<Date>(std::ceil(t.decline_days * std::log(20.0)));
    if (gone < ctx.end) t.discontinued = gone;
  }
}

void build_products(BuildContext& ctx) {
  const auto& cats = categories();
  const int n = ctx.config.products;
  Rng& rng = ctx.rng;
  std::vector<int> ranks(n);
  for (int i = 0; i < n; ++i) ranks[i] = i + 1;
  rng.shuffle(std::span<int>(ranks));

  // Suppliers specialise: supplier s mainly serves category s % categories.
  std::vector<std::vector<int>> suppliers_of(cats.size());
  for (int s = 0; s < static_cast<int>(ctx.world.suppliers.size()); ++s)
    suppliers_of[s % cats.size()].push_back(s);

  for (int i = 0; i < n; ++i) {
    int c = static_cast<int>(rng.below(static_cast<std::int64_t>(cats.size())));
    const CategoryProfile& cat = cats[c];
    ProductTruth t;
    t.product_id = i + 1;
    t.category = c;
    t.popularity_rank = ranks[i];
    int noun = static_cast<int>(rng.below(static_cast<std::int64_t>(cat.nouns.size())));
    std::string_view adjective = kAdjectives[rng.below(std::size(kAdjectives))];
    std::string_view variant = kVariants[rng.below(std::size(kVariants))];
    std::string_view brand = cat.brands[rng.below(static_cast<std::int64_t>(cat.brands.size()))];

    double price =
        shelf_price(std::exp(rng.uniform(std::log(cat.price_min), std::log(cat.price_max))));
    double margin = rng.uniform(cat.margin_min, cat.margin_max);
    t.ref_price = price;
    t.elasticity = std::round(rng.uniform(cat.elasticity_min, cat.elasticity_max) * 1000) / 1000;
    t.annual_trend = std::clamp(rng.normal(0.03, 0.15), -0.5, 0.6);
    t.intermittent = rng.chance(cat.intermittent_share);
    // Regular SKUs are mildly overdispersed (weekly forecasts of fast movers stay feasible);
    // intermittent ones are lumpy, mostly-zero series.
    t.dispersion = t.intermittent ? rng.uniform(0.2, 0.5) : rng.uniform(15.0, 60.0);
    // Cheap goods go in multiples; expensive ones one at a time.
    t.mean_line_qty = price < 5 ? 1.5 : price < 30 ? 1.2 : price < 150 ? 1.08 : 1.02;
    draw_lifecycle(ctx, t);

    Product p;
    p.id = t.product_id;
    p.sku = padded("SKU-", p.id);
    p.name = std::string(brand) + " " + std::string(adjective) + " " + std::string(cat.nouns[noun]);
    if (!variant.empty()) p.name += " " + std::string(variant);
    p.category = std::string(cat.name);
    p.brand = std::string(brand);
    p.description =
        std::string(adjective) + " " + std::string(cat.nouns[noun]) + " by " + p.brand + ".";
    p.price = price;
    p.cost = std::round(price * (1.0 - margin) * 100) / 100;
    const auto& candidates = suppliers_of[c];
    int supplier =
        candidates.empty()
            ? static_cast<int>(rng.below(static_cast<std::int64_t>(ctx.world.suppliers.size())))
            : candidates[rng.below(static_cast<std::int64_t>(candidates.size()))];
    p.supplier_id = ctx.world.suppliers[supplier].id;
    static constexpr Quantity kPackSizes[] = {1, 1, 1, 2, 4, 6, 12};
    p.pack_size = price < 20 ? kPackSizes[rng.below(std::size(kPackSizes))] : 1;
    p.created_at = timestamp_of(t.launch) + rng.between(8, 17) * 3600;
    p.updated_at = p.created_at;
    p.active = !t.discontinued.has_value();

    ctx.product_noun.push_back(noun);
    ctx.world.products.push_back(std::move(p));
    ctx.world.truth.products.push_back(std::move(t));
  }
}

// Popularity: Zipf over the shuffled ranks with a little noise, so a fifth of the SKUs carry
// most of the revenue. Intermittent SKUs are pushed far down the tail. The unit is relative;
// the simulation scales it to the customer base.
void assign_popularity(BuildContext& ctx) {
  for (auto& t : ctx.world.truth.products) {
    double weight = std::pow(t.popularity_rank, -0.85) * ctx.rng.lognormal(0.0, 0.25);
    if (t.intermittent) weight *= ctx.rng.uniform(0.01, 0.05);
    t.base_demand = weight;  // relative until the simulation calibrates it
  }
}

void build_pairs(BuildContext& ctx) {
  const auto& products = ctx.world.products;
  auto& truth = ctx.world.truth;
  const int n = static_cast<int>(products.size());
  if (n < 2) return;
  const int target = std::clamp(n / 12, 1, 100);
  const auto& cats = categories();

  std::map<std::string_view, std::vector<int>> by_noun;
  for (int i = 0; i < n; ++i)
    by_noun[cats[truth.products[i].category].nouns[ctx.product_noun[i]]].push_back(i);

  // Anchors in popularity order, so pairs show up often enough to be learnable.
  std::vector<int> order(n);
  for (int i = 0; i < n; ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    return truth.products[a].popularity_rank < truth.products[b].popularity_rank;
  });
  auto taken = [&](int a, int b) {
    for (const auto& p : truth.pairs)
      if (p.anchor_product == products[a].id && p.accessory_product == products[b].id) return true;
    return false;
  };
  auto add = [&](int a, int b) {
    truth.pairs.push_back(
        {products[a].id, products[b].id, std::round(ctx.rng.uniform(0.25, 0.6) * 100) / 100});
  };
  for (int a : order) {
    if (static_cast<int>(truth.pairs.size()) >= target) break;
    std::string_view noun = cats[truth.products[a].category].nouns[ctx.product_noun[a]];
    auto [lo, hi] = accessory_nouns().equal_range(noun);
    for (auto it = lo; it != hi && static_cast<int>(truth.pairs.size()) < target; ++it) {
      auto found = by_noun.find(it->second);
      if (found == by_noun.end()) continue;
      int b = found->second[ctx.rng.below(static_cast<std::int64_t>(found->second.size()))];
      if (b != a && !taken(a, b)) add(a, b);
    }
  }
  // Small catalogs may lack the nouns: pair popular anchors with cheaper same-category items.
  for (int a : order) {
    if (static_cast<int>(truth.pairs.size()) >= target) break;
    for (int tries = 0; tries < 20; ++tries) {
      int b = static_cast<int>(ctx.rng.below(n));
      if (b != a && truth.products[b].category == truth.products[a].category &&
          products[b].price < products[a].price && !taken(a, b)) {
        add(a, b);
        break;
      }
    }
  }
}

}  // namespace

double shelf_price(double raw) {
  if (raw < 1.0) return std::max(0.05, std::round(raw * 20) / 20);
  return std::max(0.99, std::round((std::floor(raw * 10) / 10 + 0.09) * 100) / 100);
}

void build_catalog(BuildContext& ctx) {
  build_locations(ctx);
  build_suppliers(ctx);
  build_products(ctx);
  assign_popularity(ctx);
  build_pairs(ctx);
}

}  // namespace oiis::world
