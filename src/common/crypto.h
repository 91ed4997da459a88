// Hashing and random tokens (OpenSSL), used for API keys and data fingerprints.
#pragma once

#include <string>
#include <string_view>

namespace oiis {

// Lowercase hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);
// `bytes` cryptographically random bytes, hex encoded (2 * bytes characters).
std::string random_hex(int bytes);

}  // namespace oiis
