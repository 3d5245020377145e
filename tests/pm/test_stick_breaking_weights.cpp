// StickBreakingWeights(alpha, K): logp against PyMC's density at 60 digits
// (scipy_logp_more.json, 1e-12 relative, -inf outside the support), its gradient in alpha and
// in the weights against central differences, NumPy's draws for PyMC's rng_fn (K past NumPy's
// 8-wide and 128-long pairwise sums included), the simplex transform's round trip and
// log-Jacobian, PyMC's moment, and PyMC's conditions.
#include <kiln/kiln.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "json_reference.hpp"
#include "reference_checks.hpp"

#include <cmath>

namespace kt = kiln::tensor;
namespace pm = kiln::pm;
using kiln::Array;
using kiln::Var;
using kiln::testing::json_float_array;
using kiln::testing::json_number;
using nlohmann::json;

namespace {

json reference() { return kiln::testing::pm_reference("scipy_logp_more.json"); }

Var stick_breaking(const json& p, const pm::DistOptions& options = {}) {
  return pm::StickBreakingWeights::dist(json_float_array(p.at("alpha")), Var(p.at("K").get<std::int64_t>()), options);
}

}  // namespace

TEST_CASE("StickBreakingWeights logp matches PyMC's density to 1e-12", "[pm][stick_breaking]") {
  const json ref = reference();
  int count = 0;
  for (const auto& c : ref.at("cases")) {
    if (c.at("dist") != "StickBreakingWeights") continue;
    ++count;
    const double got = pm::logp(stick_breaking(c.at("params")), Var(json_float_array(c.at("value")))).eval().item<double>();
    const double want = json_number(c.at("logp"));
    INFO("params " << c.at("params").dump() << " value " << c.at("value").dump());
    kiln::testing::check_reference_close(got, want);
  }
  CHECK(count == 10);
  // Batched alpha: one logp per row, each the scalar's.
  Var rv = pm::StickBreakingWeights::dist(Array{2.5, 0.3}, Var(std::int64_t{3}));
  const auto rows =
      pm::logp(rv, Var(Array{0.4, 0.3, 0.2, 0.1, 0.4, 0.3, 0.2, 0.1}.reshape({2, 4}))).eval().to_vector<double>();
  REQUIRE(rows.size() == 2);
  CHECK(rows[0] == Approx(1.0097929842233233).epsilon(1e-12));
  // A value whose length is not K + 1 is outside the support, as in PyMC.
  CHECK(pm::logp(pm::StickBreakingWeights::dist(2.5, Var(std::int64_t{3})), Var(Array{0.5, 0.5})).eval().item<double>() ==
        -HUGE_VAL);
}

TEST_CASE("StickBreakingWeights' gradient matches central differences", "[pm][stick_breaking]") {
  Var alpha = kt::scalar("alpha");
  Var x = kt::vector("x");
  Var f = pm::logp(pm::StickBreakingWeights::dist(alpha, Var(std::int64_t{3})), x);
  kiln::Function fn = kiln::function({alpha, x}, {f, kiln::grad(f, alpha), kiln::grad(f, x)});
  const std::vector<double> x0{0.4, 0.3, 0.2, 0.1};
  const auto out = fn(2.5, Array(x0)).values();
  auto value = [&](double a, const std::vector<double>& v) { return fn(a, Array(v))[0].item<double>(); };
  CHECK(out[1].item<double>() == Approx((value(2.5 + 1e-6, x0) - value(2.5 - 1e-6, x0)) / 2e-6).epsilon(1e-7));
  const auto gx = out[2].to_vector<double>();
  REQUIRE(gx.size() == 4);
  for (std::size_t j = 0; j < x0.size(); ++j) {
    auto up = x0, down = x0;
    up[j] += 1e-7;
    down[j] -= 1e-7;
    INFO("d/d x[" << j << "]");
    CHECK(gx[j] == Approx((value(2.5, up) - value(2.5, down)) / 2e-7).epsilon(1e-6));
  }
}

