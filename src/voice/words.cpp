// Words as the recogniser writes them, and the word error rate between two word lists. Pure.
#include <algorithm>
#include <cctype>

#include "voice/voice.h"

namespace oiis::voice {

std::vector<std::string> recognizer_words(std::string_view text) {
  std::string spoken = spoken_text(text);
  std::vector<std::string> words;
  std::string word;
  auto flush = [&] {
    // An apostrophe only survives inside a word ("what's", not "'quoted'").
    while (!word.empty() && word.back() == '\'') word.pop_back();
    if (!word.empty()) words.push_back(word);
    word.clear();
  };
  for (char c : spoken) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || u >= 0x80) word += static_cast<char>(std::tolower(u));
    else if (c == '\'' && !word.empty()) word += c;
    else flush();
  }
  flush();
  return words;
}

WordErrors word_errors(const std::vector<std::string>& reference, const std::vector<std::string>& hypothesis) {
  // Levenshtein distance over words, one row at a time.
  std::vector<std::size_t> previous(hypothesis.size() + 1), current(hypothesis.size() + 1);
  for (std::size_t j = 0; j <= hypothesis.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= reference.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= hypothesis.size(); ++j) {
      std::size_t substitute = previous[j - 1] + (reference[i - 1] == hypothesis[j - 1] ? 0 : 1);
      current[j] = std::min({substitute, previous[j] + 1, current[j - 1] + 1});
    }
    std::swap(previous, current);
  }
  return {previous[hypothesis.size()], reference.size()};
}

}  // namespace oiis::voice
