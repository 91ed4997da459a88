#include "agents/scope.h"

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
      "his",  "her",   "him",   "she",   "him",   "hey",   "hello", "thanks", "thank"};
  return w.size() < 3 || words.count(w) > 0;
}

std::string singular(const std::string& w) {
  if (w.size() > 3 && w.back() == 's' && w[w.size() - 2] != 's') return w.substr(0, w.size() - 1);
  return w;
}

}  // namespace

ShopVocabulary ShopVocabulary::from(const std::vector<LabelledQuestion>& training) {
  std::unordered_set<std::string> shop, elsewhere;
  for (const auto& q : training)
    for (const auto& w : words_of(q.question))
      if (!is_function_word(w)) (q.intent == kOutOfScopeIntent ? elsewhere : shop).insert(singular(w));
  ShopVocabulary v;
  for (const auto& w : shop)
    if (!elsewhere.count(w)) v.words_.insert(w);
  return v;
}

bool ShopVocabulary::knows(const std::string& word) const {
  const std::string w = singular(word);
  if (words_.count(w)) return true;
  if (w.size() < 5) return false;
  for (const auto& known : words_)
    if (known.size() >= 5 && within_one_edit(w, known)) return true;
  return false;
}

bool ShopVocabulary::mentions_shop(std::string_view question) const {
  for (const auto& w : words_of(question))
    if (!is_function_word(w) && knows(w)) return true;
  return false;
}

}  // namespace oiis::agents
