// Text to speech: checks the request, writes numbers as words, hands the text to espeak-ng.
#include "common/input_limits.h"
#include "voice/espeak_engine.h"
#include "voice/voice.h"

namespace oiis::voice {

Result<Audio> synthesize(std::string_view text, const SpeakOptions& options) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return invalid_argument("the text is empty", "text");
  if (text.size() > kMaxSpeakCharacters)
    return invalid_argument("the text is " + std::to_string(text.size()) + " bytes; at most " +
                                std::to_string(kMaxSpeakCharacters) + " are spoken",
                            "text");
  OIIS_RETURN_IF_ERROR(check_utf8(text, "text"));
  if (options.words_per_minute < 80 || options.words_per_minute > 450)
    return invalid_argument("speed must be 80..450 words per minute", "speed");
  // Voice names are short ASCII ("en-us", "en-gb-x-rp+f3"); nothing else reaches espeak-ng.
  if (options.voice.empty() || options.voice.size() > 40 ||
      options.voice.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-+_") != std::string::npos)
    return invalid_argument("a voice is a name like en-us or en-us+f3", "voice");
  return detail::espeak_speak(spoken_text(text), options);
}

}  // namespace oiis::voice
