// Instructions per logp+gradient call of eight schools, counted by callgrind (stable where
// timings on a shared machine are not): the flat form (one theta vector, index and slice,
// the variadic call_into with Array::view of the caller's buffers, as graph_models.cpp's
// flat:: builds it), the graph form (theta's parts as inputs, called through
// pm::LogpGradFunction's direct entry: the compiled body and little else) and the hand-written
// -ffast-math code (hand_models_avx2.cpp: valgrind cannot run AVX-512). Only the timed loop is
// instrumented:
//   valgrind --tool=callgrind --instr-atstart=no build/bench/models/call_instructions flat 10000
//   valgrind --tool=callgrind --instr-atstart=no build/bench/models/call_instructions hand 10000
// then divide the total Ir callgrind prints by the call count. Without valgrind it only runs.
#include "anchor_data.hpp"
#include "hand_models.hpp"
#include "kiln_models.hpp"

#include <valgrind/callgrind.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace anchor::fast_avx2 {
double logp_grad(const EightSchoolsLayout& m, const double* theta, double* grad);  // hand_models_avx2.cpp
}

int main(int argc, char** argv) {
  const bool known = argc == 3 && (std::strcmp(argv[1], "flat") == 0 || std::strcmp(argv[1], "graph") == 0 ||
                                   std::strcmp(argv[1], "hand") == 0);
  if (!known) {
    std::fprintf(stderr, "usage: call_instructions flat|graph|hand CALLS\n");
    return 2;
  }
  const long calls = std::atol(argv[2]);
  const anchor::EightSchoolsData data;
  const anchor::EightSchoolsLayout layout = anchor::layout(data);
  anchor::FlatLogpGrad f;
  if (std::strcmp(argv[1], "flat") == 0) {
    f = anchor::flat::eight_schools(data);
  } else if (std::strcmp(argv[1], "graph") == 0) {
    auto g = std::make_shared<kiln::pm::LogpGradFunction>(anchor::graph::eight_schools(data));
    f = [g](const double* t, double* grad) { return (*g)({t, g->size()}, {grad, g->size()}); };
  } else {
    f = [&layout](const double* t, double* g) { return anchor::fast_avx2::logp_grad(layout, t, g); };
  }

  const std::vector<double> theta = anchor::eight_schools_point();
  std::vector<double> grad(theta.size());
  double total = 0;
  for (int warm = 0; warm < 10; ++warm) total += f(theta.data(), grad.data());  // compile, specialize
  CALLGRIND_START_INSTRUMENTATION;
  for (long c = 0; c < calls; ++c) total += f(theta.data(), grad.data());
  CALLGRIND_STOP_INSTRUMENTATION;
  std::printf("%s: %ld calls, sum of logp %.6f\n", argv[1], calls, total);
  return 0;
}
