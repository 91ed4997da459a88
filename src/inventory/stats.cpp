// Standard normal loss for fill-rate arithmetic (the distribution itself is in common/normal.h).

#include "inventory/inventory.h"

namespace oiis::inventory {

double normal_loss(double k) { return normal_pdf(k) - k * (1 - normal_cdf(k)); }

}  // namespace oiis::inventory
