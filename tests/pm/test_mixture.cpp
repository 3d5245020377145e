// pm::Mixture: logp and logcdf of listed and stacked components against 60-digit references
// (scipy_logp_more.json, 1e-12 relative, tails included), gradients against central
// differences, PyMC's moment and transform, draws (Kolmogorov-Smirnov against the mixture cdf,
// chi-square for counts), PyMC's weight condition, and the two-component normal mixture model
// written as a PyMC user writes it (coords, dims, pm::Data) against SciPy.
#include <kiln/kiln.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "json_reference.hpp"
#include "reference_checks.hpp"

#include <algorithm>
#include <cmath>

namespace kt = kiln::tensor;
namespace pm = kiln::pm;
using kiln::Array;
using kiln::Var;
using kiln::testing::check_reference_close;
using kiln::testing::json_number;
using nlohmann::json;

namespace {

json reference() { return kiln::testing::pm_reference("scipy_logp_more.json"); }

std::vector<double> vec(const json& j) { return j.get<std::vector<double>>(); }

double normal_cdf(double x, double mu, double sigma) { return 0.5 * std::erfc(-(x - mu) / (sigma * std::sqrt(2.0))); }

}  // namespace

TEST_CASE("Mixture logp and logcdf match the references, listed and stacked components", "[pm][mixture]") {
  const json ref = reference();
  int count = 0;
  for (const auto& c : ref.at("cases")) {
    const std::string name = c.at("dist");
    const auto& p = c.at("params");
    std::vector<Var> forms;
    Var value;
    if (name == "NormalPairMixture") {
      const auto w = vec(p.at("w")), mu = vec(p.at("mu")), sigma = vec(p.at("sigma"));
      forms.push_back(pm::Mixture::dist(Array(w), {pm::Normal::dist(mu[0], sigma[0]), pm::Normal::dist(mu[1], sigma[1])}));
      forms.push_back(pm::Mixture::dist(Array(w), pm::Normal::dist(Array(mu), Array(sigma))));
      value = Var(c.at("value").get<double>());
    } else if (name == "PoissonPairMixture") {
      const auto w = vec(p.at("w")), mu = vec(p.at("mu"));
      forms.push_back(pm::Mixture::dist(Array(w), {pm::Poisson::dist(mu[0]), pm::Poisson::dist(mu[1])}));
      forms.push_back(pm::Mixture::dist(Array(w), pm::Poisson::dist(Array(mu))));
      value = Var(c.at("value").get<std::int64_t>());
    } else {
      continue;
    }
    ++count;
    for (std::size_t f = 0; f < forms.size(); ++f) {
      INFO(name << " value " << c.at("value").dump() << (f ? " stacked" : " listed"));
      check_reference_close(pm::logp(forms[f], value).eval().item<double>(), json_number(c.at("logp")));
      check_reference_close(pm::logcdf(forms[f], value).eval().item<double>(), json_number(c.at("logcdf")));
    }
  }
  CHECK(count == 18);
}

TEST_CASE("Mixture gradients match central differences", "[pm][mixture]") {
  // Weights (a, 1 - a), so that every perturbation keeps them on the simplex.
  Var a = kt::scalar("a"), mu = kt::vector("mu"), s = kt::scalar("s"), x = kt::scalar("x");
  auto at = [](const Var& v, std::int64_t k) { return kt::subtensor(v, {kt::Index(k)}); };
  for (bool cdf : {false, true}) {
    Var w = kt::stack({a, 1.0 - a});
    Var rv = pm::Mixture::dist(w, {pm::Normal::dist(at(mu, 0), s), pm::Gamma::dist(at(mu, 1), 1.5)});
    Var f = cdf ? pm::logcdf(rv, x) : pm::logp(rv, x);
    auto g = kiln::grad(f, {a, mu, s, x});
    kiln::Function fn = kiln::function({a, mu, s, x}, {f, g[0], g[1], g[2], g[3]});
    const std::vector<double> mu0{0.4, 2.5};
    const double a0 = 0.3, s0 = 0.9, x0 = 1.1, h = 1e-6;
    auto eval = [&](double av, std::vector<double> mv, double sv, double xv) {
      return fn(av, Array(mv), sv, xv)[0].item<double>();
    };
    auto out = fn(a0, Array(mu0), s0, x0);
    INFO((cdf ? "logcdf" : "logp"));
    CHECK(out[1].item<double>() == Approx((eval(a0 + h, mu0, s0, x0) - eval(a0 - h, mu0, s0, x0)) / (2 * h)).epsilon(1e-6));
    for (std::size_t j = 0; j < 2; ++j) {
      auto up = mu0, down = mu0;
      up[j] += h;
      down[j] -= h;
      CHECK(out[2].to_vector<double>()[j] == Approx((eval(a0, up, s0, x0) - eval(a0, down, s0, x0)) / (2 * h)).epsilon(1e-6));
    }
    CHECK(out[3].item<double>() == Approx((eval(a0, mu0, s0 + h, x0) - eval(a0, mu0, s0 - h, x0)) / (2 * h)).epsilon(1e-6));
    CHECK(out[4].item<double>() == Approx((eval(a0, mu0, s0, x0 + h) - eval(a0, mu0, s0, x0 - h)) / (2 * h)).epsilon(1e-6));
  }
}

