#include "data/csv.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace oiis {
namespace {

class FileSource : public ByteSource {
 public:
  FileSource(int fd, std::string path, std::int64_t size, bool owned)
      : fd_(fd), path_(std::move(path)), size_(size), owned_(owned) {}
  ~FileSource() override {
    if (owned_) ::close(fd_);
  }
  size_t read(char* buf, size_t n) override {
    for (;;) {
      const ssize_t got = ::read(fd_, buf, n);
      if (got >= 0) return static_cast<size_t>(got);
      if (errno == EINTR) continue;
      status_ = invalid_argument("cannot read '" + path_ + "': " + std::strerror(errno), "file");
      return 0;
    }
  }
  std::int64_t size() const override { return size_; }
  const Status& status() const override { return status_; }

 private:
  int fd_;
  std::string path_;
  std::int64_t size_;
  bool owned_;
  Status status_;
};

class StringSource : public ByteSource {
 public:
  explicit StringSource(std::string data) : data_(std::move(data)) {}
  size_t read(char* buf, size_t n) override {
    const size_t k = std::min(n, data_.size() - pos_);
    std::memcpy(buf, data_.data() + pos_, k);
    pos_ += k;
    return k;
  }
  std::int64_t size() const override { return static_cast<std::int64_t>(data_.size()); }
  const Status& status() const override { return status_; }

 private:
  std::string data_;
  size_t pos_ = 0;
  Status status_;
};

bool has_bom(const char* begin, const char* end) {
  return end - begin >= 3 && static_cast<unsigned char>(begin[0]) == 0xEF &&
         static_cast<unsigned char>(begin[1]) == 0xBB &&
         static_cast<unsigned char>(begin[2]) == 0xBF;
}

// Reads until at least 3 bytes are buffered (or input ends), then drops a UTF-8 BOM.
void skip_bom_in(ChunkBuffer& in) {
  while (in.end() - in.begin() < 3 && in.refill()) {
  }
  if (has_bom(in.begin(), in.end())) in.consume(3);
}

}  // namespace

Result<std::unique_ptr<ByteSource>> open_file_source(const std::string& path) {
  if (path == "-")
    return std::unique_ptr<ByteSource>(
        std::make_unique<FileSource>(STDIN_FILENO, "stdin", 0, false));
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const std::string why = std::strerror(errno);
    if (errno == ENOENT) return not_found("file not found: '" + path + "'", "file");
    return invalid_argument("cannot open '" + path + "': " + why, "file");
  }
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    return invalid_argument("'" + path + "' is a directory", "file");
  }
  const std::int64_t size = S_ISREG(st.st_mode) ? static_cast<std::int64_t>(st.st_size) : 0;
  return std::unique_ptr<ByteSource>(std::make_unique<FileSource>(fd, path, size, true));
}

std::unique_ptr<ByteSource> string_source(std::string data) {
  return std::make_unique<StringSource>(std::move(data));
}

// --- ChunkBuffer

ChunkBuffer::ChunkBuffer(std::unique_ptr<ByteSource> source, size_t chunk_size)
    : source_(std::move(source)), chunk_size_(std::max<size_t>(chunk_size, 16)) {}

bool ChunkBuffer::refill() {
  if (eof_) return false;
  if (pos_ > 0) {
    std::memmove(buf_.data(), buf_.data() + pos_, len_ - pos_);
    len_ -= pos_;
    pos_ = 0;
  }
  // Grow only when the unread tail (one long record) crowds out a useful read.
  if (buf_.size() - len_ < chunk_size_ / 2)
    buf_.resize(std::max(buf_.size() * 2, len_ + chunk_size_));
  const size_t n = source_->read(buf_.data() + len_, buf_.size() - len_);
  if (n == 0) {
    eof_ = true;
    return false;
  }
  len_ += n;
  return true;
}

// --- CsvReader

CsvReader::CsvReader(std::unique_ptr<ByteSource> source, CsvOptions options)
    : in_(std::move(source), options.chunk_size), options_(options) {
  fields_.reserve(32);
}

CsvReader::Parse CsvReader::parse_record(size_t& used, int& newlines) {
  fields_.clear();
  escaped_.clear();
  char* const start = in_.begin();
  char* const end = in_.end();
  const bool eof = in_.at_eof();
  const char delim = options_.delimiter;
  char* p = start;
  newlines = 0;
  for (;;) {
    if (p < end && *p == '"') {
      char* q = p + 1;
      bool escaped = false;
      char* close;
      for (;;) {
        close = static_cast<char*>(std::memchr(q, '"', static_cast<size_t>(end - q)));
        if (close == nullptr) return eof ? Parse::kUnterminated : Parse::kNeedMore;
        newlines += static_cast<int>(std::count(q, close, '\n'));
        if (close + 1 == end && !eof) return Parse::kNeedMore;  // maybe the first of ""
        if (close + 1 < end && close[1] == '"') {
          escaped = true;
          q = close + 2;
          continue;
        }
        break;
      }
      fields_.emplace_back(p + 1, static_cast<size_t>(close - p - 1));
      if (escaped) escaped_.push_back(fields_.size() - 1);
      p = close + 1;
      if (p == end) break;  // end of input right after the closing quote
      if (*p == delim) {
        ++p;
        if (p == end && !eof) return Parse::kNeedMore;
        continue;  // at end of input this yields a final empty field
      }
      if (*p == '\n') {
        ++newlines;
        ++p;
        break;
      }
      if (*p == '\r' && p + 1 == end) {
        if (!eof) return Parse::kNeedMore;
        ++p;
        break;
      }
      if (*p == '\r' && p[1] == '\n') {
        ++newlines;
        p += 2;
        break;
      }
      // Text after a closing quote: skip the rest of the physical line.
      char* nl = static_cast<char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
      if (nl == nullptr && !eof) return Parse::kNeedMore;
      if (nl != nullptr) ++newlines;
      used = static_cast<size_t>((nl ? nl + 1 : end) - start);
      return Parse::kMalformed;
    }
    char* q = p;
    while (q < end && *q != delim && *q != '\n') ++q;
    if (q == end && !eof) return Parse::kNeedMore;
    char* field_end = q;
    if (field_end > p && field_end[-1] == '\r' && (q == end || *q == '\n')) --field_end;
    fields_.emplace_back(p, static_cast<size_t>(field_end - p));
    if (q == end) {
      p = q;
      break;
    }
    if (*q == delim) {
      p = q + 1;
      if (p == end && !eof) return Parse::kNeedMore;
      continue;  // at end of input this yields a final empty field
    }
    ++newlines;  // *q == '\n'
    p = q + 1;
    break;
  }
  used = static_cast<size_t>(p - start);
  return Parse::kDone;
}

