// The generator's labelled supplier drift (GeneratorConfig::supplier_drift_from): from that day
// on, suppliers 1, 4, 7, ... take longer to deliver and suppliers 2, 5, 8, ... deliver short;
// the rest are unchanged, so a monitor's false alarms can be counted on them. The drift is
// applied without random draws, so everything before it is the undrifted world's.
#pragma once

#include <string>

#include "common/time.h"
#include "data/generator.h"

namespace oiis {

struct SupplierDrift {
  double lead_factor = 1.0;  // lead times multiplied by this
  double fill_rate = 1.0;    // share of each line's quantity delivered (rounded down)
  bool drifting() const { return lead_factor != 1.0 || fill_rate != 1.0; }
  Quantity received(Quantity ordered) const;
  std::string describe() const;  // "lead time x1.75 from here on"
};

inline constexpr double kDriftLeadFactor = 1.75;
inline constexpr double kDriftFillRate = 0.85;

// The drift of `supplier_id` (1-based) for a purchase order raised on `day`.
SupplierDrift supplier_drift(const GeneratorConfig& config, Id supplier_id, Date day);

}  // namespace oiis
