// A test model with one variable per transform (log, logodds, interval, simplex), a matrix
// variable (dotted 2-d names) and a Deterministic of it.
#include <kiln/bridgestan.hpp>

namespace pm = kiln::pm;

void kiln_model(const kiln::Data& data) {
  auto sigma = pm::HalfNormal("sigma", 2.0);
  pm::Beta("p", 2.0, 3.0);
  pm::Uniform("u", -1.0, 3.0);
  pm::Dirichlet("w", kiln::Array{1.0, 2.0, 3.0});
  auto m = pm::Normal("m", 0.0, 1.0, {.size = {2, 3}});
  pm::Deterministic("scaled", m * sigma);
  pm::Normal("y", m, sigma, {.observed = data.array("y", kiln::float64, {2, 3})});
}
