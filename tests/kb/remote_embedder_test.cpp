// The knowledge base with vectors from an OpenAI-compatible /v1/embeddings server: a small real
// HTTP server in the test answers with word-hashing vectors (no embedding model is packaged in
// Debian to run instead). Dense search finds the right document; a reopened knowledge base
// reuses its cached vectors; a transient 503 is retried; a server that is down fails the add
// and changes nothing; a server that changes its width is refused.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <thread>

#include <nlohmann/json.hpp>

#include "kb/kb.h"

namespace oiis::kb {
namespace {

constexpr int kWidth = 64;

// One vector per input: each word (lowercase letters) adds 1 to a hashed dimension.
nlohmann::json word_hash_vector(const std::string& text) {
  std::vector<double> v(kWidth, 0.0);
  std::string word;
  for (char c : text + " ") {
    if (std::isalpha(static_cast<unsigned char>(c))) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!word.empty()) {
      if (word.size() > 3) v[std::hash<std::string>{}(word) % kWidth] += 1;
      word.clear();
    }
  }
  return v;
}

class EmbeddingServer {
 public:
  EmbeddingServer() {
    server_.Post("/v1/embeddings", [this](const httplib::Request& req, httplib::Response& res) {
      ++calls_;
      if (fail_next_ > 0) {
        --fail_next_;
        res.status = 503;
        res.set_content(R"({"error": {"message": "warming up"}})", "application/json");
        return;
      }
      auto body = nlohmann::json::parse(req.body);
      last_model_ = body["model"].get<std::string>();
      nlohmann::json data = nlohmann::json::array();
      int index = 0;
      for (const auto& text : body["input"]) {
        nlohmann::json vec = word_hash_vector(text.get<std::string>());
        if (width_ != kWidth) vec = std::vector<double>(width_, 0.5);
        data.push_back({{"object", "embedding"}, {"index", index++}, {"embedding", vec}});
      }
      ++answered_;
      res.set_content(nlohmann::json{{"object", "list"}, {"data", data}}.dump(), "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~EmbeddingServer() { stop(); }
  void stop() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }
  RemoteEmbedderOptions options() const {
    RemoteEmbedderOptions o;
    o.base_url = "http://127.0.0.1:" + std::to_string(port_) + "/v1";
    o.model = "test-embedder";
    o.batch = 3;
    o.backoff_ms = 1;
    o.timeout_ms = 5000;
    return o;
  }
  std::atomic<int> calls_{0}, answered_{0}, fail_next_{0}, width_{kWidth};
  std::string last_model_;

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

std::vector<Document> docs() {
  const char* topics[][2] = {
      {"receiving.md", "# Receiving\n\nEvery pallet is inspected at the loading dock before it is signed for.\n"},
      {"returns.md", "# Returns\n\nCustomers return unused items within thirty days for a refund.\n"},
      {"garden.md", "# Teak care\n\nClean teak furniture with soapy water and oil it every spring.\n"}};
  std::vector<Document> out;
  for (const auto& [name, text] : topics) out.push_back(*parse_document(name, *document_type_for(name), text));
  return out;
}

TEST(RemoteEmbedder, DenseSearchUsesTheServersVectorsAndRetriesATransientFailure) {
  EmbeddingServer server;
  server.fail_next_ = 1;  // the first request gets a 503
  KbOptions options;
  options.remote = server.options();
  auto kb = KnowledgeBase::in_memory(options);
  auto added = kb->add(docs());
  ASSERT_TRUE(added.is_ok()) << added.status().to_string();
  EXPECT_EQ(server.last_model_, "test-embedder");
  EXPECT_GE(server.calls_.load(), 2);  // the 503, then the retry
  SearchOptions dense;
  dense.method = Retrieval::kDense;
  auto hits = kb->search("how should teak furniture be oiled", dense);
  ASSERT_TRUE(hits.is_ok()) << hits.status().to_string();
  ASSERT_FALSE(hits->empty());
  EXPECT_EQ(hits->front().chunk.doc, "garden.md");
}

TEST(RemoteEmbedder, AReopenedKnowledgeBaseReusesItsVectorsAndADownServerChangesNothing) {
  const std::string dir = ::testing::TempDir() + "/oiis-kb-remote-" + std::to_string(::getpid());
  std::filesystem::remove_all(dir);
  EmbeddingServer server;
  KbOptions options;
  options.remote = server.options();
  {
    auto kb = KnowledgeBase::open(dir, options);
    ASSERT_TRUE(kb.is_ok()) << kb.status().to_string();
    ASSERT_TRUE((*kb)->add(docs()).is_ok());
  }
  const int after_add = server.answered_.load();
  {
    auto kb = KnowledgeBase::open(dir, options);
    ASSERT_TRUE(kb.is_ok()) << kb.status().to_string();
    EXPECT_EQ(server.answered_.load(), after_add);  // every chunk's vector came from the cache
    SearchOptions hybrid;
    auto hits = (*kb)->search("pallet inspection at the dock", hybrid);
    ASSERT_TRUE(hits.is_ok()) << hits.status().to_string();
    EXPECT_EQ(hits->front().chunk.doc, "receiving.md");
    EXPECT_EQ(server.answered_.load(), after_add + 1);  // the query's own vector
    server.stop();
    const std::size_t chunks = (*kb)->chunk_count();
    auto more = (*kb)->add({*parse_document("new.md", DocumentType::kMarkdown, "# New\n\nA policy on gift cards.\n")});
    ASSERT_FALSE(more.is_ok());
    EXPECT_EQ(more.status().code(), ErrorCode::kUnavailable) << more.status().to_string();
    EXPECT_EQ((*kb)->chunk_count(), chunks);
    EXPECT_EQ((*kb)->documents().size(), 3u);
    auto down = (*kb)->search("gift cards", hybrid);
    ASSERT_FALSE(down.is_ok());
    EXPECT_NE(down.status().message().find("method bm25"), std::string::npos) << down.status().message();
    SearchOptions lexical;
    lexical.method = Retrieval::kBm25;
    EXPECT_TRUE((*kb)->search("pallet", lexical).is_ok());
  }
  std::filesystem::remove_all(dir);
}

TEST(RemoteEmbedder, RefusesBadSettingsAndAServerThatChangesWidth) {
  RemoteEmbedderOptions bad;
  bad.base_url = "ftp://example";
  bad.model = "m";
  EXPECT_EQ(validate(bad).field(), "embeddings.base_url");
  bad.base_url = "http://127.0.0.1:1";
  bad.model = "";
  EXPECT_EQ(validate(bad).field(), "embeddings.model");
  KbOptions options;
  options.remote = bad;
  EXPECT_EQ(KnowledgeBase::open(::testing::TempDir() + "/oiis-kb-bad", options).status().field(), "embeddings.model");

  EmbeddingServer server;
  options.remote = server.options();
  auto kb = KnowledgeBase::in_memory(options);
  ASSERT_TRUE(kb->add(docs()).is_ok());
  server.width_ = 8;
  auto changed = kb->add({*parse_document("new.md", DocumentType::kMarkdown, "# New\n\nGift cards never expire.\n")});
  ASSERT_FALSE(changed.is_ok());
  EXPECT_EQ(changed.status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_NE(changed.status().message().find("values where earlier ones had 64"), std::string::npos);
  EXPECT_EQ(kb->documents().size(), 3u);
}

}  // namespace
}  // namespace oiis::kb
