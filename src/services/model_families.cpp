#include "services/model_families.h"

namespace oiis::services {

std::vector<std::string> model_family_names() { return {"churn", "forecast"}; }

Result<std::unique_ptr<mlops::ModelFamily>> make_model_family(const std::string& name) {
  if (name == "churn") return make_churn_family();
  if (name == "forecast") return make_forecast_family();
  std::string known;
  for (const std::string& n : model_family_names()) known += (known.empty() ? "" : ", ") + n;
  return not_found("no model family '" + name + "' (known: " + known + ")", "family");
}

}  // namespace oiis::services
