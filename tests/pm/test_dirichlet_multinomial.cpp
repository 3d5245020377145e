// DirichletMultinomial(n, a): logp against PyMC's pmf at 60 digits (scipy_logp_more.json, the
// two-class values checked against SciPy's betabinom; 1e-12 relative), its gradient in a against
// central differences, NumPy's draws for PyMC's two-draw graph, PyMC's moment, and PyMC's
// parameter condition.
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
using kiln::testing::json_number;
using kiln::testing::json_int_array;
using nlohmann::json;

namespace {

json reference() { return kiln::testing::pm_reference("scipy_logp_more.json"); }

Var dirichlet_multinomial(const json& p, const pm::DistOptions& options = {}) {
  return pm::DirichletMultinomial::dist(Var(json_int_array(p.at("n"))), Var(kiln::testing::json_float_array(p.at("a"))),
                                        options);
}

}  // namespace

TEST_CASE("DirichletMultinomial logp matches PyMC's pmf to 1e-12", "[pm][dirichlet_multinomial]") {
  const json ref = reference();
  int count = 0;
  for (const auto& c : ref.at("cases")) {
    if (c.at("dist") != "DirichletMultinomial") continue;
    ++count;
    const double got = pm::logp(dirichlet_multinomial(c.at("params")), Var(json_int_array(c.at("value")))).eval().item<double>();
    const double want = json_number(c.at("logp"));
    INFO("params " << c.at("params").dump() << " value " << c.at("value").dump());
    kiln::testing::check_reference_close(got, want);
  }
  CHECK(count == 12);
  // Batched: a (2, 3) and n (2,) give one logp per row.
  Var rv = pm::DirichletMultinomial::dist(Var(Array(std::vector<std::int64_t>{10, 200})),
                                          Var(Array{0.5, 1.5, 3.0, 20.0, 0.1, 1.0}.reshape({2, 3})));
  const auto rows =
      pm::logp(rv, Var(Array(std::vector<std::int64_t>{3, 3, 4, 199, 1, 0}).reshape({2, 3}))).eval().to_vector<double>();
  REQUIRE(rows.size() == 2);
  CHECK(rows[0] == Approx(-4.581096048769059).epsilon(1e-12));
}

TEST_CASE("DirichletMultinomial's gradient matches central differences", "[pm][dirichlet_multinomial]") {
  Var a = kt::vector("a");
  Var n = kt::scalar("n", kiln::DType::int64);
  Var f = pm::logp(pm::DirichletMultinomial::dist(n, a), Var(Array(std::vector<std::int64_t>{2, 3, 4})));
  kiln::Function fn = kiln::function({a, n}, {f, kiln::grad(f, a)});
  const std::vector<double> a0{0.7, 1.3, 2.2};
  const auto g = fn(Array(a0), std::int64_t{9})[1].to_vector<double>();
  REQUIRE(g.size() == 3);
  for (std::size_t j = 0; j < a0.size(); ++j) {
    auto up = a0, down = a0;
    up[j] += 1e-6;
    down[j] -= 1e-6;
    const double numeric =
        (fn(Array(up), std::int64_t{9})[0].item<double>() - fn(Array(down), std::int64_t{9})[0].item<double>()) / 2e-6;
    INFO("d/d a[" << j << "]");
    CHECK(g[j] == Approx(numeric).epsilon(1e-7));
  }
}

TEST_CASE("DirichletMultinomial draws are NumPy's for PyMC's dirichlet-then-multinomial graph",
          "[pm][dirichlet_multinomial][draws]") {
  const json ref = reference();
  int count = 0;
  for (const auto& d : ref.at("draws")) {
    if (d.at("dist") != "DirichletMultinomial") continue;
    ++count;
    pm::DistOptions options{.rng = kiln::random_generator_shared(d.at("seed").get<std::uint64_t>())};
    if (!d.at("size").is_null()) options.size = d.at("size").get<kiln::Shape>();
    Var rv = dirichlet_multinomial(d.at("params"), options);
    INFO("params " << d.at("params").dump());
    const auto want = kiln::testing::json_flat<std::int64_t>(d.at("values"));
    CHECK(rv.eval().to_vector<std::int64_t>() == want);
    // The compiled function draws the same.
    CHECK(kiln::function({}, {rv})()[0].to_vector<std::int64_t>() == want);
  }
  CHECK(count == 4);
}

TEST_CASE("DirichletMultinomial's moment and bad parameters are PyMC's", "[pm][dirichlet_multinomial]") {
  pm::Model model;
  {
    pm::ModelContext ctx(model);
    pm::DirichletMultinomial("x", std::int64_t{10}, Array{1.0, 2.0, 7.0});
    pm::DirichletMultinomial("y", std::int64_t{10}, Array{1.0, 1.0, 1.0});
  }
  // Multinomial(n, a / sum(a))'s: round(n p), the rest of n added to the first category.
  CHECK(model.initial_point().at("x").to_vector<std::int64_t>() == std::vector<std::int64_t>{1, 2, 7});
  CHECK(model.initial_point().at("y").to_vector<std::int64_t>() == std::vector<std::int64_t>{4, 3, 3});
  CHECK(model.value_vars().size() == 2);
  const Var value(Array(std::vector<std::int64_t>{1, 2}));
  for (const auto& [n, a] : {std::pair{std::int64_t{3}, -1.0}, std::pair{std::int64_t{-1}, 1.0}}) {
    Var bad = pm::DirichletMultinomial::dist(Var(n), Array{1.0, a});
    CHECK_THROWS_AS(pm::logp(bad, value).eval(), kiln::ParameterValueError);
    CHECK_THROWS_WITH(pm::logp(bad, value).eval(), Catch::Contains("a > 0, n >= 0"));
  }
  CHECK_THROWS_WITH(pm::draw(pm::DirichletMultinomial::dist(Var(std::int64_t{3}), Array{1.0, -1.0})),
                    Catch::Contains("alpha <= 0"));
  CHECK_THROWS_WITH(pm::draw(pm::DirichletMultinomial::dist(Var(std::int64_t{-3}), Array{1.0, 1.0})),
                    Catch::Contains("n < 0"));
}
