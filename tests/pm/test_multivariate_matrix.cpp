// The LKJ family and the matrix-valued multivariates (LKJCorr, LKJCholeskyCov, MvStudentT,
// Wishart, MatrixNormal, KroneckerNormal): log-densities against scipy_multivariate.json (SciPy
// and LKJ's closed form, written by scipy_multivariate.py), gradients against central
// differences, the packed-Cholesky transform's round trip and log-Jacobian against a
// finite-difference Jacobian, PyMC's initial points, draws (NumPy's values where PyMC draws with
// NumPy/SciPy calls, a Kolmogorov-Smirnov test of LKJCholeskyCov's), and the parameter errors.
#include <kiln/kiln.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "json_reference.hpp"
#include "reference_checks.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

namespace kt = kiln::tensor;
namespace pm = kiln::pm;
using kiln::Array;
using kiln::Var;
using kiln::testing::json_float_array;
using nlohmann::json;

namespace {

const json& reference() {
  static const json data = kiln::testing::pm_reference("scipy_multivariate.json");
  return data;
}

Var constant(const json& j) { return kiln::make_constant(json_float_array(j)); }

Var sd_dist_of(const json& params) {
  const double a = params.at("sd_param").get<double>();
  return params.at("sd_dist") == "Exponential" ? pm::Exponential::dist(a) : pm::HalfNormal::dist(a);
}

// The distribution a reference case names, with its parameters as constants.
Var build(const std::string& dist, const json& p) {
  if (dist == "MvStudentT") return pm::MvStudentT::dist(p.at("nu").get<double>(), constant(p.at("mu")), constant(p.at("scale")));
  if (dist == "Wishart") return pm::Wishart::dist(p.at("nu").get<double>(), constant(p.at("V")));
  if (dist == "MatrixNormal")
    return pm::MatrixNormal::dist(constant(p.at("mu")), {.rowcov = constant(p.at("rowcov")), .colcov = constant(p.at("colcov"))});
  if (dist == "KroneckerNormal") {
    const double sigma = p.at("sigma").get<double>();
    return pm::KroneckerNormal::dist(constant(p.at("mu")), {.covs = {constant(p.at("K1")), constant(p.at("K2"))},
                                                            .sigma = sigma > 0 ? Var(sigma) : Var()});
  }
  if (dist == "LKJCorr") return pm::LKJCorr::dist(p.at("n").get<std::int64_t>(), p.at("eta").get<double>());
  if (dist == "LKJCholeskyCov")
    return pm::LKJCholeskyCov::dist(p.at("eta").get<double>(), p.at("n").get<std::int64_t>(), sd_dist_of(p));
  FAIL("unknown distribution " << dist);
  return {};
}

double relative(double a, double b) { return std::fabs(a - b) / std::max(1.0, std::fabs(b)); }

}  // namespace

TEST_CASE("multivariate log-densities match SciPy and LKJ's closed form", "[pm][multivariate_matrix]") {
  int checked = 0;
  for (const auto& c : reference().at("logp")) {
    const std::string dist = c.at("dist");
    INFO(dist << " " << c.at("params").dump() << " at " << c.at("value").dump());
    Var rv = build(dist, c.at("params"));
    const double lp = pm::logp(rv, constant(c.at("value"))).eval().item<double>();
    CHECK(relative(lp, c.at("logp").get<double>()) < 1e-12);
    ++checked;
  }
  CHECK(checked == 29);
}

