// Standard normal distribution helpers, shared by forecast intervals and inventory service
// levels.
#pragma once

namespace oiis {

double normal_pdf(double x);
double normal_cdf(double x);
// Inverse CDF for p in (0, 1); -inf/+inf at 0/1. Acklam's rational approximation (relative
// error 1.15e-9) refined by one Halley step on the exact CDF.
double normal_quantile(double p);

}  // namespace oiis
