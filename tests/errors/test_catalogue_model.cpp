// Bad input to the model layer: registration, lookup, points, the flat interface (wrong theta
// length), parameter checks. Each raises its exact type and message (ModelError for misuse of
// the model itself, never the bare kiln::Error), and the model still works afterwards.
#include "errors/exact_error.hpp"

#include <kiln/kiln.hpp>

#include <cmath>
#include <limits>
#include <vector>

namespace kt = kiln::tensor;
namespace pm = kiln::pm;
using kiln::Array;
using kiln::InputError;
using kiln::ModelError;

namespace {
void build(pm::Model& model) {
  pm::ModelContext ctx(model);
  auto mu = pm::Normal("mu", 0, 2);
  auto sigma = pm::HalfNormal("sigma", 3);
  pm::Normal("obs", mu, sigma, {.observed = Array{0.1, -0.3, 0.2}});
}

// A good call: the flat logp and gradient at theta = 0 are finite.
void still_works(const pm::Model& model) {
  auto f = model.compile_logp_dlogp();
  std::vector<double> theta(f.size(), 0.0), grad(f.size());
  CHECK(std::isfinite(f(theta, grad)));
  CHECK(std::isfinite(grad[0]));
}
}  // namespace

TEST_CASE("catalogue, model: registration without a model, with a duplicate or empty name") {
  CHECK_ERROR(ModelError, pm::Normal("z", 0, 1), "random variable 'z': no active model; create it inside a pm::ModelContext");
  pm::Model model;
  build(model);
  pm::ModelContext ctx(model);
  CHECK_ERROR(ModelError, pm::Normal("mu", 0, 1), "variable name 'mu' already exists in the model");
  CHECK_ERROR(ModelError, pm::HalfNormal("sigma_log__", 1), "variable name 'sigma_log__' already exists in the model");
  CHECK_ERROR(ModelError, pm::Deterministic("obs", kiln::Var(1.0)), "variable name 'obs' already exists in the model");
  CHECK_ERROR(ModelError, pm::Normal("", 0, 1), "a model variable needs a name");
  still_works(model);
}

TEST_CASE("catalogue, model: lookups of unknown names and foreign variables") {
  pm::Model model;
  build(model);
  CHECK_ERROR(ModelError, model["nope"], "the model has no variable named 'nope'");
  auto stray = kt::scalar("stray");
  CHECK_ERROR(ModelError, model.rvs_to_values()[stray], "stray is not a random variable of this model");
  CHECK_ERROR(InputError, pm::logp(stray, kiln::Var(0.0)), "stray is not a random variable");
  CHECK_ERROR(InputError, model.compile_logp()(kiln::Point{{"mu", 0.0}}), "the point has no value for 'sigma_log__'");
  still_works(model);
}

TEST_CASE("catalogue, model: a theta or gradient of the wrong length") {
  pm::Model model;
  build(model);
  auto f = model.compile_logp_dlogp();
  std::vector<double> theta(3, 0.0), grad(2);
  CHECK_ERROR(InputError, f(theta, grad), "logp_dlogp expects theta and grad of length 2, got 3 and 2");
  std::vector<double> short_theta(1, 0.0);
  CHECK_ERROR(InputError, f(short_theta, grad), "logp_dlogp expects theta and grad of length 2, got 1 and 2");
  CHECK_ERROR(InputError, model.constrain(theta), "constrain: theta has 3 values, but the model's value variables have 2");
  CHECK_ERROR(InputError, model.constrain({}), "constrain: theta has 0 values, but the model's value variables have 2");
  still_works(model);
}

TEST_CASE("catalogue, model: NaN and infinite theta give NaN or -inf, not an exception") {
  pm::Model model;
  build(model);
  auto f = model.compile_logp_dlogp();
  std::vector<double> grad(2);
  std::vector<double> nan_theta{std::nan(""), 0.0};
  CHECK(std::isnan(f(nan_theta, grad)));
  std::vector<double> inf_theta{0.0, std::numeric_limits<double>::infinity()};
  const double at_inf = f(inf_theta, grad);
  CHECK((std::isnan(at_inf) || at_inf == -std::numeric_limits<double>::infinity()));
  still_works(model);
}

TEST_CASE("catalogue, model: a parameter check failing at evaluation is a ParameterValueError") {
  pm::Model model;
  {
    pm::ModelContext ctx(model);
    auto s = pm::Normal("s", 1.0, 1.0);
    pm::Normal("y", 0.0, s, {.observed = Array(1.0)});
  }
  auto logp = static_cast<kiln::Var>(model.logp());
  auto s_value = model.value_vars()[0];
  CHECK_ERROR(kiln::ParameterValueError, logp.eval({{s_value, -1.0}}), "sigma > 0");
  CHECK(std::isfinite(logp.eval({{s_value, 1.0}}).item<double>()));
}

TEST_CASE("catalogue, model: the flat interface over a discrete variable is a ModelError") {
  pm::Model model;
  {
    pm::ModelContext ctx(model);
    pm::Poisson("k", 3.0);
  }
  CHECK_ERROR(ModelError, model.compile_logp_dlogp(), "the flat interface needs continuous variables, but 'k' is discrete");
}
