// Price anomalies, pure: a product's price change is suspicious when the new price sits far from
// the prices it was recently sold at — a robust z-score of log(new / median of the last
// `window` prices) against their median absolute deviation, and a plain ratio floor so that a
// product whose price never moved does not flag every promotion. Catches typos (x10, x0.1)
// and prices entered in the wrong unit; promotions, markdowns and cost changes pass.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "common/status.h"

namespace oiis::anomaly {

struct PriceAnomalyOptions {
  int window = 12;            // previous prices the reference is taken from (the first price included)
  double min_ratio = 2.0;     // flag only when new/reference is beyond this factor either way
  double min_robust_z = 6.0;  // ... and beyond this many robust standard deviations
  double min_spread = 0.05;   // floor of the log-price spread (a product whose price never moved)
};
Status validate(const PriceAnomalyOptions& o);

struct PriceAnomaly {
  std::size_t index = 0;  // into the prices given
  double price = 0, reference = 0, ratio = 0, robust_z = 0;
  std::string reason;     // "price 10.0x its recent median 4.99"
};

// `prices`: a product's prices in time order — its first (or launch) price, then each change's
// new price. The first price is never flagged. Prices <= 0 are flagged as such.
std::vector<PriceAnomaly> price_anomalies(std::span<const double> prices,
                                          const PriceAnomalyOptions& options = {});

// The same test on any positive sequence (a supplier's lead times in delivery order, ...):
// `high_only` flags only values above the recent median. Values <= 0 are skipped, never flagged.
std::vector<PriceAnomaly> sequence_outliers(std::span<const double> values,
                                            const PriceAnomalyOptions& options, bool high_only);

}  // namespace oiis::anomaly
