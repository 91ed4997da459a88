#include "stream/nats_protocol.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace oiis::stream::nats {
namespace {

constexpr std::string_view kCrLf = "\r\n";
// The longest control line we accept (INFO carries the server's JSON; a few KiB in practice).
constexpr std::size_t kMaxControlLine = 1u << 16;

std::vector<std::string_view> nats_split_tokens(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    const std::size_t begin = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > begin) out.push_back(line.substr(begin, i - begin));
  }
  return out;
}

bool nats_iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::toupper(static_cast<unsigned char>(x)) ==
                  std::toupper(static_cast<unsigned char>(y));
         });
}

std::optional<std::size_t> nats_parse_size(std::string_view s) {
  std::size_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

std::string_view nats_trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

Status nats_check_subject(std::string_view s, bool may_be_empty) {
  if (s.empty() && may_be_empty) return Status::ok();
  if (s.empty()) return invalid_argument("a subject must not be empty", "subject");
  for (char c : s)
    if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f)
      return invalid_argument("a subject must not contain spaces or control characters",
                              "subject");
  return Status::ok();
}

}  // namespace

std::optional<std::string> Headers::get(std::string_view name) const {
  for (const auto& [k, v] : fields)
    if (nats_iequals(k, name)) return v;
  return std::nullopt;
}

Result<Headers> parse_headers(std::string_view block) {
  constexpr std::string_view kVersion = "NATS/1.0";
  if (block.substr(0, kVersion.size()) != kVersion)
    return invalid_argument("a header block must start with NATS/1.0", "headers");
  Headers h;
  std::size_t eol = block.find(kCrLf);
  if (eol == std::string_view::npos) return invalid_argument("unterminated header block", "headers");
  std::string_view status_line = nats_trim(block.substr(kVersion.size(), eol - kVersion.size()));
  if (!status_line.empty()) {
    const auto space = status_line.find(' ');
    auto code = nats_parse_size(status_line.substr(0, space));
    if (!code) return invalid_argument("bad status in header block", "headers");
    h.status = static_cast<int>(*code);
    if (space != std::string_view::npos) h.description = nats_trim(status_line.substr(space + 1));
  }
  std::size_t pos = eol + kCrLf.size();
  while (pos < block.size()) {
    eol = block.find(kCrLf, pos);
    if (eol == std::string_view::npos) return invalid_argument("unterminated header line", "headers");
    if (eol == pos) break;  // the blank line that ends the block
    std::string_view line = block.substr(pos, eol - pos);
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0)
      return invalid_argument("a header line needs 'Name: value'", "headers");
    h.fields.emplace_back(std::string(nats_trim(line.substr(0, colon))),
                          std::string(nats_trim(line.substr(colon + 1))));
    pos = eol + kCrLf.size();
  }
  return h;
}

void Parser::compact() {
  if (start_ == buffer_.size()) {
    buffer_.clear();
    start_ = 0;
  } else if (start_ > (1u << 16) && start_ > buffer_.size() / 2) {
    buffer_.erase(0, start_);
    start_ = 0;
  }
}

Result<std::optional<ServerOp>> Parser::next() {
  if (!error_.is_ok()) return error_;
  const std::size_t eol = buffer_.find(kCrLf, start_);
  if (eol == std::string::npos) {
    if (buffered() > kMaxControlLine) error_ = internal_error("NATS: control line too long");
    if (!error_.is_ok()) return error_;
    return std::optional<ServerOp>{};
  }
  const std::string_view line(buffer_.data() + start_, eol - start_);
  const std::string_view op = line.substr(0, line.find(' '));
  if (nats_iequals(op, "MSG") || nats_iequals(op, "HMSG"))
    return next_message(line, nats_iequals(op, "HMSG"));
  ServerOp out;
  if (nats_iequals(op, "PING")) {
    out.kind = ServerOp::Kind::kPing;
  } else if (nats_iequals(op, "PONG")) {
    out.kind = ServerOp::Kind::kPong;
  } else if (nats_iequals(op, "+OK")) {
    out.kind = ServerOp::Kind::kOk;
  } else if (nats_iequals(op, "-ERR") || nats_iequals(op, "INFO")) {
    out.kind = nats_iequals(op, "INFO") ? ServerOp::Kind::kInfo : ServerOp::Kind::kErr;
    std::string_view rest = nats_trim(line.substr(op.size()));
    if (out.kind == ServerOp::Kind::kErr && rest.size() >= 2 && rest.front() == '\'' &&
        rest.back() == '\'')
      rest = rest.substr(1, rest.size() - 2);
    out.text = rest;
  } else {
    error_ = internal_error("NATS: unexpected line from the server: " +
                            std::string(line.substr(0, 80)));
    return error_;
  }
  start_ = eol + kCrLf.size();
  compact();
  return std::optional<ServerOp>(std::move(out));
}

