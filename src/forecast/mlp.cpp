#include "forecast/mlp.h"

// Eigen may only use threads when compiled with OpenMP; ruling it out keeps every reduction
// in one order, so fits are bit-identical for a seed.
#define EIGEN_DONT_PARALLELIZE
#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <type_traits>
#include <utility>

namespace oiis::forecast {
namespace {

using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic>;  // column = one row of x

constexpr float kClip = 10;                  // standardised inputs are clipped to ±kClip
constexpr std::size_t kPredictBlock = 4096;  // rows per forward pass outside training
constexpr float kBeta1 = 0.9f, kBeta2 = 0.999f, kAdamEpsilon = 1e-8f;

// Where each layer's weights (out x in, column-major) and biases sit in one flat parameter
// vector, so that Adam updates every parameter in one pass.
class Layout {
 public:
  explicit Layout(std::vector<int> widths) : widths_(std::move(widths)) {
    std::size_t at = 0;
    for (std::size_t l = 0; l + 1 < widths_.size(); ++l) {
      offsets_.push_back(at);
      at += static_cast<std::size_t>(widths_[l + 1]) * (widths_[l] + 1);
    }
    size_ = at;
  }
  int layers() const { return static_cast<int>(offsets_.size()); }
  int in(int l) const { return widths_[l]; }
  int out(int l) const { return widths_[l + 1]; }
  std::size_t size() const { return size_; }

  template <typename T>
  auto weights(T* p, int l) const {
    using M = std::conditional_t<std::is_const_v<T>, const Matrix, Matrix>;
    return Eigen::Map<M>(p + offsets_[l], out(l), in(l));
  }
  template <typename T>
  auto biases(T* p, int l) const {
    using V = std::conditional_t<std::is_const_v<T>, const Eigen::VectorXf, Eigen::VectorXf>;
    return Eigen::Map<V>(p + offsets_[l] + static_cast<std::size_t>(out(l)) * in(l), out(l));
  }

 private:
  std::vector<int> widths_;
  std::vector<std::size_t> offsets_;
  std::size_t size_ = 0;
};

}  // namespace

struct MlpRegressor::Model {
  int cols = 0;
  std::vector<float> mean, inv_sd;  // per column, over its finite training values
  std::vector<int> flag;            // per column: input index of its "was missing" flag, or -1
  double label_mean = 0, label_sd = 1;
  Layout layout{{}};
  std::vector<float> params;
  int epochs_run = 0;
  double validation_loss = std::numeric_limits<double>::quiet_NaN();

  int inputs() const { return layout.in(0); }

  // Column j of `out` = the net's input for row row_at(j) of x.
  template <typename RowAt>
  void inputs_of(const float* x, std::size_t n, RowAt row_at, Matrix& out) const {
    out.setZero(inputs(), static_cast<Eigen::Index>(n));
    for (std::size_t j = 0; j < n; ++j) {
      const float* row = x + row_at(j) * static_cast<std::size_t>(cols);
      float* in = out.col(static_cast<Eigen::Index>(j)).data();
      for (int c = 0; c < cols; ++c) {
        if (std::isfinite(row[c]))
          in[c] = std::clamp((row[c] - mean[c]) * inv_sd[c], -kClip, kClip);
        else if (flag[c] >= 0)
          in[flag[c]] = 1;
      }
    }
  }

