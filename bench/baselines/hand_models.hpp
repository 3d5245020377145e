// Hand-written log-densities with analytic gradients for the anchor models: the baseline kiln's
// compiled graphs are measured against. The same loops are compiled twice, strict and with
// -ffast-math, into the namespaces `strict` and `fast`.
#pragma once

#include "anchor_data.hpp"

#include <cstdint>
#include <vector>

namespace anchor {

// Data laid out for the loops, prepared once outside the timed code (as a JIT would fold it).
struct NormalIIDLayout {
  const double* y;
  int n;
};
struct LogisticLayout {
  int n, k;
  std::vector<double> x_cols;  // column-major: column c at x_cols[c * n]
  const double* y;
};
struct EightSchoolsLayout {
  const double* y;
  double inv_sigma[8];
  double sum_log_sigma;
};
struct HierarchicalLayout {
  int n, j;
  std::vector<std::int32_t> group;  // 32-bit indices gather faster
  const double* x;
  const double* y;
};

NormalIIDLayout layout(const NormalIIDData& d);
LogisticLayout layout(const LogisticData& d);
EightSchoolsLayout layout(const EightSchoolsData& d);
HierarchicalLayout layout(const HierarchicalData& d);

// Each returns logp at theta (the README's order) and writes d logp / d theta into grad.
#define KILN_HAND_MODELS_DECLARE                                                    \
  double logp_grad(const NormalIIDLayout& m, const double* theta, double* grad);    \
  double logp_grad(const LogisticLayout& m, const double* theta, double* grad);     \
  double logp_grad(const EightSchoolsLayout& m, const double* theta, double* grad); \
  double logp_grad(const HierarchicalLayout& m, const double* theta, double* grad);

namespace strict {
KILN_HAND_MODELS_DECLARE
}
namespace fast {
KILN_HAND_MODELS_DECLARE
}
#undef KILN_HAND_MODELS_DECLARE

}  // namespace anchor
