// Customer lifetime value, pure: the BG/NBD model of repeat purchasing (Fader, Hardie & Lee
// 2005, "Counting Your Customers the Easy Way") and the Gamma-Gamma model of spend per
// transaction (Fader & Hardie, "The Gamma-Gamma Model of Monetary Value"), both fitted by
// maximum likelihood; per customer P(alive), expected purchases and expected value over a
// horizon. Time is in weeks, as in the papers. No I/O: purchases in, fits out.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/time.h"

namespace oiis::customers {

struct Purchase {
  std::string customer;
  Date day = 0;
  double amount = 0;
};

// One customer's calibration-period summary. Several purchases on one day count as one
// transaction (their amounts summed), as in the papers.
struct CustomerSummary {
  std::string customer;
  int frequency = 0;      // x: repeat transactions (days with a purchase after the first)
  double recency = 0;     // t_x: weeks from the first to the last transaction
  double age = 0;         // T: weeks from the first transaction to the calibration end
  double monetary = 0;    // mean amount of the repeat transactions (0 when x = 0)
};

// Customers whose first purchase is on or before `calibration_end` (inclusive); purchases after
// it are ignored. Sorted by customer. kInvalidArgument for a negative or non-finite amount.
Result<std::vector<CustomerSummary>> summarize(std::span<const Purchase> purchases,
                                               Date calibration_end);

struct BgNbdParams {
  double r = 0, alpha = 0, a = 0, b = 0;
  double log_likelihood = 0;
  // Set when the fitted chance of dropping out after a purchase, a / (a + b), is all but zero
  // (b without bound, as on Online Retail through May 2010): the history shows too little
  // lapsing to estimate it, and P(alive) is then about 1 for everyone.
  std::string note;
};
struct GammaGammaParams {
  double p = 0, q = 0, gamma = 0;
  double log_likelihood = 0;
  // Set when the likelihood peaks at the edge of the parameter space (p without bound): spend
  // hardly varies within a customer next to how it varies between customers, so the model
  // adds nothing to each customer's own average. Says so rather than reporting p = 1e15 as
  // if it were an estimate (seen on Online Retail).
  std::string note;
};

// Maximum likelihood over all summaries (Nelder-Mead on log-parameters, restarted from its
// optimum until it stops improving). kFailedPrecondition with fewer than 10 customers.
Result<BgNbdParams> fit_bgnbd(std::span<const CustomerSummary> customers);
// Over the customers with at least one repeat transaction and a positive mean spend.
Result<GammaGammaParams> fit_gamma_gamma(std::span<const CustomerSummary> customers);

double bgnbd_log_likelihood(const BgNbdParams& p, const CustomerSummary& c);
// P(the customer is still active at the calibration end).
double p_alive(const BgNbdParams& p, const CustomerSummary& c);
// E[transactions in the next `weeks` | x, t_x, T].
double expected_purchases(const BgNbdParams& p, const CustomerSummary& c, double weeks);
// E[mean spend per transaction | x, m]: the population mean for a customer without repeats.
double expected_spend(const GammaGammaParams& g, const CustomerSummary& c);

struct CustomerValue {
  CustomerSummary summary;
  double p_alive = 0, expected_purchases = 0, expected_spend = 0, expected_value = 0;
};
struct ClvResult {
  BgNbdParams bgnbd;
  GammaGammaParams gamma_gamma;
  double horizon_weeks = 0;
  std::vector<CustomerValue> customers;  // summary order
};
// Both fits and every customer's expectations over `horizon_weeks` (value = purchases x spend,
// undiscounted).
Result<ClvResult> customer_lifetime_value(std::span<const CustomerSummary> customers,
                                          double horizon_weeks);

}  // namespace oiis::customers
