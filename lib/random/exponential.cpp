// Exponential draws by NumPy's 256-box ziggurat (random_standard_exponential), and
// exponential(scale).
#include "random/distributions.hpp"
#include "random/parameter_checks.hpp"
#include "random/pcg64.hpp"
#include "random/ziggurat_tables.hpp"

#include <cmath>

namespace kiln::random {

double standard_exponential(GeneratorState& s) {
  using namespace ziggurat;
  for (;;) {
    // One word gives the box (8 bits) and a 53-bit magnitude; its low 3 bits go unused.
    const std::uint64_t r = next_uint64(s) >> 3;
    const int idx = static_cast<int>(r & 0xff);
    const std::uint64_t rabs = r >> 8;
    const double x = static_cast<double>(rabs) * we[idx];
    if (rabs < ke[idx]) return x;
    // The exponential is memoryless: its tail is r plus a fresh exponential.
    if (idx == 0) return exponential_r - std::log1p(-next_double(s));
    if ((fe[idx - 1] - fe[idx]) * next_double(s) + fe[idx] < std::exp(-x)) return x;
  }
}

double exponential(GeneratorState& s, double scale) { return scale * standard_exponential(s); }

void check_exponential(double scale) { require_non_negative("exponential", "scale", scale); }

void fill_standard_exponential(GeneratorState& s, double* out, std::int64_t n) {
  for (std::int64_t i = 0; i < n; ++i) out[i] = standard_exponential(s);
}

void fill_exponential(GeneratorState& s, double* out, std::int64_t n, double scale) {
  check_exponential(scale);
  for (std::int64_t i = 0; i < n; ++i) out[i] = exponential(s, scale);
}

}  // namespace kiln::random
