// HTML to text with headings: a small tag scanner, not a browser. Block elements end lines,
// h1-h6 open sections, table rows become "cell | cell" lines kept together as one block, and
// script/style/head content is dropped (the <title> becomes the document's title).
#include <cctype>
#include <cstdlib>

#include "kb/document.h"

namespace oiis::kb {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

void append_utf8(std::string& out, unsigned long cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x110000) {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Decodes the entity at html[i] ('&'); appends it and returns the index after it, or appends
// '&' and returns i + 1 when it is not an entity we know.
std::size_t decode_entity(std::string_view html, std::size_t i, std::string& out) {
  const std::size_t semi = html.find(';', i);
  if (semi == std::string_view::npos || semi - i > 10) {
    out += '&';
    return i + 1;
  }
  const std::string_view name = html.substr(i + 1, semi - i - 1);
  if (!name.empty() && name[0] == '#') {
    const bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
    const std::string digits(name.substr(hex ? 2 : 1));
    append_utf8(out, std::strtoul(digits.c_str(), nullptr, hex ? 16 : 10));
  } else if (name == "amp") out += '&';
  else if (name == "lt") out += '<';
  else if (name == "gt") out += '>';
  else if (name == "quot") out += '"';
  else if (name == "apos") out += '\'';
  else if (name == "nbsp") out += ' ';
  else if (name == "ndash") out += "\xE2\x80\x93";
  else if (name == "mdash") out += "\xE2\x80\x94";
  else if (name == "euro") out += "\xE2\x82\xAC";
  else {
    out += '&';
    return i + 1;
  }
  return semi + 1;
}

bool is_block_tag(const std::string& tag) {
  static const char* const kBlocks[] = {"p", "div", "br", "li", "ul", "ol", "section", "article",
                                        "header", "footer", "main", "nav", "aside", "blockquote",
                                        "pre", "dl", "dt", "dd", "hr", "body", "figure", "caption"};
  for (const char* b : kBlocks)
    if (tag == b) return true;
  return false;
}

class HtmlToText {
 public:
  Document run(std::string_view html) {
    std::size_t i = 0;
    while (i < html.size()) {
      if (html[i] == '<') i = tag(html, i);
      else if (html[i] == '&') i = skipping_ ? i + 1 : decode_entity(html, i, pending_);
      else {
        if (!skipping_) pending_ += html[i];
        ++i;
      }
    }
    flush_text();
    close_table();
    if (doc_.title.empty() && !doc_.sections.empty()) doc_.title = doc_.sections[0].heading;
    return std::move(doc_);
  }

 private:
  // Handles the tag at html[i] ('<'); returns the index after it.
  std::size_t tag(std::string_view html, std::size_t i) {
    if (html.substr(i, 4) == "<!--") {
      const auto end = html.find("-->", i);
      return end == std::string_view::npos ? html.size() : end + 3;
    }
    const auto close = html.find('>', i);
    if (close == std::string_view::npos) return html.size();
    std::string_view body = html.substr(i + 1, close - i - 1);
    const bool closing = !body.empty() && body[0] == '/';
    if (closing) body.remove_prefix(1);
    std::size_t n = 0;
    while (n < body.size() && std::isalnum(static_cast<unsigned char>(body[n]))) ++n;
    const std::string name = lower(body.substr(0, n));
    if (name == "script" || name == "style" || name == "head") {
      if (!closing) flush_text();
      skipping_ = !closing;
      return close + 1;
    }
    if (name == "title") {
      if (closing) doc_.title = std::string(collapse(pending_));
      pending_.clear();
      skipping_ = false;
      return close + 1;
    }
    if (skipping_) return close + 1;
    element(name, closing);
    return close + 1;
  }

  void element(const std::string& name, bool closing) {
    const bool heading = name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6';
    if (heading) {
      flush_text();
      if (!closing) {
        end_paragraph();
        heading_level_ = name[1] - '0';
        heading_begin_ = doc_.text.size();
      } else if (heading_level_ > 0) {
        doc_.sections.push_back({heading_begin_, heading_level_, doc_.text.substr(heading_begin_)});
        heading_level_ = 0;
        end_paragraph();
      }
    } else if (name == "table") {
      flush_text();
      end_paragraph();
      if (closing) close_table();
      else table_begin_ = doc_.text.size();
    } else if (name == "tr") {
      flush_text();
      if (!doc_.text.empty() && doc_.text.back() != '\n') doc_.text += '\n';
      cells_in_row_ = 0;
    } else if ((name == "td" || name == "th") && !closing) {
      flush_text();
      if (cells_in_row_++ > 0) doc_.text += " | ";
    } else if (is_block_tag(name)) {
      flush_text();
      if (table_begin_ == std::string::npos) end_paragraph();
    } else {
      pending_ += ' ';  // inline tags (<b>, <a>) separate nothing, but words may touch them
    }
  }

  static std::string collapse(std::string_view s) {
    std::string out;
    bool space = false;
    for (char c : s) {
      if (std::isspace(static_cast<unsigned char>(c))) space = !out.empty();
      else {
        if (space) out += ' ';
        space = false;
        out += c;
      }
    }
    return out;
  }

  void flush_text() {
    const std::string text = collapse(pending_);
    const bool gap = !pending_.empty() && std::isspace(static_cast<unsigned char>(pending_.front()));
    pending_.clear();
    if (text.empty()) return;
    if (gap && !doc_.text.empty() && !std::isspace(static_cast<unsigned char>(doc_.text.back())))
      doc_.text += ' ';
    doc_.text += text;
  }

  void end_paragraph() {
    while (!doc_.text.empty() && doc_.text.back() == ' ') doc_.text.pop_back();
    if (doc_.text.empty()) return;
    if (doc_.text.back() != '\n') doc_.text += '\n';
    if (doc_.text.size() < 2 || doc_.text[doc_.text.size() - 2] != '\n') doc_.text += '\n';
  }

  void close_table() {
    if (table_begin_ == std::string::npos) return;
    std::size_t end = doc_.text.size();
    while (end > table_begin_ && std::isspace(static_cast<unsigned char>(doc_.text[end - 1]))) --end;
    if (end > table_begin_) doc_.atomic_blocks.push_back({table_begin_, end});
    table_begin_ = std::string::npos;
    end_paragraph();
  }

  Document doc_;
  std::string pending_;
  bool skipping_ = false;
  int heading_level_ = 0, cells_in_row_ = 0;
  std::size_t heading_begin_ = 0, table_begin_ = std::string::npos;
};

}  // namespace

Document parse_html(std::string_view bytes) { return HtmlToText().run(bytes); }

}  // namespace oiis::kb
