// Converting a double to int64 as the x86-64 instruction NumPy's C casts compile to does:
// values outside int64 (and NaN) give INT64_MIN. Poisson and binomial casts can meet those,
// where C's cast is undefined, and then reject the draw.
#pragma once

#include <cstdint>
#include <limits>

namespace kiln::random {

inline std::int64_t float_to_int64(double value) {
  constexpr double limit = 9223372036854775808.0;  // 2^63
  if (!(value >= -limit && value < limit)) return std::numeric_limits<std::int64_t>::min();
  return static_cast<std::int64_t>(value);
}

}  // namespace kiln::random
