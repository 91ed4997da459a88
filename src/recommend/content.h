// Content-based similarity between products, pure: what a product is (category, brand,
// attributes, price, name and description) in, neighbours out — for products nobody has bought
// yet (cold start), as a fallback when the co-purchase lists run short, and for upsell. No I/O.
#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "recommend/association.h"

namespace oiis::recommend {

// What the catalogue says about one product.
struct ProductContent {
  std::string category, brand;
  std::vector<std::string> attributes;  // "key=value", one per attribute
  std::string text;                     // name and description
  double price = 0;                     // > 0, else no price band
};

struct ContentNeighbour {
  ItemId item = 0;
  float similarity = 0;  // cosine, in (0, 1]
};

// Which items a list may offer; an empty function allows every item.
using ItemFilter = std::function<bool(ItemId)>;

// How much each field's tokens count, multiplying their TF-IDF weights before the vectors are
// normalised (0 leaves the field out). Chosen on validation (docs/evaluation.md "Content").
struct ContentOptions {
  float category = 4, brand = 1, attributes = 1, text = 1, price = 1;
};

// TF-IDF vectors over tokens from every field, compared by cosine. Each field's tokens are kept
// apart ("c:" category, "b:" brand, "a:" attribute, "t:" word of the text, "p:" price band), so
// a brand called "Home" does not match the word "home". A price falls in two overlapping bands
// half an octave wide (⌊2·log2 price⌋ and the next one up), so prices within about 40% of each
// other share one or two tokens. IDF = ln(N / df): a token every product has (one category for
// a whole catalogue, "by" in every description) weighs nothing.
class ContentIndex {
 public:
  // Items are the positions in `products`.
  static ContentIndex build(std::span<const ProductContent> products, const ContentOptions& options = {});

  std::size_t items() const { return rows_.size(); }
  float similarity(ItemId a, ItemId b) const;
  // Up to `n` items most similar to `item` (similarity > 0, never `item` itself) that
  // `allowed` accepts, most similar first, ties by lower id. O(tokens of item × their postings).
  std::vector<ContentNeighbour> neighbours(ItemId item, std::size_t n,
                                           const ItemFilter& allowed = {}) const;
  // The item's category as given (empty when it has none).
  const std::string& category(ItemId item) const { return categories_[static_cast<std::size_t>(item)]; }

 private:
  struct Weight {
    std::int32_t token = 0;
    float value = 0;  // tf-idf, the row L2-normalised
  };
  struct Posting {
    ItemId item = 0;
    float value = 0;  // the item's weight of the token
  };
  std::vector<std::vector<Weight>> rows_;       // by item, ascending token
  std::vector<std::vector<Posting>> postings_;  // by token
  std::vector<std::string> categories_;
};

// Upsell: items of the same category (when the item has one) whose content similarity is at
// least `min_similarity`, dearer than the item by more than `min_step` and at most
// `max_price_ratio` times its price, and — when both margins are known (not NaN) — at least
// as profitable per unit. Best first by similarity.
struct UpsellOptions {
  float min_similarity = 0.2f;
  double min_step = 0.05;        // at least 5% dearer: a cent more is not an upgrade
  double max_price_ratio = 3.0;  // an upgrade, not a different class of product
};
// `price` and `margin` are by item (margin = price - cost, NaN when the cost is unknown).
std::vector<ContentNeighbour> upsell_candidates(const ContentIndex& index, std::span<const double> price,
                                                std::span<const double> margin, ItemId item, std::size_t n,
                                                const ItemFilter& allowed, const UpsellOptions& options);

// How much two neighbour lists of the same items agree: for each item with a non-empty
// `reference` list, |candidate ∩ reference| / |reference|, averaged. Items whose
// reference list is empty are skipped; `scored` says how many counted.
struct ListOverlap {
  double mean = 0;
  std::size_t scored = 0;
};
ListOverlap neighbour_overlap(std::span<const std::vector<ItemId>> candidate,
                              std::span<const std::vector<ItemId>> reference);

}  // namespace oiis::recommend
