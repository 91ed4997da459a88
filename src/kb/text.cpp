#include "kb/text.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace oiis::kb {
namespace {

bool is_word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

// Sorted, for binary search. Function words only: domain words ("days", "order") carry meaning.
constexpr std::array<std::string_view, 98> kStopwords = {
    "a",     "about", "above", "after",  "again", "all",   "also",  "am",    "an",    "and",
    "any",   "are",   "as",    "at",     "be",    "been",  "before", "being", "both",  "but",
    "by",    "can",   "could", "did",    "do",    "does",  "doing", "during", "each",  "else",
    "for",   "from",  "had",   "has",    "have",  "having", "he",   "her",   "here",  "him",
    "his",   "how",   "i",     "if",     "in",    "into",  "is",    "it",    "its",   "just",
    "may",   "me",    "might", "must",   "my",    "of",    "on",    "once",  "only",  "or",
    "other", "our",   "ours",  "out",    "over",  "own",   "she",   "should", "so",   "some",
    "such",  "than",  "that",  "the",    "their", "them",  "then",  "there", "these", "they",
    "this",  "those", "to",    "too",    "under", "until", "up",    "us",    "was",   "we",
    "were",  "what",  "when",  "where",  "which", "while", "who",   "whom"};

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && !is_word_byte(static_cast<unsigned char>(text[i]))) ++i;
    std::size_t start = i;
    while (i < text.size() && is_word_byte(static_cast<unsigned char>(text[i]))) ++i;
    if (i == start) continue;
    std::string word(text.substr(start, i - start));
    for (char& c : word)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    out.push_back(std::move(word));
  }
  return out;
}

bool is_stopword(std::string_view word) {
  return std::binary_search(kStopwords.begin(), kStopwords.end(), word);
}

std::string stem(std::string_view w) {
  // Short words and numbers stay as they are ("gas", "is", "2024").
  if (w.size() <= 3 || (w[0] >= '0' && w[0] <= '9')) return std::string(w);
  auto cut = [&](std::size_t n, std::string_view add = {}) {
    return std::string(w.substr(0, w.size() - n)) + std::string(add);
  };
  if (ends_with(w, "ies") && w.size() > 4) return cut(3, "y");
  if (ends_with(w, "sses")) return cut(2);
  if (ends_with(w, "ss") || ends_with(w, "us") || ends_with(w, "is")) return std::string(w);
  if (ends_with(w, "ing") && w.size() > 5) {
    std::string s = cut(3);
    if (s.size() > 2 && s[s.size() - 1] == s[s.size() - 2] && s.back() != 'l' && s.back() != 's')
      s.pop_back();  // "shipping" -> "ship"
    return s;
  }
  if (ends_with(w, "ied") && w.size() > 4) return cut(3, "y");
  if (ends_with(w, "ed") && w.size() > 4) {
    std::string s = cut(2);
    if (s.size() > 2 && s[s.size() - 1] == s[s.size() - 2] && s.back() != 'l' && s.back() != 's')
      s.pop_back();  // "shipped" -> "ship"
    return s;
  }
  if (ends_with(w, "es") && (ends_with(w, "ches") || ends_with(w, "shes") || ends_with(w, "xes")))
    return cut(2);
  if (ends_with(w, "s") && !ends_with(w, "ss")) return cut(1);
  return std::string(w);
}

std::vector<std::string> terms(std::string_view text) {
  std::vector<std::string> out;
  for (const auto& w : words(text))
    if (!is_stopword(w)) out.push_back(stem(w));
  return out;
}

std::uint64_t fnv1a(std::string_view data, std::uint64_t seed) {
  std::uint64_t h = seed;
  for (unsigned char c : data) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace oiis::kb
