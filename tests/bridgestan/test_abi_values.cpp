// A kiln model library through BridgeStan's C functions: names, sizes, versions, eight schools'
// values against shared/baselines (Stan Math agrees with them to 1e-14), the Jacobian switch,
// and both scales' maps against closed forms, for each transform.
#include "bridgestan/model_library.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <sstream>

using Catch::Matchers::Contains;
using kiln::test::ModelLibrary;
using kiln::test::split_names;

namespace {

const ModelLibrary& eight_schools_library() {
  static ModelLibrary library(EIGHT_SCHOOLS_LIBRARY);
  return library;
}

const ModelLibrary& transforms_library() {
  static ModelLibrary library(TRANSFORMS_LIBRARY);
  return library;
}

constexpr const char* kTransformsData = R"({"y": [[0.5, -0.2, 1.0], [0.1, 0.3, -0.7]]})";

// The fixed point of shared/baselines/README.md: mu = 4, log tau = 1, theta_tilde[j] = (j - 3.5) / 4.
std::vector<double> eight_schools_point() {
  std::vector<double> theta{4.0, 1.0};
  for (int j = 0; j < 8; ++j) theta.push_back((j - 3.5) / 4);
  return theta;
}

std::vector<double> reference_line(const std::string& name) {
  std::ifstream in(std::string(KILN_SHARED_DIR) + "/baselines/reference_values.txt");
  for (std::string line; std::getline(in, line);) {
    std::istringstream fields(line);
    std::string key;
    int dim = 0;
    fields >> key >> dim;
    if (key != name) continue;
    std::vector<double> values(static_cast<std::size_t>(dim) + 1);
    for (auto& v : values) fields >> v;
    return values;
  }
  throw std::runtime_error("no " + name + " in reference_values.txt");
}

double rel_err(double a, double b) {
  const double scale = std::max(std::abs(a), std::abs(b));
  return scale == 0 ? 0 : std::abs(a - b) / scale;
}

double sigmoid(double x) { return 1 / (1 + std::exp(-x)); }

}  // namespace

TEST_CASE("A model library reports version 2.9.0, its name and kiln's build") {
  const auto& lib = eight_schools_library();
  CHECK(lib.major == 2);
  CHECK(lib.minor == 9);
  CHECK(lib.patch == 0);
  auto model = lib.construct(EIGHT_SCHOOLS_DATA);
  CHECK(std::string(lib.bs_name(model.get())) == "eight_schools");
  const std::string info = lib.bs_model_info(model.get());
  CHECK_THAT(info, Contains("kiln version: 0.1.0"));
  CHECK_THAT(info, Contains("LLVM version: 19"));
  CHECK_THAT(info, Contains("CPU features: "));
  CHECK_THAT(info, Contains("build type: "));
}

TEST_CASE("Names are the free variables (then the Deterministics), row-major, 1-based and dotted") {
  const auto& lib = eight_schools_library();
  auto model = lib.construct(EIGHT_SCHOOLS_DATA);
  auto names = split_names(lib.bs_param_names(model.get(), false, false));
  REQUIRE(names.size() == 10);
  CHECK(names[0] == "mu");
  CHECK(names[1] == "tau");
  CHECK(names[2] == "theta_tilde.1");
  CHECK(names[9] == "theta_tilde.8");
  auto with_tp = split_names(lib.bs_param_names(model.get(), true, false));
  REQUIRE(with_tp.size() == 18);
  CHECK(with_tp[10] == "theta.1");
  CHECK(with_tp[17] == "theta.8");
  CHECK(split_names(lib.bs_param_names(model.get(), true, true)) == with_tp);  // no generated quantities
  auto unc = split_names(lib.bs_param_unc_names(model.get()));
  REQUIRE(unc.size() == 10);
  CHECK(unc[1] == "tau_log__");
  CHECK(unc[2] == "theta_tilde.1");
  CHECK(lib.bs_param_num(model.get(), false, false) == 10);
  CHECK(lib.bs_param_num(model.get(), true, false) == 18);
  CHECK(lib.bs_param_num(model.get(), true, true) == 18);
  CHECK(lib.bs_param_unc_num(model.get()) == 10);

  const auto& t = transforms_library();
  auto tm = t.construct(kTransformsData);
  CHECK(std::string(t.bs_param_names(tm.get(), false, false)) == "sigma,p,u,w.1,w.2,w.3,m.1.1,m.1.2,m.1.3,m.2.1,m.2.2,m.2.3");
  CHECK(std::string(t.bs_param_unc_names(tm.get())) ==
        "sigma_log__,p_logodds__,u_interval__,w_simplex__.1,w_simplex__.2,m.1.1,m.1.2,m.1.3,m.2.1,m.2.2,m.2.3");
  CHECK(t.bs_param_num(tm.get(), true, false) == 18);
  CHECK(t.bs_param_unc_num(tm.get()) == 11);
}

