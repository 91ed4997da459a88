// The generator's only source of randomness: one mt19937_64 stream plus distributions written
// here. std:: distributions are implementation-defined (libstdc++ and libc++ give different
// draws for the same engine state), so using them would break "same seed, same world"
// across toolchains. The engine itself is fully specified by the standard.
#pragma once

#include <cstdint>
#include <random>
#include <span>

namespace oiis::world {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}

  // Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  // Uniform integer in [0, n); n > 0. Multiply-shift keeps the bias below 2^-64 * n.
  std::int64_t below(std::int64_t n) {
    return static_cast<std::int64_t>(
        (static_cast<unsigned __int128>(engine_()) * static_cast<std::uint64_t>(n)) >> 64);
  }
  // Uniform integer in [lo, hi] (inclusive).
  std::int64_t between(std::int64_t lo, std::int64_t hi) { return lo + below(hi - lo + 1); }
  bool chance(double p) { return uniform() < p; }

  double normal();  // standard normal (Marsaglia polar method)
  double normal(double mean, double sd) { return mean + sd * normal(); }
  double lognormal(double mu, double sigma);
  double exponential(double rate);           // mean 1 / rate
  double gamma(double shape, double scale);  // mean shape * scale (Marsaglia-Tsang)
  // Gamma with the given mean and standard deviation (both > 0).
  double gamma_mean_sd(double mean, double sd);
  std::int64_t poisson(double mean);
  // Negative binomial as a gamma-Poisson mixture: mean `mean`, variance mean + mean^2 / shape.
  std::int64_t negative_binomial(double mean, double shape);
  // Number of failures before the first success, success probability p in (0, 1].
  std::int64_t geometric(double p);

  // Index drawn with probability proportional to the weights (not all zero).
  std::size_t weighted(std::span<const double> weights);
  // Index into a cumulative-weight array (non-decreasing, last > 0): binary search.
  std::size_t from_cumulative(std::span<const double> cumulative);

  template <typename T>
  void shuffle(std::span<T> items) {
    for (std::size_t i = items.size(); i > 1; --i) {
      std::size_t j = static_cast<std::size_t>(below(static_cast<std::int64_t>(i)));
      std::swap(items[i - 1], items[j]);
    }
  }

 private:
  std::mt19937_64 engine_;
  double spare_normal_ = 0.0;
  bool has_spare_normal_ = false;
};

}  // namespace oiis::world
