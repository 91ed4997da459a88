// Cuts a Document into chunks along its structure: never across a section or page boundary,
// paragraphs first, sentences (ICU) only inside a paragraph longer than the target, adjacent
// small pieces merged up to the target, and blocks (tables, CSV records) kept whole. A chunk is
// one contiguous span of the document's text, so its offsets always map back to it.
#pragma once

#include <string>
#include <vector>

#include "kb/document.h"

namespace oiis::kb {

struct ChunkOptions {
  std::size_t target_chars = 550;   // pieces are merged up to this size (chosen on validation)
  std::size_t overlap_chars = 120;  // a long paragraph's windows share about this much text
  std::size_t max_block_chars = 6000;  // a table longer than this is cut between rows
};

struct Chunk {
  std::string doc;      // Document::name
  std::string title;    // Document::title
  std::string section;  // "Heading > Subheading", empty before the first heading
  int page = 0;         // 1-based for PDFs, 0 otherwise
  std::size_t begin = 0, end = 0;  // byte offsets into Document::text
  std::string text;     // Document::text[begin, end)
};

std::vector<Chunk> chunk_document(const Document& doc, const ChunkOptions& options = {});

// Sentence boundaries of text[begin, end) by ICU's sentence break rules, as byte offsets into
// `text`: the start of each sentence after the first, then `end`.
std::vector<std::size_t> sentence_ends(const std::string& text, std::size_t begin, std::size_t end);

}  // namespace oiis::kb
