// Every RandomVariable against its analytic distribution (Boost.Math): a Kolmogorov-Smirnov
// test for continuous draws and a chi-square test for discrete ones, each on 4000 draws from
// a fixed seed, so the outcome is deterministic. Multivariate draws are tested through their
// marginals (Dirichlet's are Beta, multinomial's binomial, the normal's normal).
#include <kiln/kiln.hpp>

#include <boost/math/distributions.hpp>
#include <boost/math/special_functions/bessel.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/binomial.hpp>
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <numbers>
#include <vector>

namespace kt = kiln::tensor;
namespace bm = boost::math;
using kiln::Array;

namespace {

constexpr std::int64_t n_draws = 4000;

kt::random::RVOptions seeded(std::uint64_t seed, kiln::Shape size = {n_draws}) {
  return {.size = std::move(size), .rng = kiln::random_generator_shared(seed)};
}

// The p-value of the one-sample Kolmogorov-Smirnov statistic (asymptotic Kolmogorov series).
double ks_p_value(std::vector<double> x, const std::function<double(double)>& cdf) {
  std::sort(x.begin(), x.end());
  const auto n = static_cast<double>(x.size());
  double d = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double f = cdf(x[i]);
    d = std::max({d, static_cast<double>(i + 1) / n - f, f - static_cast<double>(i) / n});
  }
  const double t = (std::sqrt(n) + 0.12 + 0.11 / std::sqrt(n)) * d;
  double p = 0;
  for (int k = 1; k < 100; ++k) p += 2 * ((k % 2) ? 1 : -1) * std::exp(-2.0 * k * k * t * t);
  return std::clamp(p, 0.0, 1.0);
}

// Chi-square over the values with expected count >= 5, the rest pooled into one bin.
double chi_square_p_value(const std::vector<std::int64_t>& x, const std::function<double(std::int64_t)>& pmf,
                          std::int64_t lo, std::int64_t hi) {
  const auto n = static_cast<double>(x.size());
  std::vector<double> expected, observed;
  double pooled_expected = 0, pooled_observed = 0, covered = 0;
  for (std::int64_t k = lo; k <= hi; ++k) {
    const double e = n * pmf(k);
    covered += pmf(k);
    const double o = static_cast<double>(std::count(x.begin(), x.end(), k));
    if (e >= 5) {
      expected.push_back(e);
      observed.push_back(o);
    } else {
      pooled_expected += e;
      pooled_observed += o;
    }
  }
  pooled_expected += n * std::max(0.0, 1 - covered);
  pooled_observed += static_cast<double>(std::count_if(x.begin(), x.end(), [&](auto v) { return v < lo || v > hi; }));
  if (pooled_expected >= 5) {
    expected.push_back(pooled_expected);
    observed.push_back(pooled_observed);
  }
  REQUIRE(expected.size() >= 2);
  double stat = 0;
  for (std::size_t i = 0; i < expected.size(); ++i)
    stat += (observed[i] - expected[i]) * (observed[i] - expected[i]) / expected[i];
  return bm::cdf(bm::complement(bm::chi_squared(static_cast<double>(expected.size() - 1)), stat));
}

void check_continuous(const kiln::Var& rv, const std::function<double(double)>& cdf) {
  CHECK(ks_p_value(rv.eval().to_vector<double>(), cdf) > 0.001);
}

void check_discrete(const kiln::Var& rv, const std::function<double(std::int64_t)>& pmf, std::int64_t lo,
                    std::int64_t hi) {
  CHECK(chi_square_p_value(rv.eval().to_vector<std::int64_t>(), pmf, lo, hi) > 0.001);
}

template <class D>
std::function<double(double)> cdf_of(D d, double loc = 0, double scale = 1) {
  return [d, loc, scale](double x) { return bm::cdf(d, (x - loc) / scale); };
}

}  // namespace

