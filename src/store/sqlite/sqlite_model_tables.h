// The MLOps tables on SQLite: writes through the store's write queue without the data-version
// bump, reads on pooled readers.
#pragma once

#include "store/model_tables.h"
#include "store/sqlite/reader_pool.h"
#include "store/sqlite/write_queue.h"

namespace oiis::sqlite {

class SqliteModelTables final : public ModelTables {
 public:
  SqliteModelTables(WriteQueue& writes, ReaderPool& readers) : writes_(writes), readers_(readers) {}

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
  // Runs fn(Connection&) on a pooled reader; SqliteError becomes a Status.
  template <typename Fn>
  auto read(Fn&& fn) -> std::invoke_result_t<Fn&, Connection&> {
    return readers_.run(std::forward<Fn>(fn));
  }
  template <typename Fn>
  auto write(Fn&& fn) -> std::invoke_result_t<Fn&, Connection&> {
    return writes_.execute(std::forward<Fn>(fn), /*marks_data=*/false);
  }

  WriteQueue& writes_;
  ReaderPool& readers_;
};

}  // namespace oiis::sqlite
