// PocketSphinx behind Recognizer: one decoder per object, fed 16 kHz 16-bit mono.
#include <pocketsphinx.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <numeric>

#include "voice/voice.h"

namespace oiis::voice {

struct Recognizer::Impl {
  cmd_ln_t* config = nullptr;
  ps_decoder_t* decoder = nullptr;
  std::string model_name;
  double noise_floor_db = 0;
  std::size_t alternatives = 0;
  ~Impl() {
    if (decoder) ps_free(decoder);
    if (config) cmd_ln_free_r(config);
  }
};

namespace {

// Filler and sentence marks the decoder writes between words.
bool is_filler(const std::string& word) { return word.empty() || word[0] == '<' || word[0] == '['; }

std::string base_word(const char* word) {  // "read(2)" -> "read"
  std::string w = word ? word : "";
  if (auto paren = w.find('('); paren != std::string::npos) w.resize(paren);
  return w;
}

void collect_words(ps_decoder_t* decoder, Transcript& t) {
  logmath_t* logmath = ps_get_logmath(decoder);
  const double frames_per_second = 100.0;  // PocketSphinx's default frame rate
  for (ps_seg_t* seg = ps_seg_iter(decoder); seg; seg = ps_seg_next(seg)) {
    std::string word = base_word(ps_seg_word(seg));
    if (is_filler(word)) continue;
    int start = 0, end = 0;
    ps_seg_frames(seg, &start, &end);
    int32 acoustic = 0, language = 0, backoff = 0;
    int32 posterior = ps_seg_prob(seg, &acoustic, &language, &backoff);
    t.words.push_back({word, start / frames_per_second, (end + 1) / frames_per_second, logmath_exp(logmath, posterior)});
    t.text += (t.text.empty() ? "" : " ") + word;
  }
}

// The lattice's next-best sentences (fillers dropped), skipping repeats of the best one and of
// each other: the n-best list often differs only in fillers or pronunciation variants.
void collect_alternatives(ps_decoder_t* decoder, std::size_t limit, Transcript& t) {
  if (limit == 0) return;
  std::size_t looked = 0;
  ps_nbest_t* nbest = ps_nbest(decoder);
  for (; nbest && t.alternatives.size() < limit && looked < 20 * limit; nbest = ps_nbest_next(nbest), ++looked) {
    std::string sentence;
    for (ps_seg_t* seg = ps_nbest_seg(nbest); seg; seg = ps_seg_next(seg)) {
      std::string word = base_word(ps_seg_word(seg));
      if (!is_filler(word)) sentence += (sentence.empty() ? "" : " ") + word;
    }
    if (sentence == t.text || std::find(t.alternatives.begin(), t.alternatives.end(), sentence) != t.alternatives.end()) continue;
    t.alternatives.push_back(sentence);
  }
  if (nbest) ps_nbest_free(nbest);
}

// The clip's speech level: the mean power of its louder half of 10 ms frames (a push-to-talk
// clip is mostly speech; its pauses would pull a whole-clip mean down).
double speech_power(const std::vector<std::int16_t>& samples) {
  std::vector<double> frames;
  for (std::size_t at = 0; at + 160 <= samples.size(); at += 160) {
    double sum = 0;
    for (std::size_t i = at; i < at + 160; ++i) sum += static_cast<double>(samples[i]) * samples[i];
    frames.push_back(sum / 160);
  }
  if (frames.empty()) return 0;
  std::sort(frames.begin(), frames.end(), std::greater<>());
  std::size_t half = (frames.size() + 1) / 2;
  return std::accumulate(frames.begin(), frames.begin() + static_cast<std::ptrdiff_t>(half), 0.0) / static_cast<double>(half);
}

// White noise `floor_db` below the speech level, from a fixed-seed generator so that the same
// clip always gives the same transcript. Real microphones have a floor of their own (often
// 30 to 50 dB down); synthetic speech and gated microphones fall to near digital silence in
// stop closures and pauses, whose log energies and their jumps are far outside what the
// acoustic model was trained on.
void add_noise_floor(std::vector<std::int16_t>& samples, double floor_db) {
  if (floor_db <= 0) return;
  double power = speech_power(samples);
  if (power <= 0) return;
  // Uniform noise in [-a, a] has RMS a / sqrt(3).
  double amplitude = std::sqrt(3 * power) * std::pow(10.0, -floor_db / 20);
  std::uint64_t state = 0x9E3779B97F4A7C15ull;
  for (auto& s : samples) {
    state ^= state << 13, state ^= state >> 7, state ^= state << 17;  // xorshift64
    double u = static_cast<double>(state >> 11) / static_cast<double>(1ull << 53) * 2 - 1;
    s = static_cast<std::int16_t>(std::clamp(std::lround(s + amplitude * u), -32768L, 32767L));
  }
}

}  // namespace

Recognizer::Recognizer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Recognizer::~Recognizer() = default;

Result<std::unique_ptr<Recognizer>> Recognizer::open(const RecognizerOptions& options) {
  auto model = find_sphinx_model();
  if (!model) return model.status();
  namespace fs = std::filesystem;
  auto impl = std::make_unique<Impl>();
  std::string lm, dict;
  if (options.model_dir.empty()) {
    lm = (fs::path(model->acoustic).parent_path() / "en-us.lm.bin").string();
    dict = model->dictionary;
    impl->model_name = "en-us";
  } else {
    lm = (fs::path(options.model_dir) / "shop.arpa").string();
    dict = (fs::path(options.model_dir) / "shop.dict").string();
    impl->model_name = "shop:" + fs::path(options.model_dir).filename().string();
  }
  char weight[32];
  std::snprintf(weight, sizeof weight, "%.3f", options.language_weight);
  // -dither: a least-significant bit of noise on every frame; the fixed seed keeps transcripts
  // reproducible. (The noise floor added in transcribe() does the real work for audio without
  // a floor of its own.)
  std::vector<std::string> args = {"-hmm", model->acoustic, "-lm", lm, "-dict", dict, "-lw", weight,
                                   "-dither", "yes", "-seed", "1", "-logfn", "/dev/null"};
  for (const auto& [name, value] : options.decoder_settings) args.insert(args.end(), {name, value});
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  impl->config = cmd_ln_parse_r(nullptr, ps_args(), static_cast<int32>(argv.size()), argv.data(), TRUE);
  impl->noise_floor_db = options.noise_floor_db;
  impl->alternatives = options.alternatives;
  if (!impl->config) return internal_error("PocketSphinx rejected its configuration (model " + impl->model_name + ")");
  impl->decoder = ps_init(impl->config);
  if (!impl->decoder) return internal_error("PocketSphinx could not load " + lm + " with " + dict);
  return std::unique_ptr<Recognizer>(new Recognizer(std::move(impl)));
}

Result<Transcript> Recognizer::transcribe(const Audio& audio) {
  auto t0 = std::chrono::steady_clock::now();
  Audio pcm = resample(audio, 16000);
  // A push-to-talk clip often ends on the last word: the decoder needs a little trailing quiet
  // to finish it, so a quarter second is appended (filled by the noise floor below).
  pcm.samples.resize(pcm.samples.size() + 4000, 0);
  add_noise_floor(pcm.samples, impl_->noise_floor_db);
  Transcript t;
  t.model = impl_->model_name;
  t.audio_seconds = audio.seconds();
  if (ps_start_utt(impl_->decoder) < 0) return internal_error("PocketSphinx could not start an utterance");
  if (ps_process_raw(impl_->decoder, pcm.samples.data(), pcm.samples.size(), FALSE, TRUE) < 0) {
    ps_end_utt(impl_->decoder);
    return internal_error("PocketSphinx could not decode the audio");
  }
  ps_end_utt(impl_->decoder);
  collect_words(impl_->decoder, t);
  collect_alternatives(impl_->decoder, impl_->alternatives, t);
  t.decode_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return t;
}

}  // namespace oiis::voice
