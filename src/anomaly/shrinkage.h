// Inventory shrinkage, pure: for one product at one location, the stock the movement ledger
// expects at each count against the stock counted. The unexplained loss (units, and share of
// the expected stock) is scored in robust standard deviations against the usual count
// differences — the slot's own previous counts once it has a few, never tighter than the
// shop's — and a one-sided CUSUM on the loss rate over successive counts catches a slot that
// keeps losing a little. Sales, receipts, returns, recorded damage and transfers are explained
// changes; only what a count finds missing is unexplained.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/time.h"

namespace oiis::anomaly {

// One movement of a slot's ledger, in the order the store applied them (movement id order:
// a count compares with the stock as the store held it at that moment).
struct LedgerEntry {
  std::int64_t movement_id = 0;
  Timestamp at = 0;
  std::int64_t quantity = 0;  // signed change; for a count, the difference found (counted - expected)
  bool count = false;
};

struct ShrinkageOptions {
  double min_missing_units = 2;  // a loss alert needs at least this many units missing
  double min_loss_share = 0.10;  // ... at least this share of the expected stock
  double min_robust_z = 4.0;     // ... and this many robust spreads beyond the usual loss share
  double min_spread = 0.02;      // floor of the loss-share spread (a shop whose counts are exact)
  // Units a count may be off by as counting error: scores use the loss beyond it, so that one
  // unit short of 3 is not a 33% loss rate (raw units and shares are still reported).
  double count_tolerance = 1;
  // Losses are never "usual" beyond this share: a slot or shop that habitually loses more is
  // scored against it, not excused by its own history.
  double max_usual_share = 0.05;
  // Fewer counts in the whole shop than this: no shop baseline (usual 0, spread min_spread), so
  // a shop that counts only when something is wrong is not told its losses are normal.
  int min_baseline_counts = 30;
  int history = 12;              // previous counts of the slot in its own baseline
  int min_history = 4;           // counts before the slot's own baseline replaces the shop's
  double cusum_slack = 0.5;      // k: loss-rate drift below this (in spreads) is ignored
  double cusum_limit = 6.0;      // h: loss_rate_drift alarm above this (in spreads)
  double cusum_clip = 3.0;       // each count adds at most this (one loss cannot alarm alone)
  int repeat_window = 6;         // repeated_losses: previous counts looked at ...
  int repeat_min = 2;            // ... of which at least this many found a notable loss
};
Status validate(const ShrinkageOptions& o);

// One count in a slot's ledger. missing = expected - counted (negative: more found than
// expected); loss_share = missing / expected (0 when nothing was expected); scored_share the
// same beyond the count tolerance (missing 3 with tolerance 1 counts as 2), toward zero.
struct CountCheck {
  std::size_t entry = 0;  // index into the ledger
  double expected = 0, counted = 0, missing = 0, loss_share = 0, scored_share = 0;
  double usual_share = 0, spread = 0;  // the baseline it was scored against (scored shares)
  double robust_z = 0;                 // (scored_share - usual_share) / spread
  double cusum = 0;                    // the loss-rate CUSUM after this count, in spreads
};

// The usual count difference across the shop: median and robust spread of every count's loss
// share (counts that expected nothing left out).
struct CountBaseline {
  double usual_share = 0, spread = 0;
  std::size_t counts = 0;
};

struct ShrinkageReason {
  std::string code;  // large_unexplained_loss | repeated_losses | loss_rate_drift
  std::string text;  // "24 of 106 units (23%) missing, 11.5 robust spreads beyond the usual 0%"
};

struct ShrinkageFinding {
  CountCheck count;
  double score = 0;  // the count's robust z (how unusual the loss is)
  std::vector<ShrinkageReason> reasons;
  std::string what_to_check;
};

struct SlotShrinkage {
  std::vector<CountCheck> counts;          // every count, ledger order, scored
  std::vector<ShrinkageFinding> findings;  // the counts that alert
};

// Expected and counted stock at each count of `ledger` (not yet scored); `count_tolerance` as
// in ShrinkageOptions.
std::vector<CountCheck> count_checks(std::span<const LedgerEntry> ledger, double count_tolerance = 1);

// The shop's usual count difference over every slot's counts; spread floored at options.min_spread.
CountBaseline count_baseline(std::span<const CountCheck> counts, const ShrinkageOptions& options = {});

// Scores every count of one slot's ledger against its own previous counts and `shop`, runs the
// loss-rate CUSUM, and returns the counts that alert with their reasons. `options` must validate.
SlotShrinkage slot_shrinkage(std::span<const LedgerEntry> ledger, const CountBaseline& shop,
                             const ShrinkageOptions& options = {});

}  // namespace oiis::anomaly