  // a[0] holds the inputs; a[l + 1] receives layer l's output (ReLU except the last).
  void forward(const float* p, std::vector<Matrix>& a) const {
    for (int l = 0; l < layout.layers(); ++l) {
      a[l + 1].noalias() = layout.weights(p, l) * a[l];
      a[l + 1].colwise() += layout.biases(p, l);
      if (l + 1 < layout.layers()) a[l + 1] = a[l + 1].cwiseMax(0.f);
    }
  }
};

namespace {

using Model = MlpRegressor::Model;

Status validate(const float* x, std::size_t rows, int cols, const float* label, const float* weight,
                const MlpOptions& o) {
  if (rows == 0) return invalid_argument("must be >= 1", "rows");
  if (cols < 1) return invalid_argument("must be >= 1", "cols");
  if (!x) return invalid_argument("must not be null", "x");
  if (!label) return invalid_argument("must not be null", "label");
  if (!weight) return invalid_argument("must not be null", "weight");
  for (std::size_t i = 0; i < rows; ++i) {
    if (!std::isfinite(label[i]))
      return invalid_argument("must be finite", "label[" + std::to_string(i) + "]");
    if (!(weight[i] > 0) || !std::isfinite(weight[i]))
      return invalid_argument("must be positive and finite", "weight[" + std::to_string(i) + "]");
  }
  for (std::size_t l = 0; l < o.hidden.size(); ++l)
    if (o.hidden[l] < 1)
      return invalid_argument("must be >= 1", "hidden[" + std::to_string(l) + "]");
  if (o.epochs < 1) return invalid_argument("must be >= 1", "epochs");
  if (o.batch_size < 1) return invalid_argument("must be >= 1", "batch_size");
  if (!(o.learning_rate > 0) || !std::isfinite(o.learning_rate))
    return invalid_argument("must be positive and finite", "learning_rate");
  if (!(o.weight_decay >= 0) || !std::isfinite(o.weight_decay))
    return invalid_argument("must be >= 0 and finite", "weight_decay");
  if (!(o.validation_share >= 0 && o.validation_share <= 0.5))
    return invalid_argument("must be in 0..0.5", "validation_share");
  if (o.patience < 1) return invalid_argument("must be >= 1", "patience");
  return Status::ok();
}

// Column means and sds of the finite values (two passes: no cancellation), and a "was missing"
// input for each column that had a missing value. Returns the net's input width.
int scale_inputs(const float* x, std::size_t rows, int cols, Model& m) {
  std::vector<double> sum(cols, 0), sum_sq(cols, 0);
  std::vector<std::size_t> count(cols, 0);
  for (std::size_t i = 0; i < rows; ++i)
    for (int c = 0; c < cols; ++c)
      if (const float v = x[i * cols + c]; std::isfinite(v)) {
        sum[c] += v;
        ++count[c];
      }
  for (int c = 0; c < cols; ++c) sum[c] = count[c] ? sum[c] / count[c] : 0;
  for (std::size_t i = 0; i < rows; ++i)
    for (int c = 0; c < cols; ++c)
      if (const float v = x[i * cols + c]; std::isfinite(v))
        sum_sq[c] += (v - sum[c]) * (v - sum[c]);
  m.cols = cols;
  m.mean.assign(cols, 0);
  m.inv_sd.assign(cols, 1);
  m.flag.assign(cols, -1);
  int width = cols;
  for (int c = 0; c < cols; ++c) {
    if (count[c] < rows) m.flag[c] = width++;
    if (count[c] == 0) continue;
    const double sd = std::sqrt(sum_sq[c] / count[c]);
    m.mean[c] = static_cast<float>(sum[c]);
    if (sd > 1e-12 * std::max(1.0, std::abs(sum[c]))) m.inv_sd[c] = static_cast<float>(1 / sd);
  }
  return width;
}

void scale_label(const float* label, const float* weight, std::size_t rows, Model& m) {
  double w_sum = 0, wy = 0;
  for (std::size_t i = 0; i < rows; ++i) {
    w_sum += weight[i];
    wy += static_cast<double>(weight[i]) * label[i];
  }
  const double mean = wy / w_sum;
  double w_sq = 0;
  for (std::size_t i = 0; i < rows; ++i) w_sq += weight[i] * (label[i] - mean) * (label[i] - mean);
  const double sd = std::sqrt(w_sq / w_sum);
  m.label_mean = mean;
  m.label_sd = sd > 1e-12 * std::max(1.0, std::abs(mean)) ? sd : 1;
}

// Moves a uniformly drawn sample of k of the indices to the front, in random order
// (a partial Fisher-Yates shuffle).
void sample_front(std::vector<std::size_t>& idx, std::size_t k, std::mt19937_64& rng) {
  for (std::size_t i = 0; i < k; ++i) {
    std::uniform_int_distribution<std::size_t> pick(i, idx.size() - 1);
    std::swap(idx[i], idx[pick(rng)]);
  }
}

class Trainer {
 public:
  Trainer(Model& m, const float* x, const float* label, const float* weight, double mean_weight,
          const MlpOptions& o)
      : m_(m),
        x_(x),
        label_(label),
        weight_(weight),
        mean_weight_(mean_weight),
        o_(o),
        a_(m.layout.layers() + 1),
        grad_(m.layout.size()),
        adam_m_(m.layout.size(), 0),
        adam_v_(m.layout.size(), 0) {}

