#include "server/http_wire.h"

#include <algorithm>
#include <cctype>

#include "common/input_limits.h"
#include "server/api.h"

namespace oiis::server::wire {
namespace {

constexpr std::size_t kMaxTargetBytes = 8192;  // httplib's CPPHTTPLIB_REQUEST_URI_MAX_LENGTH
constexpr std::string_view kCrlf = "\r\n";

bool wire_iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool wire_icontains(std::string_view haystack, std::string_view needle) {
  return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                     [](char x, char y) {
                       return std::tolower(static_cast<unsigned char>(x)) ==
                              std::tolower(static_cast<unsigned char>(y));
                     }) != haystack.end();
}

std::string_view wire_trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool known_method(std::string_view m) {
  for (std::string_view k : {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH",
                             "TRACE", "CONNECT"})
    if (m == k) return true;
  return false;
}

const char* reason_phrase(int status) {
  switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return status < 400 ? "OK" : status < 500 ? "Bad Request" : "Internal Server Error";
  }
}

Refusal refused(int status, std::string message, std::string field = "") {
  return Refusal{status, std::move(message), std::move(field)};
}

// "METHOD SP target SP HTTP/1.x" into req; the target's path is percent-decoded and its query
// split into params exactly as httplib does (its own decode_url / parse_query_text).
Refusal parse_request_line(std::string_view line, RequestHead& out) {
  const std::size_t sp1 = line.find(' ');
  const std::size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos)
    return refused(400, "malformed HTTP request line");
  const std::string_view method = line.substr(0, sp1);
  const std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  const std::string_view version = line.substr(sp2 + 1);
  if (!known_method(method)) return refused(400, "unknown HTTP method");
  if (version != "HTTP/1.1" && version != "HTTP/1.0")
    return refused(400, "unsupported HTTP version (HTTP/1.0 and HTTP/1.1 are served)");
  if (target.empty()) return refused(400, "malformed HTTP request line");
  if (target.size() > kMaxTargetBytes)
    return refused(414, "the request target is limited to 8192 bytes", "path");
  httplib::Request& req = out.req;
  req.method = method;
  req.version = version;
  req.target = target;
  const std::size_t query = target.find('?');
  req.path = httplib::detail::decode_url(std::string(target.substr(0, query)), false);
  if (query != std::string_view::npos && query + 1 < target.size())
    httplib::detail::parse_query_text(std::string(target.substr(query + 1)), req.params);
  out.keep_alive = version == "HTTP/1.1";
  return {};
}

// One header line into the request and the framing fields it decides.
Refusal take_header(std::string_view name, std::string_view value, const GateLimits& limits,
                    RequestHead& out) {
  if (wire_iequals(name, "Content-Length")) {
    if (value.empty() || value.size() > 18 ||
        !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return refused(400, "Content-Length must be a decimal number", "Content-Length");
    out.content_length = std::stoull(std::string(value));
    if (out.content_length > limits.max_body_bytes)
      return refused(413, "request body is too large", "body");
  } else if (wire_iequals(name, "Transfer-Encoding")) {
    out.chunked = wire_icontains(value, "chunked");
  } else if (wire_iequals(name, "Connection")) {
    if (wire_icontains(value, "close")) out.keep_alive = false;
    if (wire_icontains(value, "keep-alive")) out.keep_alive = true;
  } else if (wire_iequals(name, "Expect")) {
    out.expect_continue = wire_icontains(value, "100-continue");
  }
  out.req.headers.emplace(std::string(name), std::string(value));
  return {};
}

}  // namespace

const char* error_code_for_status(int status) {
  switch (status) {
    case 400: return "invalid_argument";
    case 401: return "unauthenticated";
    case 403: return "permission_denied";
    case 404: return "not_found";
    case 405: return "method_not_allowed";
    case 408: return "request_timeout";
    case 409: return "conflict";
    case 413: return "payload_too_large";
    case 414: return "uri_too_long";
    case 415: return "unsupported_media_type";
    case 429: return "rate_limited";
    case 431: return "request_header_fields_too_large";
    case 503: return "unavailable";
    default: return status >= 500 ? "internal" : "bad_request";
  }
}

Refusal parse_head(std::string_view block, const GateLimits& limits, RequestHead& out) {
  const std::size_t first_eol = block.find(kCrlf);
  Refusal r = parse_request_line(block.substr(0, first_eol), out);
  if (r.status != 0) return r;
  std::size_t count = 0;
  for (std::size_t at = first_eol == std::string_view::npos ? block.size() : first_eol + 2;
       at < block.size();) {
    std::size_t eol = block.find(kCrlf, at);
    if (eol == std::string_view::npos) eol = block.size();
    const std::string_view line = block.substr(at, eol - at);
    at = eol + 2;
    if (++count > limits.max_header_count)
      return refused(431, "the request line and headers are limited to " +
                              std::to_string(limits.max_header_bytes) + " bytes and " +
                              std::to_string(limits.max_header_count) + " headers");
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;  // httplib skips it too
    const std::string_view name = wire_trim(line.substr(0, colon));
    if (name.empty()) return refused(400, "a header line has no name");
    r = take_header(name, wire_trim(line.substr(colon + 1)), limits, out);
    if (r.status != 0) return r;
  }
  if (out.chunked) out.content_length = 0;  // RFC 9112 6.3: chunked wins over a length
  return {};
}

