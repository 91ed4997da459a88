// A document as the knowledge base sees it: its plain text, with where its sections and pages
// start, so every chunk cut from it can say where it came from. The loaders (one per format)
// turn file bytes into a Document; they do no chunking.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace oiis::kb {

enum class DocumentType { kText, kMarkdown, kHtml, kCsv, kPdf };
const char* document_type_name(DocumentType type);
// From the file name's extension (.txt .md .markdown .html .htm .csv .pdf, any case);
// kInvalidArgument naming the extension for anything else.
Result<DocumentType> document_type_for(std::string_view file_name);

// A heading: from its offset in Document::text to the next heading of the same or higher level.
struct Section {
  std::size_t begin = 0;  // byte offset of the section's first text (after the heading line)
  int level = 1;          // 1 = top
  std::string heading;
};

// A span of text the chunker must not split (a table's rows, a CSV record).
struct Block {
  std::size_t begin = 0, end = 0;
};

struct Document {
  std::string name;   // the file name or path it was added as
  std::string title;  // first heading, <title>, or the file name
  DocumentType type = DocumentType::kText;
  std::string text;   // UTF-8 plain text; every offset below indexes into it
  std::vector<Section> sections;        // by begin
  std::vector<std::size_t> page_starts;  // PDF: offset where page i+1 starts; empty otherwise
  std::vector<Block> atomic_blocks;      // by begin, not overlapping
};

// Parses `bytes` as `type`. The result's text is never empty for a valid file with text; a file
// that cannot be parsed (malformed PDF, invalid UTF-8 is tolerated) is kInvalidArgument naming
// the document, and no partial document is returned.
Result<Document> parse_document(std::string name, DocumentType type, std::string_view bytes);
// Reads the file and parses it by its extension.
Result<Document> load_document(const std::string& path, const std::string& name);

// Per-format parsers (document_loaders.cpp, pdf_loader.cpp).
Document parse_plain_text(std::string_view bytes);
Document parse_markdown(std::string_view bytes);
Document parse_html(std::string_view bytes);
Result<Document> parse_csv(std::string_view bytes);
Result<Document> parse_pdf(std::string_view bytes);

// The section path ("Returns > Refunds") of the text at `offset`.
std::string section_path(const Document& doc, std::size_t offset);
// 1-based page of `offset` for paged documents, 0 otherwise.
int page_at(const Document& doc, std::size_t offset);

}  // namespace oiis::kb
