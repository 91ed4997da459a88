// Pieces of churn.cpp that the registered churn model (churn_model.cpp) shares. Internal to
// the customers module.
#pragma once

#include <span>
#include <utility>
#include <vector>

#include "customers/churn.h"

namespace oiis::customers::detail {

// Fewer customers than this on either side of a window and there is nothing to learn from.
inline constexpr std::size_t kMinCustomers = 30;

double mean_of(std::span<const int> v);
// Platt scaling: logistic regression of the label on logit(raw score); returns (a, b).
std::pair<double, double> fit_platt(std::span<const double> raw, std::span<const int> label);
double calibrated(double raw, double a, double b);
double expected_calibration_error(std::span<const double> p, std::span<const int> label);
// kInvalidArgument (field "window_days") for a window with too few customers or one class.
Status check_window(const LabelledWindow& w, const char* which);
std::vector<double> to_double(const std::vector<float>& v);
DenseRows rows_of(const ChurnFeatures& f);

}  // namespace oiis::customers::detail
