// Price calendar stage: every product's price on every history day, built in layers —
// permanent changes (cost changes, price cuts, markdowns: of declining products, a few weeks
// into the decline, and of some overstocked ones), then
// temporary promotions, then one-day price typos (anomalies). The store's price history is
// read off the finished calendar, so it always agrees with the prices orders are charged.
#include <algorithm>
#include <cmath>

#include "data/world_build.h"

namespace oiis::world {
namespace {

constexpr double kFeaturedShare = 0.25;
// Frequent, deep enough price variation is what makes elasticities recoverable from sales.
constexpr double kPromotionsPerYear = 5.0;
constexpr double kPermanentChangesPerYear = 1.5;
// Markdowns are not a decline oracle: a declining product is marked down 2-6 weeks into its
// decline (once the shop notices), and some products that are not declining are marked down
// to clear overstock (about a third of all markdowns: 7% of products decline).
constexpr int kMarkdownLagMinDays = 14, kMarkdownLagMaxDays = 42;
constexpr double kOverstockMarkdownShare = 0.035;

enum Reason : std::uint8_t { kNoChange, kCostChange, kPriceCut, kMarkdown };
constexpr std::string_view kReasonNames[] = {"", "cost_change", "price_cut", "markdown"};

struct ProductCalendar {
  std::vector<double> regular;       // price without promotions or typos
  std::vector<std::uint8_t> reason;  // why `regular` changed on this day
  int first = 0, last = 0;           // sellable history days [first, last)
};

ProductCalendar regular_prices(BuildContext& ctx, const ProductTruth& t) {
  ProductCalendar cal;
  cal.regular.assign(ctx.days, t.ref_price);
  cal.reason.assign(ctx.days, kNoChange);
  cal.first = std::clamp(t.launch - ctx.start, 0, ctx.days);
  cal.last = t.discontinued ? std::clamp(*t.discontinued - ctx.start, 0, ctx.days) : ctx.days;
  auto apply = [&](int day, double factor, Reason why) {
    if (day <= cal.first || day >= ctx.days) return;
    double next = shelf_price(cal.regular[day] * factor);
    if (next == cal.regular[day]) return;
    for (int d = day; d < ctx.days; ++d) cal.regular[d] = next;
    cal.reason[day] = why;
  };
  if (cal.last - cal.first > 30) {
    std::int64_t changes =
        ctx.rng.poisson(kPermanentChangesPerYear * (cal.last - cal.first) / 365.0);
    for (std::int64_t i = 0; i < changes; ++i) {
      int day = cal.first + 7 + static_cast<int>(ctx.rng.below(cal.last - cal.first - 7));
      bool increase = ctx.rng.chance(0.75);  // mostly cost inflation
      apply(day, increase ? ctx.rng.uniform(1.05, 1.2) : ctx.rng.uniform(0.8, 0.93),
            increase ? kCostChange : kPriceCut);
    }
  }
  if (t.decline_start) {
    const int lag = kMarkdownLagMinDays +
                    static_cast<int>(ctx.rng.below(kMarkdownLagMaxDays - kMarkdownLagMinDays + 1));
    apply(*t.decline_start - ctx.start + lag, ctx.rng.uniform(0.7, 0.85), kMarkdown);
  } else if (cal.last - cal.first > 120 && ctx.rng.chance(kOverstockMarkdownShare)) {
    const int day = cal.first + 30 + static_cast<int>(ctx.rng.below(cal.last - cal.first - 60));
    apply(day, ctx.rng.uniform(0.7, 0.85), kMarkdown);
  }
  return cal;
}

bool quiet(const ProductCalendar& cal, const std::vector<PriceDay>& days, std::size_t offset,
           int from, int to) {  // no promotion or permanent change in [from, to)
  for (int d = std::max(from, 0); d < std::min<int>(to, static_cast<int>(cal.regular.size())); ++d)
    if (days[offset + d].flags != 0 || cal.reason[d] != kNoChange) return false;
  return true;
}

void add_promotions(BuildContext& ctx, std::size_t p, const ProductCalendar& cal) {
  static constexpr double kDepths[] = {0.15, 0.2, 0.25, 0.3, 0.35, 0.4};
  const std::size_t offset = p * ctx.days;
  if (cal.last - cal.first < 30) return;
  std::int64_t wanted = ctx.rng.poisson(kPromotionsPerYear * (cal.last - cal.first) / 365.0);
  for (std::int64_t i = 0; i < wanted; ++i) {
    for (int attempt = 0; attempt < 5; ++attempt) {
      int length = static_cast<int>(ctx.rng.between(3, 14));
      int start =
          cal.first + 1 + static_cast<int>(ctx.rng.below(cal.last - cal.first - length - 1));
      // A week's gap on both sides keeps promotions and permanent changes separable.
      if (!quiet(cal, ctx.price_day, offset, start - 7, start + length + 8)) continue;
      double regular = cal.regular[start];
      double price = shelf_price(regular * (1.0 - kDepths[ctx.rng.below(std::size(kDepths))]));
      if (price >= regular) break;
      // Featured promotions (flyer, end-cap display) sell more than the price cut alone; plain
      // ones move demand only through the elasticity, so they identify it cleanly.
      bool featured = ctx.rng.chance(kFeaturedShare);
      float uplift =
          featured ? static_cast<float>(std::round(ctx.rng.uniform(1.15, 1.4) * 100) / 100) : 1.0f;
      std::uint8_t flags = kPromoFlag | (featured ? kFeaturedFlag : 0);
      for (int d = start; d < start + length; ++d)
        ctx.price_day[offset + d] = {price, uplift, flags};
      Promotion promo;
      promo.product_id = ctx.world.products[p].id;
      promo.start = ctx.start + start;
      promo.end = ctx.start + start + length;
      promo.regular_price = regular;
      promo.promo_price = price;
      promo.uplift = uplift;
      promo.featured = featured;
      ctx.world.truth.promotions.push_back(promo);
      break;
    }
  }
}

// One-day price typos (x10 or x0.1), corrected the next morning.
void add_price_errors(BuildContext& ctx, const std::vector<ProductCalendar>& calendars) {
  const int products = static_cast<int>(calendars.size());
  int wanted = std::max(1, products / 100);
  for (int attempt = 0; attempt < wanted * 20 && wanted > 0; ++attempt) {
    std::size_t p = static_cast<std::size_t>(ctx.rng.below(products));
    const ProductCalendar& cal = calendars[p];
    if (cal.last - cal.first < 10) continue;
    int day = cal.first + 2 + static_cast<int>(ctx.rng.below(cal.last - cal.first - 3));
    if (!quiet(cal, ctx.price_day, p * ctx.days, day - 1, day + 2)) continue;
    bool too_high = ctx.rng.chance(0.5);
    double price = shelf_price(cal.regular[day] * (too_high ? 10.0 : 0.1));
    ctx.price_day[p * ctx.days + day] = {price, 1.0f, kPriceErrorFlag};
    Anomaly a;
    a.type = AnomalyType::kPriceError;
    a.entity = "product";
    a.entity_id = a.product_id = ctx.world.products[p].id;
    a.date = ctx.start + day;
    a.detail = std::string(too_high ? "price x10" : "price x0.1") + " for one day";
    ctx.world.truth.anomalies.push_back(std::move(a));
    --wanted;
  }
}

std::string_view change_reason(const PriceDay& today, const PriceDay& yesterday,
                               std::uint8_t permanent_reason) {
  if (today.flags & kPriceErrorFlag) return "manual";
  if (yesterday.flags & kPriceErrorFlag) return "correction";
  if ((today.flags & kPromoFlag) && !(yesterday.flags & kPromoFlag))
    return today.flags & kFeaturedFlag ? "featured_promotion" : "promotion";
  if ((yesterday.flags & kPromoFlag) && !(today.flags & kPromoFlag)) return "promotion_end";
  return permanent_reason != kNoChange ? kReasonNames[permanent_reason] : "manual";
}

void record_price_changes(BuildContext& ctx, std::size_t p, const ProductCalendar& cal) {
  Product& product = ctx.world.products[p];
  const std::size_t offset = p * ctx.days;
  for (int d = 1; d < ctx.days; ++d) {
    const PriceDay& today = ctx.price_day[offset + d];
    const PriceDay& yesterday = ctx.price_day[offset + d - 1];
    if (today.price == yesterday.price || d <= cal.first) continue;
    PriceChange c;
    c.product_id = product.id;
    c.old_price = yesterday.price;
    c.new_price = today.price;
    c.reason = std::string(change_reason(today, yesterday, cal.reason[d]));
    c.at = timestamp_of(ctx.start + d);
    product.updated_at = std::max(product.updated_at, c.at);
    ctx.world.price_changes.push_back(std::move(c));
  }
  product.price = ctx.price_day[offset + ctx.days - 1].price;
}

}  // namespace

void build_price_calendar(BuildContext& ctx) {
  const std::size_t products = ctx.world.products.size();
  ctx.price_day.assign(products * ctx.days, PriceDay{});
  std::vector<ProductCalendar> calendars;
  calendars.reserve(products);
  for (std::size_t p = 0; p < products; ++p) {
    calendars.push_back(regular_prices(ctx, ctx.world.truth.products[p]));
    for (int d = 0; d < ctx.days; ++d)
      ctx.price_day[p * ctx.days + d].price = calendars[p].regular[d];
  }
  for (std::size_t p = 0; p < products; ++p) add_promotions(ctx, p, calendars[p]);
  add_price_errors(ctx, calendars);
  for (std::size_t p = 0; p < products; ++p) record_price_changes(ctx, p, calendars[p]);

  auto& changes = ctx.world.price_changes;
  std::stable_sort(changes.begin(), changes.end(),
                   [](const PriceChange& a, const PriceChange& b) { return a.at < b.at; });
  for (std::size_t i = 0; i < changes.size(); ++i) changes[i].id = static_cast<Id>(i + 1);
  auto& promos = ctx.world.truth.promotions;
  std::stable_sort(promos.begin(), promos.end(),
                   [](const Promotion& a, const Promotion& b) { return a.start < b.start; });
  for (std::size_t i = 0; i < promos.size(); ++i) promos[i].promotion_id = static_cast<Id>(i + 1);
}

}  // namespace oiis::world
