#include "kb/chunker.h"

#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include <algorithm>
#include <cctype>

namespace oiis::kb {
namespace {

struct Piece {
  std::size_t begin = 0, end = 0;
};

bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

// Piece [begin, end) without surrounding whitespace; empty (begin == end) when blank.
Piece trimmed(const std::string& text, std::size_t begin, std::size_t end) {
  while (begin < end && is_space(text[begin])) ++begin;
  while (end > begin && is_space(text[end - 1])) --end;
  return {begin, end};
}

// Paragraphs of text[begin, end): separated by a line holding only whitespace.
std::vector<Piece> paragraphs(const std::string& text, std::size_t begin, std::size_t end) {
  std::vector<Piece> out;
  std::size_t start = begin, i = begin;
  while (i < end) {
    const std::size_t nl = text.find('\n', i);
    if (nl == std::string::npos || nl >= end) break;
    std::size_t j = nl + 1;
    while (j < end && text[j] != '\n' && is_space(text[j])) ++j;
    if (j < end && text[j] == '\n') {  // a blank line: the paragraph ends at nl
      Piece p = trimmed(text, start, nl);
      if (p.end > p.begin) out.push_back(p);
      start = j + 1;
    }
    i = j;
  }
  Piece p = trimmed(text, start, end);
  if (p.end > p.begin) out.push_back(p);
  return out;
}

// Pieces overlapping one of the document's blocks grow to cover it and merge into one.
std::vector<std::pair<Piece, bool>> apply_blocks(const std::vector<Piece>& pieces,
                                                 const std::vector<Block>& blocks) {
  std::vector<std::pair<Piece, bool>> out;
  for (const Piece& p : pieces) {
    Piece q = p;
    bool atomic = false;
    for (const Block& b : blocks)
      if (b.begin < q.end && b.end > q.begin) {
        q.begin = std::min(q.begin, b.begin);
        q.end = std::max(q.end, b.end);
        atomic = true;
      }
    if (!out.empty() && out.back().first.end > q.begin) {  // grew into the previous piece
      out.back().first.end = std::max(out.back().first.end, q.end);
      out.back().second = out.back().second || atomic;
    } else {
      out.push_back({q, atomic});
    }
  }
  return out;
}

// Cuts text[begin, end) at spaces (or anywhere, for a run without one) into pieces <= size.
void split_at_spaces(const std::string& text, Piece span, std::size_t size, std::vector<Piece>& out) {
  std::size_t start = span.begin;
  while (span.end - start > size) {
    std::size_t cut = start + size;
    while (cut > start && !is_space(text[cut])) --cut;
    if (cut == start) cut = start + size;
    while (cut > start && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // UTF-8
    out.push_back(trimmed(text, start, cut));
    start = cut;
  }
  Piece last = trimmed(text, start, span.end);
  if (last.end > last.begin) out.push_back(last);
}

// Windows of whole sentences up to `target`, each starting so it repeats about `overlap`
// characters of the previous one.
void sentence_windows(const std::string& text, Piece span, const ChunkOptions& o,
                      std::vector<Piece>& out) {
  std::vector<std::size_t> starts{span.begin};
  for (std::size_t b : sentence_ends(text, span.begin, span.end)) starts.push_back(b);
  const std::size_t n = starts.size() - 1;  // sentence s covers [starts[s], starts[s + 1])
  std::size_t i = 0;
  while (i < n) {
    std::size_t j = i;
    while (j + 1 < n && starts[j + 2] - starts[i] <= o.target_chars) ++j;
    const Piece window = trimmed(text, starts[i], starts[j + 1]);
    if (window.end - window.begin > o.target_chars) split_at_spaces(text, window, o.target_chars, out);
    else if (window.end > window.begin) out.push_back(window);
    if (j + 1 >= n) break;
    std::size_t k = i + 1;
    while (k <= j && starts[j + 1] - starts[k] > o.overlap_chars) ++k;
    i = k;
  }
}

// A block longer than the limit is cut between lines (table rows), never inside one.
void split_block(const std::string& text, Piece block, std::size_t limit, std::vector<Piece>& out) {
  std::size_t start = block.begin;
  while (block.end - start > limit) {
    std::size_t cut = text.rfind('\n', start + limit);
    if (cut == std::string::npos || cut <= start) cut = text.find('\n', start + 1);
    if (cut == std::string::npos || cut >= block.end) break;
    out.push_back(trimmed(text, start, cut));
    start = cut + 1;
  }
  out.push_back(trimmed(text, start, block.end));
}

// The pieces of one region (between section and page boundaries), merged up to the target.
std::vector<Piece> region_pieces(const Document& doc, std::size_t begin, std::size_t end,
                                 const ChunkOptions& o) {
  std::vector<Piece> split;
  for (const auto& [piece, atomic] : apply_blocks(paragraphs(doc.text, begin, end), doc.atomic_blocks)) {
    const std::size_t size = piece.end - piece.begin;
    if (atomic && size > o.max_block_chars) split_block(doc.text, piece, o.max_block_chars, split);
    else if (!atomic && size > o.target_chars) sentence_windows(doc.text, piece, o, split);
    else split.push_back(piece);
  }
  std::vector<Piece> merged;
  for (const Piece& p : split) {
    if (!merged.empty() && p.end - merged.back().begin <= o.target_chars && p.begin >= merged.back().end)
      merged.back().end = p.end;
    else
      merged.push_back(p);
  }
  return merged;
}

// True when the break at `at` follows an abbreviation ("Dr. ", "e.g. ", "approx. "): ICU's
// data here has no suppression list for English, so the common ones are listed.
bool after_abbreviation(const std::string& text, std::size_t begin, std::size_t at) {
  static const char* const kAbbreviations[] = {"dr", "mr", "mrs", "ms", "st", "no", "vs", "etc", "e.g", "i.e",
                                               "approx", "incl", "ltd", "inc", "co", "fig", "ref", "min", "max"};
  std::size_t end = at;
  while (end > begin && is_space(text[end - 1])) --end;
  if (end == begin || text[end - 1] != '.') return false;
  std::size_t start = end - 1;
  while (start > begin && !is_space(text[start - 1])) --start;
  std::string word = text.substr(start, end - 1 - start);
  for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (word.size() == 1 && std::isalpha(static_cast<unsigned char>(word[0]))) return true;  // "J. Smith"
  for (const char* a : kAbbreviations)
    if (word == a) return true;
  return false;
}

}  // namespace

std::vector<std::size_t> sentence_ends(const std::string& text, std::size_t begin, std::size_t end) {
  std::vector<std::size_t> out;
  UErrorCode status = U_ZERO_ERROR;
  UText* ut = utext_openUTF8(nullptr, text.data() + begin, static_cast<int64_t>(end - begin), &status);
  UBreakIterator* it = ubrk_open(UBRK_SENTENCE, "en_US", nullptr, 0, &status);
  if (U_SUCCESS(status)) {
    ubrk_setUText(it, ut, &status);
    for (int32_t b = ubrk_next(it); U_SUCCESS(status) && b != UBRK_DONE; b = ubrk_next(it))
      if (!after_abbreviation(text, begin, begin + static_cast<std::size_t>(b)))
        out.push_back(begin + static_cast<std::size_t>(b));
  }
  if (it) ubrk_close(it);
  if (ut) utext_close(ut);
  if (out.empty() || out.back() != end) out.push_back(end);  // ICU unavailable: one sentence
  return out;
}

std::vector<Chunk> chunk_document(const Document& doc, const ChunkOptions& options) {
  std::vector<std::size_t> bounds{0, doc.text.size()};
  for (const auto& s : doc.sections) bounds.push_back(s.begin);
  for (std::size_t p : doc.page_starts) bounds.push_back(p);
  std::sort(bounds.begin(), bounds.end());
  bounds.erase(std::unique(bounds.begin(), bounds.end()), bounds.end());
  std::vector<Chunk> chunks;
  for (std::size_t r = 0; r + 1 < bounds.size(); ++r) {
    if (bounds[r] >= doc.text.size()) break;
    for (const Piece& p : region_pieces(doc, bounds[r], bounds[r + 1], options)) {
      Chunk c{doc.name, doc.title, section_path(doc, p.begin), page_at(doc, p.begin), p.begin, p.end,
              doc.text.substr(p.begin, p.end - p.begin)};
      chunks.push_back(std::move(c));
    }
  }
  return chunks;
}

}  // namespace oiis::kb
