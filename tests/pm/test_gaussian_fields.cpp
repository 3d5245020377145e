// ZeroSumNormal, ICAR and CAR (issue #17, part f): log-densities against
// scipy_gaussian_fields.json (closed forms checked against SciPy by scipy_gaussian_fields.py),
// gradients of models using them against central differences, the zero-sum transform's values
// (PyMC's extend_axis_rev in NumPy), round trip and log-Jacobian (a central-difference Jacobian
// whose columns are orthonormal), initial points, draws (NumPy's values for ZeroSumNormal and
// CAR, zero sums, a Kolmogorov-Smirnov test of a marginal, CAR's covariance), and the errors.
#include <kiln/kiln.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "json_reference.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <string>
#include <vector>

namespace kt = kiln::tensor;
namespace pm = kiln::pm;
using kiln::Array;
using kiln::Shape;
using kiln::Var;
using kiln::testing::json_float_array;
using nlohmann::json;

namespace {

const json& reference() {
  static const json data = kiln::testing::pm_reference("scipy_gaussian_fields.json");
  return data;
}

Var constant(const json& j) { return kiln::make_constant(json_float_array(j)); }

double relative(double a, double b) { return std::fabs(a - b) / std::max(1.0, std::fabs(b)); }

Shape shape_of(const json& j) { return j.get<Shape>(); }

kiln::StaticShape static_shape(const Shape& shape) { return kiln::StaticShape(shape.begin(), shape.end()); }

// A ZeroSumNormal whose last n axes of `shape` are the zero-sum ones, the rest batch.
Var zero_sum_normal(double sigma, int n, const Shape& shape, kiln::Var rng = {}) {
  const Shape batch(shape.begin(), shape.end() - n), support(shape.end() - n, shape.end());
  return pm::ZeroSumNormal::dist(sigma, n, support, {.size = batch, .rng = rng});
}

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

double ks_statistic(std::vector<double> x, const std::function<double(double)>& cdf) {
  std::sort(x.begin(), x.end());
  const double m = static_cast<double>(x.size());
  double d = 0;
  for (std::size_t i = 0; i < x.size(); ++i)
    d = std::max({d, cdf(x[i]) - static_cast<double>(i) / m, static_cast<double>(i + 1) / m - cdf(x[i])});
  return d;
}

// Central differences (fourth order) of f along each coordinate of theta.
std::vector<double> numeric_gradient(const std::function<double(const std::vector<double>&)>& f, const std::vector<double>& theta) {
  std::vector<double> g(theta.size());
  for (std::size_t i = 0; i < theta.size(); ++i) {
    auto at = [&](double h) {
      auto p = theta;
      p[i] += h;
      return f(p);
    };
    const double h = 1e-4;
    g[i] = (8 * (at(h) - at(-h)) - (at(2 * h) - at(-2 * h))) / (12 * h);
  }
  return g;
}

// The model's flat gradient at theta against central differences of its flat logp, and its
// flat logp against the checked logp graph's.
void check_model_gradient(const pm::Model& model, const std::vector<double>& theta) {
  auto logp_dlogp = model.compile_logp_dlogp();
  REQUIRE(logp_dlogp.size() == theta.size());
  std::vector<double> grad(theta.size()), scratch(theta.size());
  const double lp = logp_dlogp(theta, grad);
  kiln::Point point;
  std::size_t offset = 0;
  for (const auto& v : model.value_vars()) {
    Shape shape;
    for (const auto& d : v.type().shape()) shape.push_back(*d);
    const auto size = static_cast<std::size_t>(std::accumulate(shape.begin(), shape.end(), std::int64_t{1}, std::multiplies<>()));
    point[v.name()] = Array(std::vector<double>(theta.begin() + offset, theta.begin() + offset + size)).reshape(shape);
    offset += size;
  }
  CHECK(relative(lp, model.compile_logp()(point)[0].item<double>()) < 1e-12);
  const auto numeric = numeric_gradient([&](const std::vector<double>& p) { return logp_dlogp(p, scratch); }, theta);
  for (std::size_t i = 0; i < theta.size(); ++i) {
    INFO("d logp / d theta[" << i << "] (" << model.parameter_names()[i] << ")");
    CHECK(grad[i] == Approx(numeric[i]).epsilon(1e-7).margin(1e-7));
  }
}

}  // namespace

