// Normal draws by NumPy's 256-box ziggurat (random_standard_normal), and normal(loc, scale).
#include "random/distributions.hpp"
#include "random/parameter_checks.hpp"
#include "random/pcg64.hpp"
#include "random/ziggurat_tables.hpp"

#include <cmath>

namespace kiln::random {

double standard_normal(GeneratorState& s) {
  using namespace ziggurat;
  for (;;) {
    // One word gives the box (8 bits), the sign (1 bit) and a 52-bit magnitude.
    std::uint64_t r = next_uint64(s);
    const int idx = static_cast<int>(r & 0xff);
    r >>= 8;
    const bool negative = r & 0x1;
    const std::uint64_t rabs = (r >> 1) & 0x000fffffffffffff;
    double x = static_cast<double>(rabs) * wi[idx];
    if (negative) x = -x;
    if (rabs < ki[idx]) return x;
    if (idx == 0) {
      // The tail beyond r, by Marsaglia's exponential method; the sign comes from bit 8 of rabs.
      for (;;) {
        const double xx = -normal_inv_r * std::log1p(-next_double(s));
        const double yy = -std::log1p(-next_double(s));
        if (yy + yy > xx * xx) return ((rabs >> 8) & 0x1) ? -(normal_r + xx) : normal_r + xx;
      }
    }
    if ((fi[idx - 1] - fi[idx]) * next_double(s) + fi[idx] < std::exp(-0.5 * x * x)) return x;
  }
}

double normal(GeneratorState& s, double loc, double scale) { return loc + scale * standard_normal(s); }

void check_normal(double scale) { require_non_negative("normal", "scale", scale); }

void fill_standard_normal(GeneratorState& s, double* out, std::int64_t n) {
  for (std::int64_t i = 0; i < n; ++i) out[i] = standard_normal(s);
}

void fill_normal(GeneratorState& s, double* out, std::int64_t n, double loc, double scale) {
  check_normal(scale);
  for (std::int64_t i = 0; i < n; ++i) out[i] = normal(s, loc, scale);
}

}  // namespace kiln::random
