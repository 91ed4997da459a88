// `oiis kb add | remove | list | search | eval | refresh`: the knowledge base in <data>/kb.
// Files and folders are loaded, chunked and indexed by module kb through services/kb_service.h;
// refresh regenerates the documents written from the store (services/kb_reports.h); search
// prints each result's own text with its citation; eval scores BM25, dense and hybrid
// retrieval on a question set (examples/knowledge-base).
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "services/kb_reports.h"
#include "services/kb_service.h"

namespace oiis::cli {
namespace {

struct KbArgs {
  std::string data_dir = "oiis-data";
  std::vector<std::string> items;  // paths (add), names (remove), the question (search)
  bool json = false;
  int k = 5;
  std::string method = "hybrid", fusion, doc, type;
  double weight = -1;  // < 0: the default
  bool exact = false;
  // eval
  std::string corpus = "examples/knowledge-base/corpus";
  std::string questions = "examples/knowledge-base/eval/questions.jsonl";
  std::string split = "validation";
  int chunk_size = 0, overlap = -1, candidates = 0, dim = 0;
  double ngram_weight = -1, sigma_power = -1;
  bool misses = false;
  // embeddings (and eval against a server)
  std::string embeddings_url, embeddings_model, embeddings_key_env;
  int embeddings_batch = 0;
  bool builtin = false;
};

// --embeddings-url/--embeddings-model/--embeddings-key-env/--embeddings-batch as settings JSON.
nlohmann::json embeddings_settings(const KbArgs& a) {
  nlohmann::json j{{"base_url", a.embeddings_url}, {"model", a.embeddings_model}};
  if (!a.embeddings_key_env.empty()) j["api_key_env"] = a.embeddings_key_env;
  if (a.embeddings_batch > 0) j["batch"] = a.embeddings_batch;
  return j;
}

// `oiis kb embeddings`: shows, sets (--embeddings-url, --embeddings-model) or clears (--builtin)
// the embedding server of <data>/kb. Vectors of the old embedder stay cached but unused.
int run_embeddings(const KbArgs& a) {
  const std::string dir = services::kb_directory(a.data_dir);
  const bool setting = !a.embeddings_url.empty() || !a.embeddings_model.empty();
  if (setting && a.builtin) return fail(invalid_argument("give a server or --builtin, not both", "--builtin"));
  if (setting || a.builtin) {
    const Status written = services::write_kb_embeddings(
        dir, a.builtin ? std::nullopt : std::optional<nlohmann::json>(embeddings_settings(a)));
    if (!written.is_ok()) return fail(written);
  }
  auto current = services::read_kb_embeddings(dir);
  if (!current) return fail(current.status());
  nlohmann::json out = *current ? nlohmann::json{{"embedder", "remote"}, {"settings", **current}}
                                : nlohmann::json{{"embedder", "builtin"}};
  if (a.json) {
    std::printf("%s\n", out.dump(2).c_str());
  } else if (*current) {
    std::printf("embeddings from %s, model %s (%s/embeddings.json); `oiis kb add` fetches the vectors it lacks\n",
                (**current).value("base_url", "").c_str(), (**current).value("model", "").c_str(), dir.c_str());
  } else {
    std::printf("the built-in embedder (no embedding server is set for %s)\n", dir.c_str());
  }
  return 0;
}

Result<std::unique_ptr<kb::KnowledgeBase>> open_kb(const KbArgs& a) {
  return services::open_knowledge_base(services::kb_directory(a.data_dir));
}

// --fusion/--weight/--candidates over the defaults.
Result<kb::SearchOptions> search_options(const KbArgs& a) {
  kb::SearchOptions o;
  o.k = static_cast<std::size_t>(std::max(a.k, 0));
  auto method = kb::parse_retrieval(a.method);
  if (!method) return method.status();
  o.method = *method;
  if (!a.fusion.empty()) {
    auto fusion = kb::parse_fusion(a.fusion);
    if (!fusion) return fusion.status();
    o.fusion = *fusion;
  }
  if (a.weight >= 0) o.lexical_weight = a.weight;
  if (a.candidates > 0) o.candidates = static_cast<std::size_t>(a.candidates);
  o.exact_dense = a.exact;
  o.doc_contains = a.doc;
  o.type = a.type;
  return o;
}

int run_add(const KbArgs& a) {
  auto kb = open_kb(a);
  if (!kb) return fail(kb.status());
  auto summary = services::kb_add_paths(**kb, a.items);
  if (!summary) return fail(summary.status());
  const auto& r = summary->report;
  for (const auto& e : summary->errors) std::fprintf(stderr, "error: %s\n", e.error.to_string().c_str());
  if (a.json) {
    nlohmann::json errors = nlohmann::json::array();
    for (const auto& e : summary->errors) errors.push_back({{"path", e.path}, {"error", e.error.message()}});
    nlohmann::json out{{"added", r.added}, {"replaced", r.replaced}, {"unchanged", r.unchanged},
                       {"chunks", r.chunks}, {"retrained", r.retrained}, {"skipped", summary->skipped},
                       {"errors", errors}, {"documents", (*kb)->documents().size()}};
    std::printf("%s\n", out.dump(2).c_str());
  } else {
    std::printf("%zu added, %zu replaced, %zu unchanged: %zu new chunks%s; %zu documents in %s\n", r.added,
                r.replaced, r.unchanged, r.chunks, r.retrained ? " (embedder trained)" : "",
                (*kb)->documents().size(), services::kb_directory(a.data_dir).c_str());
    for (const auto& s : summary->skipped) std::printf("skipped (unsupported type): %s\n", s.c_str());
  }
  return summary->errors.empty() ? 0 : 2;
}

int run_remove(const KbArgs& a) {
  auto kb = open_kb(a);
  if (!kb) return fail(kb.status());
  for (const auto& name : a.items) {
    const Status removed = (*kb)->remove(name);
    if (!removed.is_ok()) return fail(removed);
    std::printf("removed %s\n", name.c_str());
  }
  return 0;
}

int run_list(const KbArgs& a) {
  auto kb = open_kb(a);
  if (!kb) return fail(kb.status());
  nlohmann::json docs = nlohmann::json::array();
  for (const auto& d : (*kb)->documents()) {
    if (a.json)
      docs.push_back({{"doc", d.name}, {"title", d.title}, {"type", d.type}, {"chunks", d.chunks},
                      {"bytes", d.bytes}, {"content_hash", d.content_hash}});
    else
      std::printf("%-50s %-9s %5zu chunks  %s\n", d.name.c_str(), d.type.c_str(), d.chunks, d.title.c_str());
  }
  if (a.json) std::printf("%s\n", nlohmann::json{{"documents", docs}}.dump(2).c_str());
  return 0;
}

int run_search(const KbArgs& a) {
  if (a.items.empty()) return fail(invalid_argument("a question is needed", "question"));
  auto options = search_options(a);
  if (!options) return fail(options.status());
  auto kb = open_kb(a);
  if (!kb) return fail(kb.status());
  std::string question;
  for (const auto& w : a.items) question += (question.empty() ? "" : " ") + w;
  auto hits = (*kb)->search(question, *options);
  if (!hits) return fail(hits.status());
  nlohmann::json results = nlohmann::json::array();
  for (const auto& h : *hits) {
    const auto& c = h.chunk;
    if (a.json) {
      results.push_back({{"doc", c.doc}, {"title", c.title}, {"section", c.section}, {"page", c.page},
                         {"text", c.text}, {"score", h.score}, {"begin", c.begin}, {"end", c.end}});
      continue;
    }
    std::printf("%.4f  %s", h.score, c.doc.c_str());
    if (c.page > 0) std::printf(" p.%d", c.page);
    if (!c.section.empty()) std::printf(" > %s", c.section.c_str());
    std::printf("  [%zu-%zu]\n    %s\n\n", c.begin, c.end, c.text.c_str());
  }
  if (a.json) std::printf("%s\n", nlohmann::json{{"results", results}}.dump(2).c_str());
  return 0;
}

int run_eval(const KbArgs& a) {
  auto options = search_options(a);
  if (!options) return fail(options.status());
  kb::KbOptions kb_options;
  if (a.chunk_size > 0) kb_options.chunking.target_chars = static_cast<std::size_t>(a.chunk_size);
  if (a.overlap >= 0) kb_options.chunking.overlap_chars = static_cast<std::size_t>(a.overlap);
  if (a.dim > 0) kb_options.embedder.dim = a.dim;
  if (a.ngram_weight >= 0) kb_options.embedder.ngram_weight = static_cast<float>(a.ngram_weight);
  if (a.sigma_power >= 0) kb_options.embedder.sigma_power = static_cast<float>(a.sigma_power);
  if (!a.embeddings_url.empty() || !a.embeddings_model.empty()) {
    auto remote = services::parse_kb_embeddings(embeddings_settings(a));
    if (!remote) return fail(remote.status());
    kb_options.remote = std::move(*remote);
  }
  auto questions = services::read_kb_questions(a.questions);
  if (!questions) return fail(questions.status());
  auto eval = services::evaluate_kb(a.corpus, *questions, a.split, kb_options, *options);
  if (!eval) return fail(eval.status());
  if (a.json) {
    nlohmann::json methods = nlohmann::json::array();
    for (const auto& m : eval->methods)
      methods.push_back({{"method", m.method}, {"questions", m.questions}, {"recall_at_5", m.recall_at_5},
                         {"mrr", m.mrr}, {"ndcg_at_10", m.ndcg_at_10}});
    nlohmann::json out{{"split", a.split}, {"documents", eval->documents}, {"chunks", eval->chunks},
                       {"fusion", kb::fusion_name(options->fusion)}, {"lexical_weight", options->lexical_weight},
                       {"methods", methods}, {"hybrid_misses", eval->misses}};
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  }
  std::printf("split %s: %zu documents, %zu chunks; hybrid = %s fusion (BM25 weight %.2f)\n", a.split.c_str(),
              eval->documents, eval->chunks, kb::fusion_name(options->fusion), options->lexical_weight);
  std::printf("%-8s %9s %9s %7s %8s\n", "method", "questions", "recall@5", "MRR", "nDCG@10");
  for (const auto& m : eval->methods)
    std::printf("%-8s %9zu %9.3f %7.3f %8.3f\n", m.method.c_str(), m.questions, m.recall_at_5, m.mrr, m.ndcg_at_10);
  if (a.misses)
    for (const auto& id : eval->misses) std::printf("hybrid miss: %s\n", id.c_str());
  return 0;
}

// Each generated document as a file under `dir` (by its name), for reading or evaluation.
Status write_generated(const std::vector<services::GeneratedDocument>& docs, const std::string& dir) {
  for (const auto& d : docs) {
    const std::filesystem::path path = std::filesystem::path(dir) / d.name;
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    std::ofstream out(path, std::ios::binary);
    if (!(out << d.markdown)) return invalid_argument("cannot write " + path.string(), "write");
  }
  return Status::ok();
}

int run_refresh(const StoreArgs& store_args, const std::string& write_dir, bool json) {
  const auto started = std::chrono::steady_clock::now();
  auto store = open_store_or_report(store_args);
  if (!store) return 1;
  auto kb = services::open_knowledge_base(services::kb_directory(store_args.data_dir));
  if (!kb) return fail(kb.status());
  auto docs = services::generate_store_documents(*store);
  if (!docs) return fail(docs.status());
  if (!write_dir.empty())
    if (const Status written = write_generated(*docs, write_dir); !written.is_ok()) return fail(written);
  auto r = services::apply_generated_documents(*docs, **kb);
  if (!r) return fail(r.status());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (json) {
    nlohmann::json out{{"documents", r->documents}, {"added", r->added},     {"replaced", r->replaced},
                       {"unchanged", r->unchanged}, {"removed", r->removed}, {"chunks", r->chunks},
                       {"retrained", r->retrained}, {"seconds", seconds}};
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  }
  std::printf("%zu generated documents: %zu added, %zu replaced, %zu unchanged, %zu removed; %zu new chunks%s; "
              "%.1f s; in %s (names under %s)\n",
              r->documents, r->added, r->replaced, r->unchanged, r->removed, r->chunks,
              r->retrained ? " (embedder trained)" : "", seconds,
              services::kb_directory(store_args.data_dir).c_str(), services::kGeneratedPrefix);
  return 0;
}

void add_search_tuning(CLI::App& cmd, KbArgs& a) {
  cmd.add_option("--method", a.method, "bm25, dense or hybrid")->capture_default_str();
  cmd.add_option("--fusion", a.fusion, "Hybrid fusion: weighted (default) or rrf");
  cmd.add_option("--weight", a.weight, "Weighted fusion: BM25's share in [0, 1] (default 0.6)");
  cmd.add_option("--candidates", a.candidates, "Results taken from each method before fusion (default 40)");
}

void add_embeddings_options(CLI::App& cmd, KbArgs& a) {
  cmd.add_option("--embeddings-url", a.embeddings_url,
                 "OpenAI-compatible embedding server, e.g. http://127.0.0.1:8080/v1");
  cmd.add_option("--embeddings-model", a.embeddings_model, "The server's embedding model");
  cmd.add_option("--embeddings-key-env", a.embeddings_key_env,
                 "Environment variable holding the server's API key (the key is never stored)");
  cmd.add_option("--embeddings-batch", a.embeddings_batch, "Texts per request (default 64)");
}

}  // namespace

void add_kb_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<KbArgs>();
  auto* group = app.add_subcommand("kb", "Knowledge base: documents indexed for cited passage search");
  group->require_subcommand(1);
  auto data = [&](CLI::App* cmd) {
    cmd->add_option("--data", args->data_dir, "Data directory (the knowledge base is <data>/kb)")->capture_default_str();
    cmd->add_flag("--json", args->json, "JSON output");
  };
  auto* add = group->add_subcommand("add", "Add files or folders (recursively): .txt .md .html .csv .pdf");
  data(add);
  add->add_option("paths", args->items, "Files or folders")->required();
  add->callback([args, &exit_code] { exit_code = run_add(*args); });
  auto* remove = group->add_subcommand("remove", "Remove documents by name (as `kb list` shows them)");
  data(remove);
  remove->add_option("names", args->items, "Document names")->required();
  remove->callback([args, &exit_code] { exit_code = run_remove(*args); });
  auto* list = group->add_subcommand("list", "List the documents");
  data(list);
  list->callback([args, &exit_code] { exit_code = run_list(*args); });
  auto* search = group->add_subcommand("search", "Find the passages that answer a question, with citations");
  data(search);
  search->add_option("question", args->items, "The question")->required();
  search->add_option("--k", args->k, "Number of results")->capture_default_str();
  search->add_option("--doc", args->doc, "Only documents whose name contains this text");
  search->add_option("--type", args->type, "Only documents of this type (text, markdown, html, csv, pdf)");
  search->add_flag("--exact", args->exact, "Dense search scans every vector instead of the HNSW graph");
  add_search_tuning(*search, *args);
  search->callback([args, &exit_code] { exit_code = run_search(*args); });
  auto refresh_store = std::make_shared<StoreArgs>();
  auto* refresh = group->add_subcommand(
      "refresh", "Regenerate the catalogue, supplier pages and insight reports from the store (names under store/)");
  add_store_options(*refresh, *refresh_store);
  refresh->add_flag("--json", args->json, "JSON output");
  auto write_dir = std::make_shared<std::string>();
  refresh->add_option("--write", *write_dir, "Also write the generated Markdown files under this folder");
  refresh->callback([args, refresh_store, write_dir, &exit_code] {
    exit_code = run_refresh(*refresh_store, *write_dir, args->json);
  });
  auto* embeddings = group->add_subcommand(
      "embeddings", "Show or set the embedding server (OpenAI-compatible /v1/embeddings) the knowledge base uses");
  data(embeddings);
  add_embeddings_options(*embeddings, *args);
  embeddings->add_flag("--builtin", args->builtin, "Back to the built-in embedder");
  embeddings->callback([args, &exit_code] { exit_code = run_embeddings(*args); });
  auto* eval = group->add_subcommand("eval", "Score BM25, dense and hybrid retrieval on a question set");
  eval->add_option("--corpus", args->corpus, "Folder of documents")->capture_default_str();
  eval->add_option("--questions", args->questions, "Questions (JSON Lines)")->capture_default_str();
  eval->add_option("--split", args->split, "validation, test or all")->capture_default_str();
  eval->add_option("--chunk-size", args->chunk_size, "Chunk target in characters (default 550)");
  eval->add_option("--overlap", args->overlap, "Overlap between windows of a long paragraph (default 120)");
  eval->add_option("--dim", args->dim, "Embedder: dimensions (default 128)");
  eval->add_option("--ngram-weight", args->ngram_weight, "Embedder: weight of a word's character n-grams (default 0.35)");
  eval->add_option("--sigma-power", args->sigma_power, "Embedder: scale dimension i by singular value^-p (default 0)");
  add_embeddings_options(*eval, *args);
  eval->add_flag("--misses", args->misses, "List the questions hybrid retrieval missed in its top 5");
  eval->add_flag("--json", args->json, "JSON output");
  add_search_tuning(*eval, *args);
  eval->callback([args, &exit_code] { exit_code = run_eval(*args); });
}

}  // namespace oiis::cli