// MSG <subject> <sid> [reply-to] <#bytes>  /  HMSG <subject> <sid> [reply-to] <#hdr> <#total>
Result<std::optional<ServerOp>> Parser::next_message(std::string_view line, bool with_headers) {
  const auto tokens = nats_split_tokens(line);
  const std::size_t sizes = with_headers ? 2 : 1;
  if (tokens.size() != 3 + sizes && tokens.size() != 4 + sizes) {
    error_ = internal_error("NATS: malformed message line: " + std::string(line.substr(0, 80)));
    return error_;
  }
  const bool has_reply = tokens.size() == 4 + sizes;
  auto total = nats_parse_size(tokens.back());
  auto header_bytes = with_headers ? nats_parse_size(tokens[tokens.size() - 2])
                                   : std::optional<std::size_t>(0);
  if (!total || !header_bytes || *header_bytes > *total || *total > max_payload_) {
    error_ = internal_error("NATS: bad sizes in message line: " + std::string(line.substr(0, 80)));
    return error_;
  }
  const std::size_t body_at = start_ + line.size() + kCrLf.size();
  if (buffer_.size() < body_at + *total + kCrLf.size()) return std::optional<ServerOp>{};
  if (std::string_view(buffer_).substr(body_at + *total, kCrLf.size()) != kCrLf) {
    error_ = internal_error("NATS: a message body is not followed by CRLF");
    return error_;
  }
  ServerOp out;
  out.kind = ServerOp::Kind::kMsg;
  out.subject = tokens[1];
  out.sid = tokens[2];
  if (has_reply) out.reply = tokens[3];
  if (with_headers) {
    auto headers = parse_headers(std::string_view(buffer_).substr(body_at, *header_bytes));
    if (!headers) {
      error_ = internal_error("NATS: " + headers.status().message());
      return error_;
    }
    out.headers = std::move(*headers);
  }
  out.payload = buffer_.substr(body_at + *header_bytes, *total - *header_bytes);
  start_ = body_at + *total + kCrLf.size();
  compact();
  return std::optional<ServerOp>(std::move(out));
}

Result<std::string> encode_pub(std::string_view subject, std::string_view reply,
                               std::string_view payload) {
  OIIS_RETURN_IF_ERROR(nats_check_subject(subject, false));
  OIIS_RETURN_IF_ERROR(nats_check_subject(reply, true));
  std::string out = "PUB ";
  out.append(subject);
  if (!reply.empty()) out.append(" ").append(reply);
  out.append(" ").append(std::to_string(payload.size())).append(kCrLf);
  out.append(payload).append(kCrLf);
  return out;
}

Result<std::string> encode_hpub(std::string_view subject, std::string_view reply,
                                const std::vector<std::pair<std::string, std::string>>& headers,
                                std::string_view payload) {
  OIIS_RETURN_IF_ERROR(nats_check_subject(subject, false));
  OIIS_RETURN_IF_ERROR(nats_check_subject(reply, true));
  std::string block = "NATS/1.0\r\n";
  for (const auto& [k, v] : headers) {
    const bool bad = k.empty() || k.find_first_of(":\r\n") != std::string::npos ||
                     v.find_first_of("\r\n") != std::string::npos;
    if (bad) return invalid_argument("a header name or value is not printable: " + k, "headers");
    block.append(k).append(": ").append(v).append(kCrLf);
  }
  block.append(kCrLf);
  std::string out = "HPUB ";
  out.append(subject);
  if (!reply.empty()) out.append(" ").append(reply);
  out.append(" ").append(std::to_string(block.size()));
  out.append(" ").append(std::to_string(block.size() + payload.size())).append(kCrLf);
  out.append(block).append(payload).append(kCrLf);
  return out;
}

Result<std::string> encode_sub(std::string_view subject, std::string_view sid) {
  OIIS_RETURN_IF_ERROR(nats_check_subject(subject, false));
  OIIS_RETURN_IF_ERROR(nats_check_subject(sid, false));
  return "SUB " + std::string(subject) + " " + std::string(sid) + "\r\n";
}

std::string encode_connect(std::string_view client_name) {
  std::string name;
  for (char c : client_name)
    if (c != '"' && c != '\\' && static_cast<unsigned char>(c) >= ' ') name += c;
  return R"(CONNECT {"verbose":false,"pedantic":false,"headers":true,"no_responders":true,)"
         R"("lang":"c++","version":"oiis","protocol":1,"name":")" +
         name + "\"}\r\n";
}

}  // namespace oiis::stream::nats