TEST_CASE("multivariate gradients match central differences", "[pm][multivariate_matrix][grad]") {
  struct Case {
    const char* name;
    std::function<Var(const Var& value, const Var& param)> logp;
    std::vector<double> value;
    double param;
  };
  const Array scale{{2.0, 0.3, 0.1}, {0.3, 1.0, -0.2}, {0.1, -0.2, 1.5}};
  const std::vector<Case> cases = {
      {"LKJCorr", [](auto v, auto eta) { return pm::logp(pm::LKJCorr::dist(3, eta), v); }, {0.3, -0.2, 0.5}, 2.5},
      {"LKJCholeskyCov",
       [](auto v, auto eta) { return pm::logp(pm::LKJCholeskyCov::dist(eta, 3, pm::Exponential::dist(1.3)), v); },
       {1.2, -0.4, 0.8, 0.3, 0.5, 1.1},
       1.7},
      {"MvStudentT",
       [&](auto v, auto nu) { return pm::logp(pm::MvStudentT::dist(nu, Array{0.1, -0.3, 0.2}, kiln::make_constant(scale)), v); },
       {1.0, 0.4, -2.0},
       3.5},
      {"Wishart",
       [&](auto v, auto nu) {
         return pm::logp(pm::Wishart::dist(nu, kiln::make_constant(scale)), kt::reshape(v, std::vector<std::int64_t>{3, 3}));
       },
       {2.5, 0.4, 0.3, 0.4, 1.8, -0.1, 0.3, -0.1, 2.2},
       4.5},
      {"MatrixNormal",
       [&](auto v, auto mu) {
         return pm::logp(pm::MatrixNormal::dist(mu, {.rowcov = kiln::make_constant(scale), .colchol = Array{{1.5, 0.0}, {0.4, 0.8}}}),
                         kt::reshape(v, std::vector<std::int64_t>{3, 2}));
       },
       {0.5, -1.0, 1.2, 0.3, -0.7, 2.0},
       0.25},
  };
  for (const auto& c : cases) {
    Var value = kt::vector("value"), param = kt::scalar("param");
    Var f = c.logp(value, param);
    auto g = kiln::grad(f, {value, param});
    kiln::Function fn = kiln::function({value, param}, {f, g[0], g[1]});
    auto call = [&](const std::vector<double>& v, double p) { return fn.call_positional({Array(v), Array(p)}); };
    auto out = call(c.value, c.param);
    auto fd = [&](const std::function<double(double)>& at) {
      const double h = 1e-4;
      return (8 * (at(h) - at(-h)) - (at(2 * h) - at(-2 * h))) / (12 * h);
    };
    for (std::size_t i = 0; i < c.value.size(); ++i) {
      // Wishart's value must stay symmetric: move both mirrored entries (half the gradient each).
      const bool symmetric = std::string(c.name) == "Wishart";
      const std::size_t mirror = symmetric ? (i % 3) * 3 + i / 3 : i;
      const double numeric = fd([&](double h) {
        auto v = c.value;
        v[i] += h;
        if (mirror != i) v[mirror] += h;
        return call(v, c.param)[0].item<double>();
      });
      const double analytic = out[1].to_vector<double>()[i] + (mirror != i ? out[1].to_vector<double>()[mirror] : 0.0);
      INFO(c.name << " d/d value[" << i << "]");
      CHECK(analytic == Approx(numeric).epsilon(1e-7).margin(1e-8));
    }
    INFO(c.name << " d/d param");
    CHECK(out[2].item<double>() ==
          Approx(fd([&](double h) { return call(c.value, c.param + h)[0].item<double>(); })).epsilon(1e-7).margin(1e-8));
  }
}

TEST_CASE("LKJCholeskyCov's packed transform round-trips, with its log-Jacobian", "[pm][multivariate_matrix][transforms]") {
  pm::Model model;
  Var packed;
  {
    pm::ModelContext ctx(model);
    packed = pm::LKJCholeskyCov("chol", 2.0, 3, pm::Exponential::dist(1.0), {}, false);
  }
  REQUIRE(model.value_vars()[0].name() == "chol_cholesky-cov-packed__");
  auto transform = model.transform_of(packed);
  const std::vector<double> x{1.2, -0.4, 0.8, 0.3, 0.5, 1.1};
  const auto y = model.unconstrain({{"chol", Array(x)}});
  CHECK(y[0] == Approx(std::log(1.2)).epsilon(1e-15));
  CHECK(y[1] == -0.4);
  CHECK(y[5] == Approx(std::log(1.1)).epsilon(1e-15));
  const auto back = model.constrain(y).at("chol").to_vector<double>();
  for (std::size_t i = 0; i < x.size(); ++i) CHECK(back[i] == Approx(x[i]).epsilon(1e-15));
  // log |det d backward / d y| against the determinant of a central-difference Jacobian.
  Var yv = kt::vector("y");
  kiln::Function backward = kiln::function({yv}, {transform->backward(yv)});
  kiln::Function log_jac = kiln::function({yv}, {transform->log_jac_det(yv)});
  const std::size_t m = y.size();
  std::vector<double> jac(m * m);
  for (std::size_t j = 0; j < m; ++j) {
    auto at = [&](double h) {
      auto p = y;
      p[j] += h;
      return backward.call_positional({Array(p)})[0].to_vector<double>();
    };
    const auto up = at(1e-6), down = at(-1e-6);
    for (std::size_t i = 0; i < m; ++i) jac[i * m + j] = (up[i] - down[i]) / 2e-6;
  }
  CHECK(log_jac.call_positional({Array(y)})[0].item<double>() ==
        Approx(std::log(std::fabs(kiln::testing::determinant(jac, m)))).epsilon(1e-8));
  // The model's logp at y is the distribution's at x plus that log-Jacobian.
  const double lp = pm::logp(packed, kiln::make_constant(Array(x))).eval().item<double>();
  CHECK(model.compile_logp()(kiln::Point{{"chol_cholesky-cov-packed__", Array(y)}})[0].item<double>() ==
        Approx(lp + std::log(1.2 * 0.8 * 1.1)).epsilon(1e-12));
}