TEST_CASE("Eight schools' log-density and gradient equal the reference values to 1e-12") {
  const auto& lib = eight_schools_library();
  auto model = lib.construct(EIGHT_SCHOOLS_DATA);
  const auto want = reference_line("eight_schools_nc");
  const auto theta = eight_schools_point();
  double lp = 0;
  std::vector<double> grad(10);
  char* error = nullptr;
  for (bool propto : {false, true}) {  // kiln keeps the constants either way
    REQUIRE(lib.bs_log_density_gradient(model.get(), propto, true, theta.data(), &lp, grad.data(), &error) == 0);
    CHECK(rel_err(lp, want[0]) <= 1e-12);
    for (std::size_t i = 0; i < 10; ++i) CHECK(rel_err(grad[i], want[i + 1]) <= 1e-12);
    double lp_only = 0;
    REQUIRE(lib.bs_log_density(model.get(), propto, true, theta.data(), &lp_only, &error) == 0);
    CHECK(lp_only == lp);
  }
}

TEST_CASE("jacobian = false leaves out the log-Jacobian (eight schools: log tau, d/dlog tau = 1)") {
  const auto& lib = eight_schools_library();
  auto model = lib.construct(EIGHT_SCHOOLS_DATA);
  const auto want = reference_line("eight_schools_nc");
  const auto theta = eight_schools_point();
  double lp = 0;
  std::vector<double> grad(10);
  REQUIRE(lib.bs_log_density_gradient(model.get(), false, false, theta.data(), &lp, grad.data(), nullptr) == 0);
  CHECK(lp == Approx(want[0] - theta[1]).epsilon(1e-13));
  CHECK(grad[1] == Approx(want[2] - 1.0).epsilon(1e-13));
  CHECK(grad[0] == Approx(want[1]).epsilon(1e-13));
  double lp_only = 0;
  REQUIRE(lib.bs_log_density(model.get(), false, false, theta.data(), &lp_only, nullptr) == 0);
  CHECK(lp_only == lp);
}

TEST_CASE("Constrain gives the free variables then the Deterministics; unconstrain inverts it") {
  const auto& lib = eight_schools_library();
  auto model = lib.construct(EIGHT_SCHOOLS_DATA);
  const auto theta_unc = eight_schools_point();
  std::vector<double> theta(18);
  REQUIRE(lib.bs_param_constrain(model.get(), true, false, theta_unc.data(), theta.data(), nullptr, nullptr) == 0);
  CHECK(theta[0] == 4.0);
  CHECK(theta[1] == Approx(std::exp(1.0)).epsilon(1e-15));
  for (int j = 0; j < 8; ++j) {
    CHECK(theta[2 + j] == theta_unc[2 + j]);
    CHECK(theta[10 + j] == Approx(4.0 + std::exp(1.0) * theta_unc[2 + j]).epsilon(1e-14));
  }
  std::vector<double> back(10);
  REQUIRE(lib.bs_param_unconstrain(model.get(), theta.data(), back.data(), nullptr) == 0);
  for (std::size_t i = 0; i < 10; ++i) CHECK(back[i] == Approx(theta_unc[i]).margin(1e-15));

  std::vector<double> from_json(10);
  REQUIRE(lib.bs_param_unconstrain_json(model.get(),
                                        R"({"mu": 4, "tau": 2.718281828459045, "theta_tilde": [-0.875, -0.625, -0.375,
                                            -0.125, 0.125, 0.375, 0.625, 0.875]})",
                                        from_json.data(), nullptr) == 0);
  for (std::size_t i = 0; i < 10; ++i) CHECK(from_json[i] == Approx(theta_unc[i]).margin(1e-15));
}

