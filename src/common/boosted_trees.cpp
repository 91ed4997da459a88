#include "common/boosted_trees.h"

#include <xgboost/c_api.h>

#include <cmath>
#include <cstdio>
#include <utility>

namespace oiis {
namespace {

Status xgb(int rc, const char* what) {
  if (rc == 0) return Status::ok();
  return internal_error(std::string("xgboost ") + what + ": " + XGBGetLastError());
}

struct Matrix {
  DMatrixHandle h = nullptr;
  Matrix() = default;
  Matrix(const Matrix&) = delete;
  Matrix& operator=(const Matrix&) = delete;
  ~Matrix() {
    if (h) XGDMatrixFree(h);
  }
};

Status make_matrix(const DenseRows& data, Matrix& m) {
  if (data.cols <= 0 || data.x.size() % static_cast<std::size_t>(data.cols) != 0)
    return invalid_argument("rows are not a whole number of columns wide", "x");
  return xgb(XGDMatrixCreateFromMat(data.x.data(), data.rows(), data.cols, NAN, &m.h), "dmatrix");
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

Status set_params(BoosterHandle h, const BoostedTreesOptions& o) {
  const std::pair<const char*, std::string> params[] = {
      {"objective", o.objective},
      {"tree_method", "hist"},
      {"max_depth", std::to_string(o.max_depth)},
      {"eta", number(o.learning_rate)},
      {"subsample", number(o.subsample)},
      {"colsample_bytree", number(o.colsample_bytree)},
      {"min_child_weight", number(o.min_child_weight)},
      {"seed", std::to_string(o.seed)},
      {"verbosity", "0"},
      {"nthread", std::to_string(o.threads)}};
  for (const auto& [key, value] : params) {
    if (key == std::string("nthread") && o.threads <= 0) continue;
    OIIS_RETURN_IF_ERROR(xgb(XGBoosterSetParam(h, key, value.c_str()), "set_param"));
  }
  return Status::ok();
}

}  // namespace

struct BoostedTrees::Handle {
  BoosterHandle h = nullptr;
  ~Handle() {
    if (h) XGBoosterFree(h);
  }
};

BoostedTrees::BoostedTrees(std::unique_ptr<Handle> h) : handle_(std::move(h)) {}
BoostedTrees::BoostedTrees() = default;
BoostedTrees::BoostedTrees(BoostedTrees&&) noexcept = default;
BoostedTrees& BoostedTrees::operator=(BoostedTrees&&) noexcept = default;
BoostedTrees::~BoostedTrees() = default;

Result<BoostedTrees> BoostedTrees::fit(const DenseRows& data, std::span<const float> label,
                                       std::span<const float> weight,
                                       const BoostedTreesOptions& options) {
  Matrix m;
  OIIS_RETURN_IF_ERROR(make_matrix(data, m));
  if (label.size() != data.rows()) return invalid_argument("one label per row", "label");
  if (data.rows() == 0) return invalid_argument("no training rows", "x");
  OIIS_RETURN_IF_ERROR(xgb(XGDMatrixSetFloatInfo(m.h, "label", label.data(), label.size()), "label"));
  if (!weight.empty()) {
    if (weight.size() != data.rows()) return invalid_argument("one weight per row", "weight");
    OIIS_RETURN_IF_ERROR(
        xgb(XGDMatrixSetFloatInfo(m.h, "weight", weight.data(), weight.size()), "weight"));
  }
  auto handle = std::make_unique<Handle>();
  OIIS_RETURN_IF_ERROR(xgb(XGBoosterCreate(&m.h, 1, &handle->h), "create"));
  OIIS_RETURN_IF_ERROR(set_params(handle->h, options));
  for (int round = 0; round < options.rounds; ++round)
    OIIS_RETURN_IF_ERROR(xgb(XGBoosterUpdateOneIter(handle->h, round, m.h), "train"));
  BoostedTrees out(std::move(handle));
  out.cols_ = data.cols;
  return out;
}

Result<std::string> BoostedTrees::save() const {
  if (!handle_) return failed_precondition("no trees: the model was neither fitted nor loaded");
  bst_ulong len = 0;
  const char* bytes = nullptr;
  OIIS_RETURN_IF_ERROR(xgb(
      XGBoosterSaveModelToBuffer(handle_->h, R"({"format": "json"})", &len, &bytes), "save"));
  return std::string(bytes, len);
}

Result<BoostedTrees> BoostedTrees::load(std::string_view bytes) {
  auto handle = std::make_unique<Handle>();
  OIIS_RETURN_IF_ERROR(xgb(XGBoosterCreate(nullptr, 0, &handle->h), "create"));
  if (XGBoosterLoadModelFromBuffer(handle->h, bytes.data(), bytes.size()) != 0)
    return invalid_argument(std::string("not a readable XGBoost model: ") + XGBGetLastError(),
                            "model");
  bst_ulong features = 0;
  OIIS_RETURN_IF_ERROR(xgb(XGBoosterGetNumFeature(handle->h, &features), "num_feature"));
  BoostedTrees out(std::move(handle));
  out.cols_ = static_cast<int>(features);
  return out;
}

// XGBoosterPredict with `option_mask` (0: predictions, 4: feature contributions), checked to
// give `per_row` values a row.
Result<std::vector<float>> BoostedTrees::run_predict(const DenseRows& data, int option_mask,
                                                     std::size_t per_row) const {
  if (!handle_) return failed_precondition("no trees: the model was neither fitted nor loaded");
  if (data.cols != cols_) return invalid_argument("rows differ in width from training", "x");
  Matrix m;
  OIIS_RETURN_IF_ERROR(make_matrix(data, m));
  bst_ulong len = 0;
  const float* out = nullptr;
  OIIS_RETURN_IF_ERROR(
      xgb(XGBoosterPredict(handle_->h, m.h, option_mask, 0, 0, &len, &out), "predict"));
  if (len != data.rows() * per_row) return internal_error("xgboost predict: unexpected output length");
  return std::vector<float>(out, out + len);
}

Result<std::vector<float>> BoostedTrees::predict(const DenseRows& data) const {
  return run_predict(data, 0, 1);
}

Result<std::vector<float>> BoostedTrees::contributions(const DenseRows& data) const {
  constexpr int kPredContribs = 4;
  return run_predict(data, kPredContribs, static_cast<std::size_t>(cols_) + 1);
}

}  // namespace oiis