TEST_CASE("LKJCorr's interval transform sums its Jacobian over the vector", "[pm][multivariate_matrix][transforms]") {
  pm::Model model;
  {
    pm::ModelContext ctx(model);
    pm::LKJCorr("r", 3, 2.0);
  }
  REQUIRE(model.value_vars()[0].name() == "r_interval__");
  const std::vector<double> x{0.3, -0.2, 0.5};
  const auto y = model.unconstrain({{"r", Array(x)}});
  double log_jac = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    CHECK(y[i] == Approx(std::log((x[i] + 1) / (1 - x[i]))).epsilon(1e-14));
    log_jac += std::log((x[i] + 1) * (1 - x[i]) / 2);  // d x / d y of x = -1 + 2 sigmoid(y)
  }
  const double lp = pm::logp(model["r"], kiln::make_constant(Array(x))).eval().item<double>();
  CHECK(model.compile_logp()(kiln::Point{{"r_interval__", Array(y)}})[0].item<double>() ==
        Approx(lp + log_jac).epsilon(1e-12));
}

TEST_CASE("the initial points are PyMC's support points", "[pm][multivariate_matrix][moments]") {
  pm::Model model;
  {
    pm::ModelContext ctx(model);
    pm::LKJCorr("r", 3, 2.0);
    pm::LKJCholeskyCov("chol", 2.0, 3, pm::Exponential::dist(1.0), {}, false);
    pm::MvStudentT("t", 3.0, Array{1.0, -2.0}, Array{{1.0, 0.0}, {0.0, 1.0}});
    pm::Wishart("w", 4.0, Array{{1.0, 0.5}, {0.5, 2.0}});
    pm::MatrixNormal("m", 1.5, {.rowcov = Array{{1.0, 0.0}, {0.0, 1.0}}, .colchol = Array(std::vector<double>{1.0}).reshape({1, 1})});
  }
  auto point = model.initial_point();
  CHECK(point.at("r_interval__").to_vector<double>() == std::vector<double>{0, 0, 0});
  // The identity factor (log 1 = 0 on the diagonal): 1, 0, 1, 0, 0, 1.
  CHECK(point.at("chol_cholesky-cov-packed__").to_vector<double>() == std::vector<double>{0, 0, 0, 0, 0, 0});
  CHECK(point.at("t").to_vector<double>() == std::vector<double>{1.0, -2.0});
  CHECK(point.at("w").to_vector<double>() == std::vector<double>{4.0, 2.0, 2.0, 8.0});  // nu V
  CHECK(point.at("m").shape() == kiln::Shape{2, 1});
  CHECK(point.at("m").to_vector<double>() == std::vector<double>{1.5, 1.5});
}

