// Every way a call can fail returns -1 (or NULL) with a message naming the function and the
// cause, and leaves the model usable; the nutpie callback tells recoverable failures from
// fatal ones; the batch names the first failing point.
#include "bridgestan/model_library.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using Catch::Matchers::Contains;
using Catch::Matchers::Equals;
using Catch::Matchers::StartsWith;
using kiln::test::ModelLibrary;

namespace {

const ModelLibrary& eight_schools_library() {
  static ModelLibrary library(EIGHT_SCHOOLS_LIBRARY);
  return library;
}

const ModelLibrary& checked_library() {
  static ModelLibrary library(CHECKED_LIBRARY);
  return library;
}

// The message of a construct expected to fail.
std::string construct_error(const ModelLibrary& lib, const char* data) {
  char* error = nullptr;
  bs_model* m = lib.bs_model_construct(data, 0, &error);
  if (m != nullptr) {
    lib.bs_model_destruct(m);
    return "";
  }
  return lib.take_error(-1, error);
}

constexpr const char* kChecked = R"({"y": [0.5, -0.3, 1.1]})";

}  // namespace

TEST_CASE("Construct fails with messages naming the data's fault") {
  const auto& lib = eight_schools_library();
  CHECK_THAT(construct_error(lib, R"({"J": 8, "y": [28, 8)"),
             StartsWith("bs_model_construct: data: malformed JSON at byte 21: parse error"));
  CHECK_THAT(construct_error(lib, R"({"J": 8, "sigma": [15, 10, 16, 11, 9, 11, 10, 18]})"),
             Equals(R"(bs_model_construct: data key "y": missing (the data has J, sigma))"));
  CHECK_THAT(construct_error(lib, R"({"J": 8, "y": [28, 8, -3, 7, -1, 1, 18], "sigma": [15, 10, 16, 11, 9, 11, 10, 18]})"),
             Equals(R"(bs_model_construct: data key "y": expected an array of 8 numbers, got an array of 7 numbers)"));
  CHECK_THAT(construct_error(lib, R"({"J": 2, "y": [[1, 2], [3]], "sigma": [1, 2]})"),
             Equals(R"(bs_model_construct: data key "y": ragged array: element [1] has 1 values, where element [0] has 2)"));
  CHECK_THAT(construct_error(lib, R"({"J": 2.5})"), Equals(R"(bs_model_construct: data key "J": expected an integer, got 2.5)"));
  CHECK_THAT(construct_error(lib, "/nonexistent/eight_schools.json"),
             Equals(R"(bs_model_construct: data: cannot read the file "/nonexistent/eight_schools.json")"));
  CHECK_THAT(construct_error(lib, nullptr), Equals(R"(bs_model_construct: data key "J": missing (the data has no keys))"));
  CHECK(lib.bs_model_construct("{", 0, nullptr) == nullptr);  // no message asked for
}

TEST_CASE("A NaN or infinite theta is an error naming the element, and the model stays usable") {
  const auto& lib = eight_schools_library();
  auto model = lib.construct(EIGHT_SCHOOLS_DATA);
  std::vector<double> theta(10, 0.1), grad(10);
  theta[1] = NAN;
  double lp = 0;
  char* error = nullptr;
  CHECK_THAT(lib.take_error(lib.bs_log_density_gradient(model.get(), false, true, theta.data(), &lp, grad.data(), &error), error),
             Equals("bs_log_density_gradient: theta_unc[1] (tau_log__) is nan"));
  theta[1] = 0.1;
  theta[3] = -INFINITY;
  error = nullptr;
  CHECK_THAT(lib.take_error(lib.bs_log_density(model.get(), false, true, theta.data(), &lp, &error), error),
             Equals("bs_log_density: theta_unc[3] (theta_tilde.2) is -inf"));
  theta[3] = 0.1;
  CHECK(lib.bs_log_density_gradient(model.get(), false, true, theta.data(), &lp, grad.data(), nullptr) == 0);
  CHECK(std::isfinite(lp));
}

