// The real parts end to end: espeak-ng speaks, PocketSphinx listens over a shop model built
// from a handful of sentences; WAV parsing refuses what it cannot take, naming the field.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "voice/voice.h"

namespace oiis::voice {
namespace {

std::string temp_cache() {
  auto dir = std::filesystem::temp_directory_path() / ("oiis-voice-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir.string();
}

TEST(Wav, RoundTripsAndResamples) {
  Audio a;
  a.sample_rate = 22050;
  for (int i = 0; i < 22050; ++i) a.samples.push_back(static_cast<std::int16_t>((i % 100) * 100 - 5000));
  auto parsed = parse_wav(to_wav(a));
  ASSERT_TRUE(parsed.is_ok()) << parsed.status().to_string();
  EXPECT_EQ(parsed->sample_rate, 22050);
  EXPECT_EQ(parsed->samples, a.samples);
  Audio r = resample(a, 16000);
  EXPECT_EQ(r.sample_rate, 16000);
  EXPECT_NEAR(r.seconds(), 1.0, 0.001);
}

TEST(Wav, RefusesWhatItCannotTake) {
  auto not_wav = parse_wav("hello, this is not audio");
  ASSERT_FALSE(not_wav.is_ok());
  EXPECT_EQ(not_wav.status().field(), "body");
  Audio a;
  a.sample_rate = 16000;
  a.samples.assign(16000 * 3, 0);
  WavLimits short_limit;
  short_limit.max_seconds = 2;
  auto too_long = parse_wav(to_wav(a), short_limit);
  ASSERT_FALSE(too_long.is_ok());
  EXPECT_NE(too_long.status().message().find("at most 2 s"), std::string::npos);
  std::string eight_bit = to_wav(a);
  eight_bit[34] = 8;  // bits per sample
  auto wrong_bits = parse_wav(eight_bit);
  ASSERT_FALSE(wrong_bits.is_ok());
  EXPECT_NE(wrong_bits.status().message().find("16-bit"), std::string::npos);
}

TEST(Arpa, WellFormedTrigramModel) {
  std::string arpa = build_arpa({{"reorder", "the", "socks"}, {"reorder", "the", "mugs"}});
  EXPECT_NE(arpa.find("ngram 1=6"), std::string::npos) << arpa;  // <s> </s> reorder the socks mugs
  EXPECT_NE(arpa.find("\\3-grams:"), std::string::npos);
  EXPECT_NE(arpa.find("reorder the socks"), std::string::npos);
  EXPECT_NE(arpa.find("\\end\\"), std::string::npos);
}

TEST(Arpa, BackgroundWordsGetUnigramsOnly) {
  std::string arpa = build_arpa({{"reorder", "socks"}}, {{"clients", 0.5}, {"socks", 0.5}}, 0.3);
  EXPECT_NE(arpa.find("ngram 1=5"), std::string::npos) << arpa;  // <s> </s> reorder socks clients
  EXPECT_NE(arpa.find("\tclients\n"), std::string::npos) << arpa;
  EXPECT_EQ(arpa.find("reorder clients"), std::string::npos);
}

TEST(Speak, RefusesBadRequestsNamingTheField) {
  EXPECT_EQ(synthesize("   ").status().field(), "text");
  EXPECT_EQ(synthesize(std::string(kMaxSpeakCharacters + 1, 'a')).status().field(), "text");
  EXPECT_EQ(synthesize("hello", {"en-us", 10}).status().field(), "speed");
  EXPECT_EQ(synthesize("hello", {"no-such-voice", 160}).status().field(), "voice");
  EXPECT_EQ(synthesize("hello", {"en-us; rm", 160}).status().field(), "voice");
}

TEST(RoundTrip, SpeakThenTranscribeUnderWerCeiling) {
  std::vector<std::string> corpus = {
      "what products should i reorder this week",  "how much revenue did we make last month",
      "which customers are likely to churn",       "show me the stock of wireless mouse",
      "who are our best customers",                "what are the top selling products in toys",
      "forecast demand for coffee mugs next month", "which supplier is late on deliveries"};
  auto model = build_shop_model(corpus, temp_cache());
  ASSERT_TRUE(model.is_ok()) << model.status().to_string();
  auto again = build_shop_model(corpus, temp_cache());
  ASSERT_TRUE(again.is_ok());
  EXPECT_TRUE(again->reused);
  RecognizerOptions options;
  options.model_dir = model->dir;
  auto recognizer = Recognizer::open(options);
  ASSERT_TRUE(recognizer.is_ok()) << recognizer.status().to_string();
  std::size_t errors = 0, words = 0;
  for (const std::string& sentence : {corpus[0], corpus[1], corpus[3], corpus[6]}) {
    auto audio = synthesize(sentence);
    ASSERT_TRUE(audio.is_ok()) << audio.status().to_string();
    auto heard = (*recognizer)->transcribe(*parse_wav(to_wav(*audio)));
    ASSERT_TRUE(heard.is_ok()) << heard.status().to_string();
    auto e = word_errors(recognizer_words(sentence), recognizer_words(heard->text));
    errors += e.errors;
    words += e.reference_words;
    std::printf("said: %s\nheard: %s (%.2f s audio, %.3f s decoding)\n", sentence.c_str(), heard->text.c_str(),
                heard->audio_seconds, heard->decode_seconds);
  }
  double wer = static_cast<double>(errors) / static_cast<double>(words);
  EXPECT_LE(wer, 0.25) << "word error rate " << wer;
  recognizer->reset();
  std::filesystem::remove_all(temp_cache());
}

TEST(RoundTrip, NoiseFloorKeepsTranscriptsReproducible) {
  std::vector<std::string> corpus = {"which supplier is late on deliveries", "who are our best customers"};
  auto model = build_shop_model(corpus, temp_cache());
  ASSERT_TRUE(model.is_ok()) << model.status().to_string();
  RecognizerOptions bad;
  bad.model_dir = model->dir;
  bad.decoder_settings = {{"-no_such_setting", "1"}};
  EXPECT_FALSE(Recognizer::open(bad).is_ok());  // a mistyped evaluation setting is refused, not ignored
  RecognizerOptions options;
  options.model_dir = model->dir;
  options.language_weight = 10;
  auto recognizer = Recognizer::open(options);
  ASSERT_TRUE(recognizer.is_ok()) << recognizer.status().to_string();
  // The floor's noise comes from a fixed seed: the same clip gives the same words.
  auto audio = synthesize(corpus[0]);
  ASSERT_TRUE(audio.is_ok());
  auto first = (*recognizer)->transcribe(*audio), second = (*recognizer)->transcribe(*audio);
  ASSERT_TRUE(first.is_ok() && second.is_ok());
  EXPECT_EQ(first->text, second->text);
  EXPECT_EQ(first->text, corpus[0]);
  // The n-best alternatives (for evaluation) stay within the limit and repeat nothing.
  RecognizerOptions with_alternatives;
  with_alternatives.model_dir = model->dir;
  with_alternatives.language_weight = 10;
  with_alternatives.alternatives = 3;
  auto listing = Recognizer::open(with_alternatives);
  ASSERT_TRUE(listing.is_ok()) << listing.status().to_string();
  auto heard = (*listing)->transcribe(*audio);
  ASSERT_TRUE(heard.is_ok());
  EXPECT_LE(heard->alternatives.size(), 3u);
  std::set<std::string> distinct(heard->alternatives.begin(), heard->alternatives.end());
  EXPECT_EQ(distinct.size(), heard->alternatives.size());
  EXPECT_EQ(distinct.count(heard->text), 0u);
  EXPECT_TRUE(first->alternatives.empty());  // none unless asked for
  // Digital silence has no speech level to put a floor under; it must still decode.
  Audio silence;
  silence.samples.assign(16000, 0);
  EXPECT_TRUE((*recognizer)->transcribe(silence).is_ok());
  std::filesystem::remove_all(temp_cache());
}

}  // namespace
}  // namespace oiis::voice
