// A test model with a known posterior, for the C sampler: mu's is Normal (a conjugate prior),
// and tau, which no data sees, keeps its Exponential(1) prior (sampled on the log scale).
#include <kiln/bridgestan.hpp>

namespace pm = kiln::pm;

void kiln_model(const kiln::Data& data) {
  auto mu = pm::Normal("mu", 0.0, 10.0);
  pm::Exponential("tau", 1.0);
  pm::Normal("y", mu, 1.0, {.observed = data.array("y", kiln::float64)});
}