  // One Adam step on the rows idx[0, n).
  void step(const std::size_t* idx, std::size_t n) {
    const Layout& layout = m_.layout;
    m_.inputs_of(
        x_, n, [idx](std::size_t j) { return idx[j]; }, a_[0]);
    m_.forward(m_.params.data(), a_);
    // d(loss)/d(output) of the batch's mean weighted squared error on the standardised label.
    delta_.resize(1, static_cast<Eigen::Index>(n));
    const float scale = static_cast<float>(2 / (n * mean_weight_));
    for (std::size_t j = 0; j < n; ++j) {
      const double target = (label_[idx[j]] - m_.label_mean) / m_.label_sd;
      delta_(0, j) = scale * weight_[idx[j]] * static_cast<float>(a_.back()(0, j) - target);
    }
    const float decay = static_cast<float>(o_.weight_decay);
    for (int l = layout.layers() - 1; l >= 0; --l) {
      auto w = layout.weights(std::as_const(m_.params).data(), l);
      auto g = layout.weights(grad_.data(), l);
      g.noalias() = delta_ * a_[l].transpose();
      g += decay * w;
      layout.biases(grad_.data(), l) = delta_.rowwise().sum();
      if (l == 0) break;
      back_.noalias() = w.transpose() * delta_;
      delta_ = (a_[l].array() > 0).select(back_.array(), 0.f).matrix();
    }
    adam();
  }

  // Weighted MSE, in label units, of the rows idx[0, n).
  double loss(const std::size_t* idx, std::size_t n) {
    double sum = 0, w_sum = 0;
    for (std::size_t start = 0; start < n; start += kPredictBlock) {
      const std::size_t len = std::min(kPredictBlock, n - start);
      m_.inputs_of(
          x_, len, [&](std::size_t j) { return idx[start + j]; }, a_[0]);
      m_.forward(m_.params.data(), a_);
      for (std::size_t j = 0; j < len; ++j) {
        const std::size_t i = idx[start + j];
        const double e = m_.label_mean + m_.label_sd * a_.back()(0, j) - label_[i];
        sum += weight_[i] * e * e;
        w_sum += weight_[i];
      }
    }
    return sum / w_sum;
  }

 private:
  void adam() {
    ++t_;
    const float lr = static_cast<float>(o_.learning_rate * std::sqrt(1 - std::pow(kBeta2, t_)) /
                                        (1 - std::pow(kBeta1, t_)));
    const Eigen::Index n = static_cast<Eigen::Index>(grad_.size());
    Eigen::Map<const Eigen::ArrayXf> g(grad_.data(), n);
    Eigen::Map<Eigen::ArrayXf> p(m_.params.data(), n), mo(adam_m_.data(), n), v(adam_v_.data(), n);
    mo = kBeta1 * mo + (1 - kBeta1) * g;
    v = kBeta2 * v + (1 - kBeta2) * g.square();
    p -= lr * mo / (v.sqrt() + kAdamEpsilon);
  }