TEST_CASE("draws follow NumPy and SciPy where PyMC's rng_fn calls them", "[pm][multivariate_matrix][draws]") {
  for (const auto& c : reference().at("draws")) {
    const std::string dist = c.at("dist");
    INFO(dist);
    const json& p = c.at("params");
    const pm::DistOptions options{.size = {c.at("size").get<std::int64_t>()},
                                  .rng = kiln::random_generator_shared(c.at("seed").get<std::uint64_t>())};
    Var rv;
    if (dist == "MatrixNormal")
      rv = pm::MatrixNormal::dist(constant(p.at("mu")), {.rowcov = constant(p.at("rowcov")), .colcov = constant(p.at("colcov"))}, options);
    else if (dist == "MvStudentT")
      rv = pm::MvStudentT::dist(p.at("nu").get<double>(), constant(p.at("mu")), constant(p.at("scale")), options);
    else if (dist == "Wishart")
      rv = pm::Wishart::dist(p.at("nu").get<double>(), constant(p.at("V")), options);
    else
      rv = pm::LKJCorr::dist(p.at("n").get<std::int64_t>(), p.at("eta").get<double>(), options);
    const auto got = rv.eval().to_vector<double>();
    const auto want = c.at("values").get<std::vector<double>>();
    REQUIRE(got.size() == want.size());
    for (std::size_t i = 0; i < got.size(); ++i) CHECK(relative(got[i], want[i]) < 1e-12);
  }
}

TEST_CASE("LKJCholeskyCov draws: stds follow sd_dist, correlations LKJ's Beta marginal", "[pm][multivariate_matrix][draws]") {
  // For LKJ(eta) in n dimensions each correlation r has (r + 1) / 2 ~ Beta(b, b), b = eta - 1 + n / 2.
  const std::int64_t draws = 4000, n = 3;
  const double eta = 2.0, lam = 1.5;
  Var packed = pm::LKJCholeskyCov::dist(eta, n, pm::Exponential::dist(lam), {.size = {draws}});
  // Seeded (both LKJ's and sd_dist's generators): the 1%-level checks below are deterministic.
  const auto values = pm::draw(packed, 1, {.random_seed = 20261206}).to_vector<double>();
  std::vector<double> sd0, r01;
  for (std::int64_t d = 0; d < draws; ++d) {
    const double* L = values.data() + d * 6;  // L00, L10, L11, L20, L21, L22
    const double s0 = L[0], s1 = std::hypot(L[1], L[2]);
    sd0.push_back(s0);
    r01.push_back(L[0] * L[1] / (s0 * s1));
  }
  auto ks = [](std::vector<double> x, const std::function<double(double)>& cdf) {
    std::sort(x.begin(), x.end());
    const double m = static_cast<double>(x.size());
    double d = 0;
    for (std::size_t i = 0; i < x.size(); ++i)
      d = std::max({d, cdf(x[i]) - static_cast<double>(i) / m, static_cast<double>(i + 1) / m - cdf(x[i])});
    return d;
  };
  const double critical = 1.63 / std::sqrt(static_cast<double>(draws));  // 1% level
  CHECK(ks(sd0, [&](double s) { return 1 - std::exp(-lam * s); }) < critical);
  // b = 2.5: the Beta(2.5, 2.5) cdf of u = (r + 1) / 2, from its regularized incomplete beta.
  Var u = kt::scalar("u");
  kiln::Function beta_cdf = kiln::function({u}, {kt::exp(pm::logcdf(pm::Beta::dist(2.5, 2.5), u))});
  CHECK(ks(r01, [&](double r) { return beta_cdf.call_positional({Array((r + 1) / 2)})[0].item<double>(); }) < critical);
}

