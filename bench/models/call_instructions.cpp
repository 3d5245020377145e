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
// `slopes` and `slopes-hand` count the varying-slopes model (varying_slopes.hpp: kiln's model
// layer through LogpGradFunction, and the hand-written code) the same way.
#include "anchor_data.hpp"
#include "hand_models.hpp"
#include "kiln_models.hpp"
#include "varying_slopes.hpp"

#include <valgrind/callgrind.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace anchor::fast_avx2 {
double logp_grad(const EightSchoolsLayout& m, const double* theta, double* grad);  // hand_models_avx2.cpp
}

int main(int argc, char** argv) {
  const std::string form = argc == 3 ? argv[1] : "";
  if (form != "flat" && form != "graph" && form != "hand" && form != "slopes" && form != "slopes-hand") {
    std::fprintf(stderr, "usage: call_instructions flat|graph|hand|slopes|slopes-hand CALLS\n");
    return 2;
  }
  const long calls = std::atol(argv[2]);
  const anchor::EightSchoolsData data;
  const anchor::EightSchoolsLayout layout = anchor::layout(data);
  const varying_slopes::Data slopes = varying_slopes::make_data(85, 919);
  std::vector<double> theta = anchor::eight_schools_point();
  anchor::FlatLogpGrad f;
  if (form == "slopes") {
    auto g = std::make_shared<kiln::pm::LogpGradFunction>(varying_slopes::kiln_model(slopes));
    f = [g](const double* t, double* grad) { return (*g)({t, g->size()}, {grad, g->size()}); };
    theta = varying_slopes::make_point(slopes);
  } else if (form == "slopes-hand") {
    auto grad_ab = std::make_shared<std::vector<double>>(2 * static_cast<std::size_t>(slopes.counties));
    f = [&slopes, grad_ab](const double* t, double* g) {
      return varying_slopes::avx2::logp_grad(slopes, grad_ab->data(), t, g);
    };
    theta = varying_slopes::make_point(slopes);
  } else if (form == "flat") {
    f = anchor::flat::eight_schools(data);
  } else if (form == "graph") {
    auto g = std::make_shared<kiln::pm::LogpGradFunction>(anchor::graph::eight_schools(data));
    f = [g](const double* t, double* grad) { return (*g)({t, g->size()}, {grad, g->size()}); };
  } else {
    f = [&layout](const double* t, double* g) { return anchor::fast_avx2::logp_grad(layout, t, g); };
  }

  std::vector<double> grad(theta.size());
  double total = 0;
  for (int warm = 0; warm < 10; ++warm) total += f(theta.data(), grad.data());  // compile, specialize
  CALLGRIND_START_INSTRUMENTATION;
  for (long c = 0; c < calls; ++c) total += f(theta.data(), grad.data());
  CALLGRIND_STOP_INSTRUMENTATION;
  std::printf("%s: %ld calls, sum of logp %.6f\n", form.c_str(), calls, total);
  return 0;
}
