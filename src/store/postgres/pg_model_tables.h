// The MLOps tables on PostgreSQL, in the store's transactions (no data-version triggers on
// these tables: they are not business data).
#pragma once

#include "store/model_tables.h"

namespace oiis::pg {

class PostgresStore;

class PgModelTables final : public ModelTables {
 public:
  explicit PgModelTables(PostgresStore& store) : store_(store) {}

  Result<ModelVersion> add_model_version(const ModelVersion& v,
                                         const std::vector<PredictionRow>* predictions) override;
  Result<std::vector<ModelVersion>> list_model_versions(const std::string& family) override;
  Result<ModelVersion> get_model_version(const std::string& family, int version) override;
  Result<ModelVersion> set_model_stage(const std::string& family, int version, ModelStage stage,
                                       const std::string& note,
                                       const std::vector<PredictionRow>* predictions) override;

  Result<Job> create_job(const Job& j) override;
  Result<Job> update_job(const Job& j) override;
  Result<Job> get_job(Id id) override;
  Result<std::vector<Job>> list_jobs(int limit) override;

  Status replace_predictions(const std::string& family,
                             const std::vector<PredictionRow>& rows) override;
  Result<PredictionRow> get_prediction(const std::string& family,
                                       const std::string& entity) override;
  Result<std::vector<PredictionRow>> list_predictions(const std::string& family,
                                                      const std::string& after,
                                                      int limit) override;

  Result<MonitorReport> add_monitor_report(const MonitorReport& r) override;
  Result<std::vector<MonitorReport>> list_monitor_reports(const std::string& family,
                                                          int limit) override;

 private:
  PostgresStore& store_;
};

}  // namespace oiis::pg