TEST_CASE("bad parameters raise PyMC's conditions", "[pm][multivariate_matrix][errors]") {
  using Catch::Matchers::Contains;
  CHECK_THROWS_MATCHES(pm::logp(pm::LKJCorr::dist(2, -1.0), Var(Array{0.2})).eval(), kiln::ParameterValueError,
                       Catch::Matchers::Message("value >= -1, value <= 1, matrix_pos_def(value), eta > 0"));
  CHECK_THROWS_MATCHES(pm::logp(pm::LKJCorr::dist(2, 2.0), Var(Array{1.5})).eval(), kiln::ParameterValueError,
                       Catch::Matchers::Message("value >= -1, value <= 1, matrix_pos_def(value), eta > 0"));
  CHECK_THROWS_MATCHES(
      pm::logp(pm::LKJCholeskyCov::dist(0.0, 2, pm::Exponential::dist(1.0)), Var(Array{1.0, 0.2, 0.9})).eval(),
      kiln::ParameterValueError, Catch::Matchers::Message("eta > 0"));
  CHECK_THROWS_MATCHES(
      pm::logp(pm::LKJCholeskyCov::dist(2.0, 2, pm::Exponential::dist(-1.0)), Var(Array{1.0, 0.2, 0.9})).eval(),
      kiln::ParameterValueError, Catch::Matchers::Message("lam > 0"));
  const Array eye{{1.0, 0.0}, {0.0, 1.0}}, singular{{1.0, 1.0}, {1.0, 1.0}};
  CHECK_THROWS_MATCHES(pm::logp(pm::MvStudentT::dist(-1.0, Array{0.0, 0.0}, eye), Var(Array{0.1, 0.2})).eval(),
                       kiln::ParameterValueError, Catch::Matchers::Message("posdef, nu > 0"));
  CHECK_THROWS_MATCHES(pm::logp(pm::MvStudentT::dist(3.0, Array{0.0, 0.0}, singular), Var(Array{0.1, 0.2})).eval(),
                       kiln::ParameterValueError, Catch::Matchers::Message("posdef, nu > 0"));
  CHECK_THROWS_MATCHES(pm::logp(pm::Wishart::dist(0.5, eye), Var(eye)).eval(), kiln::ParameterValueError,
                       Catch::Matchers::Message("matrix_pos_def(X), X == X.T, nu > p - 1"));
  CHECK_THROWS_MATCHES(pm::logp(pm::Wishart::dist(3.0, eye), Var(Array{{1.0, 0.5}, {0.2, 1.0}})).eval(),
                       kiln::ParameterValueError, Catch::Matchers::Message("matrix_pos_def(X), X == X.T, nu > p - 1"));
  // Draws check their parameters as the RandomVariables do.
  CHECK_THROWS_WITH(pm::LKJCorr::dist(3, -2.0).eval(), Contains("lkjcorr: eta <= 0"));
  CHECK_THROWS_WITH(pm::Wishart::dist(0.5, eye).eval(), Contains("wishart: nu <= p - 1"));
  CHECK_THROWS_WITH(pm::MvStudentT::dist(3.0, Array{0.0, 0.0}, singular).eval(),
                    Contains("multivariate_studentt: scale is not positive definite"));
  // Build-time errors name the input.
  CHECK_THROWS_WITH(pm::LKJCorr::dist(1, 2.0), "LKJCorr: n must be at least 2, got 1");
  CHECK_THROWS_WITH(pm::LKJCholeskyCov::dist(2.0, kt::scalar("n", kiln::DType::int64), pm::Exponential::dist(1.0)),
                    "LKJCholeskyCov: n must be a constant integer scalar");
  CHECK_THROWS_WITH(pm::MatrixNormal::dist(0.0, {.rowcov = eye, .rowchol = eye, .colcov = eye}),
                    "MatrixNormal: Incompatible parameterization. Specify exactly one of rowcov, or rowchol.");
  CHECK_THROWS_WITH(pm::MvStudentT::dist(3.0, Array{0.0, 0.0}, pm::MvStudentTScale{}),
                    "MvStudentT: give exactly one of scale, chol and tau");
}

TEST_CASE("compute_corr gives PyMC's chol, corr and stds", "[pm][multivariate_matrix]") {
  auto [chol, corr, stds] = pm::compute_corr(2, kiln::make_constant(Array{2.0, 0.6, 0.8}));
  CHECK(chol.eval().to_vector<double>() == std::vector<double>{2.0, 0.0, 0.6, 0.8});
  CHECK(stds.eval().to_vector<double>() == std::vector<double>{2.0, 1.0});
  const auto r = corr.eval().to_vector<double>();
  CHECK(r[0] == Approx(1.0).epsilon(1e-15));
  CHECK(r[1] == Approx(0.6).epsilon(1e-15));
  CHECK(r[2] == Approx(0.6).epsilon(1e-15));
  CHECK(r[3] == Approx(1.0).epsilon(1e-15));
  // The upper form packs the upper triangle row by row.
  CHECK(pm::expand_packed_triangular(2, kiln::make_constant(Array{1.0, 2.0, 3.0}), false).eval().to_vector<double>() ==
        std::vector<double>{1.0, 2.0, 0.0, 3.0});
}
