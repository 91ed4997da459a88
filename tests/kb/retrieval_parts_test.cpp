#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "kb/bm25.h"
#include "kb/embedder.h"
#include "kb/fusion.h"
#include "kb/metrics.h"
#include "kb/text.h"
#include "kb/vector_index.h"

namespace oiis::kb {
namespace {

TEST(KbText, TermsAreLowercasedStemsWithoutStopwords) {
  EXPECT_EQ(terms("The Pallets were SHIPPED"), (std::vector<std::string>{"pallet", "ship"}));
  EXPECT_EQ(stem("returns"), stem("returned"));
  EXPECT_EQ(stem("policies"), "policy");
  EXPECT_EQ(stem("class"), "class");
}

TEST(KbBm25, RanksByTermRarityAndHandlesRemoval) {
  Bm25Index index;
  index.add(1, "damaged goods are refused at the dock");
  index.add(2, "goods are counted at the dock");
  index.add(3, "invoices are paid within thirty days");
  auto hits = index.search("damaged goods", 10);
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].id, 1u);
  EXPECT_GT(hits[0].score, hits[1].score);
  EXPECT_EQ(index.search("invoice", 10)[0].id, 3u);
  index.remove(1);
  hits = index.search("damaged goods", 10);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].id, 2u);
  EXPECT_EQ(index.score("goods dock", {2, 1})[1], 0.0f);
  EXPECT_TRUE(index.search("damaged goods", 10, [](ChunkId id) { return id != 2; }).empty());
}

TEST(KbFusion, RrfRewardsAgreementAndWeightedFusionFollowsTheWeight) {
  const std::vector<Scored> a{{1, 9}, {2, 8}, {3, 7}}, b{{3, 0.9f}, {4, 0.8f}, {1, 0.7f}};
  const auto rrf = reciprocal_rank_fusion({a, b}, 2);
  ASSERT_EQ(rrf.size(), 2u);
  EXPECT_EQ(rrf[0].id, 1u);  // 1 and 3 are in both lists (1/61 + 1/63 each): ties go by id
  EXPECT_EQ(rrf[1].id, 3u);
  const std::vector<ChunkId> ids{1, 2};
  EXPECT_EQ(weighted_fusion(ids, {10, 0}, {0.1f, 0.9f}, 0.9, 1)[0].id, 1u);
  EXPECT_EQ(weighted_fusion(ids, {10, 0}, {0.1f, 0.9f}, 0.1, 1)[0].id, 2u);
}

TEST(KbMetrics, RankMetrics) {
  EXPECT_EQ(hit_at({false, false, true}, 2), 0);
  EXPECT_EQ(hit_at({false, false, true}, 3), 1);
  EXPECT_DOUBLE_EQ(reciprocal_rank({false, true}), 0.5);
  EXPECT_DOUBLE_EQ(ndcg_at({true}, 1, 10), 1.0);
  EXPECT_NEAR(ndcg_at({false, true}, 1, 10), 1 / std::log2(3.0), 1e-12);
  EXPECT_EQ(ndcg_at({false, false}, 1, 10), 0);
}

std::vector<float> random_unit_vectors(std::size_t n, int dim, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal;
  std::vector<float> v(n * dim);
  for (std::size_t i = 0; i < n; ++i) {
    float norm = 0;
    for (int d = 0; d < dim; ++d) norm += (v[i * dim + d] = normal(rng)) * v[i * dim + d];
    for (int d = 0; d < dim; ++d) v[i * dim + d] /= std::sqrt(norm);
  }
  return v;
}

