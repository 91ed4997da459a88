// espeak-ng, initialised once per process and used under one mutex.
#include "voice/espeak_engine.h"

#include <espeak-ng/speak_lib.h>

#include <mutex>

namespace oiis::voice::detail {
namespace {

std::mutex& espeak_mutex() {
  static std::mutex m;
  return m;
}

// Where the callback puts samples: set only while espeak_mutex() is held. (The events'
// user_data is not on every buffer, so the last one of a sentence could be lost through it.)
std::vector<std::int16_t>* g_samples = nullptr;

int on_samples(short* wav, int count, espeak_EVENT*) {
  if (wav && count > 0 && g_samples) g_samples->insert(g_samples->end(), wav, wav + count);
  return 0;  // go on
}

// The sample rate, or 0 when espeak-ng could not start (no espeak-ng-data).
int espeak_rate_locked() {
  static int rate = [] {
    int r = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr, espeakINITIALIZE_DONT_EXIT);
    if (r > 0) espeak_SetSynthCallback(on_samples);
    return r > 0 ? r : 0;
  }();
  return rate;
}

Status not_installed() {
  return failed_precondition("espeak-ng could not start: install the Debian packages espeak-ng and libespeak-ng-dev "
                             "(scripts/install-deps)");
}

}  // namespace

Result<Audio> espeak_speak(const std::string& text, const SpeakOptions& options) {
  std::lock_guard lock(espeak_mutex());
  int rate = espeak_rate_locked();
  if (rate == 0) return not_installed();
  if (espeak_SetVoiceByName(options.voice.c_str()) != EE_OK)
    return invalid_argument("unknown voice \"" + options.voice + "\" (espeak-ng --voices=en lists them)", "voice");
  espeak_SetParameter(espeakRATE, options.words_per_minute, 0);
  Audio audio;
  audio.sample_rate = rate;
  g_samples = &audio.samples;
  espeak_ERROR e = espeak_Synth(text.c_str(), text.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8 | espeakENDPAUSE, nullptr, nullptr);
  espeak_Synchronize();
  g_samples = nullptr;
  if (e != EE_OK) return internal_error("espeak-ng failed to synthesise (error " + std::to_string(e) + ")");
  return audio;
}

Result<std::string> espeak_ipa(const std::string& word) {
  std::lock_guard lock(espeak_mutex());
  if (espeak_rate_locked() == 0) return not_installed();
  if (espeak_SetVoiceByName("en-us") != EE_OK) return not_installed();
  const void* cursor = word.c_str();
  std::string ipa;
  const int ipa_with_separator = 0x02 | ('_' << 8);
  while (cursor) {
    const char* piece = espeak_TextToPhonemes(&cursor, espeakCHARS_UTF8, ipa_with_separator);
    if (piece) ipa += (ipa.empty() ? "" : "_") + std::string(piece);
  }
  return ipa;
}

}  // namespace oiis::voice::detail
