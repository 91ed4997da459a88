// Internal to module voice: espeak-ng behind one lock (the library keeps global state: the
// voice, the rate, the synthesis callback), for synthesis and for pronouncing unknown words.
#pragma once

#include <string>

#include "voice/voice.h"

namespace oiis::voice::detail {

// Speech for already-spoken text (no numbers left) at espeak-ng's own rate.
Result<Audio> espeak_speak(const std::string& text, const SpeakOptions& options);
// The IPA phonemes of `word` in American English, separated by '_' ("h_ə_l_ˈoʊ").
Result<std::string> espeak_ipa(const std::string& word);

}  // namespace oiis::voice::detail