TEST_CASE("ZeroSumNormal, ICAR and CAR log-densities match the closed forms", "[pm][gaussian_fields]") {
  int checked = 0;
  for (const auto& c : reference().at("logp")) {
    const std::string dist = c.at("dist");
    const json& p = c.at("params");
    INFO(dist << " " << p.dump() << " at " << c.at("value").dump());
    if (dist == "ZeroSumNormal") {
      const Shape shape = shape_of(c.at("shape"));
      Var rv = zero_sum_normal(p.at("sigma").get<double>(), p.at("n_zerosum_axes").get<int>(), shape);
      Var value = kiln::make_constant(json_float_array(c.at("value")).reshape(shape));
      const auto lp = pm::logp(rv, value).eval().to_vector<double>();
      const auto want = c.at("logp").get<std::vector<double>>();
      REQUIRE(lp.size() == want.size());
      for (std::size_t i = 0; i < lp.size(); ++i) CHECK(relative(lp[i], want[i]) < 1e-12);
    } else {
      Var rv = dist == "ICAR" ? pm::ICAR::dist(constant(p.at("W")), p.at("sigma").get<double>(), p.at("zero_sum_stdev").get<double>())
                              : pm::CAR::dist(constant(p.at("mu")), constant(p.at("W")), p.at("alpha").get<double>(),
                                              p.at("tau").get<double>());
      CHECK(relative(pm::logp(rv, constant(c.at("value"))).eval().item<double>(), c.at("logp").get<double>()) < 1e-12);
    }
    ++checked;
  }
  CHECK(checked == 13);
}

TEST_CASE("batched ICAR and CAR values give one log-density per row", "[pm][gaussian_fields]") {
  const Array W{{0.0, 1.0, 0.0}, {1.0, 0.0, 1.0}, {0.0, 1.0, 0.0}};
  const Array rows{{0.3, -0.1, -0.2}, {1.0, 0.5, -1.4}};
  for (bool car : {false, true}) {
    INFO((car ? "CAR" : "ICAR"));
    Var rv = car ? pm::CAR::dist(Array{0.1, 0.0, -0.1}, W, 0.4, 2.0, {.size = {2}}) : pm::ICAR::dist(W, 0.8, 0.01, {.size = {2}});
    REQUIRE(rv.type().shape() == kiln::StaticShape{2, 3});
    const auto both = pm::logp(rv, kiln::make_constant(rows)).eval().to_vector<double>();
    REQUIRE(both.size() == 2);
    Var one = car ? pm::CAR::dist(Array{0.1, 0.0, -0.1}, W, 0.4, 2.0) : pm::ICAR::dist(W, 0.8, 0.01);
    CHECK(both[0] == pm::logp(one, kiln::make_constant(Array{0.3, -0.1, -0.2})).eval().item<double>());
    CHECK(both[1] == pm::logp(one, kiln::make_constant(Array{1.0, 0.5, -1.4})).eval().item<double>());
  }
}

TEST_CASE("a ZeroSumNormal's sigma may vary along its batch dims", "[pm][gaussian_fields]") {
  Var rv = pm::ZeroSumNormal::dist(Array(std::vector<double>{1.0, 2.0}).reshape({2, 1}), 1, {3});
  REQUIRE(rv.type().shape() == kiln::StaticShape{2, 3});
  const Array rows{{0.5, -0.25, -0.25}, {1.0, -3.0, 2.0}};
  const auto both = pm::logp(rv, kiln::make_constant(rows)).eval().to_vector<double>();
  REQUIRE(both.size() == 2);
  CHECK(both[0] == pm::logp(pm::ZeroSumNormal::dist(1.0, 1, {3}), Var(Array{0.5, -0.25, -0.25})).eval().item<double>());
  CHECK(both[1] == pm::logp(pm::ZeroSumNormal::dist(2.0, 1, {3}), Var(Array{1.0, -3.0, 2.0})).eval().item<double>());
  // Draws: the second row's spread is twice the first's (sigma^2 (1 - 1/3) per entry).
  const auto x = pm::draw(rv, 2000, {.random_seed = 5}).to_vector<double>();
  double ss[2] = {0, 0};
  for (std::size_t i = 0; i < x.size(); ++i) ss[(i / 3) % 2] += x[i] * x[i];
  CHECK(ss[0] / 6000 == Approx(2.0 / 3.0).epsilon(0.06));
  CHECK(ss[1] / 6000 == Approx(8.0 / 3.0).epsilon(0.06));
}

