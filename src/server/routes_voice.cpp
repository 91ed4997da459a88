// Voice over HTTP (services/voice_service.h; docs/assistant.md, Voice): a WAV in, its transcript
// out; text in, a WAV out. These handlers check the request's shape and reply.
#include <algorithm>
#include <cctype>

#include "common/json_reader.h"
#include "server/api.h"
#include "services/voice_service.h"

namespace oiis::server {
namespace {

// "audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave", parameters ignored.
bool is_wav_content_type(std::string type) {
  type = type.substr(0, type.find(';'));
  std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::tolower(c); });
  type.erase(type.find_last_not_of(" \t") + 1);
  return type == "audio/wav" || type == "audio/x-wav" || type == "audio/wave" || type == "audio/vnd.wave";
}

Status voice_transcribe(Ctx& c) {
  std::string type = c.req.get_header_value("Content-Type");
  if (!is_wav_content_type(type))
    return invalid_argument("send the recording as audio/wav (16-bit PCM, 16 kHz mono preferred), not \"" +
                                (type.empty() ? std::string("none") : type) + "\"",
                            "Content-Type");
  if (c.req.body.empty()) return invalid_argument("the request body must be a WAV file", "body");
  auto t = c.api.voice().transcribe(c.req.body);
  if (!t) return t.status();
  Json words = Json::array();
  for (const auto& w : t->words)
    words.push_back({{"word", w.word}, {"start", w.start}, {"end", w.end}, {"confidence", w.confidence}});
  return reply(c, {{"text", t->text}, {"words", words}, {"seconds", t->audio_seconds},
                   {"decode_seconds", t->decode_seconds}, {"model", t->model}});
}

Status voice_speak(Ctx& c) {
  auto body = body_json(c);
  if (!body) return body.status();
  std::string text;
  std::optional<std::int64_t> speed;
  voice::SpeakOptions options;
  JsonObjectReader r(*body);
  r.text("text", text, true).text("voice", options.voice).integer("speed", speed);
  OIIS_RETURN_IF_ERROR(r.finish());  // the voice and the range of speed are espeak's to check
  if (speed) options.words_per_minute = static_cast<int>(std::clamp<std::int64_t>(*speed, -1, 10000));
  auto audio = c.api.voice().speak(text, options);
  if (!audio) return audio.status();
  c.res.set_header("X-Audio-Seconds", std::to_string(audio->seconds));
  c.res.set_content(audio->wav, "audio/wav");
  return Status::ok();
}

}  // namespace

void add_voice_routes(RouteTable& t) {
  RouteSpec transcribe{"POST", "/api/v1/voice/transcribe", Role::kRead, "voice",
                       "Speech to text, offline (PocketSphinx) over a language model built from the assistant's "
                       "questions and the catalogue's product, category and supplier names. Body: a WAV file "
                       "(Content-Type audio/wav), 16-bit PCM, mono or stereo, 8-48 kHz (16 kHz mono preferred; "
                       "other rates are resampled), at most 20 s. Answers the text, each word with its start, end "
                       "and confidence, the audio's seconds and the model; 503 when the recogniser stays busy",
                       "VoiceAudio", "VoiceTranscript", 200, {}, voice_transcribe};
  transcribe.request_content_type = "audio/wav";
  t.push_back(std::move(transcribe));
  t.push_back({"POST", "/api/v1/voice/speak", Role::kRead, "voice",
               "Text to speech, offline (espeak-ng): body {text (at most 2,000 characters), voice? (en-us, "
               "en-gb, en-us+f3, ...), speed? (words per minute, 80..450)}; answers a 16-bit mono WAV with "
               "numbers read as people say them (\"1200 units\": one thousand two hundred units, \"$19.99\": "
               "nineteen ninety-nine, \"2025\": twenty twenty-five)",
               "VoiceSpeakRequest", "", 200, {}, voice_speak, "audio/wav"});
}

}  // namespace oiis::server
