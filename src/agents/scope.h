// Is a question about the shop at all? The shipped questions include out-of-scope requests
// (intent none.out_of_scope: the weather, a recipe, a joke). They are not taught to the intent
// classifier: as a class of its own, out-of-scope took probability from retail questions
// phrased in new words ("what's the right price point for ...") and, trained beside them,
// flipped others between neighbouring intents (revenue vs trend; measured: facts 88.9 % -> 82.2 %
// on the fresh set). Instead they mark the words that are not the shop's: a question is out
// of scope when nothing in it ties it to the shop — no product, customer, supplier or category
// named, and none of the words that only the shop's training questions use.
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
  // A word of the question (or one typo away from one, for words of six letters or more,
  // singular or plural) is one of the shop's.
  bool mentions_shop(std::string_view question) const;
  std::size_t size() const { return words_.size(); }

 private:
  bool knows(const std::string& word) const;
  std::unordered_set<std::string> words_;
};

// The questions the intent classifier learns from: all but the out-of-scope ones.
std::vector<LabelledQuestion> in_scope(const std::vector<LabelledQuestion>& questions);

// The classifier and vocabulary from the shipped questions: the same for every assistant, so
// built once per process, on first use (a server that is never asked anything never pays).
struct ShippedRouter {
  IntentClassifier classifier;
  ShopVocabulary vocabulary;
};
const ShippedRouter& shipped_router();

}  // namespace oiis::agents
