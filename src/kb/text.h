// Terms for retrieval: the one tokenizer that BM25 and the embedder share, so a word means the
// same thing to both. Lowercased ASCII letters and digits make words; bytes of 0x80 and above
// (UTF-8 letters) count as word characters too, so accented words stay whole. A light English
// suffix stripper folds plurals and verb forms ("returns", "returned" -> "return").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace oiis::kb {

// Words of `text`, lowercased, in order (stopwords kept).
std::vector<std::string> words(std::string_view text);
bool is_stopword(std::string_view word);
// The word's stem: plural and common verb suffixes stripped ("pallets" -> "pallet").
std::string stem(std::string_view word);
// Index terms: stems of the words that are not stopwords.
std::vector<std::string> terms(std::string_view text);

// FNV-1a, for hashing features and content (stable across runs and platforms).
std::uint64_t fnv1a(std::string_view data, std::uint64_t seed = 14695981039346656037ull);

}  // namespace oiis::kb
