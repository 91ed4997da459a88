// Voice for the assistant (docs/assistant.md, Voice): transcription over a language model built
// from the shop's words - the assistant's training questions and the store's product names,
// categories and supplier names - rebuilt when the catalogue changes, and speech for answers.
// The routes and the CLI call these; the work is module voice's.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/store.h"
#include "voice/voice.h"

namespace oiis::services {

// The language model's text: `questions` as they are, then each product name, category and
// supplier name of the store as a sentence of its own.
Result<std::vector<std::string>> shop_sentences(Store& store, const std::vector<std::string>& questions);

struct VoiceOptions {
  std::string cache_dir;               // where built models live ("" = <tmp>/oiis-voice)
  std::vector<std::string> questions;  // how people ask (the router's training questions)
  voice::ModelBuildOptions build;
  double language_weight = 10;         // chosen on the validation set (docs/evaluation.md)
  double noise_floor_db = 30;          // voice::RecognizerOptions; chosen on the validation set
  std::vector<std::pair<std::string, std::string>> decoder_settings;  // evaluation runs only
  std::size_t alternatives = 0;  // n-best sentences in each transcript (evaluation runs only)
  voice::WavLimits limits;
  double busy_wait_seconds = 5;        // a request waits this long for the decoder, then gets 503
  // Every order changes the store's data version; the catalogue is read again at most this
  // often, so transcribing in a busy shop does not reread every product name each time.
  double catalogue_check_seconds = 60;
};

struct SpokenAudio {
  std::string wav;
  double seconds = 0;
};

class VoiceService {
 public:
  VoiceService(Store& store, VoiceOptions options);
  ~VoiceService();
  // `wav_bytes` is a WAV file (errors name "body"); the model follows the store's catalogue.
  Result<voice::Transcript> transcribe(std::string_view wav_bytes);
  // A 16-bit mono WAV of `text` spoken, numbers as words.
  Result<SpokenAudio> speak(std::string_view text, const voice::SpeakOptions& options);
  // Builds (or finds in the cache) the model for the store's current catalogue.
  Result<voice::ModelBuildReport> prepare();

 private:
  Result<voice::Recognizer*> current_recognizer();  // with decoder_mutex_ held

  Store& store_;
  VoiceOptions options_;
  std::timed_mutex decoder_mutex_;
  std::string data_version_;  // of the store when the model was last checked
  std::chrono::steady_clock::time_point checked_at_{};
  std::string model_dir_;
  std::unique_ptr<voice::Recognizer> recognizer_;
};

}  // namespace oiis::services
