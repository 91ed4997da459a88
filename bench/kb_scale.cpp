// Knowledge base at scale: ~100,000 chunks of synthetic OIIS-style text (sentences of the sample
// corpus recombined, with generated product names, SKUs and numbers), added through the same
// KnowledgeBase::add that `oiis kb add` uses, persisted to a temporary directory. Prints:
//  - ingest rate (chunks/s: chunking, BM25, embedder training, embedding, HNSW, SQLite);
//  - HNSW recall@10 against the exact scan, on the same queries;
//  - query latency p50/p95 for dense (HNSW and brute force), BM25 and hybrid (HNSW and brute
//    force), one query at a time, in the same run.
// Build and run: bench/kb_scale.sh [paragraphs] [queries]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <set>
#include <string>

#include "kb/kb.h"

using namespace oiis;
using Clock = std::chrono::steady_clock;

namespace {

// Sentences of the sample corpus, the raw material of the synthetic documents.
std::vector<std::string> corpus_sentences(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    auto doc = kb::load_document(e.path().string(), e.path().string());
    if (!doc) continue;
    std::size_t start = 0;
    for (std::size_t end : kb::sentence_ends(doc->text, 0, doc->text.size())) {
      std::string s = doc->text.substr(start, end - start);
      start = end;
      s.erase(std::remove(s.begin(), s.end(), '\n'), s.end());
      if (s.size() > 30 && s.find('|') == std::string::npos && s[0] != '#') out.push_back(s);
    }
  }
  return out;
}

struct Generator {
  std::vector<std::string> sentences;
  std::mt19937_64 rng{7};
  const std::vector<std::string> names{"Fjord", "Linnea", "Aster", "Birch", "Cove", "Dune", "Elm", "Fern",
                                       "Grove", "Haven", "Isla", "Juniper", "Kestrel", "Larch", "Moss", "Nova"};
  const std::vector<std::string> materials{"oak", "teak", "wool", "linen", "cast iron", "stoneware", "rattan", "brass"};
  const std::vector<std::string> items{"chair", "table", "rug", "lamp", "pan", "bench", "planter", "sideboard", "kettle"};

  std::string pick(const std::vector<std::string>& v) { return v[rng() % v.size()]; }
  std::string product() {
    return pick(names) + " " + pick(materials) + " " + pick(items) + " SKU-" + std::to_string(10000 + rng() % 90000);
  }
  // A paragraph of about 450 characters: corpus sentences, a product and fresh numbers.
  std::string paragraph() {
    std::string p = "The " + product() + " follows this rule. ";
    while (p.size() < 450) p += pick(sentences) + " ";
    for (char& c : p)
      if (c >= '0' && c <= '9') c = static_cast<char>('0' + rng() % 10);
    return p;
  }
};

// Markdown documents of 20 sections of 5 paragraphs each, `paragraphs` in all.
std::vector<kb::Document> synthetic_documents(Generator& gen, std::size_t paragraphs) {
  std::vector<kb::Document> docs;
  for (std::size_t p = 0; p < paragraphs;) {
    std::string text = "# Synthetic document " + std::to_string(docs.size()) + "\n\n";
    for (int s = 0; s < 20 && p < paragraphs; ++s) {
      text += "## Section " + std::to_string(s) + "\n\n";
      for (int k = 0; k < 5 && p < paragraphs; ++k, ++p) text += gen.paragraph() + "\n\n";
    }
    docs.push_back(*kb::parse_document("synthetic/doc" + std::to_string(docs.size()) + ".md",
                                       kb::DocumentType::kMarkdown, text));
  }
  return docs;
}

double percentile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[std::min(v.size() - 1, static_cast<std::size_t>(q * v.size()))];
}

std::string key(const kb::Chunk& c) { return c.doc + "#" + std::to_string(c.begin); }

// Latency (ms) of each query under `o`, and the results' keys.
std::vector<double> time_queries(const kb::KnowledgeBase& kb, const std::vector<std::string>& queries,
                                 const kb::SearchOptions& o, std::vector<std::vector<std::string>>* keys) {
  std::vector<double> ms;
  for (const auto& q : queries) {
    const auto t = Clock::now();
    auto hits = kb.search(q, o);
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t).count());
    if (!keys) continue;
    keys->emplace_back();
    for (const auto& h : *hits) keys->back().push_back(key(h.chunk));
  }
  return ms;
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t paragraphs = argc > 1 ? std::stoul(argv[1]) : 100000;
  const std::size_t query_count = argc > 2 ? std::stoul(argv[2]) : 1000;
  Generator gen;
  gen.sentences = corpus_sentences("examples/knowledge-base/corpus");
  if (gen.sentences.empty()) return std::fprintf(stderr, "run from the repository root\n"), 1;
  std::vector<kb::Document> docs = synthetic_documents(gen, paragraphs);
  const std::string dir = std::filesystem::temp_directory_path() / "oiis_kb_scale";
  std::filesystem::remove_all(dir);
  auto opened = kb::KnowledgeBase::open(dir);
  if (!opened) return std::fprintf(stderr, "%s\n", opened.status().to_string().c_str()), 1;
  auto& kb = **opened;
  const auto t0 = Clock::now();
  auto added = kb.add(std::move(docs));
  const double ingest_s = std::chrono::duration<double>(Clock::now() - t0).count();
  if (!added) return std::fprintf(stderr, "%s\n", added.status().to_string().c_str()), 1;
  std::printf("ingest: %zu chunks in %.1f s = %.0f chunks/s (persisted, embedder trained)\n", kb.chunk_count(),
              ingest_s, kb.chunk_count() / ingest_s);

  std::vector<std::string> queries;
  for (std::size_t i = 0; i < query_count; ++i) {
    std::string s = gen.pick(gen.sentences);
    queries.push_back(i % 2 ? s : gen.product() + " " + s.substr(0, s.size() / 2));
  }
  kb::SearchOptions o;
  o.k = 10;
  std::vector<std::vector<std::string>> approx, exact;
  o.method = kb::Retrieval::kDense;
  const auto dense_hnsw = time_queries(kb, queries, o, &approx);
  o.exact_dense = true;
  const auto dense_exact = time_queries(kb, queries, o, &exact);
  std::size_t found = 0, total = 0;
  for (std::size_t q = 0; q < queries.size(); ++q) {
    const std::set<std::string> truth(exact[q].begin(), exact[q].end());
    total += truth.size();
    for (const auto& k : approx[q]) found += truth.count(k);
  }
  std::printf("HNSW recall@10 vs exact: %.4f (%zu queries)\n", static_cast<double>(found) / total, queries.size());
  o.method = kb::Retrieval::kBm25;
  o.exact_dense = false;
  const auto bm25 = time_queries(kb, queries, o, nullptr);
  o.method = kb::Retrieval::kHybrid;
  const auto hybrid = time_queries(kb, queries, o, nullptr);
  o.exact_dense = true;
  const auto hybrid_exact = time_queries(kb, queries, o, nullptr);
  auto row = [](const char* name, const std::vector<double>& ms) {
    std::printf("  %-22s p50 %7.2f ms   p95 %7.2f ms\n", name, percentile(ms, 0.5), percentile(ms, 0.95));
  };
  std::printf("query latency, k=10, one at a time:\n");
  row("dense (HNSW)", dense_hnsw);
  row("dense (brute force)", dense_exact);
  row("bm25", bm25);
  row("hybrid (HNSW)", hybrid);
  row("hybrid (brute force)", hybrid_exact);
  std::filesystem::remove_all(dir);
  return 0;
}
