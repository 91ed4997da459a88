// A gzip-compressed file written through zlib, with output buffered into large writes. Used by
// the analytics export (data/analytics_export.h); errors are Statuses naming the file.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"

namespace oiis {

class GzipFile {
 public:
  // Creates (truncates) `path`. kInvalidArgument naming `field` when it cannot be opened.
  static Result<std::unique_ptr<GzipFile>> create(const std::string& path,
                                                  const std::string& field);
  ~GzipFile();
  GzipFile(const GzipFile&) = delete;
  GzipFile& operator=(const GzipFile&) = delete;

  // Appended to the buffer; compressed and written once it holds a megabyte.
  std::string& buffer() { return buffer_; }
  Status flush_if_full();
  // Writes what is left and closes; an error if any write failed.
  Status close();

 private:
  GzipFile(void* file, std::string path) : file_(file), path_(std::move(path)) {}
  Status write_buffer();

  void* file_;  // gzFile, kept out of this header
  std::string path_;
  std::string buffer_;
};

}  // namespace oiis
