// The format-independent half of loading: type by extension, reading the file, and the
// section/page lookups that chunks use for their citations.
#include "kb/document.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

namespace oiis::kb {

const char* document_type_name(DocumentType type) {
  switch (type) {
    case DocumentType::kText: return "text";
    case DocumentType::kMarkdown: return "markdown";
    case DocumentType::kHtml: return "html";
    case DocumentType::kCsv: return "csv";
    case DocumentType::kPdf: return "pdf";
  }
  return "text";
}

Result<DocumentType> document_type_for(std::string_view file_name) {
  const auto dot = file_name.rfind('.');
  const auto slash = file_name.find_last_of("/\\");
  std::string ext;
  if (dot != std::string_view::npos && (slash == std::string_view::npos || dot > slash))
    ext = std::string(file_name.substr(dot + 1));
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext == "txt" || ext == "text") return DocumentType::kText;
  if (ext == "md" || ext == "markdown") return DocumentType::kMarkdown;
  if (ext == "html" || ext == "htm") return DocumentType::kHtml;
  if (ext == "csv") return DocumentType::kCsv;
  if (ext == "pdf") return DocumentType::kPdf;
  return invalid_argument("unsupported file type '" + (ext.empty() ? std::string("(none)") : "." + ext) +
                              "' for " + std::string(file_name) +
                              " (supported: .txt .md .html .htm .csv .pdf)",
                          std::string(file_name));
}

Result<Document> parse_document(std::string name, DocumentType type, std::string_view bytes) {
  Result<Document> parsed = Document{};
  switch (type) {
    case DocumentType::kText: parsed = parse_plain_text(bytes); break;
    case DocumentType::kMarkdown: parsed = parse_markdown(bytes); break;
    case DocumentType::kHtml: parsed = parse_html(bytes); break;
    case DocumentType::kCsv: parsed = parse_csv(bytes); break;
    case DocumentType::kPdf: parsed = parse_pdf(bytes); break;
  }
  if (!parsed) return invalid_argument(name + ": " + parsed.status().message(), name);
  Document doc = std::move(parsed).value();
  const bool blank = std::all_of(doc.text.begin(), doc.text.end(),
                                 [](unsigned char c) { return std::isspace(c); });
  if (blank) return invalid_argument(name + ": no text to index", name);
  doc.type = type;
  if (doc.title.empty()) {
    const auto slash = name.find_last_of("/\\");
    doc.title = slash == std::string::npos ? name : name.substr(slash + 1);
  }
  doc.name = std::move(name);
  return doc;
}

Result<Document> load_document(const std::string& path, const std::string& name) {
  auto type = document_type_for(path);
  if (!type) return type.status();
  std::ifstream in(path, std::ios::binary);
  if (!in) return not_found("cannot read " + path, path);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return parse_document(name, *type, bytes.str());
}

std::string section_path(const Document& doc, std::size_t offset) {
  std::vector<const Section*> stack;
  for (const auto& s : doc.sections) {
    if (s.begin > offset) break;
    while (!stack.empty() && stack.back()->level >= s.level) stack.pop_back();
    stack.push_back(&s);
  }
  std::string path;
  for (const auto* s : stack) {
    if (!path.empty()) path += " > ";
    path += s->heading;
  }
  return path;
}

int page_at(const Document& doc, std::size_t offset) {
  if (doc.page_starts.empty()) return 0;
  auto it = std::upper_bound(doc.page_starts.begin(), doc.page_starts.end(), offset);
  return static_cast<int>(std::max<std::ptrdiff_t>(1, it - doc.page_starts.begin()));
}

}  // namespace oiis::kb