TEST_CASE("continuous draws follow their distributions", "[random][rv][fit]") {
  namespace r = kt::random;
  SECTION("normal") { check_continuous(r::normal(1, 2, seeded(1)), cdf_of(bm::normal(1, 2))); }
  SECTION("halfnormal") {
    check_continuous(r::halfnormal(1, 2, seeded(2)), [](double x) { return 2 * bm::cdf(bm::normal(1, 2), x) - 1; });
  }
  SECTION("uniform") { check_continuous(r::uniform(-1, 3, seeded(3)), cdf_of(bm::uniform(-1, 3))); }
  SECTION("exponential") { check_continuous(r::exponential(2, seeded(4)), cdf_of(bm::exponential(0.5))); }
  SECTION("gamma") { check_continuous(r::gamma(0.7, 3, seeded(5)), cdf_of(bm::gamma_distribution<>(0.7, 3))); }
  SECTION("invgamma") {
    check_continuous(r::invgamma(3, 2, seeded(6)), cdf_of(bm::inverse_gamma_distribution<>(3, 2)));
  }
  SECTION("beta") { check_continuous(r::beta(0.5, 2, seeded(7)), cdf_of(bm::beta_distribution<>(0.5, 2))); }
  SECTION("lognormal") { check_continuous(r::lognormal(0.5, 0.8, seeded(8)), cdf_of(bm::lognormal(0.5, 0.8))); }
  SECTION("cauchy") { check_continuous(r::cauchy(1, 2, seeded(9)), cdf_of(bm::cauchy(1, 2))); }
  SECTION("halfcauchy") {
    check_continuous(r::halfcauchy(1, 2, seeded(10)),
                     [](double x) { return 2 / std::numbers::pi * std::atan((x - 1) / 2); });
  }
  SECTION("studentt") { check_continuous(r::studentt(4, 1, 2, seeded(11)), cdf_of(bm::students_t(4), 1, 2)); }
  SECTION("laplace") { check_continuous(r::laplace(1, 2, seeded(12)), cdf_of(bm::laplace(1, 2))); }
  SECTION("logistic") { check_continuous(r::logistic(1, 2, seeded(13)), cdf_of(bm::logistic(1, 2))); }
  SECTION("gumbel") { check_continuous(r::gumbel(1, 2, seeded(14)), cdf_of(bm::extreme_value(1, 2))); }
  SECTION("weibull") { check_continuous(r::weibull(1.5, seeded(15)), cdf_of(bm::weibull(1.5, 1))); }
  SECTION("pareto") { check_continuous(r::pareto(3, 2, seeded(16)), cdf_of(bm::pareto(2, 3))); }
  SECTION("chisquare") { check_continuous(r::chisquare(3, seeded(17)), cdf_of(bm::chi_squared(3))); }
  SECTION("triangular") { check_continuous(r::triangular(0, 1, 3, seeded(18)), cdf_of(bm::triangular(0, 1, 3))); }
  SECTION("vonmises") {
    // The density exp(kappa cos(x - mu)) / (2 pi I0(kappa)), integrated by Simpson's rule.
    const double mu = 0.5, kappa = 2;
    auto density = [&](double x) {
      return std::exp(kappa * std::cos(x - mu)) / (2 * std::numbers::pi * bm::cyl_bessel_i(0, kappa));
    };
    auto cdf = [&](double x) {
      const int steps = 2000;
      const double a = -std::numbers::pi, h = (x - a) / steps;
      double sum = density(a) + density(x);
      for (int i = 1; i < steps; ++i) sum += (i % 2 ? 4 : 2) * density(a + i * h);
      return sum * h / 3;
    };
    check_continuous(r::vonmises(mu, kappa, seeded(19)), cdf);
  }
}

