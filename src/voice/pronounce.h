// Internal to module voice: pronunciations in CMU phones for the recogniser's dictionary.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/status.h"

namespace oiis::voice::detail {

// espeak-ng's IPA ("h_ə_l_ˈoʊ") as CMU phones ("HH AH L OW"); "" when nothing maps. Pure.
std::string ipa_to_cmu(std::string_view ipa);

// The entries of a CMU dictionary file for the words in `wanted` (with their alternates,
// "word(2)"), keyed by word: one line's phones per entry.
Result<std::unordered_map<std::string, std::vector<std::string>>> read_dictionary(
    const std::string& path, const std::vector<std::string>& wanted);

}  // namespace oiis::voice::detail
