// Gradient-boosted trees through XGBoost's C API: the one wrapper every model family uses
// (forecast's global model, customers' churn). Rows are dense float matrices, row-major; NaN
// marks a missing value. The XGBoost headers stay in the .cpp.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace oiis {

struct BoostedTreesOptions {
  std::string objective = "reg:squarederror";  // e.g. reg:absoluteerror, binary:logistic
  int rounds = 100;
  int max_depth = 6;
  double learning_rate = 0.1;
  double subsample = 0.8;
  double colsample_bytree = 0.8;
  double min_child_weight = 5;
  int threads = 0;  // 0: XGBoost's default
  int seed = 0;
};

// A view of a dense matrix that the caller keeps alive for the call.
struct DenseRows {
  std::span<const float> x;  // rows x cols, row-major
  int cols = 0;
  std::size_t rows() const { return cols > 0 ? x.size() / static_cast<std::size_t>(cols) : 0; }
};

class BoostedTrees {
 public:
  // Trains on `data` with one label (and optionally one weight) per row.
  static Result<BoostedTrees> fit(const DenseRows& data, std::span<const float> label,
                                  std::span<const float> weight,
                                  const BoostedTreesOptions& options);
  BoostedTrees();  // no trees yet: predicting fails until a fitted or loaded model is assigned
  BoostedTrees(BoostedTrees&&) noexcept;
  BoostedTrees& operator=(BoostedTrees&&) noexcept;
  ~BoostedTrees();

  // One prediction per row (a probability for binary:logistic), rows as wide as in training.
  Result<std::vector<float>> predict(const DenseRows& data) const;
  // The trees in XGBoost's JSON model format: the same trees give the same bytes, so a hash of
  // them fingerprints the model (mlops' registry keeps them as the artefact).
  Result<std::string> save() const;
  // A model saved by save(); kInvalidArgument (field "model") for bytes XGBoost cannot read.
  static Result<BoostedTrees> load(std::string_view bytes);
  // Per row, each feature's additive contribution to the margin (SHAP values, Lundberg et al.
  // 2020) followed by the bias: rows x (cols + 1), row-major.
  Result<std::vector<float>> contributions(const DenseRows& data) const;

 private:
  struct Handle;
  explicit BoostedTrees(std::unique_ptr<Handle> h);
  Result<std::vector<float>> run_predict(const DenseRows& data, int option_mask,
                                         std::size_t per_row) const;
  std::unique_ptr<Handle> handle_;
  int cols_ = 0;
};

}  // namespace oiis
