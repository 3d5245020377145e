// Invalid distribution parameters: each throws ParameterValueError naming the parameter and
// its value, where NumPy's Generator raises, and draws nothing.
#include <kiln/errors.hpp>
#include <kiln/random/generator.hpp>

#include "random/distributions.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

using Catch::Matchers::Contains;
using kiln::random::Generator;

namespace {

const double not_a_number = std::numeric_limits<double>::quiet_NaN();
const double infinity = std::numeric_limits<double>::infinity();

}  // namespace

TEST_CASE("Negative scales and shapes name the parameter and value", "[random][error]") {
  Generator g(0);
  CHECK_THROWS_AS(g.normal(0, -1), kiln::ParameterValueError);
  CHECK_THROWS_WITH(g.normal(0, -1), Contains("normal") && Contains("scale < 0") && Contains("scale = -1"));
  CHECK_THROWS_WITH(g.normal(0, -2.5, 3), Contains("scale = -2.5"));
  CHECK_THROWS_WITH(g.exponential(-1), Contains("exponential") && Contains("scale = -1"));
  CHECK_THROWS_WITH(g.standard_gamma(-0.5), Contains("standard_gamma") && Contains("shape = -0.5"));
  CHECK_THROWS_WITH(g.gamma(-1, 2), Contains("shape < 0") && Contains("shape = -1"));
  CHECK_THROWS_WITH(g.gamma(1, -2), Contains("scale < 0") && Contains("scale = -2"));
}

TEST_CASE("A negative zero scale fails and NaN passes as in NumPy", "[random][error]") {
  Generator g(0);
  CHECK_THROWS_WITH(g.normal(0, -0.0), Contains("scale = -0"));
  CHECK(std::isnan(g.normal(0, not_a_number)));
  CHECK(g.normal(3, 0.0) == 3);
}

TEST_CASE("Beta parameters must be positive", "[random][error]") {
  Generator g(0);
  CHECK_THROWS_WITH(g.beta(0, 1), Contains("beta") && Contains("a <= 0") && Contains("a = 0"));
  CHECK_THROWS_WITH(g.beta(1, -3), Contains("b <= 0") && Contains("b = -3"));
  CHECK(std::isnan(g.beta(not_a_number, 1)));  // NumPy lets NaN through as well
}

TEST_CASE("Poisson lam must be non-negative and not too large", "[random][error]") {
  Generator g(0);
  CHECK_THROWS_WITH(g.poisson(-1), Contains("poisson") && Contains("lam < 0") && Contains("lam = -1"));
  CHECK_THROWS_WITH(g.poisson(not_a_number), Contains("lam is NaN") && Contains("lam = nan"));
  CHECK_THROWS_WITH(g.poisson(1e19, 2), Contains("lam value too large") && Contains("lam = 1e+19"));
  CHECK(g.poisson(0) == 0);
}

TEST_CASE("Binomial p must lie between 0 and 1 and n must be non-negative", "[random][error]") {
  Generator g(0);
  CHECK_THROWS_WITH(g.binomial(10, 1.5), Contains("binomial") && Contains("p > 1") && Contains("p = 1.5"));
  CHECK_THROWS_WITH(g.binomial(10, -0.1), Contains("p < 0") && Contains("p = -0.1"));
  CHECK_THROWS_WITH(g.binomial(10, not_a_number), Contains("p is NaN") && Contains("p = nan"));
  CHECK_THROWS_WITH(g.binomial(-1, 0.5, 4), Contains("n < 0") && Contains("n = -1"));
  CHECK(g.binomial(10, 1.0) == 10);
  CHECK(g.binomial(10, 0.0) == 0);
}

TEST_CASE("Integers need low below high and name both", "[random][error]") {
  Generator g(0);
  CHECK_THROWS_WITH(g.integers(5, 5),
                    Contains("integers") && Contains("low >= high") && Contains("low = 5") && Contains("high = 5"));
  CHECK_THROWS_WITH(g.integers(7, -2, kiln::Shape{2, 2}), Contains("low = 7") && Contains("high = -2"));
  CHECK(g.integers(4, 5) == 4);
}

TEST_CASE("Uniform needs a finite non-negative range", "[random][error]") {
  Generator g(0);
  CHECK_THROWS_WITH(g.uniform(1, 0),
                    Contains("uniform") && Contains("high - low < 0") && Contains("low = 1") && Contains("high = 0"));
  CHECK_THROWS_WITH(g.uniform(0, infinity), Contains("exceeds valid bounds") && Contains("high = inf"));
  CHECK(g.uniform(2, 2) == 2);
}

TEST_CASE("Choice needs a positive population and probabilities that sum to one", "[random][error]") {
  Generator g(0);
  CHECK_THROWS_WITH(g.choice(0), Contains("choice") && Contains("positive") && Contains("n = 0"));
  CHECK_THROWS_WITH(g.choice(3, std::vector<double>{0.5, 0.5}),
                    Contains("same size") && Contains("n = 3") && Contains("p has 2 entries"));
  CHECK_THROWS_WITH(g.choice(3, std::vector<double>{-0.5, 1.4, 0.1}),
                    Contains("not non-negative") && Contains("p[0] = -0.5"));
  CHECK_THROWS_WITH(g.choice(3, std::vector<double>{0.5, 0.6, 0.1}),
                    Contains("do not sum to 1") && Contains("sum = 1.2"));
  CHECK_THROWS_WITH(g.choice(2, std::vector<double>{not_a_number, 1}), Contains("NaN"));
  CHECK(g.choice(3, std::vector<double>{0, 0, 1}) == 2);
}

TEST_CASE("A failed check draws nothing", "[random][error]") {
  Generator g(0);
  const kiln::random::GeneratorState before = g.state();
  CHECK_THROWS(g.normal(0, -1));
  CHECK_THROWS(g.poisson(-1, kiln::Shape{3}));
  CHECK_THROWS(g.integers(1, 0));
  CHECK_THROWS(g.choice(2, std::vector<double>{0.2, 0.2}));
  CHECK(g.state() == before);
}

TEST_CASE("Batched fills check their parameters too", "[random][error]") {
  Generator g(0);
  double out[4];
  std::int64_t ints[4];
  CHECK_THROWS_WITH(kiln::random::fill_normal(g.state(), out, 4, 0, -1), Contains("scale = -1"));
  CHECK_THROWS_WITH(kiln::random::fill_beta(g.state(), out, 4, 1, 0), Contains("b = 0"));
  CHECK_THROWS_WITH(kiln::random::fill_binomial(g.state(), ints, 4, 10, 2), Contains("p = 2"));
  CHECK_THROWS_WITH(kiln::random::fill_integers(g.state(), ints, 4, 3, 3), Contains("low = 3"));
}
