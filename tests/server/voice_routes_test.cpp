// /api/v1/voice: speak a sentence, transcribe the WAV that came back (the real espeak-ng and
// PocketSphinx), and every way a request can be wrong answered with a 4xx naming the field.
#include "server/server_fixture.h"
#include "voice/voice.h"

namespace oiis::testing {
namespace {

class VoiceRoutesTest : public ServerTest {
 protected:
  Reply post_audio(const std::string& body, const std::string& content_type, const char* key = kReadKey) {
    httplib::Headers headers;
    if (key) headers.emplace("Authorization", std::string("Bearer ") + key);
    auto r = client_->Post("/api/v1/voice/transcribe", headers, body, content_type.c_str());
    Reply reply;
    if (!r) return reply;
    reply.status = r->status;
    reply.body = r->body;
    reply.json = Json::parse(r->body, nullptr, false);
    return reply;
  }
};

TEST_F(VoiceRoutesTest, SpeakThenTranscribe) {
  Reply spoken = post("/api/v1/voice/speak", {{"text", "what products should i reorder this week"}}, kReadKey);
  ASSERT_EQ(spoken.status, 200) << spoken.body;
  auto audio = voice::parse_wav(spoken.body);
  ASSERT_TRUE(audio) << audio.status().to_string();
  EXPECT_GT(audio->seconds(), 1.0);

  Reply heard = post_audio(spoken.body, "audio/wav");
  ASSERT_EQ(heard.status, 200) << heard.body;
  auto words = voice::recognizer_words(heard.json["text"].get<std::string>());
  auto e = voice::word_errors(voice::recognizer_words("what products should i reorder this week"), words);
  EXPECT_LE(e.errors, 2u) << heard.body;
  EXPECT_GT(heard.json["seconds"].get<double>(), 1.0);
  EXPECT_EQ(heard.json["model"].get<std::string>().rfind("shop:", 0), 0u);
  ASSERT_FALSE(heard.json["words"].empty());
  EXPECT_TRUE(heard.json["words"][0].contains("confidence"));
}

TEST_F(VoiceRoutesTest, BadRequestsNameTheField) {
  voice::Audio silence;
  silence.samples.assign(16000, 0);
  const std::string wav = voice::to_wav(silence);
  EXPECT_EQ(post_audio(wav, "application/json").error_field(), "Content-Type");
  EXPECT_EQ(post_audio("not a wav at all", "audio/wav").error_field(), "body");
  Reply empty = post_audio("", "audio/wav");
  EXPECT_EQ(empty.status, 400);
  voice::Audio too_long;
  too_long.samples.assign(16000 * 25, 0);  // 25 s: over the 20 s limit, under the body limit
  Reply long_reply = post_audio(voice::to_wav(too_long), "audio/wav");
  EXPECT_EQ(long_reply.status, 400);
  EXPECT_EQ(long_reply.error_field(), "body");
  EXPECT_NE(long_reply.body.find("at most 20 s"), std::string::npos) << long_reply.body;
  EXPECT_EQ(post_audio(wav, "audio/wav", nullptr).status, 401);

  EXPECT_EQ(post("/api/v1/voice/speak", Json::object(), kReadKey).error_field(), "text");
  EXPECT_EQ(post("/api/v1/voice/speak", {{"text", "hi"}, {"speed", 5}}, kReadKey).error_field(), "speed");
  EXPECT_EQ(post("/api/v1/voice/speak", {{"text", "hi"}, {"voice", "xx-none"}}, kReadKey).error_field(), "voice");
  EXPECT_EQ(post("/api/v1/voice/speak", {{"text", std::string(3000, 'a')}}, kReadKey).error_field(), "text");
}

}  // namespace
}  // namespace oiis::testing
