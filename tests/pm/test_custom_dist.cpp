// pm::CustomDist: a user's logp (an exponential with scale written from kiln ops) against the
// closed form, its gradient against central differences, observed and unobserved in a model
// with the default transform (round trip through the model's log value and its Jacobian),
// logcdf, moment, draws from a user function (KS against the exponential cdf) and from a graph
// of kiln random variables, and the errors when a piece is missing.
#include <kiln/kiln.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

namespace kt = kiln::tensor;
namespace pm = kiln::pm;
using kiln::Array;
using kiln::Var;

namespace {

// Exponential with scale p[0]: log f(x) = -log(scale) - x / scale on x >= 0.
pm::CustomDistSpec exponential_spec() {
  pm::CustomDistSpec spec;
  spec.logp = [](const Var& x, const std::vector<Var>& p) {
    return kt::switch_(kt::ge(x, 0.0), -kt::log(p[0]) - x / p[0], Var(-HUGE_VAL));
  };
  spec.logcdf = [](const Var& x, const std::vector<Var>& p) { return kt::log1mexp(-x / p[0]); };
  spec.moment = [](const std::vector<Var>& p) { return p[0]; };
  spec.random = [](kiln::random::Generator& rng, const std::vector<Array>& p, const kiln::Shape& size) {
    Array out = Array::empty(kiln::DType::float64, size);
    for (std::int64_t i = 0; i < out.size(); ++i) out.data<double>()[i] = rng.exponential(p[0].get_as_double(i));
    return out;
  };
  spec.default_transform = pm::transforms::log;
  return spec;
}

double ks_exponential(std::vector<double> x, double scale) {
  std::sort(x.begin(), x.end());
  const auto n = static_cast<double>(x.size());
  double d = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double f = 1 - std::exp(-x[i] / scale);
    d = std::max({d, std::fabs(f - static_cast<double>(i) / n), std::fabs(f - static_cast<double>(i + 1) / n)});
  }
  return d;
}

}  // namespace

TEST_CASE("CustomDist's logp and logcdf are the user's, with gradients", "[pm][custom_dist]") {
  Var scale = kt::scalar("scale"), x = kt::scalar("x");
  Var rv = pm::CustomDist::dist({scale}, exponential_spec());
  Var lp = pm::logp(rv, x), lc = pm::logcdf(rv, x);
  auto g = kiln::grad(lp, {scale, x});
  kiln::Function fn = kiln::function({scale, x}, {lp, lc, g[0], g[1]});
  auto out = fn(2.0, 3.0);
  CHECK(out[0].item<double>() == Approx(-std::log(2.0) - 1.5).epsilon(1e-15));
  CHECK(out[1].item<double>() == Approx(std::log(-std::expm1(-1.5))).epsilon(1e-15));
  const double h = 1e-6;
  auto at = [&](double s, double v) { return fn(s, v)[0].item<double>(); };
  CHECK(out[2].item<double>() == Approx((at(2 + h, 3) - at(2 - h, 3)) / (2 * h)).epsilon(1e-7));
  CHECK(out[3].item<double>() == Approx((at(2, 3 + h) - at(2, 3 - h)) / (2 * h)).epsilon(1e-7));
  CHECK(fn(2.0, -1.0)[0].item<double>() == -HUGE_VAL);
}

