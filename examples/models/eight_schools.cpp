// Eight schools, non-centred (Rubin 1981): a model source for the sampler library. Build it
// into eight_schools_model.so with kiln_add_model(eight_schools eight_schools.cpp) or
// `kiln-model build eight_schools.cpp`, and load it with eight_schools.json as its data.
#include <kiln/bridgestan.hpp>

namespace pm = kiln::pm;

void kiln_model(const kiln::Data& data) {
  const std::int64_t J = data.integer("J");
  auto mu = pm::Normal("mu", 0.0, 5.0);
  auto tau = pm::HalfCauchy("tau", 5.0);
  auto theta_tilde = pm::Normal("theta_tilde", 0.0, 1.0, {.size = {J}});
  auto theta = pm::Deterministic("theta", mu + tau * theta_tilde);
  pm::Normal("y", theta, data.array("sigma", kiln::float64, {J}), {.observed = data.array("y", kiln::float64, {J})});
}
