// The knowledge base over HTTP (services/kb_service.h; docs/knowledge-base.md): search with
// citations, list, add a text document, remove, and regenerate the documents written from the
// store (services/kb_reports.h). These handlers read parameters and reply.
#include "services/kb_reports.h"
#include "services/kb_service.h"
#include "server/api.h"

namespace oiis::server {
namespace {

Status kb_search(Ctx& c) {
  std::optional<std::string> q, method, doc, type;
  std::optional<std::int64_t> k;
  OIIS_RETURN_IF_ERROR(query_text(c, "q", q));
  OIIS_RETURN_IF_ERROR(query_int(c, "k", k));
  OIIS_RETURN_IF_ERROR(query_text(c, "method", method));
  OIIS_RETURN_IF_ERROR(query_text(c, "doc", doc));
  OIIS_RETURN_IF_ERROR(query_text(c, "type", type));
  if (!q || q->empty()) return invalid_argument("the question is required", "q");
  if (k && (*k < 1 || *k > 50)) return invalid_argument("k must be 1..50", "k");
  kb::SearchOptions o;
  o.k = static_cast<std::size_t>(k.value_or(5));
  if (method) {
    auto m = kb::parse_retrieval(*method);
    if (!m) return m.status();
    o.method = *m;
  }
  o.doc_contains = doc.value_or("");
  o.type = type.value_or("");
  auto hits = c.api.kb().search(*q, o);
  if (!hits) return hits.status();
  Json results = Json::array();
  for (const auto& h : *hits)
    results.push_back({{"doc", h.chunk.doc}, {"title", h.chunk.title}, {"section", h.chunk.section},
                       {"page", h.chunk.page}, {"text", h.chunk.text}, {"score", h.score},
                       {"begin", h.chunk.begin}, {"end", h.chunk.end}});
  return reply(c, {{"method", kb::retrieval_name(o.method)}, {"results", results}});
}

Status kb_documents(Ctx& c) {
  auto docs = c.api.kb().documents();
  if (!docs) return docs.status();
  Json list = Json::array();
  for (const auto& d : *docs)
    list.push_back({{"doc", d.name}, {"title", d.title}, {"type", d.type}, {"chunks", d.chunks}, {"bytes", d.bytes}});
  return reply(c, {{"documents", list}});
}

Status kb_add(Ctx& c) {
  auto body = body_json(c);
  if (!body) return body.status();
  if (!body->contains("name") || !(*body)["name"].is_string()) return invalid_argument("a string is required", "name");
  if (!body->contains("content") || !(*body)["content"].is_string())
    return invalid_argument("a string is required", "content");
  auto report = c.api.kb().add((*body)["name"].get<std::string>(), (*body)["content"].get<std::string>());
  if (!report) return report.status();
  return reply(c,
               {{"added", report->added}, {"replaced", report->replaced}, {"unchanged", report->unchanged},
                {"chunks", report->chunks}, {"retrained", report->retrained}},
               201);
}

Status kb_remove(Ctx& c) {
  std::optional<std::string> name;
  OIIS_RETURN_IF_ERROR(query_text(c, "name", name));
  if (!name) return invalid_argument("the document's name is required", "name");
  OIIS_RETURN_IF_ERROR(c.api.kb().remove(*name));
  return reply(c, {{"removed", *name}});
}

Status kb_refresh(Ctx& c) {
  auto r = services::refresh_generated_documents(c.store, c.api.kb());
  if (!r) return r.status();
  return reply(c, {{"documents", r->documents}, {"added", r->added}, {"replaced", r->replaced},
                   {"unchanged", r->unchanged}, {"removed", r->removed}, {"chunks", r->chunks},
                   {"retrained", r->retrained}});
}

}  // namespace

void add_kb_routes(RouteTable& t) {
  t.push_back({"GET", "/api/v1/kb/search", Role::kRead, "knowledge base",
               "The passages that answer a question, best first, each with its document, section, page "
               "and character offsets (hybrid BM25 + embedding retrieval by default)",
               "", "KbSearchResults", 200,
               {{"q", "string", "The question (required)"},
                {"k", "integer", "Results, 1..50 (default 5)"},
                {"method", "string", "hybrid (default), bm25 or dense"},
                {"doc", "string", "Only documents whose name contains this text"},
                {"type", "string", "Only documents of this type: text, markdown, html, csv, pdf"}},
               kb_search});
  t.push_back({"GET", "/api/v1/kb/documents", Role::kRead, "knowledge base",
               "The documents in the knowledge base, by name", "", "KbDocumentList", 200, {}, kb_documents});
  t.push_back({"POST", "/api/v1/kb/documents", Role::kWrite, "knowledge base",
               "Add or replace a text document (.txt .md .html .csv by the name's extension); an unchanged "
               "document is skipped. PDFs are added with `oiis kb add`",
               "KbDocumentCreate", "KbAddReport", 201, {}, kb_add});
  t.push_back({"DELETE", "/api/v1/kb/documents", Role::kWrite, "knowledge base",
               "Remove a document and its passages", "", "", 200,
               {{"name", "string", "The document's name as listed (required)"}}, kb_remove});
  t.push_back({"POST", "/api/v1/kb/refresh", Role::kWrite, "knowledge base",
               "Regenerate the documents written from the store - a catalogue page per category, a page per "
               "supplier, a monthly performance report per month and the category trends (names under store/; "
               "search them with doc=store/reports/) - replacing changed ones, skipping unchanged ones and "
               "removing ones the store no longer gives",
               "", "KbRefreshReport", 200, {}, kb_refresh});
}

}  // namespace oiis::server
