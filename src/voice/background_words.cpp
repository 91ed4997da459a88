#include "voice/background_words.h"

#include <pocketsphinx.h>
#include <sphinxbase/ngram_model.h>

#include <algorithm>

namespace oiis::voice::detail {
namespace {

bool is_plain_word(const char* w) {
  if (!w || !*w) return false;
  for (const char* c = w; *c; ++c)
    if (!((*c >= 'a' && *c <= 'z') || *c == '\'')) return false;
  return true;
}

}  // namespace

Result<std::vector<std::pair<std::string, double>>> generic_top_words(const std::string& path, std::size_t count) {
  logmath_t* logmath = logmath_init(1.0001, 0, 0);
  ngram_model_t* model = ngram_model_read(nullptr, path.c_str(), NGRAM_AUTO, logmath);
  if (!model) {
    logmath_free(logmath);
    return failed_precondition("cannot read PocketSphinx's generic language model " + path);
  }
  std::vector<std::pair<std::string, double>> words;
  // (Debian's sphinxbase does not export the n-gram iterator: walk the word ids instead.)
  const uint32* counts = ngram_model_get_counts(model);
  for (uint32 wid = 0; wid < counts[0]; ++wid) {
    const char* w = ngram_word(model, static_cast<int32>(wid));
    if (!is_plain_word(w)) continue;
    words.emplace_back(w, logmath_exp(logmath, ngram_score(model, w, nullptr)));
  }
  ngram_model_free(model);
  logmath_free(logmath);
  std::sort(words.begin(), words.end(), [](const auto& a, const auto& b) { return a.second > b.second || (a.second == b.second && a.first < b.first); });
  if (words.size() > count) words.resize(count);
  double total = 0;
  for (const auto& [w, p] : words) total += p;
  for (auto& [w, p] : words) p /= total;
  return words;
}

}  // namespace oiis::voice::detail