TEST_CASE("CustomDist unobserved and observed in a model, with its default transform", "[pm][custom_dist][model]") {
  const std::vector<double> data{0.5, 1.7, 3.2};
  pm::Model model;
  {
    pm::ModelContext ctx(model);
    Var scale = pm::CustomDist("scale", {Var(1.5)}, exponential_spec());
    pm::CustomDist("y", {scale}, exponential_spec(), {.observed = Array(data)});
  }
  // The unobserved one is log-transformed; its initial point is the moment 1.5.
  const auto init = model.initial_point();
  REQUIRE(init.contains("scale_log__"));
  CHECK(init.at("scale_log__").item<double>() == Approx(std::log(1.5)).epsilon(1e-15));
  const double s = 2.5;
  kiln::Point point{{"scale_log__", Array(std::log(s))}};
  double want = -std::log(1.5) - s / 1.5 + std::log(s);  // prior + log-Jacobian
  for (double v : data) want += -std::log(s) - v / s;
  CHECK(model.compile_logp()(point)[0].item<double>() == Approx(want).epsilon(1e-14));
  // The transform round trip through the model's flat interface.
  const auto theta = model.unconstrain({{"scale", Array(s)}});
  CHECK(theta[0] == Approx(std::log(s)).epsilon(1e-15));
  CHECK(model.constrain(theta).at("scale").item<double>() == Approx(s).epsilon(1e-15));
  // Opting out of the transform.
  pm::Model plain;
  {
    pm::ModelContext ctx(plain);
    pm::CustomDist("scale", {Var(1.5)}, exponential_spec(), {.transform = pm::transforms::none});
  }
  CHECK(plain.initial_point().contains("scale"));
}

TEST_CASE("CustomDist draws from the user's function or from a graph of kiln random variables",
          "[pm][custom_dist][draws]") {
  const double scale = 2.0;
  Var rv = pm::CustomDist::dist({Var(scale)}, exponential_spec(), {.size = {3000}});
  CHECK(ks_exponential(pm::draw(rv, 1, {.random_seed = 4}).to_vector<double>(), scale) < 1.63 / std::sqrt(3000.0));
  // The same seed gives the same draws.
  CHECK(pm::draw(rv, 1, {.random_seed = 4}).to_vector<double>() == pm::draw(rv, 1, {.random_seed = 4}).to_vector<double>());

  // dist=: |Normal(0, sigma)| as a graph, with the half-normal logp the user writes.
  pm::CustomDistSpec half;
  half.logp = [](const Var& x, const std::vector<Var>& p) {
    return kt::switch_(kt::ge(x, 0.0), 0.5 * std::log(2 / M_PI) - kt::log(p[0]) - 0.5 * kt::sqr(x / p[0]),
                       Var(-HUGE_VAL));
  };
  half.dist = [](const std::vector<Var>& p, const kiln::Shape& size) {
    return kt::abs(pm::Normal::dist(0.0, p[0], {.size = size}));
  };
  Var h = pm::CustomDist::dist({Var(1.5)}, half, {.size = {4000}});
  std::vector<double> x = pm::draw(h, 1, {.random_seed = 8}).to_vector<double>();
  std::sort(x.begin(), x.end());
  double d = 0;
  const auto n = static_cast<double>(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double f = std::erf(x[i] / (1.5 * std::sqrt(2.0)));
    d = std::max({d, std::fabs(f - static_cast<double>(i) / n), std::fabs(f - static_cast<double>(i + 1) / n)});
  }
  CHECK(d < 1.63 / std::sqrt(n));
  CHECK(pm::logp(pm::CustomDist::dist({Var(1.5)}, half), Var(1.0)).eval().item<double>() ==
        Approx(0.5 * std::log(2 / M_PI) - std::log(1.5) - 0.5 / 2.25).epsilon(1e-15));
}

TEST_CASE("CustomDist without a piece raises a typed error", "[pm][custom_dist][errors]") {
  pm::CustomDistSpec bare;
  CHECK_THROWS_AS(pm::CustomDist::dist({Var(1.0)}, bare), kiln::InputError);
  bare.logp = [](const Var& x, const std::vector<Var>&) { return -x; };
  Var rv = pm::CustomDist::dist({Var(1.0)}, bare);
  CHECK_THROWS_WITH(pm::logcdf(rv, Var(1.0)), Catch::Contains("CustomDist: no logcdf was given"));
  CHECK_THROWS_WITH(pm::draw(rv), Catch::Contains("CustomDist: no random or dist was given"));
  CHECK_THROWS_AS(pm::draw(rv), kiln::ModelError);
}
