// Monitoring a family's production model on the data as it is now: input drift against the
// inputs it was trained with (mlops/drift.h), and accuracy on actuals that arrived after its
// data date, when a full held-out split of them exists. Each run is stored as a monitoring
// report; an alert is raised when a feature's PSI passes `alert_psi` or the held-out metric
// has fallen by more than `accuracy_drop` from the model's own test figure.
// mlops/drift.h's `level` keeps the textbook bands (0.1, 0.25) whatever the alert threshold.
#pragma once

#include "mlops/family.h"
#include "mlops/registry.h"

namespace oiis::mlops {

struct MonitorSettings {
  // The usual reading of PSI: below 0.1 stable. Alerting at the first step out of "stable"
  // suits a monthly check: on generated worlds, one unchanged month moved no monitored input
  // past 0.06 and a month of 2.5x shopping moved one to 0.17 (docs/mlops.md).
  double alert_psi = 0.1;
  double accuracy_drop = 0.05;
};

// kFailedPrecondition (field "family") when the family has no production model.
Result<MonitorReport> monitor(Store& store, ModelFamily& family, Registry& registry,
                              const MonitorSettings& settings = {});

}  // namespace oiis::mlops
