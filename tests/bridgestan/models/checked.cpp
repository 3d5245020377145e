// A test model whose parameter check fails at some points: s is unconstrained but is Normal's
// sigma, so sigma > 0 fails wherever s <= 0.
#include <kiln/bridgestan.hpp>

namespace pm = kiln::pm;

void kiln_model(const kiln::Data& data) {
  auto mu = pm::Normal("mu", 0.0, 1.0);
  auto s = pm::Normal("s", 1.0, 1.0);
  pm::Normal("y", mu, s, {.observed = data.array("y", kiln::float64)});
}
