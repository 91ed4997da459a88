// Internal to the world builder: customer activity helpers shared by the customer stage and
// the simulation.
#pragma once

#include <string_view>
#include <vector>

#include "data/world_build.h"

namespace oiis::world {

// History day indices of a customer's life: shopping in [first, last), at half pace from
// `slowdown` on (the run-up to churn).
struct ActiveWindow {
  int first = 0, last = 0, slowdown = 0;
};
ActiveWindow active_window(const BuildContext& ctx, const CustomerTruth& t);

// Expected order lines per day the customer base would place at a relative intensity of 1.
std::vector<double> expected_lines_capacity(const BuildContext& ctx);

// Shopping trips grouped by history day: customers[day_offsets[d] .. day_offsets[d+1]) are
// indices into truth.customers.
struct VisitSchedule {
  std::vector<int> day_offsets;
  std::vector<int> customers;
};
VisitSchedule schedule_visits(BuildContext& ctx, const std::vector<double>& cumulative_intensity);

// A customer row with name, email, region and signup time (used for fraud accounts too).
Customer make_customer(BuildContext& ctx, Id id, Date signup);
Id home_location_for(const BuildContext& ctx, std::string_view region);

}  // namespace oiis::world
