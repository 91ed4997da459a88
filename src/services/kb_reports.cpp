// Generating the store's documents and bringing the knowledge base in line with them.
#include "services/kb_reports.h"

#include <algorithm>
#include <set>

#include "services/kb_report_facts.h"
#include "services/kb_service.h"

namespace oiis::services {
namespace {

bool is_generated_document_name(const std::string& name) { return name.rfind(kGeneratedPrefix, 0) == 0; }

}  // namespace

Result<KbRefreshReport> apply_generated_documents(const std::vector<GeneratedDocument>& generated,
                                                  kb::KnowledgeBase& kb) {
  std::vector<kb::Document> docs;
  std::set<std::string> names;
  for (const GeneratedDocument& g : generated) {
    auto doc = kb::parse_document(g.name, kb::DocumentType::kMarkdown, g.markdown);
    if (!doc) return doc.status();
    names.insert(g.name);
    docs.push_back(std::move(doc).value());
  }
  KbRefreshReport report;
  report.documents = docs.size();
  // Stale ones go first, so a retraining triggered by the additions does not learn from them.
  for (const kb::DocumentInfo& d : kb.documents())
    if (is_generated_document_name(d.name) && !names.count(d.name)) {
      OIIS_RETURN_IF_ERROR(kb.remove(d.name));
      ++report.removed;
    }
  auto added = kb.add(std::move(docs));
  if (!added) return added.status();
  report.added = added->added;
  report.replaced = added->replaced;
  report.unchanged = added->unchanged;
  report.chunks = added->chunks;
  report.retrained = added->retrained;
  return report;
}

Result<std::vector<GeneratedDocument>> generate_store_documents(Store& store) {
  auto facts = kb_docs::read_store_facts(store);
  if (!facts) return facts.status();
  std::vector<GeneratedDocument> out = kb_docs::catalogue_pages(*facts);
  for (auto* part : {&kb_docs::supplier_pages, &kb_docs::monthly_reports})
    for (auto& doc : part(*facts)) out.push_back(std::move(doc));
  out.push_back(kb_docs::category_trends_report(*facts));
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

Result<KbRefreshReport> refresh_generated_documents(Store& store, kb::KnowledgeBase& kb) {
  auto generated = generate_store_documents(store);
  if (!generated) return generated.status();
  return apply_generated_documents(*generated, kb);
}

Result<KbRefreshReport> refresh_generated_documents(Store& store, KbService& service) {
  auto generated = generate_store_documents(store);
  if (!generated) return generated.status();
  Result<KbRefreshReport> report = internal_error("the knowledge base was not reached");
  OIIS_RETURN_IF_ERROR(service.with_knowledge_base([&](kb::KnowledgeBase& kb) {
    report = apply_generated_documents(*generated, kb);
    return report.status();
  }));
  return report;
}

}  // namespace oiis::services