TEST_CASE("gradients of models with ZeroSumNormal, ICAR and CAR match central differences", "[pm][gaussian_fields][grad]") {
  const Array W{{0.0, 1.0, 1.0, 0.0}, {1.0, 0.0, 1.0, 0.0}, {1.0, 1.0, 0.0, 1.0}, {0.0, 0.0, 1.0, 0.0}};
  SECTION("ZeroSumNormal, one and two axes, with a sigma") {
    pm::Model model;
    {
      pm::ModelContext ctx(model);
      Var sigma = pm::HalfNormal("sigma", 2.0);
      pm::ZeroSumNormal("a", sigma, 1, {4});
      pm::ZeroSumNormal("b", sigma, 2, {3, 4});
    }
    std::vector<double> theta(1 + 3 + 2 * 3);
    for (std::size_t i = 0; i < theta.size(); ++i) theta[i] = 0.3 * std::sin(1.7 * static_cast<double>(i) + 0.4);
    check_model_gradient(model, theta);
  }
  SECTION("ICAR with a sigma") {
    pm::Model model;
    {
      pm::ModelContext ctx(model);
      Var sigma = pm::Exponential("sigma", 1.0);
      pm::ICAR("phi", W, sigma, 0.01);
    }
    check_model_gradient(model, {0.2, 0.5, -0.3, 0.1, -0.25});
  }
  SECTION("CAR with mu, alpha and tau") {
    pm::Model model;
    {
      pm::ModelContext ctx(model);
      Var mu = pm::Normal("mu", 0.0, 1.0);
      Var alpha = pm::Uniform("alpha", -1.0, 1.0);
      Var tau = pm::Gamma("tau", 2.0, 2.0);
      pm::CAR("phi", mu, W, alpha, tau);
    }
    check_model_gradient(model, {0.3, 0.8, -0.2, 0.5, -1.0, 0.7, 0.25});
  }
}

