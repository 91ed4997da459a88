#include "agents/scope.h"

#include <algorithm>
#include <unordered_map>

#include "agents/lexicon.h"
#include "agents/periods.h"
#include "agents/text.h"

namespace oiis::agents {
namespace {

// Words that carry no subject: a question about anything uses them.
bool is_function_word(const std::string& w) {
  static const std::unordered_set<std::string> words = {
      "the",  "and",   "for",   "with",  "what",  "whats", "which", "who",   "whom",  "how",   "are",
      "was",  "were",  "does",  "did",   "you",   "your",  "our",   "ours",  "this",  "that",  "these",
      "those", "can",  "could", "would", "should", "will", "there", "any",   "some",  "from",  "much",
      "many", "have",  "has",   "had",   "get",   "give",  "show",  "tell",  "please", "me",   "its",
      "not",  "all",   "about", "into",  "out",   "over",  "under", "then",  "than",  "when",  "where",
      "why",  "want",  "need",  "know",  "let",   "make",  "like",  "good",  "best",  "new",   "now",
      "today", "one",  "just",  "also",  "been",  "being", "each",  "every", "them",  "they",  "their",
      "his",  "her",   "him",   "she",   "him",   "hey",   "hello", "thanks", "thank",
      // time words: any question may have a when
      "day",  "days",  "week",  "weeks", "month", "months", "year",  "years", "tomorrow", "yesterday",
      "tonight", "night", "morning", "evening", "time", "ago", "last", "next", "hour", "hours"};
  // Two-letter words count only when they are retail abbreviations ("po").
  if (w.size() == 2) return concepts_of({w}).empty();
  return w.size() < 2 || words.count(w) > 0;
}

// A crude stem, enough to meet the same word in another form: "buying" and "bought"... are
// not met, but "buying"/"buy", "shipped"/"ship", "orders"/"order" are.
std::string singular(const std::string& w) {
  auto ends = [&](std::string_view s) { return w.size() > s.size() + 2 && w.compare(w.size() - s.size(), s.size(), s) == 0; };
  if (ends("ing")) return w.substr(0, w.size() - 3);
  if (ends("ed")) return w.substr(0, w.size() - (w[w.size() - 3] == w[w.size() - 4] ? 3 : 2));
  if (w.size() > 3 && w.back() == 's' && w[w.size() - 2] != 's') return w.substr(0, w.size() - 1);
  return w;
}

}  // namespace

std::vector<LabelledQuestion> in_scope(const std::vector<LabelledQuestion>& questions) {
  std::vector<LabelledQuestion> out;
  for (const auto& q : questions)
    if (q.intent != kOutOfScopeIntent) out.push_back(q);
  return out;
}

const ShippedRouter& shipped_router() {
  static const ShippedRouter router{IntentClassifier::train(in_scope(shipped_training_questions())),
                                    ShopVocabulary::from(shipped_training_questions())};
  return router;
}

ShopVocabulary ShopVocabulary::from(const std::vector<LabelledQuestion>& training) {
  // A word is the shop's when the shop's questions use it at least twice as often as the
  // out-of-scope ones ("return" is a shop word although "a tax return" is not about the shop).
  std::unordered_map<std::string, int> shop, elsewhere;
  for (const auto& q : training)
    for (const auto& w : words_of(q.question))
      if (!is_function_word(w)) ++(q.intent == kOutOfScopeIntent ? elsewhere : shop)[singular(w)];
  ShopVocabulary v;
  for (const auto& [w, n] : shop) {
    auto other = elsewhere.find(w);
    if (other == elsewhere.end() || n >= 2 * other->second) v.words_.insert(w);
  }
  return v;
}

bool ShopVocabulary::knows(const std::string& word) const {
  const std::string w = singular(word);
  if (words_.count(w)) return true;
  // A typo only in longer words: at five letters one edit turns "doing" into "going".
  if (w.size() < 6) return false;
  for (const auto& known : words_)
    if (known.size() >= 6 && within_one_edit(w, known)) return true;
  return false;
}

bool ShopVocabulary::mentions_shop(std::string_view question) const {
  // Money and business quarters are the shop's whatever the words around them.
  if (question.find_first_of("$\xC2\xA3\xE2\x82\xAC") != std::string_view::npos) return true;
  std::string lower = lowercase(question);
  int year = 0;
  if (quarter_mentioned(lower, year)) return true;
  std::vector<std::string> content;
  for (const auto& w : words_of(question))
    if (!is_function_word(w)) {
      if (knows(w)) return true;
      content.push_back(w);
    }
  // The retail lexicon's words ("regulars", "lapsed", "shipped") even where no training
  // question used them, and its phrases that hold a small word ("turned over", "on hand"): a
  // concept the whole question names that its small words alone do not.
  if (!concepts_of(content).empty()) return true;
  std::vector<std::string> small;
  for (const auto& w : words_of(question))
    if (is_function_word(w)) small.push_back(w);
  const auto all = concepts_of(words_of(question)), from_small = concepts_of(small);
  return std::any_of(all.begin(), all.end(),
                     [&](const std::string& c) { return std::find(from_small.begin(), from_small.end(), c) == from_small.end(); });
}

}  // namespace oiis::agents
