// jacobian and hessian against finite differences, for static and dynamic lengths.
#include <kiln/kiln.hpp>

#include <catch2/catch.hpp>

#include <cmath>

namespace kt = kiln::tensor;

namespace {

// The model: cost(x) = sum(exp(x) * x^2) + x0 * x1.
double cost_value(const std::vector<double>& x) { double s = 0; for (double v : x) s += std::exp(v) * v * v; return s + x[0] * x[1]; }

// H[i][j] by central differences of kiln's own compiled gradient: d grad_i / d x_j.
double fd_of_gradient(const kiln::Function& gradient, std::vector<double> at, std::size_t i, std::size_t j,
                      double eps) {
  auto grad_i = [&](double step) {
    std::vector<double> q = at;
    q[j] += step;
    return kiln::Array(gradient(kiln::Array(q))).get_as_double(static_cast<std::int64_t>(i));
  };
  return (grad_i(eps) - grad_i(-eps)) / (2 * eps);
}

// The compiled Hessian of `cost` at `at` against central differences of its compiled gradient.
void check_hessian(const kiln::Var& cost, const kiln::Var& x, const std::vector<double>& at, double eps) {
  kiln::Array h = kiln::function({x}, kiln::hessian(cost, x))(kiln::Array(at));
  const std::size_t n = at.size();
  REQUIRE(h.shape() == kiln::Shape{static_cast<std::int64_t>(n), static_cast<std::int64_t>(n)});
  kiln::Function gradient = kiln::function({x}, kiln::grad(cost, x));
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      INFO("H[" << i << "][" << j << "]");
      CHECK(h.get_as_double(static_cast<std::int64_t>(i * n + j)) ==
            Approx(fd_of_gradient(gradient, at, i, j, eps)).epsilon(1e-6).margin(1e-9));
    }
}

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

// d/dx trigamma = polygamma(2, x): without that rule the Hessian was silently all zeros.
TEST_CASE("hessian of a sum of digammas is diagonal in polygamma(2, x)") {
  for (bool static_length : {true, false}) {
    INFO("static " << static_length);
    auto x = static_length ? kt::tensor("x", kiln::float64, {3}) : kt::vector("x");
    auto cost = kt::sum(kt::digamma(x));
    check_hessian(cost, x, {0.4, 1.0, 7.5}, 1e-5);
    kiln::Array h = kiln::function({x}, kiln::hessian(cost, x))(kiln::Array{0.4, 1.0, 7.5});
    CHECK(h.get_as_double(4) == Approx(-2 * 1.2020569031595942854).epsilon(1e-13));  // -2 zeta(3)
    CHECK(h.get_as_double(1) == 0.0);
  }
}

// A model's log-density: normal data y with parameters theta = (mu, log_sigma), as a sampler
// would differentiate it (sigma = exp(log_sigma) couples the two in the Hessian).
TEST_CASE("hessian of a normal log-density in (mu, log_sigma) matches its differentiated gradient") {
  for (bool static_length : {true, false}) {
    INFO("static " << static_length);
    auto theta = static_length ? kt::tensor("theta", kiln::float64, {2}) : kt::vector("theta");
    auto y = kt::constant(kiln::Array{1.0, 2.5, -0.5, 0.3, 4.0});
    auto mu = theta[0];
    auto log_sigma = theta[1];
    auto z = (y - mu) / kt::exp(log_sigma);
    auto logp = kt::sum(-0.5 * kt::sqr(z) - log_sigma - 0.5 * std::log(2 * M_PI));
    check_hessian(logp, theta, {0.3, 0.2}, 1e-5);
    // Closed forms: d2/dmu2 = -n / sigma^2, d2/dmu dlog_sigma = -2 sum(y - mu) / sigma^2.
    kiln::Array h = kiln::function({theta}, kiln::hessian(logp, theta))(kiln::Array{0.3, 0.2});
    const double s2 = std::exp(0.4), sum_dev = 7.3 - 5 * 0.3;
    CHECK(h.get_as_double(0) == Approx(-5 / s2).epsilon(1e-12));
    CHECK(h.get_as_double(1) == Approx(-2 * sum_dev / s2).epsilon(1e-12));
    CHECK(h.get_as_double(2) == Approx(h.get_as_double(1)).epsilon(1e-14));
  }
}

TEST_CASE("jacobian rejects a matrix expression") {
  auto m = kt::matrix("m");
  CHECK_THROWS_WITH(kiln::jacobian(m * 2.0, m), Catch::Contains("scalar or a vector"));
}
