// Internal to module voice: the most frequent words of PocketSphinx's generic English model, as
// a background unigram distribution for the shop's model (words people say that the shop's few
// hundred questions never used: "clients", "losing", "since").
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "common/status.h"

namespace oiis::voice::detail {

// The `count` most probable plain words (letters and apostrophes) of the binary or ARPA model at
// `path`, with their probabilities renormalised to sum to 1.
Result<std::vector<std::pair<std::string, double>>> generic_top_words(const std::string& path, std::size_t count);

}  // namespace oiis::voice::detail