TEST_CASE("A failed parameter check is an error return, and the model stays usable") {
  const auto& lib = checked_library();
  auto model = lib.construct(kChecked);
  const std::vector<double> bad{0.2, -0.5}, good{0.2, 0.5};
  std::vector<double> grad(2);
  double lp = 0;
  char* error = nullptr;
  const std::string message =
      lib.take_error(lib.bs_log_density_gradient(model.get(), false, true, bad.data(), &lp, grad.data(), &error), error);
  CHECK_THAT(message, StartsWith("bs_log_density_gradient: a parameter check failed: "));
  CHECK_THAT(message, Contains("sigma > 0"));
  error = nullptr;
  CHECK_THAT(lib.take_error(lib.bs_log_density_hessian(model.get(), false, true, bad.data(), &lp, grad.data(),
                                                        std::vector<double>(4).data(), &error), error),
             StartsWith("bs_log_density_hessian: "));
  REQUIRE(lib.bs_log_density_gradient(model.get(), false, true, good.data(), &lp, grad.data(), nullptr) == 0);
  // Normal(0.2 | 0, 1) + Normal(0.5 | 1, 1) + sum Normal(y | 0.2, 0.5), by hand.
  const double c = -0.5 * std::log(2 * M_PI);
  double want = c - 0.5 * 0.04 + c - 0.5 * 0.25;
  for (double y : {0.5, -0.3, 1.1}) want += c - std::log(0.5) - 0.5 * std::pow((y - 0.2) / 0.5, 2);
  CHECK(lp == Approx(want).epsilon(1e-14));
}

TEST_CASE("NULL arguments are errors naming the argument") {
  const auto& lib = eight_schools_library();
  auto model = lib.construct(EIGHT_SCHOOLS_DATA);
  std::vector<double> theta(10, 0.1), grad(10);
  double lp = 0;
  char* error = nullptr;
  CHECK_THAT(lib.take_error(lib.bs_log_density_gradient(model.get(), false, true, nullptr, &lp, grad.data(), &error), error),
             Equals("bs_log_density_gradient: theta_unc is NULL"));
  error = nullptr;
  CHECK_THAT(lib.take_error(lib.bs_log_density(nullptr, false, true, theta.data(), &lp, &error), error),
             Equals("bs_log_density: the model is NULL"));
  error = nullptr;
  CHECK_THAT(lib.take_error(lib.bs_param_constrain(model.get(), false, false, theta.data(), nullptr, nullptr, &error), error),
             Equals("bs_param_constrain: theta is NULL"));
  error = nullptr;
  CHECK_THAT(lib.take_error(lib.bs_param_initialize(model.get(), nullptr, nullptr, 2.0, 10, true, theta.data(), &error), error),
             Equals("bs_param_initialize: rng is NULL"));
  CHECK(lib.bs_name(nullptr) == nullptr);
  CHECK(lib.bs_param_num(nullptr, false, false) == -1);
}

