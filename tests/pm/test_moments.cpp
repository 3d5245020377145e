// Each distribution's moment (the model's initial point) against PyMC's moment, worked by hand
// from PyMC's formulas; transforms are opted out of so the point is the moment itself.
#include <kiln/kiln.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <functional>

namespace pm = kiln::pm;
using kiln::Array;

namespace {

const pm::VarOptions untransformed{.transform = pm::transforms::none};

// The initial point of a model holding the one variable `x` that `build` makes.
Array moment_of(const std::function<void()>& build) {
  pm::Model model;
  {
    pm::ModelContext ctx(model);
    build();
  }
  return model.initial_point().at("x");
}

double real_moment(const std::function<void()>& build) { return moment_of(build).item<double>(); }
std::int64_t integer_moment(const std::function<void()>& build) {
  Array m = moment_of(build);
  REQUIRE(m.dtype() == kiln::DType::int64);
  return m.item<std::int64_t>();
}
using Counts = std::vector<std::int64_t>;
Counts counts_moment(const std::function<void()>& build) {
  Array m = moment_of(build);
  REQUIRE(m.dtype() == kiln::DType::int64);
  return m.to_vector<std::int64_t>();
}

const double euler_gamma = 0.57721566490153286;

}  // namespace

TEST_CASE("location-scale moments are the location (or the scale for half distributions)", "[pm][moments]") {
  CHECK(real_moment([] { pm::StudentT("x", 3.0, 1.5, 2.0, untransformed); }) == 1.5);
  CHECK(real_moment([] { pm::HalfStudentT("x", 3.0, 2.0, untransformed); }) == 2.0);
  CHECK(real_moment([] { pm::Cauchy("x", -1.0, 2.0, untransformed); }) == -1.0);
  CHECK(real_moment([] { pm::HalfCauchy("x", 2.5, untransformed); }) == 2.5);
  CHECK(real_moment([] { pm::Laplace("x", 0.5, 2.0, untransformed); }) == 0.5);
  CHECK(real_moment([] { pm::Logistic("x", -2.0, 1.5, untransformed); }) == -2.0);
}

TEST_CASE("positive continuous moments are PyMC's means or medians", "[pm][moments]") {
  CHECK(real_moment([] { pm::LogNormal("x", 0.5, 2.0, untransformed); }) == Approx(std::exp(2.5)).epsilon(1e-15));
  CHECK(real_moment([] { pm::Exponential("x", 4.0, untransformed); }) == 0.25);
  // beta * Gamma(1 + 1 / alpha); Gamma(3 / 2) = sqrt(pi) / 2.
  CHECK(real_moment([] { pm::Weibull("x", 2.0, 3.0, untransformed); }) ==
        Approx(3.0 * std::sqrt(M_PI) / 2.0).epsilon(1e-14));
  // The median m 2^(1 / alpha).
  CHECK(real_moment([] { pm::Pareto("x", 2.0, 1.5, untransformed); }) == Approx(1.5 * std::sqrt(2.0)).epsilon(1e-15));
  CHECK(real_moment([] { pm::ChiSquared("x", 3.0, untransformed); }) == 3.0);
  CHECK(real_moment([] { pm::Gumbel("x", 1.0, 2.0, untransformed); }) ==
        Approx(1.0 + 2.0 * euler_gamma).epsilon(1e-15));
}

TEST_CASE("InverseGamma's moment is the mean for alpha > 1, else the mode", "[pm][moments]") {
  CHECK(real_moment([] { pm::InverseGamma("x", 3.0, 2.0, untransformed); }) == 1.0);
  CHECK(real_moment([] { pm::InverseGamma("x", 0.5, 2.0, untransformed); }) == Approx(2.0 / 1.5).epsilon(1e-15));
  // alpha = 1 has no mean: the mode beta / 2.
  CHECK(real_moment([] { pm::InverseGamma("x", 1.0, 2.0, untransformed); }) == 1.0);
}

TEST_CASE("TruncatedNormal's moment is mu, a bound moved in by 1, or the midpoint", "[pm][moments]") {
  CHECK(real_moment([] { pm::TruncatedNormal("x", 0.5, 1.0, -HUGE_VAL, HUGE_VAL, untransformed); }) == 0.5);
  CHECK(real_moment([] { pm::TruncatedNormal("x", 0.5, 1.0, 2.0, HUGE_VAL, untransformed); }) == 3.0);
  CHECK(real_moment([] { pm::TruncatedNormal("x", 0.5, 1.0, -HUGE_VAL, -1.0, untransformed); }) == -2.0);
  // Both bounds finite: the midpoint, even with mu inside them.
  CHECK(real_moment([] { pm::TruncatedNormal("x", 0.5, 1.0, 0.0, 3.0, untransformed); }) == 1.5);
}

