#include "services/voice_service.h"

#include <chrono>
#include <filesystem>
#include <set>

#include "data/import_support.h"

namespace oiis::services {

Result<std::vector<std::string>> shop_sentences(Store& store, const std::vector<std::string>& questions) {
  std::vector<std::string> sentences = questions;
  std::set<std::string> categories;
  OIIS_RETURN_IF_ERROR(import_detail::for_each_page([&](const PageRequest& p) { return store.list_products({}, p); },
                                                    [&](const Product& p) {
                                                      sentences.push_back(p.name);
                                                      if (!p.category.empty()) categories.insert(p.category);
                                                    }));
  sentences.insert(sentences.end(), categories.begin(), categories.end());
  OIIS_RETURN_IF_ERROR(import_detail::for_each_page([&](const PageRequest& p) { return store.list_suppliers({}, p); },
                                                    [&](const Supplier& s) { sentences.push_back(s.name); }));
  return sentences;
}

VoiceService::VoiceService(Store& store, VoiceOptions options) : store_(store), options_(std::move(options)) {
  if (options_.cache_dir.empty()) options_.cache_dir = (std::filesystem::temp_directory_path() / "oiis-voice").string();
}

VoiceService::~VoiceService() = default;

Result<voice::ModelBuildReport> VoiceService::prepare() {
  auto sentences = shop_sentences(store_, options_.questions);
  if (!sentences) return sentences.status();
  return voice::build_shop_model(*sentences, options_.cache_dir, options_.build);
}

Result<voice::Recognizer*> VoiceService::current_recognizer() {
  // The catalogue is read again only when the store has changed since the last look (and that
  // look is catalogue_check_seconds old), and the decoder reopened only when the model's text
  // (hence its folder) differs.
  const auto now = std::chrono::steady_clock::now();
  if (recognizer_ && now - checked_at_ < std::chrono::duration<double>(options_.catalogue_check_seconds))
    return recognizer_.get();
  auto version = store_.data_version();
  if (!version) return version.status();
  checked_at_ = now;
  if (recognizer_ && *version == data_version_) return recognizer_.get();
  auto model = prepare();
  if (!model) return model.status();
  if (!recognizer_ || model->dir != model_dir_) {
    voice::RecognizerOptions recognizer_options;
    recognizer_options.model_dir = model->dir;
    recognizer_options.language_weight = options_.language_weight;
    recognizer_options.noise_floor_db = options_.noise_floor_db;
    recognizer_options.decoder_settings = options_.decoder_settings;
    recognizer_options.alternatives = options_.alternatives;
    auto opened = voice::Recognizer::open(recognizer_options);
    if (!opened) return opened.status();
    recognizer_ = std::move(*opened);
    model_dir_ = model->dir;
  }
  data_version_ = *version;
  return recognizer_.get();
}

Result<voice::Transcript> VoiceService::transcribe(std::string_view wav_bytes) {
  auto audio = voice::parse_wav(wav_bytes, options_.limits, "body");
  if (!audio) return audio.status();
  std::unique_lock lock(decoder_mutex_, std::defer_lock);
  if (!lock.try_lock_for(std::chrono::duration<double>(options_.busy_wait_seconds)))
    return unavailable("the recogniser is busy with other recordings; try again shortly");
  auto recognizer = current_recognizer();
  if (!recognizer) return recognizer.status();
  return (*recognizer)->transcribe(*audio);
}

Result<SpokenAudio> VoiceService::speak(std::string_view text, const voice::SpeakOptions& options) {
  auto audio = voice::synthesize(text, options);
  if (!audio) return audio.status();
  return SpokenAudio{voice::to_wav(*audio), audio->seconds()};
}

}  // namespace oiis::services
