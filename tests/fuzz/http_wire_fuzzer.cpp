// The Asio engine's HTTP/1.1 reading and writing (src/server/http_wire.h), without sockets: the
// first input byte picks where the rest is split into a head and a body; the head goes through
// parse_head under small limits, the body through the chunked decoder in pieces whose sizes
// the input's bytes choose, and whatever is accepted is answered and serialised back.
// Invariants: nothing crashes, leaks or overflows; a refusal carries a 4xx status; the decoder
// never grows the body past its limit.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "server/http_wire.h"

namespace {

using oiis::server::wire::ChunkedDecoder;

constexpr std::size_t kMaxBody = 4096;

void decode_chunked(std::string_view body, std::uint8_t step_seed) {
  ChunkedDecoder decoder;
  std::string out;
  std::size_t at = 0, step = 1 + step_seed % 7;
  while (at < body.size()) {
    std::size_t consumed = 0;
    const auto piece = body.substr(at, step);
    const auto result = decoder.feed(piece, kMaxBody, consumed, out);
    if (out.size() > kMaxBody || consumed > piece.size()) std::abort();
    if (result != ChunkedDecoder::Result::kNeedMore) return;
    at += consumed;
    // The engine waits for more bytes when nothing was consumed; here they come in a bigger piece.
    step = consumed == 0 ? step + 7 : 1 + (step * 31 + consumed) % 13;
    if (step > body.size() + 8) return;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data) + 2, size - 2);
  const std::size_t split = input.empty() ? 0 : data[0] % (input.size() + 1);
  oiis::server::GateLimits limits;
  limits.max_header_bytes = 2048;
  limits.max_header_count = 16;
  limits.max_body_bytes = kMaxBody;
  oiis::server::wire::RequestHead head;
  const auto refusal = oiis::server::wire::parse_head(input.substr(0, split), limits, head);
  if (refusal.status != 0) {
    if (refusal.status < 400 || refusal.status >= 500) std::abort();
    (void)oiis::server::wire::serialize_refusal(refusal);
    return 0;
  }
  decode_chunked(input.substr(split), data[1]);
  httplib::Response res;
  res.status = 200;
  res.set_content(std::string(input.substr(split, 64)), "text/plain");
  (void)oiis::server::wire::serialize_response(head.req, res, head.keep_alive);
  return 0;
}
