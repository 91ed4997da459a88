// The customers service: the store's orders, by the one demand definition (data/snapshots.h),
// as per-customer purchase histories for the pure customer models (customers/clv.h, rfm.h,
// segment.h), and the wiring the CLI (and later the routes) call: customer_value,
// customer_rfm, segment_store_customers / segment_history. Guests (orders without a customer) cannot be followed over time: they are left
// out and counted, and every answer carries that count as a caveat.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/status.h"
#include "customers/churn.h"
#include "customers/clv.h"
#include "customers/holdout.h"
#include "customers/rfm.h"
#include "customers/segment.h"
#include "store/store.h"

namespace oiis::services {

// One counted order of a known customer, after credit notes were netted against it.
struct CustomerOrder {
  std::uint32_t customer = 0;  // index into CustomerHistory::customers
  Date day = 0;
  double amount = 0;    // net money (0 for an order returned after delivery)
  double discount = 0;  // money off the list price (line discounts, prices below list)
  int lines = 0;        // order lines with a positive quantity
  int channel = 0;      // index into CustomerHistory::channels
};

struct CustomerHistory {
  struct Person {
    std::string key;   // the store's external id, or the numeric id when that is empty
    std::string name;  // may be empty
    Id id = 0;          // the store's id (0 from a transaction file)
    std::string email;  // may be empty
  };
  std::vector<Person> customers;  // store id order
  std::vector<CustomerOrder> orders;  // by customer, then time
  std::vector<std::string> channels, categories;
  // [customer][category]: net line money per product category (credits not spread back).
  std::vector<std::vector<double>> category_spend;
  long guest_orders = 0;      // left out: no customer to follow
  long cancelled_orders = 0;  // never count (demand definition)
  long returned_orders = 0;   // count as purchases, with no revenue
  long credit_notes = 0;      // orders made only of credit lines
  long refunded_orders = 0;   // purchases cancelled in full by later credit notes (left out)
  double credited_amount = 0, unmatched_credit_amount = 0;
  long uncategorised_lines = 0;  // lines whose product has no category
  bool has_lines = true;         // false from a transaction file: no basket, no discounts

  // Every counted order with a positive net amount or a return, keyed by customer key.
  std::vector<customers::Purchase> purchases() const;
  // What the history leaves out or cannot say, in words, for the answers to carry.
  std::vector<std::string> caveats() const;
};

struct CustomerHistoryOptions {
  std::optional<Date> until;  // orders placed on or before this day (default: all)
};

// Reads the customers, the products' categories and every order once.
// kFailedPrecondition when no order of a known customer counts.
Result<CustomerHistory> load_customer_history(Store& store,
                                              const CustomerHistoryOptions& options = {});

// Lifetime value from purchases (a transaction file's or CustomerHistory::purchases()): both
// fits on the history through `calibration_end`, every customer's expectations over
// `horizon_weeks`; with `holdout_end`, the horizon is the holdout and the predictions are
// scored against the purchases in it (customers/holdout.h).
struct ClvRequest {
  Date calibration_end = 0;
  double horizon_weeks = 26;
  std::optional<Date> holdout_end;
};
struct ClvReport {
  customers::ClvResult fit;
  std::optional<customers::HoldoutEvaluation> holdout;
};
Result<ClvReport> customer_value(std::span<const customers::Purchase> purchases,
                                 const ClvRequest& request);

// RFM as of the given day, or the last day anyone bought.
// Churn and purchase probability over the next `options.window_days` (customers/churn.h), as of
// `as_of` or the last purchase day.
Result<customers::ChurnResult> customer_churn(std::span<const customers::Purchase> purchases,
                                              std::optional<Date> as_of,
                                              const customers::ChurnOptions& options);

Result<customers::RfmResult> customer_rfm(std::span<const customers::Purchase> purchases,
                                          std::optional<Date> as_of);

// Behavioural features per customer as of `as_of` (customers who bought on or before it):
// recency (in days and relative to the customer's own gap), frequency, monetary (logs of the
// skewed ones), basket lines, discount share, tenure, top-category share and channel shares. Inputs the store lacks (no categories, one channel) are
// left out of the table and named in `missing`.
struct BehaviourTable {
  customers::FeatureTable features;
  std::vector<std::uint32_t> customer_index;  // row -> CustomerHistory::customers
  std::vector<double> revenue;                // row -> net money up to as_of
  std::vector<std::string> missing;
};
BehaviourTable behaviour_features(const CustomerHistory& history, Date as_of);

// A history from a transaction file's purchases (customer, day, amount): one order each, no
// lines, channels or categories (the behaviour table says so).
CustomerHistory history_from_purchases(std::span<const customers::Purchase> purchases);

// The columns clustered on by default: recency (as log_overdue, days since the last order in
// units of the customer's own mean gap), frequency, monetary, basket, discount share, tenure.
// Category and channel mix are profiled but not clustered on: they are personal tastes that
// cut across behaviour, and on the validation world they swamped it (docs/customers.md).
const std::vector<std::string>& default_segment_features();

struct SegmentRequest {
  std::optional<Date> as_of;          // default: the last order day
  std::vector<std::string> features;  // default: default_segment_features()
  customers::SegmentOptions options;
};
struct SegmentReport {
  Date as_of = 0;
  CustomerHistory history;
  BehaviourTable table;  // every column, clustered or not
  std::vector<std::string> clustered;
  customers::Segmentation segmentation;
  std::vector<double> segment_revenue;             // [segment]
  std::vector<std::vector<double>> segment_means;  // [segment][table column]
  std::vector<std::string> caveats;
};
// Clusters on the requested columns, or on the defaults the history has. kInvalidArgument
// naming "features" for an unknown column.
Result<SegmentReport> segment_history(CustomerHistory history, const SegmentRequest& request);
Result<SegmentReport> segment_store_customers(Store& store, const SegmentRequest& request);

}  // namespace oiis::services
