// Documents generated from the store for the knowledge base (issue 14): a catalogue page per
// category, a page per supplier, a monthly performance report per month of history and one
// category-trends report, all Markdown, so "historical data insights" are searchable with the
// same cited passages as the documents people add. Module kb stays pure of the store: this
// layer reads the store and hands kb plain documents.
//
// Every generated document is named under "store/" (store/catalogue/..., store/suppliers/...,
// store/reports/...): a refresh replaces them by name, skips the unchanged ones and removes the
// ones the store no longer gives (a deleted category). Names under "store/" are reserved for
// generated documents; a refresh removes any other document there.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "kb/kb.h"
#include "store/store.h"

namespace oiis::services {

class KbService;

// The prefix of every generated document's name.
inline constexpr const char* kGeneratedPrefix = "store/";

struct GeneratedDocument {
  std::string name;      // e.g. store/reports/monthly-2025-10.md
  std::string markdown;  // starts with its "# title" heading
};

// Renders every document from the store (the history's revenue, units and stock-outs read
// through the demand definition of data/snapshots.h; supplier figures from the supplier
// scorecards). kFailedPrecondition when the store holds no orders. Sorted by name.
Result<std::vector<GeneratedDocument>> generate_store_documents(Store& store);

struct KbRefreshReport {
  std::size_t documents = 0;  // generated this time
  std::size_t added = 0, replaced = 0, unchanged = 0, removed = 0;
  std::size_t chunks = 0;     // new chunks indexed
  bool retrained = false;     // the embedder was (re)trained
};

// Brings the knowledge base in line with documents already generated (what a refresh does after
// generating them): new ones added, changed ones replaced, unchanged ones skipped, documents
// under "store/" that are not among them removed.
Result<KbRefreshReport> apply_generated_documents(const std::vector<GeneratedDocument>& generated,
                                                  kb::KnowledgeBase& kb);
// Regenerates every document and brings the knowledge base in line: new ones added, changed
// ones replaced, unchanged ones skipped, generated ones the store no longer gives removed.
Result<KbRefreshReport> refresh_generated_documents(Store& store, kb::KnowledgeBase& kb);
// The same through the API's service: the documents are rendered before its lock is taken.
Result<KbRefreshReport> refresh_generated_documents(Store& store, KbService& service);

}  // namespace oiis::services
