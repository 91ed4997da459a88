// The dashboard's files (web/, built by esbuild into web/dist): embedded in the binary at build
// time (cmake/EmbedWebAssets.cmake), or read from a folder (`oiis serve --web-root DIR`, for
// working on the dashboard without rebuilding the binary). Only files found under the folder
// are ever served: a request path is looked up, never joined onto the disk path.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace oiis::server {

struct WebFile {
  std::string body;
  std::string content_type;
  std::string etag;  // quoted content hash, for If-None-Match
};

// One embedded file: its path under dist ("/index.html", "/assets/app.js") and bytes.
struct EmbeddedWebFile {
  std::string_view path;
  std::string_view body;
};

class WebAssets {
 public:
  // The files compiled into this binary (none when the build had no npm/web/node_modules).
  static std::shared_ptr<const WebAssets> embedded();
  // The files under `root`, re-read on each lookup (so a rebuilt dist shows without restart).
  static std::shared_ptr<const WebAssets> from_directory(std::string root);

  // "/index.html", "/assets/app.js"; nullptr when there is no such file.
  std::shared_ptr<const WebFile> find(std::string_view path) const;
  bool has_dashboard() const { return find("/index.html") != nullptr; }
  // "embedded" or the folder.
  const std::string& origin() const { return origin_; }

 private:
  using Files = std::map<std::string, std::shared_ptr<const WebFile>, std::less<>>;
  std::string origin_;
  std::string root_;  // empty: embedded
  Files files_;
};

std::string content_type_for(std::string_view path);

}  // namespace oiis::server
