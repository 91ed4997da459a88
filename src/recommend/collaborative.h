// Personalised recommendations from implicit feedback, pure: who bought what in, scores out.
// Three scorers behind one interface — popularity over a recent window (the baseline and the
// cold-start list), item-item neighbours (cosine with shrinkage) and EASE (Steck 2019, closed
// form) — and the top-N that leaves out what the user already has. No I/O, no store.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include <Eigen/Core>
#include <Eigen/SparseCore>

#include "common/status.h"
#include "recommend/history.h"

namespace oiis::recommend {

// Users x items, 1 where the user bought the item at least once (implicit feedback: how often
// says little about how much they liked it). Row u = user_items[u]; ids must be < `items`.
using InteractionMatrix = Eigen::SparseMatrix<float, Eigen::RowMajor>;
InteractionMatrix implicit_matrix(std::span<const std::vector<ItemId>> user_items,
                                  std::size_t items);

// The distinct items of a history, ascending.
std::vector<ItemId> items_of(const PurchaseHistory& history);

// A fitted model: one score per catalogue item for a user known by what they bought.
class Scorer {
 public:
  virtual ~Scorer() = default;
  virtual Eigen::VectorXf score(std::span<const ItemId> user_items) const = 0;
  // The item of `user_items` that contributes most to `item`'s score (the "because you bought
  // X"); -1 when none does (popularity, or no positive contribution).
  virtual ItemId strongest_reason(std::span<const ItemId> user_items, ItemId item) const {
    return -1;
  }
  virtual std::size_t items() const = 0;
};

// Distinct buyers per item over the recent window (PopularityOptions): the same list for
// everyone.
class Popularity final : public Scorer {
 public:
  Popularity(std::span<const PurchaseHistory> histories, std::size_t items,
             const PopularityOptions& options);
  Eigen::VectorXf score(std::span<const ItemId>) const override { return buyers_; }
  std::size_t items() const override { return static_cast<std::size_t>(buyers_.size()); }
  float buyers(ItemId item) const { return buyers_[item]; }

 private:
  Eigen::VectorXf buyers_;
};

// Item-item neighbours (ItemKnnOptions): a user's score for j sums sim(i, j) over the items i
// they bought.
class ItemKnn final : public Scorer {
 public:
  static Result<ItemKnn> fit(const InteractionMatrix& matrix, const ItemKnnOptions& options);
  Eigen::VectorXf score(std::span<const ItemId> user_items) const override;
  ItemId strongest_reason(std::span<const ItemId> user_items, ItemId item) const override;
  std::size_t items() const override { return static_cast<std::size_t>(similar_.rows()); }
  // Row i: the neighbours of item i with their similarity.
  const Eigen::SparseMatrix<float, Eigen::RowMajor>& similarities() const { return similar_; }

 private:
  Eigen::SparseMatrix<float, Eigen::RowMajor> similar_;
};

// EASE (EaseOptions): dense items x items weights, so catalogues up to kMaxItems; a user's
// score for j is the sum of B_ij over the items i they bought.
class Ease final : public Scorer {
 public:
  static constexpr std::size_t kMaxItems = 20000;
  // kInvalidArgument naming "lambda" (must be > 0) or "items" (more than kMaxItems).
  static Result<Ease> fit(const InteractionMatrix& matrix, const EaseOptions& options);
  Eigen::VectorXf score(std::span<const ItemId> user_items) const override;
  ItemId strongest_reason(std::span<const ItemId> user_items, ItemId item) const override;
  std::size_t items() const override { return static_cast<std::size_t>(transposed_.rows()); }
  // B_from,to: how much buying `from` speaks for `to`.
  float weight(ItemId from, ItemId to) const { return transposed_(to, from); }

 private:
  Eigen::MatrixXf transposed_;  // Bᵀ: a user's score sums contiguous columns
};

// The `n` best-scored items, best first (ties by lower id), leaving out `excluded` and items
// scored -infinity or NaN.
std::vector<ItemId> top_n(const Eigen::VectorXf& scores, std::span<const ItemId> excluded, int n);

}  // namespace oiis::recommend