  Model& m_;
  const float *x_, *label_, *weight_;
  double mean_weight_;
  const MlpOptions& o_;
  std::vector<Matrix> a_;
  Matrix delta_;
  Matrix back_;
  std::vector<float> grad_, adam_m_, adam_v_;
  int t_ = 0;
};

void initialise(Model& m, std::mt19937_64& rng) {
  m.params.assign(m.layout.size(), 0);  // biases stay 0
  for (int l = 0; l < m.layout.layers(); ++l) {
    std::normal_distribution<float> he(0, std::sqrt(2.0f / m.layout.in(l)));
    auto w = m.layout.weights(m.params.data(), l);
    for (Eigen::Index k = 0; k < w.size(); ++k) w(k) = he(rng);
  }
}

}  // namespace

Result<MlpRegressor> MlpRegressor::fit(const float* x, std::size_t rows, int cols,
                                       const float* label, const float* weight,
                                       const MlpOptions& options) {
  if (Status st = validate(x, rows, cols, label, weight, options); !st.is_ok()) return st;
  auto model = std::make_shared<Model>();
  Model& m = *model;
  std::vector<int> widths = {scale_inputs(x, rows, cols, m)};
  scale_label(label, weight, rows, m);
  widths.insert(widths.end(), options.hidden.begin(), options.hidden.end());
  widths.push_back(1);
  m.layout = Layout(widths);

  std::mt19937_64 rng(options.seed);
  initialise(m, rng);
  std::vector<std::size_t> idx(rows);
  for (std::size_t i = 0; i < rows; ++i) idx[i] = i;
  const std::size_t held_out = static_cast<std::size_t>(rows * options.validation_share);
  sample_front(idx, held_out, rng);
  const std::size_t* validation = idx.data();
  std::vector<std::size_t> train(idx.begin() + held_out, idx.end());
  double w_sum = 0;
  for (std::size_t i : train) w_sum += weight[i];

  Trainer trainer(m, x, label, weight, w_sum / train.size(), options);
  const std::size_t per_epoch = options.max_rows_per_epoch > 0
                                    ? std::min(options.max_rows_per_epoch, train.size())
                                    : train.size();
  const std::size_t batch = static_cast<std::size_t>(options.batch_size);
  std::vector<float> best = m.params;
  double best_loss = std::numeric_limits<double>::infinity();
  int stale = 0;
  while (m.epochs_run < options.epochs && stale < options.patience) {
    ++m.epochs_run;
    sample_front(train, per_epoch, rng);
    for (std::size_t start = 0; start < per_epoch; start += batch)
      trainer.step(train.data() + start, std::min(batch, per_epoch - start));
    if (held_out == 0) continue;
    const double loss = trainer.loss(validation, held_out);
    if (loss < best_loss) {
      best_loss = loss;
      best = m.params;
      stale = 0;
    } else {
      ++stale;
    }
  }
  if (held_out > 0) {
    m.params = std::move(best);
    m.validation_loss = best_loss;
  }
  return MlpRegressor(std::move(model));
}

void MlpRegressor::predict(const float* x, std::size_t rows, float* out) const {
  const Model& m = *model_;
  std::vector<Matrix> a(m.layout.layers() + 1);
  for (std::size_t start = 0; start < rows; start += kPredictBlock) {
    const std::size_t len = std::min(kPredictBlock, rows - start);
    m.inputs_of(
        x, len, [start](std::size_t j) { return start + j; }, a[0]);
    m.forward(m.params.data(), a);
    for (std::size_t j = 0; j < len; ++j)
      out[start + j] = static_cast<float>(m.label_mean + m.label_sd * a.back()(0, j));
  }
}

int MlpRegressor::cols() const {
  return model_->cols;
}
int MlpRegressor::epochs_run() const {
  return model_->epochs_run;
}
double MlpRegressor::validation_loss() const {
  return model_->validation_loss;
}

}  // namespace oiis::forecast