TEST_CASE("the zero-sum transform is PyMC's, round-trips, and is an isometry", "[pm][gaussian_fields][transforms]") {
  for (const auto& c : reference().at("transforms")) {
    const Shape shape = shape_of(c.at("shape"));
    const int n = c.at("n_zerosum_axes").get<int>();
    INFO("shape " << kiln::shape_string(shape) << ", " << n << " zero-sum axes");
    pm::Model model;
    Var rv;
    {
      pm::ModelContext ctx(model);
      const Shape batch(shape.begin(), shape.end() - n), support(shape.end() - n, shape.end());
      rv = pm::ZeroSumNormal("z", 1.0, n, support, {.size = batch});
    }
    REQUIRE(model.value_vars()[0].name() == "z_zerosum__");
    REQUIRE(model.value_vars()[0].type().shape() == static_shape(shape_of(c.at("y_shape"))));
    const Array x = json_float_array(c.at("x")).reshape(shape);
    const auto y = model.unconstrain({{"z", x}});
    const auto want = c.at("y").get<std::vector<double>>();
    REQUIRE(y.size() == want.size());
    for (std::size_t i = 0; i < y.size(); ++i) CHECK(std::fabs(y[i] - want[i]) < 1e-15);
    const auto back = model.constrain(y).at("z").to_vector<double>();
    for (std::size_t i = 0; i < back.size(); ++i) CHECK(std::fabs(back[i] - x.get_as_double(static_cast<std::int64_t>(i))) < 1e-15);
    // backward maps R^m onto the zero-sum subspace isometrically: J'J = I for its Jacobian J,
    // so the volume factor sqrt(det J'J) is 1 and the log-Jacobian 0 (PyMC's constant 0).
    auto transform = model.transform_of(rv);
    Var yv = kt::tensor("y", kiln::DType::float64, model.value_vars()[0].type().shape());
    kiln::Function backward = kiln::function({yv}, {transform->backward(yv)});
    const Shape y_shape = shape_of(c.at("y_shape"));
    const std::size_t m = y.size(), k = back.size();
    std::vector<double> jac(k * m);
    for (std::size_t j = 0; j < m; ++j) {
      auto at = [&](double h) {
        auto p = y;
        p[j] += h;
        return backward.call_positional({Array(p).reshape(y_shape)})[0].to_vector<double>();
      };
      const auto up = at(1e-6), down = at(-1e-6);
      for (std::size_t i = 0; i < k; ++i) jac[i * m + j] = (up[i] - down[i]) / 2e-6;
    }
    // One batch element's block: its columns orthonormal, the other batches' entries zero.
    for (std::size_t a = 0; a < m; ++a)
      for (std::size_t b = 0; b < m; ++b) {
        double dot = 0;
        for (std::size_t i = 0; i < k; ++i) dot += jac[i * m + a] * jac[i * m + b];
        CHECK(dot == Approx(a == b ? 1.0 : 0.0).margin(1e-8));
      }
    CHECK(transform->log_jac_det(yv).eval().item<double>() == 0.0);
    // The model's logp at y is the distribution's at x (sum over batch), the Jacobian adding 0.
    const auto lps = pm::logp(rv, kiln::make_constant(x)).eval().to_vector<double>();
    const double lp = std::accumulate(lps.begin(), lps.end(), 0.0);
    CHECK(model.compile_logp()(kiln::Point{{"z_zerosum__", Array(y).reshape(y_shape)}})[0].item<double>() ==
          Approx(lp).epsilon(1e-13));
  }
}

TEST_CASE("initial points: zeros for ZeroSumNormal and ICAR, mu for CAR", "[pm][gaussian_fields][moments]") {
  pm::Model model({.coords = {{"region", std::int64_t{3}}, {"answer", std::int64_t{4}}}});
  const Array W{{0.0, 1.0, 0.0}, {1.0, 0.0, 1.0}, {0.0, 1.0, 0.0}};
  {
    pm::ModelContext ctx(model);
    pm::ZeroSumNormal("v", 1.0, 2, {}, {.dims = {"region", "answer"}});
    pm::ZeroSumNormal("w", 1.0, 1, {}, {.dims = {"region", "answer"}});
    pm::ICAR("phi", W);
    pm::CAR("car", Array{1.0, -2.0, 0.5}, W, 0.5, 1.0);
  }
  auto point = model.initial_point();
  CHECK(point.at("v_zerosum__").shape() == Shape{2, 3});
  CHECK(point.at("w_zerosum__").shape() == Shape{3, 3});
  for (const char* name : {"v_zerosum__", "w_zerosum__"})
    for (double x : point.at(name).to_vector<double>()) CHECK(x == 0.0);
  CHECK(point.at("phi").to_vector<double>() == std::vector<double>{0.0, 0.0, 0.0});
  CHECK(point.at("car").to_vector<double>() == std::vector<double>{1.0, -2.0, 0.5});
  CHECK(model["v"].type().shape() == kiln::StaticShape{3, 4});
}

TEST_CASE("ZeroSumNormal takes its support shape from observed data", "[pm][gaussian_fields]") {
  pm::Model model;
  const Array data{{0.5, -0.5, 0.0}, {1.0, 2.0, -3.0}};
  Var rv;
  {
    pm::ModelContext ctx(model);
    rv = pm::ZeroSumNormal("y", 2.0, 1, {}, {.observed = Var(data)});
  }
  CHECK(rv.type().shape() == kiln::StaticShape{2, 3});
  const double lp = model.compile_logp()(kiln::Point{})[0].item<double>();
  // -(K - 1) log(sqrt(2 pi) sigma) per row and -|x|^2 / (2 sigma^2).
  const double want = -4 * std::log(std::sqrt(2 * M_PI) * 2.0) - (0.25 + 0.25 + 1 + 4 + 9) / 8.0;
  CHECK(lp == Approx(want).epsilon(1e-14));
}