bool CsvReader::next() {
  if (!status_.is_ok()) return false;
  if (!started_) {
    started_ = true;
    skip_bom_in(in_);
  }
  for (;;) {
    if (in_.begin() == in_.end()) {
      if (in_.at_eof() || !in_.refill()) {
        status_ = in_.source_status();
        return false;
      }
      continue;
    }
    size_t used = 0;
    int newlines = 0;
    const Parse result = parse_record(used, newlines);
    if (result == Parse::kNeedMore) {
      if (static_cast<size_t>(in_.end() - in_.begin()) >= options_.max_record_bytes) {
        status_ = invalid_argument("line " + std::to_string(next_line_) + ": record longer than " +
                                       std::to_string(options_.max_record_bytes) +
                                       " bytes (unbalanced quote?)",
                                   "line " + std::to_string(next_line_));
        return false;
      }
      if (!in_.refill() && !in_.source_status().is_ok()) {
        status_ = in_.source_status();
        return false;
      }
      continue;
    }
    if (result == Parse::kUnterminated) {
      status_ = invalid_argument(
          "line " + std::to_string(next_line_) + ": quoted field not closed before end of input",
          "line " + std::to_string(next_line_));
      return false;
    }
    // Collapse "" to " in place, now that the record is complete (the text only shrinks).
    for (size_t i : escaped_) {
      std::string_view f = fields_[i];
      char* out = const_cast<char*>(f.data());
      const char* in = f.data();
      const char* const stop = f.data() + f.size();
      char* const first = out;
      while (in < stop) {
        *out++ = *in;
        in += (*in == '"') ? 2 : 1;
      }
      fields_[i] = std::string_view(first, static_cast<size_t>(out - first));
    }
    const char* record = in_.begin();
    in_.consume(used);
    line_ = next_line_;
    next_line_ += newlines;
    record_error_ = Status::ok();
    if (result == Parse::kMalformed) {
      record_error_ = invalid_argument("unexpected text after a closing quote", "");
      return true;
    }
    const bool blank = fields_.size() == 1 && fields_[0].empty() && record[0] != '"';
    if (!blank) return true;
  }
}

// --- LineReader

LineReader::LineReader(std::unique_ptr<ByteSource> source, size_t chunk_size, size_t max_line_bytes)
    : in_(std::move(source), chunk_size), max_line_bytes_(max_line_bytes) {}

bool LineReader::next(std::string_view& line) {
  if (!status_.is_ok()) return false;
  if (!started_) {
    started_ = true;
    skip_bom_in(in_);
  }
  for (;;) {
    char* begin = in_.begin();
    const size_t avail = static_cast<size_t>(in_.end() - begin);
    char* nl = static_cast<char*>(std::memchr(begin, '\n', avail));
    if (nl == nullptr && !in_.at_eof()) {
      if (avail >= max_line_bytes_) {
        status_ = invalid_argument("line " + std::to_string(line_ + 1) + " is longer than " +
                                       std::to_string(max_line_bytes_) + " bytes",
                                   "line " + std::to_string(line_ + 1));
        return false;
      }
      if (!in_.refill() && !in_.source_status().is_ok()) {
        status_ = in_.source_status();
        return false;
      }
      continue;
    }
    if (nl == nullptr && avail == 0) return false;  // end of input
    const size_t len = nl ? static_cast<size_t>(nl - begin) : avail;
    line = std::string_view(begin, len);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    in_.consume(nl ? len + 1 : len);
    ++line_;
    return true;
  }
}

// --- writing

void append_csv_field(std::string& out, std::string_view value, char delimiter) {
  bool quote = false;
  for (char c : value) {
    if (c == delimiter || c == '"' || c == '\n' || c == '\r') {
      quote = true;
      break;
    }
  }
  if (!quote) {
    out.append(value);
    return;
  }
  out.push_back('"');
  for (char c : value) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

void append_csv_record(std::string& out, const std::vector<std::string_view>& fields,
                       char delimiter) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out.push_back(delimiter);
    append_csv_field(out, fields[i], delimiter);
  }
  out.push_back('\n');
}

}  // namespace oiis