TEST_CASE("Unconstrain and initialize name bad values") {
  const auto& lib = eight_schools_library();
  auto model = lib.construct(EIGHT_SCHOOLS_DATA);
  std::vector<double> theta_unc(10);
  char* error = nullptr;
  CHECK_THAT(lib.take_error(lib.bs_param_unconstrain_json(model.get(), R"({"mu": 1, "tau": 2, "theta_tilde": [1, 2]})",
                                                          theta_unc.data(), &error), error),
             Equals(R"(bs_param_unconstrain_json: data key "theta_tilde": expected an array of 8 numbers, got an array of 2 numbers)"));
  error = nullptr;
  CHECK_THAT(lib.take_error(lib.bs_param_unconstrain_json(model.get(), R"({"mu": 1})", theta_unc.data(), &error), error),
             Equals(R"(bs_param_unconstrain_json: data key "tau": missing (the data has mu))"));
  bs_rng* rng = lib.bs_rng_construct(1, nullptr);
  error = nullptr;
  CHECK_THAT(lib.take_error(lib.bs_param_initialize(model.get(), nullptr, rng, 2.0, 0, true, theta_unc.data(), &error), error),
             Equals("bs_param_initialize: max_tries must be >= 1, got 0"));
  error = nullptr;
  CHECK_THAT(lib.take_error(lib.bs_param_initialize(model.get(), R"({"mu": [1, 2]})", rng, 2.0, 3, true, theta_unc.data(), &error), error),
             Equals(R"(bs_param_initialize: data key "mu": expected a number, got an array of 2 numbers)"));
  lib.bs_rng_destruct(rng);

  const auto& checked = checked_library();
  auto cm = checked.construct(kChecked);
  bs_rng* rng2 = checked.bs_rng_construct(1, nullptr);
  error = nullptr;
  CHECK_THAT(checked.take_error(checked.bs_param_initialize(cm.get(), R"({"s": -1.0})", rng2, 2.0, 5, true,
                                                            theta_unc.data(), &error), error),
             StartsWith("bs_param_initialize: no point with a finite log-density in 5 tries (the last: a parameter check failed:"));
  checked.bs_rng_destruct(rng2);
}

TEST_CASE("The nutpie callback: 0 on success, positive to reject a point, negative when fatal") {
  const auto& lib = checked_library();
  auto model = lib.construct(kChecked);
  const std::vector<double> good{0.2, 0.5}, bad{0.2, -0.5}, nan{NAN, 0.5};
  std::vector<double> grad(2), want_grad(2);
  double logp = 0, want = 0;
  REQUIRE(lib.bs_log_density_gradient(model.get(), false, true, good.data(), &want, want_grad.data(), nullptr) == 0);
  CHECK(lib.kiln_logp_callback(2, good.data(), grad.data(), &logp, model.get()) == 0);
  CHECK(logp == want);
  CHECK(grad == want_grad);
  CHECK(lib.kiln_logp_callback(2, bad.data(), grad.data(), &logp, model.get()) == 2);
  CHECK(lib.kiln_logp_callback(2, nan.data(), grad.data(), &logp, model.get()) == 1);
  CHECK(lib.kiln_logp_callback(3, good.data(), grad.data(), &logp, model.get()) == -1);
  CHECK(lib.kiln_logp_callback(2, good.data(), grad.data(), &logp, nullptr) == -2);
}

TEST_CASE("The batch equals single calls, and names its first failing point") {
  const auto& lib = checked_library();
  auto model = lib.construct(kChecked);
  const std::size_t n = 37;
  std::vector<double> theta(2 * n), lp(n), grad(2 * n);
  for (std::size_t i = 0; i < n; ++i) {
    theta[2 * i] = 0.01 * static_cast<double>(i);
    theta[2 * i + 1] = 0.3 + 0.02 * static_cast<double>(i);
  }
  REQUIRE(lib.kiln_log_density_gradient_batch(model.get(), false, true, n, theta.data(), lp.data(), grad.data(), nullptr) == 0);
  for (std::size_t i = 0; i < n; ++i) {
    double want = 0;
    std::vector<double> want_grad(2);
    REQUIRE(lib.bs_log_density_gradient(model.get(), false, true, &theta[2 * i], &want, want_grad.data(), nullptr) == 0);
    CHECK(lp[i] == want);
    CHECK(grad[2 * i] == want_grad[0]);
    CHECK(grad[2 * i + 1] == want_grad[1]);
  }
  theta[2 * 30 + 1] = -1.0;
  theta[2 * 12 + 1] = -1.0;
  char* error = nullptr;
  CHECK_THAT(lib.take_error(lib.kiln_log_density_gradient_batch(model.get(), false, true, n, theta.data(), lp.data(),
                                                                grad.data(), &error), error),
             StartsWith("kiln_log_density_gradient_batch: point 12: a parameter check failed:"));
}
