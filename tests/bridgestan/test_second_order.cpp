// The Hessian (kiln's symbolic second derivatives) against central finite differences of the
// gradient, and the Hessian-vector product against the Hessian times the vector.
#include "bridgestan/model_library.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using kiln::test::ModelLibrary;

namespace {

struct Case {
  const char* library;
  const char* data;
  std::vector<double> theta;
};

std::vector<Case> cases() {
  return {
      {EIGHT_SCHOOLS_LIBRARY, EIGHT_SCHOOLS_DATA, {4.0, 1.0, -0.875, -0.625, -0.375, -0.125, 0.125, 0.375, 0.625, 0.875}},
      {TRANSFORMS_LIBRARY, R"({"y": [[0.5, -0.2, 1.0], [0.1, 0.3, -0.7]]})",
       {0.3, -1.2, 0.7, 0.4, -0.9, 0.1, 0.2, 0.3, -0.4, -0.5, 0.6}},
  };
}

}  // namespace

TEST_CASE("The Hessian agrees with finite differences of the gradient") {
  for (const auto& c : cases()) {
    ModelLibrary lib(c.library);
    auto model = lib.construct(c.data);
    const std::size_t n = c.theta.size();
    for (bool jacobian : {true, false}) {
      double lp = 0, lp_grad = 0;
      std::vector<double> grad(n), hessian(n * n), want_grad(n);
      REQUIRE(lib.bs_log_density_hessian(model.get(), false, jacobian, c.theta.data(), &lp, grad.data(), hessian.data(),
                                         nullptr) == 0);
      REQUIRE(lib.bs_log_density_gradient(model.get(), false, jacobian, c.theta.data(), &lp_grad, want_grad.data(),
                                          nullptr) == 0);
      CHECK(lp == Approx(lp_grad).epsilon(1e-13));
      for (std::size_t i = 0; i < n; ++i) CHECK(grad[i] == Approx(want_grad[i]).epsilon(1e-12).margin(1e-12));
      const double h = 1e-5;
      for (std::size_t j = 0; j < n; ++j) {
        auto plus = c.theta, minus = c.theta;
        plus[j] += h;
        minus[j] -= h;
        std::vector<double> gp(n), gm(n);
        double ignored = 0;
        REQUIRE(lib.bs_log_density_gradient(model.get(), false, jacobian, plus.data(), &ignored, gp.data(), nullptr) == 0);
        REQUIRE(lib.bs_log_density_gradient(model.get(), false, jacobian, minus.data(), &ignored, gm.data(), nullptr) == 0);
        for (std::size_t i = 0; i < n; ++i) {
          INFO("library " << c.library << ", jacobian " << jacobian << ", H[" << i << "][" << j << "]");
          CHECK(hessian[i * n + j] == Approx((gp[i] - gm[i]) / (2 * h)).epsilon(1e-6).margin(1e-6));
        }
      }
      for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < i; ++j) CHECK(hessian[i * n + j] == Approx(hessian[j * n + i]).epsilon(1e-12).margin(1e-12));
    }
  }
}

TEST_CASE("The Hessian-vector product equals the Hessian times the vector") {
  for (const auto& c : cases()) {
    ModelLibrary lib(c.library);
    auto model = lib.construct(c.data);
    const std::size_t n = c.theta.size();
    std::vector<double> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = std::sin(1.0 + static_cast<double>(i));
    for (bool jacobian : {true, false}) {
      double lp = 0, lp_h = 0;
      std::vector<double> hvp(n), grad(n), hessian(n * n);
      REQUIRE(lib.bs_log_density_hessian_vector_product(model.get(), false, jacobian, c.theta.data(), v.data(), &lp,
                                                        hvp.data(), nullptr) == 0);
      REQUIRE(lib.bs_log_density_hessian(model.get(), false, jacobian, c.theta.data(), &lp_h, grad.data(), hessian.data(),
                                         nullptr) == 0);
      CHECK(lp == Approx(lp_h).epsilon(1e-14));
      for (std::size_t i = 0; i < n; ++i) {
        double want = 0;
        for (std::size_t j = 0; j < n; ++j) want += hessian[i * n + j] * v[j];
        INFO("library " << c.library << ", jacobian " << jacobian << ", (Hv)[" << i << "]");
        CHECK(hvp[i] == Approx(want).epsilon(1e-12).margin(1e-12));
      }
    }
  }
}