TEST_CASE("discrete draws follow their distributions", "[random][rv][fit]") {
  namespace r = kt::random;
  SECTION("bernoulli") {
    check_discrete(
        r::bernoulli(0.3, seeded(21)), [](std::int64_t k) { return k == 1 ? 0.3 : 0.7; }, 0, 1);
  }
  SECTION("binomial") {
    bm::binomial d(20, 0.4);
    check_discrete(
        r::binomial(20, 0.4, seeded(22)), [&](std::int64_t k) { return bm::pdf(d, static_cast<double>(k)); }, 0, 20);
  }
  SECTION("poisson") {
    bm::poisson d(6.5);
    check_discrete(
        r::poisson(6.5, seeded(23)), [&](std::int64_t k) { return bm::pdf(d, static_cast<double>(k)); }, 0, 40);
  }
  SECTION("negative_binomial") {
    bm::negative_binomial d(3, 0.4);
    check_discrete(
        r::negative_binomial(3, 0.4, seeded(24)), [&](std::int64_t k) { return bm::pdf(d, static_cast<double>(k)); }, 0,
        60);
  }
  SECTION("geometric") {
    // NumPy counts trials (support 1, 2, ...); Boost counts failures.
    bm::geometric d(0.2);
    check_discrete(
        r::geometric(0.2, seeded(25)),
        [&](std::int64_t k) { return k < 1 ? 0.0 : bm::pdf(d, static_cast<double>(k - 1)); }, 1, 60);
  }
  SECTION("betabinom") {
    auto pmf = [](std::int64_t k) {
      const double n = 12, a = 2, b = 3, kk = static_cast<double>(k);
      return bm::binomial_coefficient<double>(12, static_cast<unsigned>(k)) * bm::beta(kk + a, n - kk + b) /
             bm::beta(a, b);
    };
    check_discrete(r::betabinom(12, 2, 3, seeded(26)), pmf, 0, 12);
  }
  SECTION("categorical") {
    const std::vector<double> p = {0.1, 0.2, 0.3, 0.4};
    check_discrete(
        r::categorical(Array(p), seeded(27)), [&](std::int64_t k) { return p[static_cast<std::size_t>(k)]; }, 0, 3);
  }
  SECTION("integers") {
    check_discrete(
        r::integers(-3, 7, seeded(28)), [](std::int64_t) { return 0.1; }, -3, 6);
  }
}

TEST_CASE("multivariate draws have the right marginals", "[random][rv][fit]") {
  namespace r = kt::random;
  auto column = [](const Array& a, std::int64_t j, std::int64_t k) {
    std::vector<double> out;
    for (std::int64_t i = j; i < a.size(); i += k) out.push_back(a.get_as_double(i));
    return out;
  };
  SECTION("dirichlet") {
    const Array draws = r::dirichlet(Array{1.0, 2.0, 3.0}, seeded(31)).eval();
    CHECK(ks_p_value(column(draws, 0, 3), cdf_of(bm::beta_distribution<>(1, 5))) > 0.001);
    CHECK(ks_p_value(column(draws, 2, 3), cdf_of(bm::beta_distribution<>(3, 3))) > 0.001);
    for (std::int64_t i = 0; i < 10; ++i)
      CHECK(draws.get_as_double(3 * i) + draws.get_as_double(3 * i + 1) + draws.get_as_double(3 * i + 2) ==
            Approx(1.0));
  }
  SECTION("multinomial") {
    const Array draws = r::multinomial(10, Array{0.2, 0.3, 0.5}, seeded(32)).eval();
    std::vector<std::int64_t> middle;
    for (double v : column(draws, 1, 3)) middle.push_back(static_cast<std::int64_t>(v));
    bm::binomial d(10, 0.3);
    CHECK(chi_square_p_value(
              middle, [&](std::int64_t k) { return bm::pdf(d, static_cast<double>(k)); }, 0, 10) > 0.001);
    for (std::int64_t i = 0; i < 10; ++i)
      CHECK(draws.get_as_int(3 * i) + draws.get_as_int(3 * i + 1) + draws.get_as_int(3 * i + 2) == 10);
  }
  SECTION("multivariate_normal") {
    const Array draws = r::multivariate_normal(Array{1.0, -2.0}, Array{{4.0, 1.2}, {1.2, 1.0}}, seeded(33)).eval();
    const auto x = column(draws, 0, 2), y = column(draws, 1, 2);
    CHECK(ks_p_value(x, cdf_of(bm::normal(1, 2))) > 0.001);
    CHECK(ks_p_value(y, cdf_of(bm::normal(-2, 1))) > 0.001);
    double cov = 0;
    for (std::size_t i = 0; i < x.size(); ++i) cov += (x[i] - 1) * (y[i] + 2);
    CHECK(cov / static_cast<double>(x.size()) == Approx(1.2).margin(0.1));
  }
}
