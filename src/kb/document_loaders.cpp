// Parsers for the text formats: plain text, Markdown, HTML and CSV. Each keeps the document's
// structure the chunker needs: headings as sections, tables and records as blocks not to split.
#include <cctype>
#include <cstring>

#include "data/csv.h"
#include "kb/document.h"

namespace oiis::kb {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Calls line(begin, end) for each line of `text` (end excludes the newline).
template <typename F>
void for_each_line(std::string_view text, F&& line) {
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    line(start, end);
    start = end + 1;
  }
}

// Markdown heading level of `line` ("## Refunds" -> 2), 0 when it is not a heading.
int heading_level(std::string_view line) {
  int level = 0;
  while (level < static_cast<int>(line.size()) && line[level] == '#') ++level;
  if (level == 0 || level > 6 || level >= static_cast<int>(line.size()) || line[level] != ' ')
    return 0;
  return level;
}

}  // namespace

Document parse_plain_text(std::string_view bytes) {
  Document doc;
  doc.text = std::string(bytes);
  return doc;
}

Document parse_markdown(std::string_view bytes) {
  Document doc;
  doc.text = std::string(bytes);
  const std::string_view text = doc.text;
  bool in_fence = false;
  std::size_t table_begin = std::string::npos, table_end = 0;
  for_each_line(text, [&](std::size_t begin, std::size_t end) {
    const std::string_view line = text.substr(begin, end - begin);
    const bool table_row = !in_fence && !trim(line).empty() && trim(line).front() == '|';
    if (table_row && table_begin == std::string::npos) table_begin = begin;
    if (table_row) table_end = end;
    if (!table_row && table_begin != std::string::npos) {
      doc.atomic_blocks.push_back({table_begin, table_end});
      table_begin = std::string::npos;
    }
    if (line.substr(0, 3) == "```") in_fence = !in_fence;
    const int level = in_fence ? 0 : heading_level(line);
    if (level == 0) return;
    doc.sections.push_back({begin, level, std::string(trim(line.substr(level)))});
  });
  if (table_begin != std::string::npos) doc.atomic_blocks.push_back({table_begin, table_end});
  // The title: the first top-level heading, else the first heading of any level.
  for (const auto& s : doc.sections)
    if (s.level == 1 || doc.title.empty()) {
      doc.title = s.heading;
      if (s.level == 1) break;
    }
  return doc;
}

Result<Document> parse_csv(std::string_view bytes) {
  CsvReader csv(string_source(std::string(bytes)));
  if (!csv.next()) {
    if (!csv.status().is_ok()) return invalid_argument(csv.status().message());
    return invalid_argument("empty CSV file");
  }
  std::vector<std::string> header(csv.fields().begin(), csv.fields().end());
  Document doc;
  // One record per paragraph, "column: value" pairs, so a row reads as a sentence and stays whole.
  while (csv.next()) {
    if (!csv.record_error().is_ok())
      return invalid_argument("line " + std::to_string(csv.line()) + ": " + csv.record_error().message());
    const std::size_t begin = doc.text.size();
    for (std::size_t i = 0; i < csv.size(); ++i) {
      if (trim(csv[i]).empty()) continue;
      if (doc.text.size() > begin) doc.text += "; ";
      doc.text += i < header.size() ? header[i] : "column " + std::to_string(i + 1);
      doc.text += ": ";
      doc.text += trim(csv[i]);
    }
    if (doc.text.size() > begin) doc.atomic_blocks.push_back({begin, doc.text.size()});
    doc.text += "\n\n";
  }
  if (!csv.status().is_ok()) return invalid_argument(csv.status().message());
  return doc;
}

}  // namespace oiis::kb
