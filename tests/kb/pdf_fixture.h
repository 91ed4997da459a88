// Builds small, valid PDFs in memory for the loader tests: Helvetica text placed at given
// positions, one content stream per page, with a correct cross-reference table.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

namespace oiis::kb::testing {

struct PlacedText {
  int x, y;
  std::string text;  // ASCII without parentheses or backslashes
};
using PdfPage = std::vector<PlacedText>;

inline std::string make_pdf(const std::vector<PdfPage>& pages) {
  std::vector<std::string> objects;  // object i + 1
  std::string kids;
  const int first_page = 4;  // 1 catalog, 2 pages, 3 font; then (page, content) pairs
  for (std::size_t p = 0; p < pages.size(); ++p) kids += std::to_string(first_page + 2 * p) + " 0 R ";
  objects.push_back("<< /Type /Catalog /Pages 2 0 R >>");
  objects.push_back("<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(pages.size()) + " >>");
  objects.push_back("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  for (std::size_t p = 0; p < pages.size(); ++p) {
    std::string content;
    for (const auto& t : pages[p])
      content += "BT /F1 11 Tf " + std::to_string(t.x) + " " + std::to_string(t.y) + " Td (" + t.text + ") Tj ET\n";
    objects.push_back("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents " +
                      std::to_string(first_page + 2 * p + 1) + " 0 R >>");
    objects.push_back("<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "endstream");
  }
  std::string pdf = "%PDF-1.4\n";
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const std::size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  char line[32];
  for (std::size_t off : offsets) {
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", off);
    pdf += line;
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " /Root 1 0 R >>\nstartxref\n" +
         std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

}  // namespace oiis::kb::testing
