// jacobian and hessian against finite differences, for static and dynamic lengths.
#include <kiln/kiln.hpp>

#include <catch2/catch.hpp>

#include <cmath>

namespace kt = kiln::tensor;

namespace {

// The model: cost(x) = sum(exp(x) * x^2) + x0 * x1.
double cost_value(const std::vector<double>& x) { double s = 0; for (double v : x) s += std::exp(v) * v * v; return s + x[0] * x[1]; }

}  // namespace

TEST_CASE("jacobian of a vector with a static length") {
  auto x = kt::tensor("x", kiln::float64, {3});
  auto J = kiln::jacobian(kt::exp(x) * 2.0, x);
  CHECK(J.type().str() == "TensorType(float64, (3, 3))");
  auto r = J.eval({{x, kiln::Array{0.0, 1.0, 2.0}}});
  CHECK(r.get_as_double(0) == Approx(2.0));
  CHECK(r.get_as_double(4) == Approx(2.0 * M_E));
  CHECK(r.get_as_double(1) == 0.0);
}

TEST_CASE("hessian of a small model matches finite differences of the gradient") {
  for (bool static_length : {true, false}) {
    auto x = static_length ? kt::tensor("x", kiln::float64, {3}) : kt::vector("x");
    auto cost = kt::sum(kt::exp(x) * kt::sqr(x)) + x[0] * x[1];
    auto H = kiln::hessian(cost, x);
    std::vector<double> p{0.3, -0.4, 0.8};
    auto h = kiln::function({x}, H)(kiln::Array(p));
    kiln::Array hv = h;
    REQUIRE(hv.shape() == kiln::Shape{3, 3});
    double eps = 1e-4;
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j) {
        auto f = [&](double di, double dj) {
          auto q = p;
          q[static_cast<std::size_t>(i)] += di;
          q[static_cast<std::size_t>(j)] += dj;
          return cost_value(q);
        };
        double fd = (f(eps, eps) - f(eps, -eps) - f(-eps, eps) + f(-eps, -eps)) / (4 * eps * eps);
        INFO("static " << static_length << " H[" << i << "][" << j << "]");
        CHECK(hv.get_as_double(i * 3 + j) == Approx(fd).epsilon(1e-6));
      }
  }
}

TEST_CASE("jacobian rejects a matrix expression") {
  auto m = kt::matrix("m");
  CHECK_THROWS_WITH(kiln::jacobian(m * 2.0, m), Catch::Contains("scalar or a vector"));
}