TEST_CASE("Mixture's moment, transform and bad parameters are PyMC's", "[pm][mixture]") {
  pm::Model model;
  {
    pm::ModelContext ctx(model);
    // Both components log-transformed: the mixture is too.
    pm::Mixture("pos", Array{0.25, 0.75}, {pm::Gamma::dist(2.0, 1.0), pm::Exponential::dist(0.5)});
    // Different transforms (none for the normal): no transform.
    pm::Mixture("real", Array{0.25, 0.75}, {pm::Normal::dist(-2.0, 1.0), pm::Gamma::dist(3.0, 1.0)});
    pm::Mixture("count", Array{0.5, 0.5}, {pm::Poisson::dist(2.0), pm::Poisson::dist(7.0)});
  }
  const auto point = model.initial_point();
  // sum(w * moments): 0.25 * 2 + 0.75 * 2 = 2, on the log scale.
  CHECK(point.at("pos_log__").item<double>() == Approx(std::log(2.0)).epsilon(1e-15));
  CHECK(point.at("real").item<double>() == Approx(0.25 * -2.0 + 0.75 * 3.0).epsilon(1e-15));
  // Counts: round(0.5 * 2 + 0.5 * 7) = round(4.5) = 4 (round half to even) as an int64.
  CHECK(point.at("count").dtype() == kiln::DType::int64);
  CHECK(point.at("count").item<std::int64_t>() == 4);

  Var bad = pm::Mixture::dist(Array{0.6, 0.6}, {pm::Normal::dist(0.0, 1.0), pm::Normal::dist(1.0, 1.0)});
  CHECK_THROWS_AS(pm::logp(bad, Var(0.0)).eval(), kiln::ParameterValueError);
  CHECK_THROWS_WITH(pm::logp(bad, Var(0.0)).eval(), Catch::Contains("0 <= weights <= 1, 1 == sum(weights)"));
  CHECK_THROWS_WITH(pm::logcdf(bad, Var(0.0)).eval(), Catch::Contains("0 <= weights <= 1, 1 == sum(weights)"));
  CHECK_THROWS_AS(pm::draw(pm::Mixture::dist(Array{-0.5, 1.5}, {pm::Normal::dist(0.0, 1.0), pm::Normal::dist()})),
                  kiln::ParameterValueError);
  // Weights summing to less than 1 would leave some uniforms past every component: refused.
  CHECK_THROWS_WITH(pm::draw(pm::Mixture::dist(Array{0.3, 0.3}, {pm::Normal::dist(0.0, 1.0), pm::Normal::dist()}), 100),
                    "mixture: w does not sum to 1 (sum of w[0:2] = 0.6)");
  CHECK(pm::draw(pm::Mixture::dist(Array{0.3, 0.7}, {pm::Normal::dist(0.0, 1.0), pm::Normal::dist()}), 100).size() == 100);
  CHECK_THROWS_WITH(pm::Mixture::dist(Array{0.5, 0.5}, {pm::Normal::dist(), pm::Poisson::dist(1.0)}),
                    Catch::Contains("all be discrete or all continuous"));
  CHECK_THROWS_WITH(pm::Mixture::dist(Array{0.2, 0.3, 0.5}, {pm::Normal::dist(), pm::Normal::dist()}),
                    Catch::Contains("3 weights for 2 components"));
  CHECK_THROWS_AS(pm::Mixture::dist(Array{1.0}, {pm::Dirichlet::dist(Array{1.0, 1.0})}), kiln::InputError);
}

