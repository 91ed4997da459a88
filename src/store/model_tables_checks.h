// Checks both backends run before writing the MLOps tables, so they refuse the same input
// with the same field named.
#pragma once

#include <string>
#include <vector>

#include "store/model_tables.h"

namespace oiis::model_tables {

Status check_family(const std::string& family);
Status check_model_version(const ModelVersion& v);
Status check_job(const Job& j);
Status check_predictions(const std::string& family, const std::vector<PredictionRow>& rows);
// List sizes: 1..10,000.
int clamp_limit(int limit);

}  // namespace oiis::model_tables
