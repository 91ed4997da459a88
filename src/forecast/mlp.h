// Multilayer-perceptron regressor over a dense feature matrix: the neural learner of the global
// model, trained on the same rows, labels and weights as the gradient-boosted one. Pure.
//
//   MlpOptions opt;  opt.hidden = {64, 32};
//   Result<MlpRegressor> m = MlpRegressor::fit(x, rows, cols, label, weight, opt);
//   m->predict(x_new, new_rows, out);
//
// Inputs are standardised per column (mean and sd of the finite training values) and clipped
// to ±10 sd, so one extreme ratio cannot dominate a mini-batch. A missing value (NaN, or any
// non-finite value) becomes the column mean, and every column that had a missing value in
// training gets an extra 0/1 "was missing" input, so the net can learn what missingness means
// (as XGBoost learns a default direction). The label is standardised by its weighted mean and
// sd; predictions are returned in label units.
//
// ReLU hidden layers, one linear output, He initialisation, Adam on mini-batches of weighted
// squared error with L2 on the weights. A seeded random share of the rows is held out; after
// every epoch the held-out weighted MSE decides early stopping, and the weights of the best
// epoch are kept. Deterministic: the same input and seed give bit-identical predictions
// (single-threaded).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "common/status.h"

namespace oiis::forecast {

struct MlpOptions {
  std::vector<int> hidden = {64, 32};  // ReLU layer widths, each >= 1; may be empty (linear)
  int epochs = 40;                     // upper bound, >= 1; early stopping usually ends sooner
  int batch_size = 512;                // >= 1
  double learning_rate = 1e-3;         // Adam step, > 0
  double weight_decay = 1e-5;          // L2 on weights (not biases), >= 0
  // Share of rows held out (random, seeded) for early stopping, 0..0.5. With no held-out row
  // (0, or too few rows) every epoch runs and the last weights are kept.
  double validation_share = 0.1;
  int patience = 4;  // epochs without held-out improvement before stopping, >= 1
  // Training rows visited per epoch: 0 = all; else a fresh random sample each epoch (speed).
  std::size_t max_rows_per_epoch = 0;
  std::uint64_t seed = 0;
};

class MlpRegressor {
 public:
  // x: rows * cols row-major values, NaN = missing; label and weight: one per row.
  // Minimises sum(weight * (prediction - label)^2). Errors (kInvalidArgument naming the
  // field): rows == 0, cols < 1, a null pointer, a non-finite label, a weight that is not
  // positive and finite, options outside the ranges above.
  static Result<MlpRegressor> fit(const float* x, std::size_t rows, int cols, const float* label,
                                  const float* weight, const MlpOptions& options);

  // out[i] = prediction for row i of x (rows * cols(), row-major, NaN = missing).
  void predict(const float* x, std::size_t rows, float* out) const;

  int cols() const;
  int epochs_run() const;
  // Weighted MSE (label units) of the held-out rows with the kept weights; NaN when no row
  // was held out.
  double validation_loss() const;

  struct Model;  // defined in mlp.cpp; immutable once fitted, so copies share it

 private:
  explicit MlpRegressor(std::shared_ptr<const Model> model) : model_(std::move(model)) {}
  std::shared_ptr<const Model> model_;
};

}  // namespace oiis::forecast
