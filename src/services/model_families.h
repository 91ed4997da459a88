// The model families the MLOps pipeline can train (mlops/family.h), by name.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "mlops/family.h"

namespace oiis::services {

std::unique_ptr<mlops::ModelFamily> make_churn_family();     // churn_family.cpp
std::unique_ptr<mlops::ModelFamily> make_forecast_family();  // forecast_family.cpp

// kNotFound (field "family") naming the known families.
Result<std::unique_ptr<mlops::ModelFamily>> make_model_family(const std::string& name);
std::vector<std::string> model_family_names();

}  // namespace oiis::services
