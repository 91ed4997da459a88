// Customer stage: who the customers are (segment, region, preferences, signup, churn) and
// when they shop. Shopping trips are a non-homogeneous Poisson process per customer whose
// intensity follows the day's overall demand (weekdays, seasons, holidays), so busy days
// have more trips, and which slows in the two months before a customer churns.
#include "data/world_customers.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "data/world_build.h"

namespace oiis::world {
namespace {

constexpr std::string_view kFirstNames[] = {
    "Emma",     "Liam",  "Olivia",  "Noah",   "Ava",    "Elijah", "Sophia", "James",
    "Isabella", "Lucas", "Mia",     "Mason",  "Amelia", "Ethan",  "Harper", "Logan",
    "Evelyn",   "Jacob", "Abigail", "Leo",    "Ella",   "Jack",   "Chloe",  "Henry",
    "Grace",    "Owen",  "Nora",    "Samuel", "Zoe",    "Mateo"};
constexpr std::string_view kLastNames[] = {
    "Smith",  "Johnson",  "Williams", "Brown",  "Jones", "Garcia", "Miller", "Davis",
    "Wilson", "Anderson", "Taylor",   "Thomas", "Moore", "Martin", "Lee",    "Clark",
    "Lewis",  "Walker",   "Hall",     "Young",  "King",  "Wright", "Lopez",  "Hill",
    "Scott",  "Green",    "Adams",    "Baker",  "Nelson"};
constexpr double kRegionWeights[] = {0.25, 0.2, 0.2, 0.2, 0.15};
// Payment mix by channel (card, paypal, bank_transfer, gift_card, cash).
constexpr double kPaymentByChannel[4][5] = {{0.55, 0.3, 0.1, 0.05, 0.0},
                                            {0.6, 0.0, 0.0, 0.1, 0.3},
                                            {0.7, 0.0, 0.3, 0.0, 0.0},
                                            {0.6, 0.35, 0.0, 0.05, 0.0}};
constexpr int kChurnSlowdownDays = 60;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

Segment draw_segment(Rng& rng) {
  double shares[kRegularSegments];
  for (int i = 0; i < kRegularSegments; ++i) shares[i] = segments()[i].share;
  return static_cast<Segment>(rng.weighted(shares));
}

Date draw_signup(BuildContext& ctx, Segment segment) {
  // "new" customers join during the history; the rest mostly predate it.
  if (segment == Segment::kNew || ctx.rng.chance(0.2))
    return ctx.start + static_cast<Date>(ctx.rng.below(ctx.days));
  return ctx.start - 1 - static_cast<Date>(ctx.rng.below(3 * 365));
}

std::optional<Date> draw_churn(BuildContext& ctx, const SegmentProfile& profile, Date signup) {
  double daily_hazard = -std::log(1.0 - profile.annual_churn) / 365.0;
  // Memoryless: a customer who signed up before the history is alive at its start.
  Date from = std::max(signup, ctx.start);
  double lifetime = ctx.rng.exponential(daily_hazard);
  if (from + lifetime >= ctx.end) return std::nullopt;
  return from + static_cast<Date>(std::max(1.0, std::ceil(lifetime)));
}

}  // namespace

Customer make_customer(BuildContext& ctx, Id id, Date signup) {
  Customer c;
  c.id = id;
  char external[32];
  std::snprintf(external, sizeof external, "CUST-%06lld", static_cast<long long>(id));
  c.external_id = external;
  std::string_view first = kFirstNames[ctx.rng.below(std::size(kFirstNames))];
  std::string_view last = kLastNames[ctx.rng.below(std::size(kLastNames))];
  c.name = std::string(first) + " " + std::string(last);
  c.email = lower(first) + "." + lower(last) + "." + std::to_string(id) + "@example.com";
  c.region = std::string(kRegions[ctx.rng.weighted(kRegionWeights)]);
  c.signup_at = timestamp_of(signup) + ctx.rng.below(kSecondsPerDay);
  return c;
}

Id home_location_for(const BuildContext& ctx, std::string_view region) {
  std::size_t r = std::find(kRegions.begin(), kRegions.end(), region) - kRegions.begin();
  return ctx.world.locations[r % ctx.world.locations.size()].id;
}

void build_customers(BuildContext& ctx) {
  const int n = ctx.config.customers;
  const int category_count = static_cast<int>(categories().size());
  ctx.world.customers.reserve(n + n / 500 + 16);
  ctx.world.truth.customers.reserve(n + n / 500 + 16);
  for (int i = 0; i < n; ++i) {
    Rng& rng = ctx.rng;
    CustomerTruth t;
    t.customer_id = i + 1;
    t.segment = draw_segment(rng);
    const SegmentProfile& profile = segments()[static_cast<int>(t.segment)];
    t.signup = draw_signup(ctx, t.segment);
    t.churn = draw_churn(ctx, profile, t.signup);
    // Gamma-distributed rates give the NBD-like spread of purchase frequency.
    t.visits_per_year = profile.visits_per_year * rng.gamma(2.0, 0.5);
    t.basket_lines = std::max(1.0, profile.basket_lines * rng.lognormal(-0.03, 0.25));
    t.preferred_channel = static_cast<int>(rng.weighted(profile.channel_weights));
    t.preferred_payment = static_cast<int>(rng.weighted(kPaymentByChannel[t.preferred_channel]));
    t.favourite_categories[0] = static_cast<int>(rng.below(category_count));
    t.favourite_categories[1] = static_cast<int>(
        (t.favourite_categories[0] + 1 + rng.below(category_count - 1)) % category_count);
    Customer c = make_customer(ctx, t.customer_id, t.signup);
    t.home_location = home_location_for(ctx, c.region);
    ctx.world.customers.push_back(std::move(c));
    ctx.world.truth.customers.push_back(t);
  }
}

ActiveWindow active_window(const BuildContext& ctx, const CustomerTruth& t) {
  ActiveWindow w;
  w.first = std::clamp(t.signup - ctx.start, 0, ctx.days);
  w.last = t.churn ? std::clamp(*t.churn - ctx.start, 0, ctx.days) : ctx.days;
  w.slowdown =
      t.churn ? std::clamp(*t.churn - ctx.start - kChurnSlowdownDays, w.first, w.last) : w.last;
  return w;
}

std::vector<double> expected_lines_capacity(const BuildContext& ctx) {
  std::vector<double> diff(ctx.days + 1, 0.0);
  for (const auto& t : ctx.world.truth.customers) {
    if (t.segment == Segment::kFraudster) continue;
    ActiveWindow w = active_window(ctx, t);
    double lines_per_day = t.visits_per_year / 365.0 * t.basket_lines;
    diff[w.first] += lines_per_day;
    diff[w.slowdown] -= 0.5 * lines_per_day;  // trips halve before churn
    diff[w.last] -= 0.5 * lines_per_day;
  }
  std::vector<double> capacity(ctx.days);
  double running = 0;
  for (int d = 0; d < ctx.days; ++d) capacity[d] = running += diff[d];
  return capacity;
}

VisitSchedule schedule_visits(BuildContext& ctx, const std::vector<double>& cumulative_intensity) {
  // cumulative_intensity[d] = sum of the relative day intensity over days < d (size days + 1).
  std::vector<std::pair<int, int>> visits;  // (day, customer index)
  const auto& customers = ctx.world.truth.customers;
  visits.reserve(static_cast<std::size_t>(ctx.days * customers.size() * 0.04) + 16);
  for (std::size_t c = 0; c < customers.size(); ++c) {
    const CustomerTruth& t = customers[c];
    if (t.segment == Segment::kFraudster) continue;
    ActiveWindow w = active_window(ctx, t);
    double rate = t.visits_per_year / 365.0;
    if (w.first >= w.last || rate <= 0) continue;
    double clock = cumulative_intensity[w.first];
    for (;;) {
      clock += ctx.rng.exponential(rate);
      auto it = std::upper_bound(cumulative_intensity.begin(), cumulative_intensity.end(), clock);
      int day = static_cast<int>(it - cumulative_intensity.begin()) - 1;
      if (day >= w.last) break;
      if (day >= w.slowdown && !ctx.rng.chance(0.5)) continue;
      visits.emplace_back(day, static_cast<int>(c));
    }
  }
  // Counting sort by day keeps each day's customers in a deterministic order.
  VisitSchedule schedule;
  schedule.day_offsets.assign(ctx.days + 1, 0);
  for (const auto& v : visits) ++schedule.day_offsets[v.first + 1];
  for (int d = 0; d < ctx.days; ++d) schedule.day_offsets[d + 1] += schedule.day_offsets[d];
  schedule.customers.resize(visits.size());
  std::vector<int> cursor(schedule.day_offsets.begin(), schedule.day_offsets.end() - 1);
  for (const auto& v : visits) schedule.customers[cursor[v.first]++] = v.second;
  return schedule;
}

}  // namespace oiis::world
