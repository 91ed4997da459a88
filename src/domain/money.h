// Money as shown to people and clients.
#pragma once

#include <cmath>

namespace oiis {

// A sum of money rounded to cents, so that summing thousands of binary fractions does not print
// as 6575088.500000992.
inline double round_money(double amount) { return std::round(amount * 100.0) / 100.0; }

}  // namespace oiis
