#include "anomaly/shrinkage.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "anomaly/robust_stats.h"

namespace oiis::anomaly {

Status validate(const ShrinkageOptions& o) {
  if (!(o.min_missing_units >= 1)) return invalid_argument("must be >= 1", "min_missing_units");
  if (!(o.min_loss_share > 0 && o.min_loss_share <= 1)) return invalid_argument("must be in (0, 1]", "min_loss_share");
  if (!(o.min_robust_z > 0)) return invalid_argument("must be > 0", "min_robust_z");
  if (!(o.min_spread > 0)) return invalid_argument("must be > 0", "min_spread");
  if (!(o.count_tolerance >= 0)) return invalid_argument("must be >= 0", "count_tolerance");
  if (!(o.max_usual_share >= 0 && o.max_usual_share < 1)) return invalid_argument("must be in [0, 1)", "max_usual_share");
  if (o.min_baseline_counts < 1) return invalid_argument("must be >= 1", "min_baseline_counts");
  if (o.history < 2) return invalid_argument("must be >= 2", "history");
  if (o.min_history < 2 || o.min_history > o.history)
    return invalid_argument("must be between 2 and history", "min_history");
  if (!(o.cusum_slack >= 0)) return invalid_argument("must be >= 0", "cusum_slack");
  if (!(o.cusum_limit > 0)) return invalid_argument("must be > 0", "cusum_limit");
  if (!(o.cusum_clip > o.cusum_slack)) return invalid_argument("must be > cusum_slack", "cusum_clip");
  if (o.repeat_window < 1 || o.repeat_min < 1 || o.repeat_min > o.repeat_window)
    return invalid_argument("need 1 <= repeat_min <= repeat_window", "repeat_min");
  return Status::ok();
}

std::vector<CountCheck> count_checks(std::span<const LedgerEntry> ledger, double count_tolerance) {
  std::vector<CountCheck> counts;
  double stock = 0;  // what the ledger says is on hand
  for (std::size_t i = 0; i < ledger.size(); ++i) {
    const double change = static_cast<double>(ledger[i].quantity);
    if (!ledger[i].count) {
      stock += change;
      continue;
    }
    CountCheck c;
    c.entry = i;
    c.expected = stock;
    c.counted = stock + change;
    c.missing = -change;
    c.loss_share = stock > 0 ? c.missing / stock : 0;
    const double beyond = std::max(std::fabs(c.missing) - count_tolerance, 0.0);
    c.scored_share = stock > 0 && beyond > 0 ? std::copysign(beyond, c.missing) / stock : 0;  // never -0
    counts.push_back(c);
    stock = c.counted;  // the count resets the book stock
  }
  return counts;
}

CountBaseline count_baseline(std::span<const CountCheck> counts, const ShrinkageOptions& o) {
  std::vector<double> shares;
  for (const auto& c : counts)
    if (c.expected > 0) shares.push_back(c.scored_share);
  CountBaseline b;
  b.counts = shares.size();
  b.spread = o.min_spread;
  if (shares.size() < static_cast<std::size_t>(o.min_baseline_counts)) return b;
  const double centre = median(shares);
  b.spread = std::max(robust_spread(shares, centre), o.min_spread);
  b.usual_share = std::min(centre, o.max_usual_share);
  return b;
}

namespace {

// The slot's own last `history` loss shares once it has min_history of them (never tighter
// than the shop's spread: a slot counted exactly four times is not thereby exact), else the shop's.
void score_against_history(CountCheck& c, const std::vector<double>& previous, const CountBaseline& shop,
                           const ShrinkageOptions& o) {
  c.usual_share = shop.usual_share;
  c.spread = std::max(shop.spread, o.min_spread);
  if (previous.size() >= static_cast<std::size_t>(o.min_history)) {
    const std::size_t from = previous.size() - std::min(previous.size(), static_cast<std::size_t>(o.history));
    const std::span<const double> recent(previous.data() + from, previous.size() - from);
    const double centre = median(std::vector<double>(recent.begin(), recent.end()));
    c.spread = std::max(robust_spread(recent, centre), c.spread);
    c.usual_share = std::min(centre, o.max_usual_share);
  }
  c.robust_z = c.expected > 0 ? (c.scored_share - c.usual_share) / c.spread : 0;
}

std::string share_percent(double share) {
  char text[32];
  double rounded = std::round(100 * share);
  if (rounded == 0) rounded = 0;  // not "-0%"
  std::snprintf(text, sizeof text, "%.0f%%", rounded);
  return text;
}

ShrinkageReason large_loss_reason(const CountCheck& c) {
  char text[192];
  std::snprintf(text, sizeof text,
                "%.0f of %.0f expected units (%s) missing at the count, %.1f robust spreads beyond the "
                "usual count difference (%s)",
                c.missing, c.expected, share_percent(c.loss_share).c_str(), c.robust_z, share_percent(c.usual_share).c_str());
  return {"large_unexplained_loss", text};
}

ShrinkageReason repeated_reason(int notable_before, int window) {
  char text[128];
  std::snprintf(text, sizeof text, "%d of the previous %d counts here also found units missing",
                notable_before, window);
  return {"repeated_losses", text};
}

ShrinkageReason drift_reason(const CountCheck& c, double limit) {
  char text[160];
  std::snprintf(text, sizeof text,
                "losses keep adding up: CUSUM of the loss rate %.1f spreads (limit %.1f); this count "
                "%.0f units (%s) missing",
                c.cusum, limit, c.missing, share_percent(c.loss_share).c_str());
  return {"loss_rate_drift", text};
}

constexpr const char* kCheckLargeLoss =
    "recount it; check that receipts and transfers since the previous count were put away and that "
    "sales and returns were scanned; then who had access to the location";
constexpr const char* kCheckDrift =
    "count it more often; look for unrecorded damage, handling or security problems at the location";

// Counts among the last `window` (before this one) that found a notable loss.
int notable_before(const std::vector<bool>& notable, int window) {
  int n = 0;
  for (std::size_t k = notable.size(); k > 0 && notable.size() - k < static_cast<std::size_t>(window); --k)
    n += notable[k - 1];
  return n;
}

}  // namespace

SlotShrinkage slot_shrinkage(std::span<const LedgerEntry> ledger, const CountBaseline& shop,
                             const ShrinkageOptions& o) {
  SlotShrinkage out;
  out.counts = count_checks(ledger, o.count_tolerance);
  std::vector<double> previous;  // loss shares of earlier counts that expected stock
  std::vector<bool> notable;     // earlier counts that found a loss worth mentioning
  double cusum = 0;
  for (CountCheck& c : out.counts) {
    score_against_history(c, previous, shop, o);
    const bool sizeable = c.missing >= o.min_missing_units && c.expected > 0;
    const bool large = sizeable && c.loss_share >= o.min_loss_share && c.robust_z >= o.min_robust_z;
    // A large loss is its own alert; the CUSUM follows the ordinary loss rate around it.
    if (!large && c.expected > 0)
      cusum = std::max(0.0, cusum + std::clamp(c.robust_z, -o.cusum_clip, o.cusum_clip) - o.cusum_slack);
    c.cusum = cusum;
    const bool drift = cusum > o.cusum_limit;
    if (large || drift) {
      ShrinkageFinding f{c, c.robust_z, {}, large ? kCheckLargeLoss : kCheckDrift};
      if (large) f.reasons.push_back(large_loss_reason(c));
      const int before = notable_before(notable, o.repeat_window);
      const auto looked_at = std::min(notable.size(), static_cast<std::size_t>(o.repeat_window));
      if (before >= o.repeat_min) f.reasons.push_back(repeated_reason(before, static_cast<int>(looked_at)));
      if (drift) f.reasons.push_back(drift_reason(c, o.cusum_limit));
      out.findings.push_back(std::move(f));
    }
    if (drift) cusum = 0;  // restart, so a drift that persists alarms again
    notable.push_back(sizeable && c.loss_share >= o.min_loss_share / 2);
    if (c.expected > 0) previous.push_back(c.scored_share);
  }
  return out;
}

}  // namespace oiis::anomaly
