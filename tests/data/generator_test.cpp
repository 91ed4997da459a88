// The synthetic world must be reproducible and agree with its own ground truth: these tests
// build small worlds in memory (fast) and check the properties later models rely on.
#include "data/generator.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "data/generator_writer.h"
#include "data/world.h"
#include "data/world_random.h"

namespace oiis::world {
namespace {

GeneratorConfig small_config(std::uint64_t seed = 7) {
  GeneratorConfig c;
  c.seed = seed;
  c.products = 50;
  c.customers = 500;
  c.days = 120;
  c.locations = 2;
  return c;
}

const World& small_world() {
  static const World w = build_world(small_config());
  return w;
}

// A world big enough for statistics (promotions, pairs) and still well under a second.
const World& medium_world() {
  static const World w = [] {
    GeneratorConfig c = small_config(11);
    c.products = 200;
    c.customers = 3000;
    c.days = 240;
    c.locations = 1;
    return build_world(c);
  }();
  return w;
}

TEST(Rng, SameSeedSameDrawsAndSaneMoments) {
  Rng a(1), b(1);
  double sum = 0, sum_sq = 0, gamma_sum = 0, poisson_small = 0, poisson_big = 0;
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    double x = a.normal();
    EXPECT_EQ(x, b.normal());
    sum += x;
    sum_sq += x * x;
    gamma_sum += a.gamma(0.5, 4.0);
    poisson_small += static_cast<double>(a.poisson(3.0));
    poisson_big += static_cast<double>(a.poisson(120.0));
    b.gamma(0.5, 4.0), b.poisson(3.0), b.poisson(120.0);
  }
  EXPECT_NEAR(sum / n, 0.0, 0.03);
  EXPECT_NEAR(sum_sq / n, 1.0, 0.05);
  EXPECT_NEAR(gamma_sum / n, 2.0, 0.1);
  EXPECT_NEAR(poisson_small / n, 3.0, 0.06);
  EXPECT_NEAR(poisson_big / n, 120.0, 0.5);
}

TEST(World, SameConfigGivesIdenticalWorld) {
  World again = build_world(small_config());
  EXPECT_EQ(fingerprint(again), fingerprint(small_world()));
  EXPECT_NE(fingerprint(build_world(small_config(8))), fingerprint(small_world()));
}

TEST(World, CountsArePlausible) {
  const World& w = small_world();
  EXPECT_EQ(w.products.size(), 50u);
  EXPECT_GE(w.customers.size(), 500u);  // plus injected fraud accounts
  EXPECT_LE(w.customers.size(), 520u);
  EXPECT_EQ(w.locations.size(), 2u);
  EXPECT_GE(w.suppliers.size(), 3u);
  // ~0.0685 lines per customer-day at full scale.
  EXPECT_GT(w.order_lines(), 500 * 120 * 0.03);
  EXPECT_LT(w.order_lines(), 500 * 120 * 0.15);
  double lines_per_order =
      static_cast<double>(w.order_lines()) / static_cast<double>(w.orders.size());
  EXPECT_GT(lines_per_order, 1.5);
  EXPECT_LT(lines_per_order, 5.0);
  std::map<AnomalyType, int> anomalies;
  for (const auto& a : w.truth.anomalies) ++anomalies[a.type];
  EXPECT_GE(anomalies[AnomalyType::kFraud], 1);
  EXPECT_GE(anomalies[AnomalyType::kShrinkage], 1);
  EXPECT_GE(anomalies[AnomalyType::kPriceError], 1);
  EXPECT_FALSE(w.truth.pairs.empty());
  EXPECT_FALSE(w.truth.promotions.empty());
  EXPECT_EQ(w.stock.size(), 50u * 2u);
}

TEST(World, IdsAreDenseAndOrdersChronological) {
  const World& w = small_world();
  for (std::size_t i = 0; i < w.orders.size(); ++i) {
    ASSERT_EQ(w.orders[i].id, static_cast<Id>(i + 1));
    if (i > 0) {
      ASSERT_LE(w.orders[i - 1].placed_at, w.orders[i].placed_at);
    }
    ASSERT_FALSE(w.orders[i].lines.empty());
  }
  for (std::size_t i = 0; i < w.movements.size(); ++i)
    ASSERT_EQ(w.movements[i].id, static_cast<Id>(i + 1));
}

TEST(World, NobodyOrdersBeforeSignupOrAfterChurn) {
  const World& w = small_world();
  int churned = 0;
  for (const auto& t : w.truth.customers) churned += t.churn.has_value();
  EXPECT_GT(churned, 10);
  for (const auto& o : w.orders) {
    ASSERT_TRUE(o.customer_id.has_value());
    const CustomerTruth& t = w.truth.customers[*o.customer_id - 1];
    Date placed = date_of(o.placed_at);
    EXPECT_GE(placed, t.signup);
    if (t.churn) {
      EXPECT_LT(placed, *t.churn) << "customer " << t.customer_id;
    }
  }
}

TEST(World, StockNeverNegativeAndLevelsEqualMovements) {
  const World& w = small_world();
  std::map<std::pair<Id, Id>, std::map<Date, Quantity>> daily;
  for (const auto& m : w.movements)
    daily[{m.product_id, m.location_id}][date_of(m.at)] += m.quantity;
  for (const auto& level : w.stock) {
    Quantity balance = 0;
    for (const auto& [date, delta] : daily[{level.product_id, level.location_id}]) {
      balance += delta;
      ASSERT_GE(balance, 0) << "product " << level.product_id << " on " << format_date(date);
    }
    EXPECT_EQ(balance, level.on_hand);
    EXPECT_GE(level.on_order, 0);
  }
}

TEST(World, OpenPurchaseOrdersMatchOnOrder) {
  const World& w = small_world();
  std::map<std::pair<Id, Id>, Quantity> open;
  for (const auto& po : w.purchase_orders) {
    for (const auto& l : po.lines) {
      if (po.status == PurchaseOrderStatus::kReceived)
        EXPECT_EQ(l.received_quantity, l.quantity);
      else
        open[{l.product_id, po.location_id}] += l.quantity - l.received_quantity;
    }
  }
  for (const auto& level : w.stock) {
    std::pair<Id, Id> key{level.product_id, level.location_id};
    EXPECT_EQ(level.on_order, open[key]);
  }
}

TEST(World, FullStockoutDaysHaveNoSales) {
  const World& w = medium_world();
  std::set<std::tuple<Id, Id, Date>> sales;
  for (const auto& m : w.movements)
    if (m.type == MovementType::kSale) sales.insert({m.product_id, m.location_id, date_of(m.at)});
  int full = 0;
  for (const auto& s : w.truth.stockouts) {
    EXPECT_TRUE(s.on_hand_at_open == 0 || s.lost_units > 0);
    if (s.on_hand_at_open != 0) continue;
    ++full;
    EXPECT_FALSE(sales.count({s.product_id, s.location_id, s.date}))
        << "sales on a stock-out day, product " << s.product_id << " " << format_date(s.date);
  }
  EXPECT_GT(full, 0) << "the naive policy should run out of stock sometimes";
  EXPECT_LT(static_cast<double>(w.truth.stockouts.size()), 0.25 * 200 * 240);
}

TEST(World, OrderPricesFollowPriceHistory) {
  const World& w = small_world();
  std::map<Id, std::vector<const PriceChange*>> history;
  for (const auto& c : w.price_changes) history[c.product_id].push_back(&c);
  auto price_at = [&](const Product& p, Timestamp t) {
    const auto& changes = history[p.id];
    if (changes.empty()) return p.price;
    double price = changes.front()->old_price;
    for (const PriceChange* c : changes)
      if (c->at <= t) price = c->new_price;
    return price;
  };
  for (const auto& o : w.orders)
    for (const auto& l : o.lines)
      ASSERT_DOUBLE_EQ(l.unit_price, price_at(w.products[l.product_id - 1], o.placed_at));
  for (const auto& p : w.products) {
    const auto& changes = history[p.id];
    if (!changes.empty()) {
      EXPECT_DOUBLE_EQ(changes.back()->new_price, p.price);
    }
  }
}

TEST(World, ComplementaryPairsCoOccurFarAboveChance) {
  const World& w = medium_world();
  std::map<Id, std::vector<std::size_t>> orders_with;
  for (std::size_t i = 0; i < w.orders.size(); ++i)
    for (const auto& l : w.orders[i].lines) orders_with[l.product_id].push_back(i);
  double lift_sum = 0;
  int measured = 0;
  for (const auto& pair : w.truth.pairs) {
    const auto& anchor = orders_with[pair.anchor_product];
    const auto& accessory = orders_with[pair.accessory_product];
    if (anchor.size() < 30) continue;
    // A declining accessory stops being sold (and reordered): nothing to attach.
    if (w.truth.products[pair.accessory_product - 1].decline_start) continue;
    std::vector<std::size_t> both;
    std::set_intersection(anchor.begin(), anchor.end(), accessory.begin(), accessory.end(),
                          std::back_inserter(both));
    double p_given_anchor = static_cast<double>(both.size()) / static_cast<double>(anchor.size());
    double base = static_cast<double>(accessory.size()) / static_cast<double>(w.orders.size());
    lift_sum += p_given_anchor / base;
    ++measured;
    EXPECT_GT(p_given_anchor, 0.1)
        << "pair " << pair.anchor_product << "->" << pair.accessory_product << " attach "
        << pair.attach_probability;
  }
  ASSERT_GT(measured, 3);
  EXPECT_GT(lift_sum / measured, 5.0);
}

TEST(World, PromotionsLowerPriceAndRaiseUnits) {
  const World& w = medium_world();
  std::map<std::pair<Id, Date>, Quantity> units;  // (product, date) -> units sold
  for (const auto& o : w.orders)
    for (const auto& l : o.lines) units[{l.product_id, date_of(o.placed_at)}] += l.quantity;
  double during = 0, before = 0;
  for (const auto& promo : w.truth.promotions) {
    EXPECT_LT(promo.promo_price, promo.regular_price);
    EXPECT_GE(promo.uplift, 1.0);
    const int length = promo.end - promo.start;
    for (Date d = promo.start; d < promo.end; ++d) during += units[{promo.product_id, d}];
    for (Date d = promo.start - length; d < promo.start; ++d)
      before += units[{promo.product_id, d}];
  }
  EXPECT_GT(during, 1.2 * before);
}

TEST(World, BargainHuntersBuyMorePromotedUnits) {
  const World& w = medium_world();
  std::set<std::pair<Id, Date>> promoted;
  for (const auto& p : w.truth.promotions)
    for (Date d = p.start; d < p.end; ++d) promoted.insert({p.product_id, d});
  std::map<Segment, std::pair<double, double>> promo_lines;  // segment -> (promoted, all)
  for (const auto& o : w.orders) {
    Segment s = w.truth.customers[*o.customer_id - 1].segment;
    for (const auto& l : o.lines) {
      promo_lines[s].second += 1;
      promo_lines[s].first += promoted.count({l.product_id, date_of(o.placed_at)});
    }
  }
  auto share = [&](Segment s) { return promo_lines[s].first / promo_lines[s].second; };
  EXPECT_GT(share(Segment::kBargainHunter), 2.0 * share(Segment::kLoyal));
}

TEST(World, WeeklySeasonalityIsVisible) {
  const World& w = medium_world();
  std::array<double, 7> lines{};
  for (const auto& o : w.orders)
    lines[weekday(date_of(o.placed_at))] += static_cast<double>(o.lines.size());
  EXPECT_GT(lines[5], 1.15 * lines[1]);  // Saturday over Tuesday
}

TEST(World, RevenueIsConcentratedLikeRealRetail) {
  const World& w = medium_world();
  std::vector<double> revenue(w.products.size());
  double total = 0;
  for (const auto& o : w.orders)
    for (const auto& l : o.lines) {
      revenue[l.product_id - 1] += l.line_total();
      total += l.line_total();
    }
  std::sort(revenue.rbegin(), revenue.rend());
  double top = 0;
  for (std::size_t i = 0; i < revenue.size() / 5; ++i) top += revenue[i];
  EXPECT_GT(top / total, 0.6);
  EXPECT_LT(top / total, 0.95);
}

TEST(World, GroundTruthParametersAreInRange) {
  const World& w = small_world();
  const auto& cats = categories();
  for (const auto& t : w.truth.products) {
    const auto& cat = cats[t.category];
    EXPECT_GE(t.elasticity, cat.elasticity_min - 1e-9);
    EXPECT_LE(t.elasticity, cat.elasticity_max + 1e-9);
    EXPECT_GT(t.base_demand, 0.0);
    EXPECT_EQ(w.products[t.product_id - 1].category, cat.name);
  }
  for (const auto& s : w.truth.suppliers) {
    EXPECT_GT(s.lead_time_mean, 0);
    EXPECT_GT(s.reliability, 0);
    EXPECT_LE(s.reliability, 1);
  }
}

TEST(World, AnomalyLabelsPointToExistingEntities) {
  const World& w = medium_world();
  for (const auto& a : w.truth.anomalies) {
    EXPECT_GE(a.date, w.config.start_date);
    EXPECT_LT(a.date, w.end_date);
    switch (a.type) {
      case AnomalyType::kFraud: {
        ASSERT_GE(a.entity_id, 1);
        ASSERT_LE(a.entity_id, static_cast<Id>(w.orders.size()));
        const Order& o = w.orders[a.entity_id - 1];
        EXPECT_EQ(o.customer_id, a.customer_id);
        EXPECT_EQ(w.truth.customers[a.customer_id - 1].segment, Segment::kFraudster);
        EXPECT_EQ(date_of(o.placed_at), a.date);
        break;
      }
      case AnomalyType::kShrinkage: {
        ASSERT_LE(a.entity_id, static_cast<Id>(w.movements.size()));
        const StockMovement& m = w.movements[a.entity_id - 1];
        EXPECT_EQ(m.type, MovementType::kCount);
        EXPECT_LT(m.quantity, 0);
        EXPECT_EQ(m.product_id, a.product_id);
        EXPECT_FALSE(m.order_id.has_value());
        break;
      }
      case AnomalyType::kPriceError: {
        ASSERT_LE(a.entity_id, static_cast<Id>(w.products.size()));
        bool found = false;
        for (const auto& c : w.price_changes)
          found |= c.product_id == a.product_id && date_of(c.at) == a.date &&
                   (c.new_price > 5 * c.old_price || c.new_price < 0.2 * c.old_price);
        EXPECT_TRUE(found) << "no typo price change for product " << a.product_id;
        break;
      }
      case AnomalyType::kSupplierDelay:
      case AnomalyType::kSupplierDrift: {
        ASSERT_LE(a.entity_id, static_cast<Id>(w.purchase_orders.size()));
        EXPECT_EQ(w.purchase_orders[a.entity_id - 1].supplier_id, a.supplier_id);
        break;
      }
    }
  }
}

// --supplier-drift-from changes nothing before its day, labels each drifting supplier's first
// drifted order, and keeps stock consistent with short deliveries.
TEST(World, SupplierDriftLeavesEverythingBeforeItUnchanged) {
  const World& plain = medium_world();
  GeneratorConfig c = plain.config;
  c.supplier_drift_from = c.start_date + 150;
  const World drifted = build_world(c);
  for (const auto& a : plain.truth.anomalies) EXPECT_NE(a.type, AnomalyType::kSupplierDrift);
  const Timestamp from = timestamp_of(*c.supplier_drift_from);
  std::size_t before = 0;
  for (std::size_t i = 0; i < plain.purchase_orders.size() && plain.purchase_orders[i].created_at < from; ++i) {
    const PurchaseOrder& p = plain.purchase_orders[i];
    const PurchaseOrder& d = drifted.purchase_orders.at(i);
    ASSERT_EQ(p.created_at, d.created_at);
    EXPECT_EQ(p.received_at, d.received_at);
    EXPECT_EQ(p.lines.size(), d.lines.size());
    ++before;
  }
  EXPECT_GT(before, 50u);
  std::set<Id> labelled;
  for (const auto& a : drifted.truth.anomalies) {
    if (a.type != AnomalyType::kSupplierDrift) continue;
    EXPECT_NE(a.supplier_id % 3, 0) << "suppliers 3, 6, 9, ... do not drift";
    EXPECT_GE(a.date, *c.supplier_drift_from);
    EXPECT_TRUE(labelled.insert(a.supplier_id).second) << "one label per supplier";
  }
  EXPECT_GE(labelled.size(), 4u);
  std::size_t short_lines = 0;
  for (const auto& po : drifted.purchase_orders)
    for (const auto& l : po.lines)
      if (po.status == PurchaseOrderStatus::kReceived && l.received_quantity < l.quantity) {
        EXPECT_EQ(po.supplier_id % 3, 2);
        EXPECT_GE(po.created_at, from);
        ++short_lines;
      }
  EXPECT_GT(short_lines, 0u);
  std::map<std::pair<Id, Id>, Quantity> on_hand;
  for (const auto& m : drifted.movements) on_hand[{m.product_id, m.location_id}] += m.quantity;
  for (const auto& level : drifted.stock) {
    const std::pair<Id, Id> key{level.product_id, level.location_id};
    EXPECT_EQ(on_hand[key], level.on_hand);
    EXPECT_GE(level.on_order, 0);
  }
}

// --cycle-count-days adds unlabelled routine counts, mostly exact, never below zero stock and at
// most 20% (or one unit) off; everything before the first routine count is the plain world's,
// and the plain world's only counts are its labelled shrinkage.
TEST(World, RoutineCountsAreUnlabelledMostlyExactAndKeepStockConsistent) {
  const World& plain = medium_world();
  std::set<Id> plain_labelled, labelled;
  for (const auto& a : plain.truth.anomalies)
    if (a.type == AnomalyType::kShrinkage) plain_labelled.insert(a.entity_id);
  std::size_t plain_counts = 0;
  for (const auto& m : plain.movements) plain_counts += m.type == MovementType::kCount;
  EXPECT_EQ(plain_counts, plain_labelled.size());
  GeneratorConfig c = plain.config;
  c.cycle_count_days = 30;
  const World counted = build_world(c);
  for (const auto& a : counted.truth.anomalies)
    if (a.type == AnomalyType::kShrinkage) labelled.insert(a.entity_id);
  std::map<std::pair<Id, Id>, Quantity> stock;
  std::size_t routine = 0, exact = 0, first_routine = counted.movements.size();
  for (std::size_t i = 0; i < counted.movements.size(); ++i) {
    const auto& m = counted.movements[i];
    Quantity& on_hand = stock[{m.product_id, m.location_id}];
    if (m.type == MovementType::kCount && !labelled.count(m.id)) {
      first_routine = std::min(first_routine, i);
      ++routine;
      exact += m.quantity == 0;
      EXPECT_GE(m.quantity, -on_hand);
      EXPECT_LE(std::abs(m.quantity), std::max<Quantity>(1, std::llround(0.2 * static_cast<double>(on_hand))));
    }
    on_hand += m.quantity;
  }
  EXPECT_GT(routine, 1000u);
  EXPECT_NEAR(static_cast<double>(exact) / static_cast<double>(routine), 0.75, 0.1)
      << "70% exact draws, plus empty shelves and small stocks rounding to nothing";
  ASSERT_LT(first_routine, plain.movements.size());
  for (std::size_t i = 0; i < first_routine; ++i) {
    ASSERT_EQ(plain.movements[i].quantity, counted.movements[i].quantity) << i;
    ASSERT_EQ(plain.movements[i].at, counted.movements[i].at) << i;
  }
  for (const auto& level : counted.stock) {
    const std::pair<Id, Id> key{level.product_id, level.location_id};
    EXPECT_EQ(stock[key], level.on_hand);
  }
}

TEST(World, ValidateRejectsBadConfig) {
  GeneratorConfig c = small_config();
  c.products = 0;
  EXPECT_EQ(validate(c).field(), "products");
  c = small_config();
  c.days = 3;
  EXPECT_EQ(validate(c).field(), "days");
  c = small_config();
  c.cycle_count_days = -1;
  EXPECT_EQ(validate(c).field(), "cycle_count_days");
  EXPECT_TRUE(validate(small_config()).is_ok());
}

TEST(GroundTruth, WritesEveryFileWithHeaders) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      ("oiis-truth-" + std::string(info->name()) + "-" + std::to_string(::getpid()));
  ASSERT_TRUE(write_ground_truth(small_world(), dir.string()).is_ok());
  for (const char* name :
       {"customers.csv", "products.csv", "suppliers.csv", "complementary_pairs.csv",
        "promotions.csv", "anomalies.csv", "stockouts.csv", "demand_weekly.csv", "world.json"}) {
    std::ifstream in(dir / name);
    ASSERT_TRUE(in) << name;
    std::string header;
    std::getline(in, header);
    EXPECT_FALSE(header.empty()) << name;
  }
  std::ifstream customers(dir / "customers.csv");
  std::size_t rows = 0;
  for (std::string line; std::getline(customers, line);) ++rows;
  EXPECT_EQ(rows, small_world().customers.size() + 1);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace oiis::world

namespace oiis {
namespace {

TEST(GenerateWorld, StoreStatsMatchTheSummary) {
  auto store = open_store(":memory:");
  ASSERT_TRUE(store.is_ok()) << "the embedded SQLite store did not open: "
                             << store.status().to_string();
  GeneratorConfig config;
  config.seed = 3;
  config.products = 40;
  config.customers = 300;
  config.days = 90;
  auto summary = generate_world(config, **store, "");
  ASSERT_TRUE(summary.is_ok()) << summary.status().to_string();
  auto stats = (*store)->stats();
  ASSERT_TRUE(stats.is_ok()) << stats.status().to_string();
  EXPECT_EQ(stats->products, summary->products);
  EXPECT_EQ(stats->suppliers, summary->suppliers);
  EXPECT_EQ(stats->customers, summary->customers);
  EXPECT_EQ(stats->locations, summary->locations);
  EXPECT_EQ(stats->orders, summary->orders);
  EXPECT_EQ(stats->order_lines, summary->order_lines);
  EXPECT_EQ(stats->stock_movements, summary->stock_movements);
  EXPECT_EQ(stats->price_changes, summary->price_changes);
  EXPECT_EQ(stats->purchase_orders, summary->purchase_orders);
  EXPECT_EQ(stats->stock_levels, summary->products * summary->locations);

  // Stock levels in the store equal the world's, and a second run refuses a non-empty store.
  world::World w = world::build_world(config);
  for (const auto& level : w.stock) {
    auto stored = (*store)->get_stock(level.product_id, level.location_id);
    ASSERT_TRUE(stored.is_ok()) << stored.status().to_string();
    EXPECT_EQ(stored->on_hand, level.on_hand);
    EXPECT_EQ(stored->on_order, level.on_order);
  }
  auto again = generate_world(config, **store, "");
  EXPECT_EQ(again.status().code(), ErrorCode::kFailedPrecondition);
}

}  // namespace
}  // namespace oiis