TEST_CASE("Mixture draws follow the mixture's distribution", "[pm][mixture][draws]") {
  const double w0 = 0.3, m0 = -1, s0 = 0.5, m1 = 2, s1 = 1.5;
  for (bool stacked : {false, true}) {
    Var rv = stacked ? pm::Mixture::dist(Array{w0, 1 - w0}, pm::Normal::dist(Array{m0, m1}, Array{s0, s1}))
                     : pm::Mixture::dist(Array{w0, 1 - w0}, {pm::Normal::dist(m0, s0), pm::Normal::dist(m1, s1)});
    std::vector<double> x = pm::draw(rv, 4000, {.random_seed = 5}).to_vector<double>();
    std::sort(x.begin(), x.end());
    double d = 0;
    const auto n = static_cast<double>(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
      const double f = w0 * normal_cdf(x[i], m0, s0) + (1 - w0) * normal_cdf(x[i], m1, s1);
      d = std::max({d, std::fabs(f - static_cast<double>(i) / n), std::fabs(f - static_cast<double>(i + 1) / n)});
    }
    INFO((stacked ? "stacked" : "listed") << " KS statistic " << d);
    CHECK(d < 1.63 / std::sqrt(n));  // the 1% critical value
  }
  // A batch drawn in one call: each element picks its own component.
  Array batch = pm::draw(pm::Mixture::dist(Array{0.5, 0.5}, {pm::Normal::dist(-100.0, 1.0), pm::Normal::dist(100.0, 1.0)},
                                           {.size = {2000}}),
                         1, {.random_seed = 9});
  int low = 0;
  for (double v : batch.to_vector<double>()) low += v < 0;
  CHECK(std::abs(low - 1000) < 120);
}

TEST_CASE("the two-component normal mixture model, as a PyMC user writes it, matches SciPy", "[pm][mixture][model]") {
  const json ref = reference().at("mixture_model");
  const auto y = vec(ref.at("y"));
  pm::Model model({.coords = {{"component", 2}, {"obs", static_cast<std::int64_t>(y.size())}}});
  {
    pm::ModelContext ctx(model);
    Var data = pm::Data("y", Array(y), {.dims = {"obs"}});
    Var w = pm::Dirichlet("w", Array{1.0, 1.0});
    Var mu = pm::Normal("mu", 0.0, 10.0, {.dims = {"component"}});
    Var sigma = pm::HalfNormal("sigma", 2.0, {.dims = {"component"}});
    pm::Mixture("y_obs", w, pm::Normal::dist(mu, sigma), {.observed = data, .dims = {"obs"}});
  }
  const auto w = vec(ref.at("w")), mu = vec(ref.at("mu")), sigma = vec(ref.at("sigma"));
  // The simplex transform's value: log(w0) - mean(log w) for the first of two.
  const double w_value = std::log(w[0]) - (std::log(w[0]) + std::log(w[1])) / 2;
  kiln::Point point{{"w_simplex__", Array{w_value}},
                    {"mu", Array(mu)},
                    {"sigma_log__", Array{std::log(sigma[0]), std::log(sigma[1])}}};
  const double lp = model.compile_logp({.jacobian = false})(point)[0].item<double>();
  CHECK(std::fabs(lp - json_number(ref.at("logp"))) <= 1e-12 * std::fabs(json_number(ref.at("logp"))));
  CHECK(model.named_vars_to_dims().at("y_obs") == std::vector<std::string>{"obs"});

  // The flat logp-and-gradient function against central differences of itself at 1e-6.
  auto f = model.compile_logp_dlogp();
  std::vector<double> q{w_value, mu[0], mu[1], std::log(sigma[0]), std::log(sigma[1])};
  std::vector<double> grad(q.size());
  const double at_q = f(q, grad);
  std::vector<double> unused(q.size());
  for (std::size_t j = 0; j < q.size(); ++j) {
    auto up = q, down = q;
    up[j] += 1e-6;
    down[j] -= 1e-6;
    INFO("coordinate " << j);
    CHECK(grad[j] == Approx((f(up, unused) - f(down, unused)) / 2e-6).epsilon(1e-6));
  }
  CHECK(std::isfinite(at_q));

  // New data through set_data: the compiled function reads it without recompiling.
  std::vector<double> shifted = y;
  for (double& v : shifted) v += 0.5;
  auto logp_fn = model.compile_logp({.jacobian = false});
  const double before = logp_fn(point)[0].item<double>();
  model.set_data("y", Array(shifted));
  CHECK(logp_fn(point)[0].item<double>() != before);
}
