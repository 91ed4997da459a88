// Is a question about the shop at all? The router is trained with an out-of-scope intent
// (none.out_of_scope: the weather, a recipe, a joke), but a logistic regression over hashed
// n-grams also gives that intent to retail questions phrased in words it never saw ("what's the
// right price point for ..."). So the out-of-scope answer is only taken when nothing in the
// question ties it to the shop: no product, customer, supplier or category named, and none of
// the words that the training questions use only about the shop.
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "agents/router.h"

namespace oiis::agents {

inline constexpr const char* kOutOfScopeIntent = "none.out_of_scope";

class ShopVocabulary {
 public:
  // The words of the in-scope training questions, less those the out-of-scope ones also use
  // and less function words ("what", "the", "could").
  static ShopVocabulary from(const std::vector<LabelledQuestion>& training);
  // A word of the question (or one typo away from one, for words of five letters or more,
  // singular or plural) is one of the shop's.
  bool mentions_shop(std::string_view question) const;
  std::size_t size() const { return words_.size(); }

 private:
  bool knows(const std::string& word) const;
  std::unordered_set<std::string> words_;
};

}  // namespace oiis::agents
