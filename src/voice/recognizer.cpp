// PocketSphinx behind Recognizer: one decoder per object, fed 16 kHz 16-bit mono.
#include <pocketsphinx.h>

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "voice/voice.h"

namespace oiis::voice {

struct Recognizer::Impl {
  cmd_ln_t* config = nullptr;
  ps_decoder_t* decoder = nullptr;
  std::string model_name;
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
  // -dither: synthesised speech and gated microphones hold stretches of exact zeros, whose
  // log energies skew the utterance's cepstral mean; a least-significant bit of noise keeps the
  // first words (measured: without it the first second was misheard on most espeak-ng clips).
  // A fixed seed keeps transcripts reproducible.
  impl->config = cmd_ln_init(nullptr, ps_args(), TRUE, "-hmm", model->acoustic.c_str(), "-lm", lm.c_str(), "-dict",
                             dict.c_str(), "-lw", weight, "-dither", "yes", "-seed", "1", "-logfn", "/dev/null", nullptr);
  if (!impl->config) return internal_error("PocketSphinx rejected its configuration (model " + impl->model_name + ")");
  impl->decoder = ps_init(impl->config);
  if (!impl->decoder) return internal_error("PocketSphinx could not load " + lm + " with " + dict);
  return std::unique_ptr<Recognizer>(new Recognizer(std::move(impl)));
}

Result<Transcript> Recognizer::transcribe(const Audio& audio) {
  auto t0 = std::chrono::steady_clock::now();
  Audio pcm = resample(audio, 16000);
  // A push-to-talk clip often ends on the last word: the decoder needs a little trailing quiet
  // to finish it, so a quarter second of faint noise (not digital silence, which upsets the
  // feature normalisation) is added.
  for (int i = 0; i < 4000; ++i) pcm.samples.push_back(static_cast<std::int16_t>((i * 7919 % 7) - 3));
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
  t.decode_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return t;
}

}  // namespace oiis::voice