TEST_CASE("Round trips through the log, logodds, interval and simplex transforms") {
  const auto& lib = transforms_library();
  auto model = lib.construct(kTransformsData);
  const std::vector<double> theta_unc{0.3, -1.2, 0.7, 0.4, -0.9, 0.1, 0.2, 0.3, -0.4, -0.5, 0.6};
  std::vector<double> theta(18);
  REQUIRE(lib.bs_param_constrain(model.get(), true, false, theta_unc.data(), theta.data(), nullptr, nullptr) == 0);
  CHECK(theta[0] == Approx(std::exp(0.3)).epsilon(1e-15));             // log
  CHECK(theta[1] == Approx(sigmoid(-1.2)).epsilon(1e-15));             // logodds
  CHECK(theta[2] == Approx(-1.0 + 4.0 * sigmoid(0.7)).epsilon(1e-15));  // interval (-1, 3)
  CHECK(theta[3] + theta[4] + theta[5] == Approx(1.0).epsilon(1e-15));  // simplex
  for (int k = 3; k < 6; ++k) CHECK(theta[k] > 0);
  for (int k = 0; k < 6; ++k) {
    CHECK(theta[6 + k] == theta_unc[5 + k]);
    CHECK(theta[12 + k] == Approx(theta_unc[5 + k] * std::exp(0.3)).epsilon(1e-15));  // scaled = m * sigma
  }
  std::vector<double> back(11);
  REQUIRE(lib.bs_param_unconstrain(model.get(), theta.data(), back.data(), nullptr) == 0);
  for (std::size_t i = 0; i < 11; ++i) CHECK(back[i] == Approx(theta_unc[i]).margin(1e-14));

  // And from the constrained side: a point on the simplex and inside each support.
  const std::vector<double> constrained{1.5, 0.25, 2.0, 0.2, 0.3, 0.5, 1, 2, 3, 4, 5, 6};
  std::vector<double> unc(11), again(12);
  REQUIRE(lib.bs_param_unconstrain(model.get(), constrained.data(), unc.data(), nullptr) == 0);
  CHECK(unc[0] == Approx(std::log(1.5)).epsilon(1e-15));
  CHECK(unc[1] == Approx(std::log(0.25 / 0.75)).epsilon(1e-15));
  CHECK(unc[2] == Approx(std::log((2.0 + 1.0) / (3.0 - 2.0))).epsilon(1e-15));
  REQUIRE(lib.bs_param_constrain(model.get(), false, false, unc.data(), again.data(), nullptr, nullptr) == 0);
  for (std::size_t i = 0; i < 12; ++i) CHECK(again[i] == Approx(constrained[i]).margin(1e-14));
}

TEST_CASE("Initialize keeps the given values and draws the rest uniformly on the unconstrained scale") {
  const auto& lib = eight_schools_library();
  auto model = lib.construct(EIGHT_SCHOOLS_DATA);
  bs_rng* rng = lib.bs_rng_construct(7, nullptr);
  REQUIRE(rng != nullptr);
  std::vector<double> theta_unc(10);
  REQUIRE(lib.bs_param_initialize(model.get(), R"({"mu": 1.25, "tau": 2.0})", rng, 2.0, 10, true, theta_unc.data(),
                                  nullptr) == 0);
  CHECK(theta_unc[0] == Approx(1.25).epsilon(1e-15));
  CHECK(theta_unc[1] == Approx(std::log(2.0)).epsilon(1e-15));
  for (std::size_t i = 2; i < 10; ++i) {
    CHECK(theta_unc[i] >= -2.0);
    CHECK(theta_unc[i] < 2.0);
  }
  std::vector<double> drawn(10), again(10);
  REQUIRE(lib.bs_param_initialize(model.get(), nullptr, rng, 0.5, 1, false, drawn.data(), nullptr) == 0);
  for (double x : drawn) CHECK(std::abs(x) <= 0.5);
  bs_rng* same = lib.bs_rng_construct(7, nullptr);
  std::vector<double> skip(10);
  REQUIRE(lib.bs_param_initialize(model.get(), R"({"mu": 1.25, "tau": 2.0})", same, 2.0, 10, true, skip.data(), nullptr) == 0);
  REQUIRE(lib.bs_param_initialize(model.get(), "", same, 0.5, 1, false, again.data(), nullptr) == 0);
  CHECK(again == drawn);  // the same seed draws the same points
  lib.bs_rng_destruct(same);
  lib.bs_rng_destruct(rng);
}

namespace {
std::string printed;
void collect(const char* data, size_t size) { printed.append(data, size); }
}  // namespace

TEST_CASE("The print callback receives kiln's log lines") {
  setenv("KILN_LOG", "debug", 1);  // this test runs in its own process (one CTest test per case)
  const auto& lib = eight_schools_library();
  REQUIRE(lib.bs_set_print_callback(collect, nullptr) == 0);
  lib.construct(EIGHT_SCHOOLS_DATA);
  CHECK_THAT(printed, Contains("[kiln.bridgestan] [debug] bs_model_construct(eight_schools): model built in"));
  CHECK_THAT(printed, Contains("logp and gradient compiled in"));
  REQUIRE(lib.bs_set_print_callback(nullptr, nullptr) == 0);
  const auto before = printed.size();
  lib.construct(EIGHT_SCHOOLS_DATA);
  CHECK(printed.size() == before);  // back to stderr
}
