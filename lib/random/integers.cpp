// Integers in [low, high) as Generator.integers draws int64: an offset plus a bounded unsigned
// value by Lemire's multiply-and-reject method, from 32-bit draws when the range fits in 32
// bits (two per PCG64 word) and from 64-bit draws otherwise.
#include "random/distributions.hpp"
#include "random/parameter_checks.hpp"
#include "random/pcg64.hpp"

#include <limits>

namespace kiln::random {

namespace {

// Uniform on [0, rng]; rng + 1 must not wrap to zero.
std::uint32_t lemire_uint32(GeneratorState& s, std::uint32_t rng) {
  const std::uint32_t rng_excl = rng + 1;
  std::uint64_t m = std::uint64_t{next_uint32(s)} * rng_excl;
  auto leftover = static_cast<std::uint32_t>(m);
  if (leftover < rng_excl) {
    const std::uint32_t threshold = (std::numeric_limits<std::uint32_t>::max() - rng) % rng_excl;
    while (leftover < threshold) {
      m = std::uint64_t{next_uint32(s)} * rng_excl;
      leftover = static_cast<std::uint32_t>(m);
    }
  }
  return static_cast<std::uint32_t>(m >> 32);
}

std::uint64_t lemire_uint64(GeneratorState& s, std::uint64_t rng) {
  const std::uint64_t rng_excl = rng + 1;
  uint128 m = uint128{next_uint64(s)} * rng_excl;
  auto leftover = static_cast<std::uint64_t>(m);
  if (leftover < rng_excl) {
    const std::uint64_t threshold = (std::numeric_limits<std::uint64_t>::max() - rng) % rng_excl;
    while (leftover < threshold) {
      m = uint128{next_uint64(s)} * rng_excl;
      leftover = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::uint64_t>(m >> 64);
}

// Uniform on [0, rng]. An exclusive int64 high keeps rng below 2^64 - 1, so rng + 1 never wraps.
std::uint64_t bounded_uint64(GeneratorState& s, std::uint64_t rng) {
  if (rng == 0) return 0;
  if (rng == 0xFFFFFFFFULL) return next_uint32(s);  // every 32-bit word is in range, as NumPy takes it
  if (rng < 0xFFFFFFFFULL) return lemire_uint32(s, static_cast<std::uint32_t>(rng));
  return lemire_uint64(s, rng);
}

}  // namespace

std::int64_t integers(GeneratorState& s, std::int64_t low, std::int64_t high) {
  // Two's complement arithmetic: high - 1 - low is the range even when it exceeds int64.
  const std::uint64_t off = static_cast<std::uint64_t>(low);
  const std::uint64_t rng = static_cast<std::uint64_t>(high) - 1 - off;
  return static_cast<std::int64_t>(off + bounded_uint64(s, rng));
}

void check_integers(std::int64_t low, std::int64_t high) {
  if (low >= high) {
    throw_parameter_error("integers", "low >= high",
                          "low = " + format_parameter(low) + ", high = " + format_parameter(high));
  }
}

void fill_integers(GeneratorState& s, std::int64_t* out, std::int64_t n, std::int64_t low, std::int64_t high) {
  check_integers(low, high);
  for (std::int64_t i = 0; i < n; ++i) out[i] = integers(s, low, high);
}

}  // namespace kiln::random
