#include "data/supplier_drift.h"

#include <cmath>
#include <cstdio>

namespace oiis {

Quantity SupplierDrift::received(Quantity ordered) const {
  if (fill_rate >= 1.0) return ordered;
  return static_cast<Quantity>(std::floor(static_cast<double>(ordered) * fill_rate));
}

std::string SupplierDrift::describe() const {
  char text[96];
  if (lead_factor != 1.0) std::snprintf(text, sizeof text, "lead time x%.2f from here on", lead_factor);
  else std::snprintf(text, sizeof text, "fill rate %.0f%% from here on", 100 * fill_rate);
  return text;
}

SupplierDrift supplier_drift(const GeneratorConfig& config, Id supplier_id, Date day) {
  if (!config.supplier_drift_from || day < *config.supplier_drift_from) return {};
  switch (supplier_id % 3) {
    case 1:
      return {kDriftLeadFactor, 1.0};
    case 2:
      return {1.0, kDriftFillRate};
    default:
      return {};
  }
}

}  // namespace oiis
