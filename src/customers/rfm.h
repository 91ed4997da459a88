// RFM, pure: each customer's recency, frequency and monetary value at a cut-off, scored 1..5 by
// quintile, and the usual named groups from the R and F scores. No I/O: purchases in.
//
// Scores: score = 1 + floor(5 x share of customers with a strictly worse value), so ties share
// a score and the worst value always scores 1 (many customers buy once: all of them score F=1
// rather than being split across quintiles by an arbitrary order); the best value always
// scores 5 (a large tie at the top would otherwise land mid-scale). Worse = longer since the
// last purchase, fewer purchases, less money.
//
// Groups (R score by row, F score by column; every cell is named):
//          F=1          F=2-3                F=4-5
//   R=5    new          potential loyalist   champions
//   R=4    new          potential loyalist   loyal
//   R=3    need attention (F 1-3)            loyal
//   R=2    hibernating (F 1-2), at risk (F 3-4), can't lose (F 5)
//   R=1    lost (F 1-2),        at risk (F 3-4), can't lose (F 5)
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "customers/clv.h"

namespace oiis::customers {

struct RfmCustomer {
  std::string customer;
  int recency_days = 0;  // from the last purchase day to the cut-off
  int frequency = 0;     // days with a purchase (several orders on one day count once)
  double monetary = 0;   // money spent up to the cut-off
  int r = 0, f = 0, m = 0;
  std::string_view group;
};

struct RfmGroup {
  std::string_view name;
  std::size_t customers = 0;
  double revenue = 0, revenue_share = 0, customer_share = 0;
};

struct RfmResult {
  Date as_of = 0;
  std::vector<RfmCustomer> customers;  // by customer key
  std::vector<RfmGroup> groups;        // every group, in the table's order, empty ones too
};

// The group of an (R, F) score pair (1..5 each), per the table above.
std::string_view rfm_group(int r, int f);
// 1..5 per value by the rule above; `higher_is_better` false for recency.
std::vector<int> quintile_scores(std::span<const double> values, bool higher_is_better);

// Customers with a purchase on or before `as_of`. kInvalidArgument for a negative or
// non-finite amount; kFailedPrecondition when nobody bought by then.
Result<RfmResult> compute_rfm(std::span<const Purchase> purchases, Date as_of);

}  // namespace oiis::customers
