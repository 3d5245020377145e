// The seed tutorial's model outputs: printed graphs and collections, and its numbers.
#include "support/printed.hpp"

#include <kiln/kiln.hpp>

#include "support/reference_files.hpp"

#include <catch2/catch.hpp>

#include <sstream>

namespace kt = kiln::tensor;
namespace pm = kiln::pm;
using Catch::Matchers::WithinAbs;
using kiln::Array;
using kiln::Var;
using kiln::testing::printed;

namespace {


Array int_zeros() { return Array(std::vector<std::int64_t>{0, 0}); }

}  // namespace

TEST_CASE("the seed's z logp prints as 08_normal_logp_check", "[pm][seed]") {
  pm::Model model;
  pm::ModelContext ctx(model);
  auto z = pm::Normal("z", int_zeros(), Array{1.0, 2.0});
  Var z_value = kt::vector("z");
  Var z_logp = pm::logp(z, z_value);
  const std::string expected = kiln::testing::read_reference("reference/seed/08_normal_logp_check.txt");
  CHECK(kiln::debug_string(z_logp) == expected);
  // model.logp(sum=False) is the same graph on the model's own value variable.
  CHECK(kiln::debug_string(model.logp({.sum = false})) == expected);
  auto values = z_logp.eval({{z_value, Array{0.0, 0.0}}}).to_vector<double>();
  CHECK_THAT(values[0], WithinAbs(-0.91893853320467267, 1e-15));
  CHECK_THAT(values[1], WithinAbs(-1.6120857137646180, 1e-15));
}

TEST_CASE("the seed's z model prints its RVs and initial point", "[pm][seed]") {
  pm::Model model;
  {
    pm::ModelContext ctx(model);
    pm::Normal("z", int_zeros(), Array{1.0, 2.0});
  }
  CHECK(printed(model.basic_RVs()) == "[z ~ N(<constant>, <constant>)]");
  auto point = model.initial_point();
  CHECK(printed(point) == "{'z': array([0., 0.])}");
  auto terms = model.compile_logp({.sum = false})(point).values();
  CHECK(pm::repr(terms) == "[array([-0.91893853, -1.61208571])]");
}

TEST_CASE("the seed's model_2 prints rvs_to_values and value_vars", "[pm][seed]") {
  pm::Model model_2;
  {
    pm::ModelContext ctx(model_2);
    auto mu = pm::Normal("mu", 0, 2);
    auto sigma = pm::HalfNormal("sigma", 3);
    pm::Normal("x", mu, sigma);
  }
  CHECK(printed(model_2.rvs_to_values()) == "{mu ~ N(0, 2): mu, sigma ~ N**+(0, 3): sigma_log__, x ~ N(mu, sigma): x}");
  CHECK(printed(model_2.value_vars()) == "[mu, sigma_log__, x]");

  auto values = model_2.value_vars();
  Var logp_graph = kt::stack(model_2.logp({.sum = false}));
  auto lp = logp_graph.eval({{values[0], 0.0}, {values[1], -10.0}, {values[2], 0.0}}).to_vector<double>();
  CHECK_THAT(lp[0], WithinAbs(-1.612085713764618, 1e-12));
  CHECK_THAT(lp[1], WithinAbs(-11.324403641427345, 1e-12));
  CHECK_THAT(lp[2], WithinAbs(9.081061466795328, 1e-12));

  auto compiled = model_2.compile_logp({.sum = false})({{"mu", 0}, {"sigma_log__", -10}, {"x", 0}}).values();
  CHECK(pm::repr(compiled) == "[array(-1.61208571), array(-11.32440364), array(9.08106147)]");
}

TEST_CASE("rv.logpdf(1.25) of Normal(0 1) is -1.7001885332046727", "[pm][seed]") {
  CHECK(pm::logp(pm::Normal::dist(0, 1), Var(1.25)).eval().item<double>() == Approx(-1.7001885332046727).epsilon(1e-15));
}
