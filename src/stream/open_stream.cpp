#include <cctype>
#include <charconv>

#include "stream/backends.h"
#include "stream/stream.h"

namespace oiis::stream {

bool valid_event_type(const std::string& type) {
  if (type.empty() || type.size() > 100 || type.front() == '.' || type.back() == '.') return false;
  for (char c : type)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-')
      return false;
  return type.find("..") == std::string::npos;
}

Result<std::unique_ptr<Stream>> open_stream(const std::string& url, const StreamOptions& options) {
  const auto scheme_end = url.find("://");
  const std::string scheme = scheme_end == std::string::npos ? "" : url.substr(0, scheme_end);
  if (scheme != "redis" && scheme != "nats")
    return invalid_argument("expected redis://HOST:PORT or nats://HOST:PORT, got '" + url + "'",
                            "stream");
  std::string rest = url.substr(scheme_end + 3);
  if (!rest.empty() && rest.back() == '/') rest.pop_back();
  int port = scheme == "redis" ? 6379 : 4222;
  const auto colon = rest.rfind(':');
  if (colon != std::string::npos) {
    const char* first = rest.data() + colon + 1;
    const char* last = rest.data() + rest.size();
    auto [end, ec] = std::from_chars(first, last, port);
    if (ec != std::errc() || end != last || port < 1 || port > 65535)
      return invalid_argument("the port in '" + url + "' must be 1..65535", "stream");
    rest.resize(colon);
  }
  if (rest.empty()) return invalid_argument("the host is missing in '" + url + "'", "stream");
  if (options.name.empty() || options.name.find_first_of(" .*>\t\r\n") != std::string::npos)
    return invalid_argument("a stream name must be non-empty, without spaces, '.', '*' or '>'",
                            "stream-name");
  return scheme == "redis" ? open_redis_stream(rest, port, options)
                           : open_jetstream(rest, port, options);
}

}  // namespace oiis::stream
