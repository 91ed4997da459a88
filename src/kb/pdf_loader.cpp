// PDF text through poppler-cpp, page by page in physical layout (columns keep their places, so
// a table's row stays on one line). Lines with two or more wide gaps are table rows; a run of
// them becomes one block the chunker keeps whole.
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>

#include <memory>

#include "kb/document.h"

namespace oiis::kb {
namespace {

// poppler reports syntax errors on stderr by default; a malformed file is our error to report.
void quiet(const std::string&, void*) {}

// Gaps of two or more spaces between text on the line (columns of a table).
int wide_gaps(std::string_view line) {
  int gaps = 0;
  std::size_t i = 0;
  while (i < line.size() && line[i] == ' ') ++i;
  while (i < line.size()) {
    std::size_t spaces = 0;
    while (i < line.size() && line[i] == ' ') ++spaces, ++i;
    if (spaces >= 2 && i < line.size()) ++gaps;
    while (i < line.size() && line[i] != ' ') ++i;
  }
  return gaps;
}

// Appends one page's text, trimming line ends, and records its table blocks.
void append_page(Document& doc, const std::string& page_text) {
  std::size_t start = 0, table_begin = std::string::npos, table_end = 0;
  int table_rows = 0;
  auto close_table = [&] {
    if (table_rows >= 2) doc.atomic_blocks.push_back({table_begin, table_end});
    table_begin = std::string::npos;
    table_rows = 0;
  };
  while (start <= page_text.size()) {
    std::size_t end = page_text.find('\n', start);
    if (end == std::string::npos) end = page_text.size();
    std::string_view line(page_text.data() + start, end - start);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r' || line.back() == '\f'))
      line.remove_suffix(1);
    const std::size_t at = doc.text.size();
    doc.text.append(line);
    doc.text += '\n';
    if (wide_gaps(line) >= 2) {
      if (table_begin == std::string::npos) table_begin = at;
      table_end = at + line.size();
      ++table_rows;
    } else {
      close_table();
    }
    start = end + 1;
  }
  close_table();
}

}  // namespace

Result<Document> parse_pdf(std::string_view bytes) {
  poppler::set_debug_error_function(quiet, nullptr);
  std::unique_ptr<poppler::document> pdf(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!pdf) return invalid_argument("not a readable PDF (malformed or damaged file)");
  if (pdf->is_locked()) return invalid_argument("the PDF is encrypted");
  Document doc;
  doc.title = pdf->info_key("Title").to_latin1();
  for (int i = 0; i < pdf->pages(); ++i) {
    std::unique_ptr<poppler::page> page(pdf->create_page(i));
    if (!page) return invalid_argument("cannot read page " + std::to_string(i + 1));
    doc.page_starts.push_back(doc.text.size());
    const poppler::byte_array utf8 = page->text(poppler::rectf(), poppler::page::physical_layout).to_utf8();
    append_page(doc, std::string(utf8.begin(), utf8.end()));
    doc.text += '\n';  // a blank line between pages: a paragraph break for the chunker
  }
  if (doc.page_starts.empty()) return invalid_argument("the PDF has no pages");
  return doc;
}

}  // namespace oiis::kb