TEST_CASE("ZeroSumNormal and CAR draws follow NumPy's numbers", "[pm][gaussian_fields][draws]") {
  for (const auto& c : reference().at("draws")) {
    const std::string dist = c.at("dist");
    const json& p = c.at("params");
    INFO(dist << " " << p.dump());
    Var rng = kiln::random_generator_shared(c.at("seed").get<std::uint64_t>());
    const Shape size = shape_of(c.at("size"));
    Var rv = dist == "CAR" ? pm::CAR::dist(constant(p.at("mu")), constant(p.at("W")), p.at("alpha").get<double>(),
                                           p.at("tau").get<double>(), {.size = size, .rng = rng})
                           : pm::ZeroSumNormal::dist(p.at("sigma").get<double>(), p.at("n_zerosum_axes").get<int>(),
                                                     shape_of(p.at("support_shape")), {.size = size, .rng = rng});
    const auto got = rv.eval().to_vector<double>();
    const auto want = c.at("values").get<std::vector<double>>();
    REQUIRE(got.size() == want.size());
    for (std::size_t i = 0; i < got.size(); ++i) CHECK(std::fabs(got[i] - want[i]) < 1e-12 * std::max(1.0, std::fabs(want[i])));
  }
}

TEST_CASE("ZeroSumNormal draws sum to zero with normal marginals of variance sigma^2 (1 - 1/K)", "[pm][gaussian_fields][draws]") {
  const std::int64_t draws = 4000;
  const double sigma = 1.3;
  Var rv = pm::ZeroSumNormal::dist(sigma, 2, {3, 4}, {.size = {draws}});
  const Array values = pm::draw(rv, 1, {.random_seed = 7});
  REQUIRE(values.shape() == Shape{draws, 3, 4});
  const auto x = values.to_vector<double>();
  double worst = 0;
  for (std::int64_t d = 0; d < draws; ++d) {
    const double* v = x.data() + d * 12;
    for (int i = 0; i < 3; ++i) worst = std::max(worst, std::fabs(v[i * 4] + v[i * 4 + 1] + v[i * 4 + 2] + v[i * 4 + 3]));
    for (int j = 0; j < 4; ++j) worst = std::max(worst, std::fabs(v[j] + v[4 + j] + v[8 + j]));
  }
  CHECK(worst < 1e-14);
  // Each entry: N(0, sigma^2 (1 - 1/3)(1 - 1/4)).
  const double sd = sigma * std::sqrt((2.0 / 3.0) * (3.0 / 4.0));
  std::vector<double> first;
  for (std::int64_t d = 0; d < draws; ++d) first.push_back(x[static_cast<std::size_t>(d * 12 + 5)]);
  CHECK(ks_statistic(first, [&](double v) { return normal_cdf(v / sd); }) < 1.63 / std::sqrt(static_cast<double>(draws)));
}

