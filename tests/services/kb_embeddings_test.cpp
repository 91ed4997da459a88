// The knowledge base's embedding-server settings (<dir>/embeddings.json): each bad setting is
// refused naming it, the key comes from the environment and is never written, and clearing the
// settings returns to the built-in embedder.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "services/kb_service.h"

namespace oiis::services {
namespace {

TEST(KbEmbeddings, SettingsAreCheckedAndTheKeyStaysInTheEnvironment) {
  using nlohmann::json;
  EXPECT_EQ(parse_kb_embeddings(json{{"model", "m"}}).status().field(), "embeddings.base_url");
  EXPECT_EQ(parse_kb_embeddings(json{{"base_url", "http://h:1"}}).status().field(), "embeddings.model");
  EXPECT_EQ(parse_kb_embeddings(json{{"base_url", "h:1"}, {"model", "m"}}).status().field(), "embeddings.base_url");
  EXPECT_EQ(parse_kb_embeddings(json{{"base_url", "http://h:1"}, {"model", "m"}, {"batch", 0}}).status().field(),
            "embeddings.batch");
  EXPECT_EQ(parse_kb_embeddings(json{{"base_url", "http://h:1"}, {"model", "m"}, {"colour", 1}}).status().field(),
            "embeddings.colour");
  EXPECT_EQ(parse_kb_embeddings(json{{"base_url", "http://h:1"}, {"model", "m"}, {"api_key_env", "OIIS_TEST_NO_SUCH_VAR"}})
                .status().field(), "embeddings.api_key_env");
  ::setenv("OIIS_TEST_EMBED_KEY", "sk-secret", 1);
  const json settings{{"base_url", "http://127.0.0.1:9/v1"}, {"model", "nomic"}, {"api_key_env", "OIIS_TEST_EMBED_KEY"}};
  auto parsed = parse_kb_embeddings(settings);
  ASSERT_TRUE(parsed.is_ok()) << parsed.status().to_string();
  EXPECT_EQ(parsed->api_key, "sk-secret");

  const std::string dir = ::testing::TempDir() + "/oiis-kb-settings-" + std::to_string(::getpid());
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(write_kb_embeddings(dir, settings).is_ok());
  std::stringstream written;
  written << std::ifstream(dir + "/embeddings.json").rdbuf();
  EXPECT_EQ(written.str().find("sk-secret"), std::string::npos);
  auto read = read_kb_embeddings(dir);
  ASSERT_TRUE(read.is_ok() && read->has_value());
  EXPECT_EQ((**read)["model"], "nomic");
  EXPECT_EQ(write_kb_embeddings(dir, json{{"base_url", "http://h:1"}}).field(), "embeddings.model");
  EXPECT_EQ((**read_kb_embeddings(dir))["model"], "nomic");  // a refused setting changes nothing
  ASSERT_TRUE(write_kb_embeddings(dir, std::nullopt).is_ok());
  EXPECT_FALSE(read_kb_embeddings(dir)->has_value());
  EXPECT_TRUE(open_knowledge_base(dir).is_ok());  // the built-in embedder again
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace oiis::services
