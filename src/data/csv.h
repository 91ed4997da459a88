// Streaming input for imports: a chunked byte source, an RFC-4180 CSV reader and a line
// reader (JSON Lines), both with memory bounded by the chunk size and the longest record,
// never by the file size. Fields are string_views into the reader's buffer, valid until the
// next call to next(); the hot path allocates nothing per field.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace oiis {

// Where bytes come from: a file read in chunks, stdin, or a string (tests).
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Fills up to `n` bytes; 0 at end of input. Sets status() on a read error.
  virtual size_t read(char* buf, size_t n) = 0;
  // Total size in bytes when known (regular files, strings), else 0; for progress bars.
  virtual std::int64_t size() const = 0;
  virtual const Status& status() const = 0;
};

// `path` "-" reads stdin. kNotFound / kInvalidArgument naming the path when it can't be opened.
Result<std::unique_ptr<ByteSource>> open_file_source(const std::string& path);
std::unique_ptr<ByteSource> string_source(std::string data);

// A sliding window over a ByteSource: the unread tail is kept, the rest is recycled, and the
// window only grows when a single record is longer than it.
class ChunkBuffer {
 public:
  ChunkBuffer(std::unique_ptr<ByteSource> source, size_t chunk_size);

  char* begin() { return buf_.data() + pos_; }
  char* end() { return buf_.data() + len_; }
  bool at_eof() const { return eof_; }
  // Marks `n` bytes from begin() as consumed.
  void consume(size_t n) {
    pos_ += n;
    consumed_ += static_cast<std::int64_t>(n);
  }
  // Reads more input after end(), moving the unread part to the front (pointers into the
  // buffer are invalidated). False when nothing more could be read (end of input or error).
  bool refill();
  std::int64_t bytes_consumed() const { return consumed_; }
  std::int64_t total_bytes() const { return source_->size(); }
  const Status& source_status() const { return source_->status(); }

 private:
  std::unique_ptr<ByteSource> source_;
  std::vector<char> buf_;
  size_t pos_ = 0, len_ = 0;
  size_t chunk_size_;
  std::int64_t consumed_ = 0;
  bool eof_ = false;
};

struct CsvOptions {
  char delimiter = ',';
  size_t chunk_size = 1 << 20;
  size_t max_record_bytes = 16 << 20;  // a longer record is an error (runaway quote)
};

// RFC-4180: fields separated by the delimiter, records by LF or CRLF; a field may be quoted
// with '"', and inside quotes delimiters, newlines and doubled quotes ("") are data. A UTF-8
// BOM at the start is skipped and blank lines are ignored. Leniency: a quote inside an
// unquoted field is kept as data (12" ruler). Errors:
//  - per record (next() returns true, record_error() set, the record is skipped to its end):
//    text after a closing quote, e.g. "abc"x;
//  - fatal (next() returns false, status() set): unterminated quote at end of input, a
//    record over max_record_bytes, a read error.
class CsvReader {
 public:
  explicit CsvReader(std::unique_ptr<ByteSource> source, CsvOptions options = {});

  bool next();
  const std::vector<std::string_view>& fields() const { return fields_; }
  size_t size() const { return fields_.size(); }
  std::string_view operator[](size_t i) const { return fields_[i]; }
  // Index of the field equal to `name` in the current record (a header row), or -1.
  int column(std::string_view name) const {
    for (size_t i = 0; i < fields_.size(); ++i)
      if (fields_[i] == name) return static_cast<int>(i);
    return -1;
  }
  // Physical line (1-based) where the current record starts.
  std::int64_t line() const { return line_; }
  // Set when the current record is malformed; OK otherwise.
  const Status& record_error() const { return record_error_; }
  const Status& status() const { return status_; }
  std::int64_t bytes_consumed() const { return in_.bytes_consumed(); }
  std::int64_t total_bytes() const { return in_.total_bytes(); }

 private:
  enum class Parse { kDone, kNeedMore, kMalformed, kUnterminated };
  Parse parse_record(size_t& used, int& newlines);
  void skip_bom();

  ChunkBuffer in_;
  CsvOptions options_;
  std::vector<std::string_view> fields_;
  std::vector<size_t> escaped_;  // indexes of fields holding "" to collapse
  std::int64_t line_ = 0, next_line_ = 1;
  Status record_error_, status_;
  bool started_ = false;
};

// Lines of text (LF or CRLF, BOM skipped), for JSON Lines.
class LineReader {
 public:
  explicit LineReader(std::unique_ptr<ByteSource> source, size_t chunk_size = 1 << 20,
                      size_t max_line_bytes = 16 << 20);
  // False at end of input or on a fatal error (status()).
  bool next(std::string_view& line);
  std::int64_t line() const { return line_; }
  const Status& status() const { return status_; }
  std::int64_t bytes_consumed() const { return in_.bytes_consumed(); }
  std::int64_t total_bytes() const { return in_.total_bytes(); }

 private:
  ChunkBuffer in_;
  size_t max_line_bytes_;
  std::int64_t line_ = 0;
  Status status_;
  bool started_ = false;
};

// Appends `value` to `out` as one CSV field, quoted only when it holds the delimiter, a
// quote, CR or LF (the reader keeps surrounding spaces, so they need no quotes).
void append_csv_field(std::string& out, std::string_view value, char delimiter = ',');
// Appends a whole record (fields joined by the delimiter) and "\n".
void append_csv_record(std::string& out, const std::vector<std::string_view>& fields,
                       char delimiter = ',');

}  // namespace oiis
