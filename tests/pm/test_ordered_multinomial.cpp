// OrderedMultinomial(eta, cutpoints, n): PyMC's Multinomial of n trials over OrderedLogistic's
// class probabilities. logp against the 60-digit pmf of those probabilities
// (scipy_logp_more.json, checked against SciPy's multinomial first; 1e-12 relative), gradients
// in eta and the cutpoints against central differences, NumPy's multinomial draws, the
// `<name>_probs` Deterministic (compute_p), PyMC's moment and condition.
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

Var ordered_multinomial(const json& p, const pm::DistOptions& options = {}) {
  return pm::OrderedMultinomial::dist(p.at("eta").get<double>(), json_float_array(p.at("cutpoints")),
                                      Var(p.at("n").get<std::int64_t>()), options);
}

double logistic(double x) { return 1 / (1 + std::exp(-x)); }

}  // namespace

TEST_CASE("OrderedMultinomial logp matches the multinomial pmf of the ordered-logistic classes to 1e-12",
          "[pm][ordered_multinomial]") {
  const json ref = reference();
  int count = 0;
  for (const auto& c : ref.at("cases")) {
    if (c.at("dist") != "OrderedMultinomial") continue;
    ++count;
    const Var value(Array(c.at("value").get<std::vector<std::int64_t>>()));
    const double got = pm::logp(ordered_multinomial(c.at("params")), value).eval().item<double>();
    const double want = json_number(c.at("logp"));
    INFO("params " << c.at("params").dump() << " value " << c.at("value").dump());
    kiln::testing::check_reference_close(got, want);
  }
  CHECK(count == 7);
}

TEST_CASE("OrderedMultinomial's gradient in eta and the cutpoints matches central differences",
          "[pm][ordered_multinomial]") {
  Var eta = kt::scalar("eta");
  Var cuts = kt::vector("cutpoints");
  Var f = pm::logp(pm::OrderedMultinomial::dist(eta, cuts, Var(std::int64_t{10})),
                   Var(Array(std::vector<std::int64_t>{2, 3, 4, 1})));
  kiln::Function fn = kiln::function({eta, cuts}, {f, kiln::grad(f, eta), kiln::grad(f, cuts)});
  const std::vector<double> c0{-1.0, 0.5, 2.0};
  const auto out = fn(0.4, Array(c0)).values();
  auto value = [&](double e, const std::vector<double>& c) { return fn(e, Array(c))[0].item<double>(); };
  CHECK(out[1].item<double>() == Approx((value(0.4 + 1e-6, c0) - value(0.4 - 1e-6, c0)) / 2e-6).epsilon(1e-7));
  const auto gc = out[2].to_vector<double>();
  REQUIRE(gc.size() == 3);
  for (std::size_t j = 0; j < c0.size(); ++j) {
    auto up = c0, down = c0;
    up[j] += 1e-6;
    down[j] -= 1e-6;
    INFO("d/d cutpoints[" << j << "]");
    CHECK(gc[j] == Approx((value(0.4, up) - value(0.4, down)) / 2e-6).epsilon(1e-7));
  }
}

TEST_CASE("OrderedMultinomial draws are NumPy's multinomial of its probabilities", "[pm][ordered_multinomial][draws]") {
  const json ref = reference();
  int count = 0;
  for (const auto& d : ref.at("draws")) {
    if (d.at("dist") != "OrderedMultinomial") continue;
    ++count;
    Var rv = ordered_multinomial(d.at("params"), {.size = d.at("size").get<kiln::Shape>(),
                                                  .rng = kiln::random_generator_shared(d.at("seed").get<std::uint64_t>())});
    INFO("params " << d.at("params").dump());
    CHECK(rv.eval().to_vector<std::int64_t>() == kiln::testing::json_flat<std::int64_t>(d.at("values")));
  }
  CHECK(count == 2);
}

TEST_CASE("OrderedMultinomial in a model: compute_p, dims, moment and PyMC's condition", "[pm][ordered_multinomial]") {
  const double eta = 0.4;
  const std::vector<double> cuts{-1.0, 0.5, 2.0};
  std::vector<double> p;
  for (std::size_t k = 0; k <= cuts.size(); ++k)
    p.push_back((k < cuts.size() ? logistic(cuts[k] - eta) : 1.0) - (k > 0 ? logistic(cuts[k - 1] - eta) : 0.0));

  pm::Model model({.coords = {{"group", 2}, {"level", 4}}});
  {
    pm::ModelContext ctx(model);
    // eta per group: p of shape (2, 4), as the dims say.
    pm::OrderedMultinomial("y", Array{eta, -0.3}, Array(cuts), Var(std::int64_t{10}),
                           {.observed = Array(std::vector<std::int64_t>{2, 3, 4, 1, 1, 1, 4, 4}).reshape({2, 4}),
                            .dims = {"group", "level"}});
    pm::OrderedMultinomial("z", eta, Array(cuts), Var(std::int64_t{7}), {}, false);
  }
  // compute_p (the default) keeps the probabilities as `<name>_probs`, with the variable's dims.
  const auto probs = model["y_probs"].eval().to_vector<double>();
  REQUIRE(probs.size() == 8);
  for (std::size_t k = 0; k < 4; ++k) CHECK(probs[k] == Approx(p[k]).epsilon(1e-15));
  CHECK(model.named_vars_to_dims().at("y_probs") == std::vector<std::string>{"group", "level"});
  CHECK(probs[5] == Approx(logistic(0.5 + 0.3) - logistic(-1.0 + 0.3)).epsilon(1e-15));
  CHECK_THROWS(model["z_probs"]);
  // kiln's Multinomial moment: round(7 p) = round(1.38, 2.29, 2.15, 1.18) sums to 6, and the
  // surplus goes to the first category (PyMC 5 before its argmax change; tests/pm/test_moments.cpp).
  CHECK(model.initial_point().at("z").to_vector<std::int64_t>() == std::vector<std::int64_t>{2, 2, 2, 1});
  // n < 0: Multinomial's condition.
  Var bad = pm::OrderedMultinomial::dist(eta, Array(cuts), Var(std::int64_t{-1}));
  CHECK_THROWS_AS(pm::logp(bad, Var(Array(std::vector<std::int64_t>{0, 0, 0, 0}))).eval(), kiln::ParameterValueError);
  CHECK_THROWS_WITH(pm::logp(bad, Var(Array(std::vector<std::int64_t>{0, 0, 0, 0}))).eval(),
                    Catch::Contains("0 <= p <= 1, sum(p) = 1, n >= 0"));
}
