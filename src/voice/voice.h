// Offline voice in and out (docs/assistant.md, Voice): WAV in and out, speech to text with
// PocketSphinx over a language model built from the shop's own words, text to speech with
// espeak-ng, and numbers written the way people say them. Knows no store: callers hand in the
// sentences and names the language model is built from (services/voice_service.h).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace oiis::voice {

// --- audio
struct Audio {
  int sample_rate = 16000;
  std::vector<std::int16_t> samples;  // mono
  double seconds() const { return sample_rate > 0 ? static_cast<double>(samples.size()) / sample_rate : 0.0; }
};

struct WavLimits {
  double max_seconds = 20;  // longer clips are refused: a request must not hold a decoder for long
  int min_rate = 8000, max_rate = 48000;
};

// A RIFF/WAVE file of 16-bit PCM, one or two channels (two are averaged), at a rate within the
// limits. Errors are kInvalidArgument naming `field` and what is wrong with it.
Result<Audio> parse_wav(std::string_view bytes, const WavLimits& limits = {}, const std::string& field = "body");
// A 16-bit mono PCM WAV file.
std::string to_wav(const Audio& audio);
// Band-limited (windowed-sinc) resampling; the same audio when the rate already matches.
Audio resample(const Audio& audio, int rate);

// --- words
// `text` with its numbers, money, percentages, years and ISO dates written as spoken words:
// "1200 units" -> "one thousand two hundred units", "$19.99" -> "nineteen ninety-nine",
// "$1,250.50" -> "one thousand two hundred fifty dollars and fifty cents", "in 2025" -> "in
// twenty twenty-five", "12.5%" -> "twelve point five percent" (docs/assistant.md, Voice).
std::string spoken_text(std::string_view text);
std::string integer_words(std::int64_t n);  // 1200 -> "one thousand two hundred"
std::string year_words(int year);           // 2025 -> "twenty twenty-five", 2005 -> "two thousand five"
// Lowercase words as the recogniser writes them: numbers spoken, punctuation dropped,
// apostrophes inside words kept ("what's").
std::vector<std::string> recognizer_words(std::string_view text);

// Word error rate pieces: substitutions + deletions + insertions against the reference.
struct WordErrors {
  std::size_t errors = 0, reference_words = 0;
};
WordErrors word_errors(const std::vector<std::string>& reference, const std::vector<std::string>& hypothesis);

// --- language model
// An interpolated Witten-Bell trigram model over `sentences` (each a list of words) in ARPA
// text form, <s> and </s> added. With `background` (words and probabilities summing to 1), the
// unigrams are (1 - background_weight) * the sentences' + background_weight * the background's,
// so that words the sentences never used can still be heard.
std::string build_arpa(const std::vector<std::vector<std::string>>& sentences,
                       const std::vector<std::pair<std::string, double>>& background = {}, double background_weight = 0);

// --- recognition
struct ModelBuildOptions {
  // Words missing from the pronunciation dictionary get espeak-ng's pronunciation mapped to
  // CMU phones; off, such words are left out of the language model.
  bool pronounce_unknown = true;
  // The most frequent words of PocketSphinx's generic model mixed in as background unigrams
  // (0 = none), and their share of the unigram mass. Off: on the validation set 5,000 words at
  // 0.3 routed fewer transcripts right and decoded slower (docs/evaluation.md, Voice).
  std::size_t background_words = 0;
  double background_weight = 0.3;
};
struct ModelBuildReport {
  std::string dir;
  std::size_t sentences = 0, vocabulary = 0, pronounced = 0, dropped = 0;  // dropped: no pronunciation
  bool reused = false;  // the cache already held the model for this text
};
// Writes shop.arpa and shop.dict into `cache_root`/<hash of the text and options>/ unless they
// are there already. The acoustic model and dictionary come from find_sphinx_model().
Result<ModelBuildReport> build_shop_model(const std::vector<std::string>& sentences, const std::string& cache_root,
                                          const ModelBuildOptions& options = {});

struct SphinxModel {
  std::string acoustic, dictionary;  // en-us/ and cmudict-en-us.dict
};
// $OIIS_POCKETSPHINX_MODEL, else /usr/share/pocketsphinx/model/en-us; kFailedPrecondition
// naming the package to install when missing.
Result<SphinxModel> find_sphinx_model();

struct RecognizerOptions {
  std::string model_dir;       // from build_shop_model; "" = PocketSphinx's generic en-us model
  double language_weight = 6.5;  // -lw: how much the language model counts against the acoustics
  // White noise is mixed in this many dB below the clip's speech level before decoding (0 =
  // none): the acoustic model was trained on recordings that always have a noise floor, and
  // synthetic or gated audio without one (stop closures and pauses near digital silence) is
  // misheard (docs/assistant.md, Voice: the log of what was measured).
  double noise_floor_db = 30;
  // Further PocketSphinx settings as name, value pairs ("-beam", "1e-60"): for evaluation runs.
  std::vector<std::pair<std::string, std::string>> decoder_settings;
  // Up to this many other sentences of the lattice's n-best list go into
  // Transcript::alternatives (0 = none; evaluation runs).
  std::size_t alternatives = 0;
};
struct RecognizedWord {
  std::string word;
  double start = 0, end = 0, confidence = 0;  // seconds; posterior probability 0..1
};
struct Transcript {
  std::string text;
  std::vector<RecognizedWord> words;
  double audio_seconds = 0, decode_seconds = 0;
  std::string model;  // "shop:<hash>" or "en-us"
  std::vector<std::string> alternatives;  // the n-best list's next sentences, distinct from text
};

// One PocketSphinx decoder; not for concurrent use (callers pool or lock).
class Recognizer {
 public:
  static Result<std::unique_ptr<Recognizer>> open(const RecognizerOptions& options);
  ~Recognizer();
  Recognizer(const Recognizer&) = delete;
  Recognizer& operator=(const Recognizer&) = delete;
  // Audio at any rate (resampled to 16 kHz).
  Result<Transcript> transcribe(const Audio& audio);

 private:
  struct Impl;
  explicit Recognizer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// --- synthesis
struct SpeakOptions {
  std::string voice = "en-us";  // an espeak-ng voice name, variants as "en-us+f3"
  int words_per_minute = 165;   // 80..450
};
// Speech for `text` (spoken_text() applied first) at espeak-ng's rate (22,050 Hz). Serialised
// inside: espeak-ng keeps global state. kInvalidArgument naming "text", "voice" or "speed".
Result<Audio> synthesize(std::string_view text, const SpeakOptions& options = {});
inline constexpr std::size_t kMaxSpeakCharacters = 2000;

}  // namespace oiis::voice