TEST_CASE("StickBreakingWeights draws are NumPy's for PyMC's rng_fn", "[pm][stick_breaking][draws]") {
  const json ref = reference();
  int count = 0;
  for (const auto& d : ref.at("draws")) {
    if (d.at("dist") != "StickBreakingWeights") continue;
    ++count;
    pm::DistOptions options{.rng = kiln::random_generator_shared(d.at("seed").get<std::uint64_t>())};
    if (!d.at("size").is_null()) options.size = d.at("size").get<kiln::Shape>();
    Var rv = stick_breaking(d.at("params"), options);
    INFO("params " << d.at("params").dump());
    const auto want = kiln::testing::json_flat<double>(d.at("values"));
    CHECK(rv.eval().to_vector<double>() == want);
    CHECK(kiln::function({}, {rv})()[0].to_vector<double>() == want);
  }
  CHECK(count == 5);
}

TEST_CASE("StickBreakingWeights is simplex-transformed, starts at PyMC's moment, and checks alpha and K",
          "[pm][stick_breaking]") {
  pm::Model model;
  Var w;
  {
    pm::ModelContext ctx(model);
    w = pm::StickBreakingWeights("w", 2.0, Var(std::int64_t{3}));
  }
  REQUIRE(model.value_vars()[0].name() == "w_simplex__");
  // (a / (1 + a))^j / (1 + a) for j < K, then (a / (1 + a))^K.
  const auto start = model.constrain(model.initial_point().at("w_simplex__").to_vector<double>()).at("w").to_vector<double>();
  const std::vector<double> moment{1.0 / 3, 2.0 / 9, 4.0 / 27, 8.0 / 27};
  for (std::size_t i = 0; i < moment.size(); ++i) CHECK(start[i] == Approx(moment[i]).epsilon(1e-14));

  // Round trip, and the log-Jacobian against a central-difference Jacobian of the first K weights.
  const std::vector<double> x{0.4, 0.3, 0.2, 0.1};
  const auto y = model.unconstrain({{"w", Array(x)}});
  REQUIRE(y.size() == 3);
  const auto back = model.constrain(y).at("w").to_vector<double>();
  for (std::size_t i = 0; i < x.size(); ++i) CHECK(back[i] == Approx(x[i]).epsilon(1e-14));
  auto transform = model.transform_of(w);
  Var yv = kt::vector("y");
  kiln::Function backward = kiln::function({yv}, {transform->backward(yv)});
  std::vector<double> jac(9);
  for (std::size_t j = 0; j < 3; ++j) {
    auto at = [&](double h) {
      auto p = y;
      p[j] += h;
      return backward.call_positional({Array(p)})[0].to_vector<double>();
    };
    const auto up = at(1e-6), down = at(-1e-6);
    for (std::size_t i = 0; i < 3; ++i) jac[i * 3 + j] = (up[i] - down[i]) / 2e-6;
  }
  const double log_jac = kiln::function({yv}, {transform->log_jac_det(yv)}).call_positional({Array(y)})[0].item<double>();
  CHECK(log_jac == Approx(std::log(std::fabs(kiln::testing::determinant(jac, 3)))).epsilon(1e-8));
  const double lp = pm::logp(w, kiln::make_constant(Array(x))).eval().item<double>();
  CHECK(model.compile_logp()(kiln::Point{{"w_simplex__", Array(y)}})[0].item<double>() ==
        Approx(lp + log_jac).epsilon(1e-12));

  const Var value(Array{0.5, 0.25, 0.25});
  CHECK_THROWS_AS(pm::logp(pm::StickBreakingWeights::dist(-1.0, Var(std::int64_t{2})), value).eval(),
                  kiln::ParameterValueError);
  CHECK_THROWS_WITH(pm::logp(pm::StickBreakingWeights::dist(-1.0, Var(std::int64_t{2})), value).eval(),
                    Catch::Contains("alpha > 0, K > 0"));
  CHECK_THROWS_WITH(pm::logp(pm::StickBreakingWeights::dist(1.0, Var(std::int64_t{0})), Var(Array{1.0})).eval(),
                    Catch::Contains("alpha > 0, K > 0"));
  CHECK_THROWS_WITH(pm::draw(pm::StickBreakingWeights::dist(-1.0, Var(std::int64_t{2}))), Catch::Contains("alpha"));
  // K fixes the support's length: a symbolic or float K is refused when the variable is built.
  CHECK_THROWS_AS(pm::StickBreakingWeights::dist(1.0, kt::scalar("K", kiln::DType::int64)), kiln::InputError);
  CHECK_THROWS_AS(pm::StickBreakingWeights::dist(1.0, Var(2.0)), kiln::InputError);
}