TEST_CASE("CAR draws have covariance (tau (D - alpha W))^-1", "[pm][gaussian_fields][draws]") {
  const std::int64_t draws = 20000;
  const Array W{{0.0, 1.0, 0.0}, {1.0, 0.0, 1.0}, {0.0, 1.0, 0.0}};
  const double alpha = 0.5, tau = 2.0;
  const auto x = pm::draw(pm::CAR::dist(Array{1.0, 0.0, -1.0}, W, alpha, tau, {.size = {draws}}), 1, {.random_seed = 9}).to_vector<double>();
  // Q = tau [[1, -a, 0], [-a, 2, -a], [0, -a, 1]] and its inverse, by hand.
  const double det = tau * tau * tau * (2 - 2 * alpha * alpha);
  const double cov[3][3] = {{tau * tau * (2 - alpha * alpha) / det, tau * tau * alpha / det, tau * tau * alpha * alpha / det},
                            {tau * tau * alpha / det, tau * tau / det, tau * tau * alpha / det},
                            {tau * tau * alpha * alpha / det, tau * tau * alpha / det, tau * tau * (2 - alpha * alpha) / det}};
  const double mean[3] = {1.0, 0.0, -1.0};
  for (int i = 0; i < 3; ++i) {
    double m = 0;
    for (std::int64_t d = 0; d < draws; ++d) m += x[static_cast<std::size_t>(d * 3 + i)];
    CHECK(m / draws == Approx(mean[i]).margin(4 * std::sqrt(cov[i][i] / draws)));
    for (int j = 0; j < 3; ++j) {
      double c = 0;
      for (std::int64_t d = 0; d < draws; ++d)
        c += (x[static_cast<std::size_t>(d * 3 + i)] - mean[i]) * (x[static_cast<std::size_t>(d * 3 + j)] - mean[j]);
      INFO("cov[" << i << "][" << j << "]");
      CHECK(c / draws == Approx(cov[i][j]).margin(0.05 * std::sqrt(cov[i][i] * cov[j][j])));
    }
  }
}

