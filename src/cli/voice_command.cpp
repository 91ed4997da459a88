// `oiis voice transcribe|speak|eval`: speech to text over the shop's language model, text to
// speech, and the evaluation on synthesised recordings (voice_eval_command.cpp).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "agents/router.h"
#include "cli/commands.h"
#include "cli/voice_support.h"

namespace oiis::cli {

std::vector<std::string> shipped_question_texts() {
  std::vector<std::string> texts;
  for (const auto& q : agents::shipped_training_questions()) texts.push_back(q.question);
  return texts;
}

services::VoiceOptions voice_options_for(const StoreArgs& store) {
  services::VoiceOptions options;
  options.cache_dir = (std::filesystem::path(store.data_dir) / "voice").string();
  options.questions = shipped_question_texts();
  return options;
}

nlohmann::json transcript_json(const voice::Transcript& t) {
  nlohmann::json words = nlohmann::json::array();
  for (const auto& w : t.words) words.push_back({{"word", w.word}, {"start", w.start}, {"end", w.end}, {"confidence", w.confidence}});
  return {{"text", t.text}, {"words", words}, {"seconds", t.audio_seconds}, {"decode_seconds", t.decode_seconds}, {"model", t.model}};
}

Result<std::string> read_binary_file(const std::string& path, const std::string& field) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return invalid_argument("cannot read " + path, field);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

namespace {

struct TranscribeArgs {
  StoreArgs store;
  std::string file;
  bool json = false;
  double language_weight = 0;
};

int run_transcribe(const TranscribeArgs& a) {
  auto bytes = read_binary_file(a.file, "file");
  if (!bytes) return fail(bytes.status());
  auto store = open_store_or_report(a.store);
  if (!store) return 1;
  auto options = voice_options_for(a.store);
  if (a.language_weight > 0) options.language_weight = a.language_weight;
  services::VoiceService service(*store, options);
  auto t = service.transcribe(*bytes);
  if (!t) return fail(t.status());
  if (a.json) std::printf("%s\n", transcript_json(*t).dump(2).c_str());
  else std::printf("%s\n", t->text.c_str());
  return 0;
}

struct SpeakArgs {
  std::string text, out;
  voice::SpeakOptions options;
};

int run_speak(const SpeakArgs& a) {
  auto audio = voice::synthesize(a.text, a.options);
  if (!audio) return fail(audio.status());
  std::ofstream out(a.out, std::ios::binary);
  out << voice::to_wav(voice::resample(*audio, 16000));
  if (!out) return fail(invalid_argument("cannot write " + a.out, "out"));
  std::printf("wrote %s (%.2f s, 16 kHz mono)\n", a.out.c_str(), audio->seconds());
  return 0;
}

}  // namespace

void add_voice_command(CLI::App& app, int& exit_code) {
  auto* group = app.add_subcommand("voice", "Offline speech: transcribe a WAV over the shop's language model, speak text, evaluate");
  group->require_subcommand(1);

  auto t = std::make_shared<TranscribeArgs>();
  auto* transcribe = group->add_subcommand(
      "transcribe", "Speech to text (PocketSphinx) over a language model built from the assistant's questions and the catalogue");
  add_store_options(*transcribe, t->store);
  transcribe->add_option("file", t->file, "A WAV file: 16-bit PCM, mono or stereo, 8-48 kHz (16 kHz mono preferred), at most 20 s")->required();
  transcribe->add_flag("--json", t->json, "Print {text, words (with times and confidence), seconds, decode_seconds, model}");
  transcribe->add_option("--lw", t->language_weight, "Language weight (default: the one chosen in docs/evaluation.md)");
  transcribe->callback([t, &exit_code] { exit_code = run_transcribe(*t); });

  auto s = std::make_shared<SpeakArgs>();
  auto* speak = group->add_subcommand("speak", "Text to speech (espeak-ng) into a 16 kHz mono WAV, numbers read as people say them");
  speak->add_option("text", s->text, "What to say, e.g. \"We sold 1200 units for $19.99 in 2025\"")->required();
  speak->add_option("--out", s->out, "The WAV file to write")->required();
  speak->add_option("--voice", s->options.voice, "An espeak-ng voice: en-us, en-gb, en-us+f3, ... (espeak-ng --voices=en)")->capture_default_str();
  speak->add_option("--speed", s->options.words_per_minute, "Words per minute, 80..450")->capture_default_str();
  speak->callback([s, &exit_code] { exit_code = run_speak(*s); });

  add_voice_eval_command(*group, exit_code);
}

}  // namespace oiis::cli