TEST_CASE("Flat's moment is 0 and HalfFlat's is 1", "[pm][moments]") {
  CHECK(real_moment([] { pm::Flat("x"); }) == 0.0);
  CHECK(real_moment([] { pm::HalfFlat("x", untransformed); }) == 1.0);
}

TEST_CASE("discrete moments are PyMC's rounded means and modes", "[pm][moments]") {
  CHECK(integer_moment([] { pm::Bernoulli("x", 0.3); }) == 0);
  CHECK(integer_moment([] { pm::Bernoulli("x", 0.5); }) == 1);
  // round(n p), not floor: 9 * 0.4 = 3.6 -> 4.
  CHECK(integer_moment([] { pm::Binomial("x", 9, 0.4); }) == 4);
  // Ties go to even, as NumPy's round: 2.5 -> 2.
  CHECK(integer_moment([] { pm::Binomial("x", 10, 0.25); }) == 2);
  // floor(n (1 - p) / p), the mean mu floored.
  CHECK(integer_moment([] { pm::NegativeBinomial("x", 3.7, 2.0); }) == 3);
  // round(1 / p): 1 / 0.3 = 3.33 -> 3, 1 / 0.6 = 1.67 -> 2.
  CHECK(integer_moment([] { pm::Geometric("x", 0.3); }) == 3);
  CHECK(integer_moment([] { pm::Geometric("x", 0.6); }) == 2);
  // max(floor((lower + upper) / 2), lower).
  CHECK(integer_moment([] { pm::DiscreteUniform("x", -3, 6); }) == 1);
  // round(n alpha / (alpha + beta)) = round(10 / 3).
  CHECK(integer_moment([] { pm::BetaBinomial("x", 1.0, 2.0, 10); }) == 3);
}

TEST_CASE("MvNormal's moment is mu", "[pm][moments]") {
  Array cov = Array::empty(kiln::DType::float64, {2, 2});
  for (std::int64_t i = 0; i < 4; ++i) cov.set_from_double(i, i % 3 == 0 ? 1.0 : 0.0);
  const Array mu = moment_of([&] { pm::MvNormal("x", Array{1.0, -2.0}, cov); });
  CHECK(mu.to_vector<double>() == std::vector<double>{1.0, -2.0});
}

namespace {

Array rows(const std::vector<std::vector<double>>& r) {
  Array a = Array::empty(kiln::DType::float64, {static_cast<std::int64_t>(r.size()), 3});
  for (std::size_t i = 0; i < r.size(); ++i)
    for (std::size_t k = 0; k < 3; ++k) a.set_from_double(static_cast<std::int64_t>(3 * i + k), r[i][k]);
  return a;
}

const double third = 1.0 / 3.0;

}  // namespace

TEST_CASE("Multinomial's moment rounds n p and gives each row's surplus to its first category",
          "[pm][moments][batched]") {
  // round(10 / 3) = 3 three times: one count short, added to the first.
  CHECK(counts_moment([] { pm::Multinomial("x", 10, Array{third, third, third}); }) == Counts{4, 3, 3});
  // A batch of n: n pads on the right, one n per row of p. Row 2: round(4 * (0.15, 0.15, 0.7))
  // = (1, 1, 3) is one over, taken from the first.
  const Array p = rows({{third, third, third}, {0.15, 0.15, 0.7}});
  const Array n(Counts{10, 4});
  CHECK(counts_moment([&] { pm::Multinomial("x", n, p); }) == Counts{4, 3, 3, 0, 1, 3});
  // One n for every row, and a batch of n with one p.
  CHECK(counts_moment([&] { pm::Multinomial("x", 4, p); }) == Counts{2, 1, 1, 0, 1, 3});
  // Row 1: round(10 * (0.15, 0.15, 0.7)) = (2, 2, 7), 1.5 going to even 2: one over.
  CHECK(counts_moment([&] { pm::Multinomial("x", n, Array{0.15, 0.15, 0.7}); }) == Counts{1, 2, 7, 0, 1, 3});
}

TEST_CASE("a batched Multinomial's initial point has a finite logp", "[pm][moments][batched]") {
  pm::Model model;
  {
    pm::ModelContext ctx(model);
    pm::Multinomial("x", Array(Counts{10, 4}), rows({{third, third, third}, {0.15, 0.15, 0.7}}));
  }
  const double lp = model.compile_logp()(model.initial_point()).values()[0].item<double>();
  CHECK(std::isfinite(lp));
}