TEST_CASE("ZeroSumNormal, ICAR and CAR raise PyMC's errors", "[pm][gaussian_fields][errors]") {
  using Catch::Matchers::Contains;
  using Catch::Matchers::Message;
  const Array W{{0.0, 1.0, 0.0}, {1.0, 0.0, 1.0}, {0.0, 1.0, 0.0}};
  // Values off the zero-sum subspace.
  CHECK_THROWS_MATCHES(pm::logp(pm::ZeroSumNormal::dist(1.0, 1, {3}), Var(Array{0.1, 0.2, 0.3})).eval(),
                       kiln::ParameterValueError, Message("mean(value, axis=n_zerosum_axes) = 0"));
  CHECK_THROWS_MATCHES(pm::logp(pm::ZeroSumNormal::dist(1.0, 2, {2, 2}), Var(Array{{1.0, -1.0}, {1.0, -1.0}})).eval(),
                       kiln::ParameterValueError, Message("mean(value, axis=n_zerosum_axes) = 0"));
  CHECK_THROWS_MATCHES(pm::logp(pm::ICAR::dist(W, -1.0), Var(Array{0.1, 0.2, -0.3})).eval(), kiln::ParameterValueError,
                       Message("sigma > 0"));
  const std::string car_condition = "-1 < alpha < 1, tau > 0, W is a symmetric adjacency matrix.";
  CHECK_THROWS_MATCHES(pm::logp(pm::CAR::dist(Array{0.0, 0.0, 0.0}, W, 1.0, 1.0), Var(Array{0.1, 0.2, -0.3})).eval(),
                       kiln::ParameterValueError, Message(car_condition));
  CHECK_THROWS_MATCHES(pm::logp(pm::CAR::dist(Array{0.0, 0.0, 0.0}, W, 0.5, 0.0), Var(Array{0.1, 0.2, -0.3})).eval(),
                       kiln::ParameterValueError, Message(car_condition));
  const Array asymmetric{{0.0, 1.0, 1.0}, {1.0, 0.0, 1.0}, {0.0, 1.0, 0.0}};
  CHECK_THROWS_MATCHES(pm::logp(pm::CAR::dist(Array{0.0, 0.0, 0.0}, asymmetric, 0.5, 1.0), Var(Array{0.1, 0.2, -0.3})).eval(),
                       kiln::ParameterValueError, Message(car_condition));
  // Draws check as the RandomVariables do; ICAR has none.
  CHECK_THROWS_MATCHES(pm::ZeroSumNormal::dist(-1.0, 1, {3}).eval(), kiln::ParameterValueError,
                       Message("zerosumnormal: sigma < 0 (sigma = -1)"));
  CHECK_THROWS_MATCHES(pm::CAR::dist(Array{0.0, 0.0, 0.0}, W, 1.5, 1.0).eval(), kiln::ParameterValueError,
                       Message("car: the domain of alpha is: -1 < alpha < 1 (alpha = 1.5)"));
  CHECK_THROWS_MATCHES(pm::CAR::dist(Array{0.0, 0.0, 0.0}, asymmetric, 0.5, 1.0).eval(), kiln::ParameterValueError,
                       Message("car: W must be a valid adjacency matrix (W[0, 2] = 1, W[2, 0] = 0)"));
  CHECK_THROWS_MATCHES(pm::ICAR::dist(W).eval(), kiln::ModelError, Message("ICAR: Cannot sample from ICAR prior"));
  // Build-time errors name the input.
  CHECK_THROWS_MATCHES(pm::ZeroSumNormal::dist(1.0, 0, {3}), kiln::InputError,
                       Message("ZeroSumNormal: n_zerosum_axes has to be > 0, got 0"));
  CHECK_THROWS_MATCHES(pm::ZeroSumNormal::dist(1.0, 1, {}), kiln::InputError,
                       Message("ZeroSumNormal: You must specify dims, shape or support_shape parameter"));
  CHECK_THROWS_MATCHES(pm::ZeroSumNormal::dist(1.0, 2, {3}), kiln::InputError,
                       Message("ZeroSumNormal: support_shape (3,) has to be as long as n_zerosum_axes = 2"));
  CHECK_THROWS_MATCHES(pm::ZeroSumNormal::dist(Array{1.0, 2.0, 3.0}, 1, {3}), kiln::InputError,
                       Message("ZeroSumNormal: sigma must have length one across the zero-sum axes, got TensorType(float64, (3,))"));
  CHECK_THROWS_MATCHES(pm::ICAR::dist(Array{{0.0, 1.0}, {1.0, 0.0}, {0.0, 1.0}}), kiln::InputError,
                       Message("ICAR: W must be a square matrix, got shape (3, 2)"));
  CHECK_THROWS_MATCHES(pm::ICAR::dist(asymmetric), kiln::InputError,
                       Message("ICAR: W must be a symmetric matrix, but W[0, 2] != W[2, 0]"));
  CHECK_THROWS_MATCHES(pm::ICAR::dist(Array{{0.0, 2.0}, {2.0, 0.0}}), kiln::InputError,
                       Message("ICAR: W must be composed of only 1s and 0s, but W[0, 1] = 2"));
  CHECK_THROWS_AS(pm::ICAR::dist(kt::matrix("W")), kiln::InputError);
  CHECK_THROWS_WITH(pm::ICAR::dist(kt::matrix("W")), Contains("ICAR: W must be a constant matrix"));
  CHECK_THROWS_MATCHES(pm::logp(pm::ICAR::dist(W), Var(Array{0.1, -0.1})), kiln::InputError,
                       Message("ICAR: the value has 2 entries along its last axis, but W is 3 x 3"));
  CHECK_THROWS_MATCHES(pm::CAR::dist(Array{0.0, 0.0}, W, 0.5, 1.0), kiln::InputError,
                       Message("CAR: mu has 2 entries along its last axis, but W is 3 x 3"));
  CHECK_THROWS_MATCHES(pm::CAR::dist(0.0, Array{{0.0, 1.0}, {1.0, 0.0}, {0.0, 1.0}}, 0.5, 1.0), kiln::InputError,
                       Message("CAR: W must be a square matrix, got TensorType(float64, (3, 2))"));
  CHECK_THROWS_MATCHES(pm::CAR::dist(0.0, Array{{0.0, 1.0, 0.0}, {1.0, 0.0, 0.0}, {0.0, 0.0, 0.0}}, 0.5, 1.0),
                       kiln::InputError, Message("CAR: W's column 2 does not have a positive sum: every area needs a neighbour"));
  CHECK_THROWS_MATCHES(pm::CAR::dist(0.0, W, Array{0.5, 0.5}, 1.0), kiln::InputError,
                       Message("CAR: alpha must be a scalar, got TensorType(float64, (2,))"));
}
