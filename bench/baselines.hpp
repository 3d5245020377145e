// Hand-written C++ loops that the JIT benchmarks measure kiln against, compiled twice:
// `-O3 -march=native` (namespace plain) and with `-ffast-math` added (namespace fast_math).
#pragma once

#include <cstdint>

namespace kiln::bench {

#define KILN_DECLARE_BASELINES                                                                       \
  /* out[i] = log(x[i] + y[i]) */                                                                    \
  void log_add(const double* x, const double* y, double* out, std::int64_t n);                       \
  /* sum of the normal log-density of y[i] at mu, sigma */                                           \
  double normal_logp_sum(const double* y, double mu, double sigma, std::int64_t n);

namespace plain {
KILN_DECLARE_BASELINES
}
namespace fast_math {
KILN_DECLARE_BASELINES
}
#undef KILN_DECLARE_BASELINES

}  // namespace kiln::bench