// A quote of a PDF's text: the PDF wrapped its sentence over two lines and spaced a table's
// cells apart; the quote is single-spaced. The span covers the text as it is.
TEST(KbMetrics, APassageIsFoundWhateverItsWhitespace) {
  const std::string text = "1. Term\nThis contract runs for an initial term of three years, until 31 January\n2028. It"
                           "\nGlazed ceramic planters     25 days      36 units\n";
  auto wrapped = find_passage(text, "until 31 January 2028");
  ASSERT_TRUE(wrapped);
  EXPECT_EQ(text.substr(wrapped->first, wrapped->second - wrapped->first), "until 31 January\n2028");
  auto row = find_passage(text, "Glazed ceramic planters 25 days 36 units");
  ASSERT_TRUE(row);
  EXPECT_EQ(text.substr(row->first, row->second - row->first), "Glazed ceramic planters     25 days      36 units");
  EXPECT_FALSE(find_passage(text, "until 31 January 2029"));
  EXPECT_FALSE(find_passage(text, "  "));  // nothing to find
}

TEST(KbVectorIndex, HnswAgreesWithExactSearchAndSurvivesSaveAndLoad) {
  const int dim = 32;
  const std::size_t n = 3000;
  const auto data = random_unit_vectors(n, dim, 1);
  std::vector<ChunkId> ids(n);
  for (std::size_t i = 0; i < n; ++i) ids[i] = static_cast<ChunkId>(i + 100);
  VectorIndex index(dim);
  index.add_batch(ids.data(), data.data(), n);
  const auto queries = random_unit_vectors(50, dim, 2);
  std::size_t found = 0;
  for (int q = 0; q < 50; ++q) {
    const auto exact = exact_search(data.data(), ids.data(), n, dim, queries.data() + q * dim, 10);
    const auto approx = index.search(queries.data() + q * dim, 10);
    for (const auto& e : exact)
      for (const auto& a : approx) found += e.id == a.id;
  }
  EXPECT_GE(found, 0.95 * 500);
  index.remove(100);
  EXPECT_NE(index.search(data.data(), 1)[0].id, 100u);
  const std::string path = ::testing::TempDir() + "/kb_hnsw_test.bin";
  ASSERT_TRUE(index.save(path).is_ok());
  auto loaded = VectorIndex::load(path, dim);
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->size(), n - 1);
  EXPECT_EQ(loaded->search(data.data() + dim, 1)[0].id, 101u);
  EXPECT_FALSE(VectorIndex::load(path + ".missing", dim));
}

}  // namespace
}  // namespace oiis::kb

namespace oiis::kb {
namespace {

std::vector<std::string> embedder_corpus() {
  return {"Pallets are inspected at the dock before signing.", "Damaged cartons are photographed and refused.",
          "Customers return unused items within thirty days.", "Refunds go to the original payment method.",
          "Teak benches are oiled every spring.", "Wool rugs are vacuumed weekly without the beater bar.",
          "Cast iron pans must never go in the dishwasher.", "Markdowns above forty percent need the finance director."};
}

TEST(KbEmbedder, SimilarTextsAreCloserAndTheModelRoundTrips) {
  EmbedderOptions o;
  o.dim = 16;
  const Embedder e = Embedder::train(embedder_corpus(), o);
  ASSERT_TRUE(e.trained());
  const auto refund = e.embed("when are refunds paid back to customers");
  const auto rug = e.embed("how do I vacuum a wool rug");
  const auto target = e.embed(embedder_corpus()[3]);
  EXPECT_GT(dot(refund.data(), target.data(), 16), dot(rug.data(), target.data(), 16));
  float norm = dot(refund.data(), refund.data(), 16);
  EXPECT_NEAR(norm, 1.0f, 1e-4);
  // An unseen word form still lands near its relatives through its character n-grams.
  const auto dishwasher = e.embed("dishwashers");
  EXPECT_GT(dot(dishwasher.data(), e.embed(embedder_corpus()[6]).data(), 16), 0.3f);
  auto copy = Embedder::deserialize(e.serialize());
  ASSERT_TRUE(copy);
  EXPECT_EQ(copy->model_id(), e.model_id());
  EXPECT_EQ(copy->embed("teak oil in spring"), e.embed("teak oil in spring"));
  std::string damaged = e.serialize();
  damaged.resize(damaged.size() / 2);
  EXPECT_FALSE(Embedder::deserialize(damaged));
  EXPECT_FALSE(Embedder::deserialize("not a model"));
}

}  // namespace
}  // namespace oiis::kb