ChunkedDecoder::Result ChunkedDecoder::feed(std::string_view data, std::size_t max_body_bytes,
                                            std::size_t& consumed, std::string& body) {
  std::size_t at = 0;
  for (;;) {
    const std::string_view rest = data.substr(at);
    if (state_ == State::kData) {
      const std::size_t take = std::min(left_, rest.size());
      body.append(rest.data(), take);
      at += take;
      left_ -= take;
      if (left_ > 0) break;
      state_ = State::kDataEnd;
      continue;
    }
    if (state_ == State::kDataEnd) {
      if (rest.size() < 2) break;
      if (rest.substr(0, 2) != kCrlf) return Result::kMalformed;
      at += 2;
      state_ = State::kSize;
      continue;
    }
    const std::size_t eol = rest.find(kCrlf);
    if (eol == std::string_view::npos) {
      if (rest.size() > 1024) return Result::kMalformed;  // no size or trailer line is this long
      break;
    }
    at += eol + 2;
    if (state_ == State::kTrailer) {
      if (eol == 0) {
        consumed = at;
        return Result::kDone;
      }
      continue;  // trailer fields are read and dropped
    }
    std::string_view size = wire_trim(rest.substr(0, std::min(eol, rest.find(';'))));
    if (size.empty() || size.size() > 15 || !std::all_of(size.begin(), size.end(), [](char c) {
          return std::isxdigit(static_cast<unsigned char>(c)) != 0;
        }))
      return Result::kMalformed;
    left_ = std::stoull(std::string(size), nullptr, 16);
    if (body.size() + left_ > max_body_bytes) return Result::kTooLarge;
    state_ = left_ == 0 ? State::kTrailer : State::kData;
  }
  consumed = at;
  return Result::kNeedMore;
}

std::string serialize_head(const httplib::Response& res, bool keep_alive, bool chunked,
                           std::size_t body_size) {
  const int status = res.status < 0 ? 200 : res.status;
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + reason_phrase(status) + "\r\n";
  for (const auto& [name, value] : res.headers) {
    // Framing is ours to write: a handler's own copy would contradict it.
    if (wire_iequals(name, "Content-Length") || wire_iequals(name, "Transfer-Encoding") ||
        wire_iequals(name, "Connection"))
      continue;
    out.append(name).append(": ").append(value).append(kCrlf);
  }
  if ((body_size > 0 || chunked) && !res.has_header("Content-Type"))
    out += "Content-Type: text/plain\r\n";
  out += keep_alive ? "Connection: keep-alive\r\n" : "Connection: close\r\n";
  if (chunked)
    out += "Transfer-Encoding: chunked\r\n";
  else
    out += "Content-Length: " + std::to_string(body_size) + "\r\n";
  out += kCrlf;
  return out;
}

Refusal unsupported_encoding(const httplib::Request& req) {
  const std::string encoding = req.get_header_value("Content-Encoding");
  if (encoding.empty() || encoding == "identity" || encoding == "gzip" || encoding == "deflate")
    return {};
  return {415, "Content-Encoding " + clip_for_message(encoding, 64) +
                   " is not supported (gzip, deflate or none)",
          "Content-Encoding"};
}

Refusal decode_body(const httplib::Request& req, std::size_t max_body_bytes, std::string& body) {
  if (Refusal unknown = unsupported_encoding(req); unknown.status != 0) return unknown;
  const std::string encoding = req.get_header_value("Content-Encoding");
  if (encoding.empty() || encoding == "identity") return {};
  // httplib's decompressor detects the gzip or zlib wrapper itself.
  httplib::detail::gzip_decompressor inflater;
  std::string inflated;
  bool too_large = false;
  const bool ok = inflater.is_valid() &&
                  inflater.decompress(body.data(), body.size(), [&](const char* data, std::size_t n) {
                    if (inflated.size() + n > max_body_bytes) {
                      too_large = true;
                      return false;
                    }
                    inflated.append(data, n);
                    return true;
                  });
  if (too_large) return {413, "request body is too large once decompressed", "Content-Encoding"};
  if (!ok) return {400, "request body is not valid " + encoding + " data", "Content-Encoding"};
  body = std::move(inflated);
  return {};
}

std::string serialize_response(const httplib::Request& req, httplib::Response& res,
                               bool keep_alive) {
  if (!res.body.empty() && !res.has_header("Content-Encoding") &&
      httplib::detail::encoding_type(req, res) == httplib::detail::EncodingType::Gzip) {
    std::string zipped;
    httplib::detail::gzip_compressor gzip;
    const bool ok = gzip.compress(res.body.data(), res.body.size(), true,
                                  [&zipped](const char* data, std::size_t n) {
                                    zipped.append(data, n);
                                    return true;
                                  });
    if (ok) {
      res.body = std::move(zipped);
      res.set_header("Content-Encoding", "gzip");
    }
  }
  std::string out = serialize_head(res, keep_alive, false, res.body.size());
  if (req.method != "HEAD") out += res.body;
  return out;
}

std::string serialize_refusal(const Refusal& refusal) {
  httplib::Response res;
  write_error(res, refusal.status, error_code_for_status(refusal.status), refusal.message,
              refusal.field);
  return serialize_head(res, false, false, res.body.size()) + res.body;
}

std::string frame_chunk(std::string_view data) {
  char size[24];
  std::snprintf(size, sizeof size, "%zx\r\n", data.size());
  std::string out = size;
  out.append(data);
  out += kCrlf;
  return out;
}

}  // namespace oiis::server::wire
