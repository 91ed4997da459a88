#include "common/crypto.h"

#include <gtest/gtest.h>

#include "common/status.h"

namespace oiis {
namespace {

TEST(Sha256, MatchesPublishedVector) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(RandomHex, HasRequestedLengthAndVaries) {
  const std::string a = random_hex(16), b = random_hex(16);
  EXPECT_EQ(a.size(), 32u);
  EXPECT_NE(a, b);
}

TEST(StatusText, NamesCodeAndField) {
  Status s = invalid_argument("quantity must be positive", "lines[0].quantity");
  EXPECT_EQ(s.to_string(), "invalid_argument: quantity must be positive (field lines[0].quantity)");
  EXPECT_TRUE(Status::ok().is_ok());
}

}  // namespace
}  // namespace oiis
