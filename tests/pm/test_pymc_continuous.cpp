// The continuous distributions of issue #17's second part (AsymmetricLaplace, ExGaussian,
// Kumaraswamy, LogitNormal, Moyal, Rice, SkewNormal, SkewStudentT, VonMises, Wald) beyond their
// reference values (scipy_logp_extra.json): gradients in the value and every parameter against
// central differences, PyMC's moments worked by hand, default transforms (name, round trip,
// Jacobian), draws (NumPy's values from numpy_pymc_draws.json, or Kolmogorov-Smirnov against
// the cdf integrated from an independently written density), and PyMC's parameter conditions.
#include <kiln/kiln.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <map>
#include <numbers>
#include <string>
#include <vector>

namespace kt = kiln::tensor;
namespace pm = kiln::pm;
using kiln::Array;
using kiln::Var;

namespace {

using Build = std::function<Var(const std::vector<Var>&)>;

struct GradCase {
  const char* name;
  Build build;
  std::vector<double> params;
  std::vector<double> values;
  bool has_logcdf;
};

const std::vector<GradCase>& grad_cases() {
  static const std::vector<GradCase> cases = {
      {"AsymmetricLaplace",
       [](auto p) { return pm::AsymmetricLaplace::dist(p[0], p[1], p[2]); },
       {0.7, 0.4, 1.8},
       {-1.0, 0.9},
       false},
      {"ExGaussian",
       [](auto p) { return pm::ExGaussian::dist(p[0], p[1], p[2]); },
       {0.3, 1.2, 0.8},
       {-1.5, 0.4, 3.0},
       true},
      {"Kumaraswamy", [](auto p) { return pm::Kumaraswamy::dist(p[0], p[1]); }, {2.2, 3.1}, {0.2, 0.7}, true},
      {"LogitNormal", [](auto p) { return pm::LogitNormal::dist(p[0], p[1]); }, {0.4, 0.9}, {0.3, 0.85}, false},
      {"Moyal", [](auto p) { return pm::Moyal::dist(p[0], p[1]); }, {-0.5, 1.3}, {-2.0, 0.0, 4.0}, true},
      {"Rice", [](auto p) { return pm::Rice::dist(p[0], p[1]); }, {2.0, 0.8}, {0.5, 2.2, 4.0}, false},
      {"SkewNormal",
       [](auto p) { return pm::SkewNormal::dist(p[0], p[1], p[2]); },
       {3.0, 0.5, 1.4},
       {-0.5, 1.0, 3.0},
       false},
      {"SkewStudentT",
       [](auto p) { return pm::SkewStudentT::dist(p[0], p[1], p[2], p[3]); },
       {2.5, 1.5, 0.2, 1.1},
       {-2.0, 0.3, 5.0},
       true},
      {"VonMises", [](auto p) { return pm::VonMises::dist(p[0], p[1]); }, {0.6, 2.3}, {-2.0, 0.5, 3.0}, false},
      {"Wald", [](auto p) { return pm::Wald::dist(p[0], p[1], p[2]); }, {1.4, 2.5, 0.3}, {0.6, 1.5, 4.0}, true},
  };
  return cases;
}

// d f / d (value, params...) of logp (or logcdf) against fourth-order central differences.
void check_gradient(const GradCase& c, bool cdf) {
  Var x = kt::scalar("x");
  std::vector<Var> params, inputs{x};
  for (std::size_t i = 0; i < c.params.size(); ++i) {
    params.push_back(kt::scalar("p" + std::to_string(i)));
    inputs.push_back(params.back());
  }
  Var rv = c.build(params);
  Var f = cdf ? pm::logcdf(rv, x) : pm::logp(rv, x);
  std::vector<Var> outputs{f};
  for (const Var& g : kiln::grad(f, inputs)) outputs.push_back(g);
  kiln::Function fn = kiln::function(inputs, outputs);
  for (double value : c.values) {
    std::vector<double> at{value};
    at.insert(at.end(), c.params.begin(), c.params.end());
    auto call = [&](const std::vector<double>& point) {
      std::vector<Array> args;
      for (double v : point) args.emplace_back(v);
      return fn.call_positional(args);
    };
    auto grads = call(at);
    for (std::size_t i = 0; i < at.size(); ++i) {
      const double h = 1e-4 * std::max(1.0, std::fabs(at[i]));
      auto shifted = [&](double step) {
        auto p = at;
        p[i] += step;
        return call(p)[0].item<double>();
      };
      const double fd = (8 * (shifted(h) - shifted(-h)) - (shifted(2 * h) - shifted(-2 * h))) / (12 * h);
      INFO(c.name << (cdf ? " logcdf" : " logp") << " at " << value << ", d/d input " << i);
      CHECK(grads[i + 1].item<double>() == Approx(fd).epsilon(1e-7).margin(1e-9));
    }
  }
}

const pm::VarOptions untransformed{.transform = pm::transforms::none};

double moment_of(const std::function<void()>& build) {
  pm::Model model;
  {
    pm::ModelContext ctx(model);
    build();
  }
  return model.initial_point().at("x").item<double>();
}

// Kolmogorov-Smirnov statistic of sorted draws against a cdf.
double ks_statistic(std::vector<double> draws, const std::function<double(double)>& cdf) {
  std::sort(draws.begin(), draws.end());
  const double n = static_cast<double>(draws.size());
  double d = 0;
  for (std::size_t i = 0; i < draws.size(); ++i) {
    const double p = cdf(draws[i]);
    d = std::max({d, p - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - p});
  }
  return d;
}

// The cdf of a density on [lo, hi] by Simpson's rule over a fine grid, interpolated linearly.
std::function<double(double)> integrated_cdf(const std::function<double(double)>& pdf, double lo, double hi) {
  const int n = 20000;
  const double h = (hi - lo) / n;
  auto cum = std::make_shared<std::vector<double>>(n + 1, 0.0);
  for (int i = 0; i < n; ++i) {
    const double a = lo + i * h;
    (*cum)[i + 1] = (*cum)[i] + h / 6 * (pdf(a) + 4 * pdf(a + h / 2) + pdf(a + h));
  }
  return [cum, lo, h, n](double x) {
    const double t = (x - lo) / h;
    if (t <= 0) return 0.0;
    if (t >= n) return 1.0;
    const int i = static_cast<int>(t);
    return (*cum)[i] + (t - i) * ((*cum)[i + 1] - (*cum)[i]);
  };
}

double phi_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

}  // namespace

TEST_CASE("the new continuous logp and logcdf gradients match finite differences", "[pm][pymc_continuous]") {
  for (const auto& c : grad_cases()) {
    check_gradient(c, false);
    if (c.has_logcdf) check_gradient(c, true);
  }
}

TEST_CASE("the new continuous moments are PyMC's", "[pm][pymc_continuous][moments]") {
  using std::numbers::pi;
  CHECK(moment_of([] { pm::AsymmetricLaplace("x", 2.0, 1.0, 0.5, untransformed); }) ==
        Approx(1.0 - (2.0 - 0.5) / 0.5).epsilon(1e-15));
  CHECK(moment_of([] { pm::ExGaussian("x", 1.0, 2.0, 0.5, untransformed); }) == 1.5);
  // b B(1 + 1/a, b) = 3 Gamma(1.5) Gamma(3) / Gamma(4.5)
  CHECK(moment_of([] { pm::Kumaraswamy("x", 2.0, 3.0, untransformed); }) ==
        Approx(3 * std::tgamma(1.5) * std::tgamma(3.0) / std::tgamma(4.5)).epsilon(1e-14));
  CHECK(moment_of([] { pm::LogitNormal("x", 0.5, 2.0, untransformed); }) ==
        Approx(1 / (1 + std::exp(-0.5))).epsilon(1e-15));
  CHECK(moment_of([] { pm::Moyal("x", 1.0, 2.0, untransformed); }) ==
        Approx(1.0 + 2.0 * (0.57721566490153286 + std::log(2.0))).epsilon(1e-15));
  // PyMC's support point evaluates its nu slot at the op's b = nu / sigma = 1.5.
  {
    const double b = 1.5, sigma = 2.0, r = -b * b / (2 * sigma * sigma);
    const double mean = sigma * std::sqrt(pi / 2) * std::exp(r / 2) *
                        ((1 - r) * std::cyl_bessel_i(0.0, -r / 2) - r * std::cyl_bessel_i(1.0, -r / 2));
    CHECK(moment_of([] { pm::Rice("x", 3.0, 2.0, untransformed); }) == Approx(mean).epsilon(1e-14));
  }
  CHECK(moment_of([] { pm::SkewNormal("x", 3.0, 1.0, 2.0, untransformed); }) ==
        Approx(1.0 + 2.0 * std::sqrt(2 / pi) * 3.0 / std::sqrt(10.0)).epsilon(1e-15));
  // mu + (a - b) sqrt(a + b) Gamma(a - 1/2) Gamma(b - 1/2) / (2 Gamma(a) Gamma(b)), sigma left out as PyMC's.
  CHECK(moment_of([] { pm::SkewStudentT("x", 3.0, 2.0, 0.5, 4.0, untransformed); }) ==
        Approx(0.5 + std::sqrt(5.0) * std::tgamma(2.5) * std::tgamma(1.5) / (2 * std::tgamma(3.0) * std::tgamma(2.0)))
            .epsilon(1e-14));
  CHECK(moment_of([] { pm::SkewStudentT("x", 0.3, 2.0, 0.0, 1.0, untransformed); }) ==
        Approx((0.3 - 2.0) * std::sqrt(2.3) * std::tgamma(-0.2) * std::tgamma(1.5) /
               (2 * std::tgamma(0.3) * std::tgamma(2.0)))
            .epsilon(1e-13));
  CHECK(moment_of([] { pm::VonMises("x", 0.7, 3.0, untransformed); }) == 0.7);
  CHECK(moment_of([] { pm::Wald("x", 1.5, 2.0, 0.5, untransformed); }) == 1.5);
}

TEST_CASE("the new continuous default transforms round-trip with their Jacobians",
          "[pm][pymc_continuous][transforms]") {
  struct Expect {
    std::function<void()> build;
    const char* value_name;
    double x;
    double log_jac;  // log |d x / d y| at x
  };
  const std::vector<Expect> expected = {
      {[] { pm::Kumaraswamy("x", 2.0, 3.0); }, "x_logodds__", 0.3, std::log(0.3 * 0.7)},
      {[] { pm::LogitNormal("x", 0.0, 1.0); }, "x_logodds__", 0.8, std::log(0.8 * 0.2)},
      {[] { pm::Rice("x", 1.0, 1.0); }, "x_log__", 2.5, std::log(2.5)},
      {[] { pm::Wald("x", 1.0, 1.0); }, "x_log__", 0.7, std::log(0.7)},
      {[] { pm::VonMises("x", 0.0, 1.0); }, "x_circular__", 2.0, 0.0},
  };
  for (const auto& e : expected) {
    pm::Model model;
    {
      pm::ModelContext ctx(model);
      e.build();
    }
    INFO(e.value_name);
    REQUIRE(model.value_vars()[0].name() == e.value_name);
    const double y = model.unconstrain({{"x", Array(e.x)}})[0];
    CHECK(model.constrain(std::vector<double>{y}).at("x").item<double>() == Approx(e.x).epsilon(1e-14));
    // The model's log-density at y is the distribution's at x plus the log-Jacobian.
    const double lp = pm::logp(model["x"], Var(e.x)).eval().item<double>();
    CHECK(model.compile_logp()(kiln::Point{{e.value_name, Array(y)}})[0].item<double>() ==
          Approx(lp + e.log_jac).epsilon(1e-12));
  }
  // Angles outside [-pi, pi] wrap: forward(x + 2 pi) is forward(x).
  pm::Model model;
  {
    pm::ModelContext ctx(model);
    pm::VonMises("x", 0.0, 1.0);
  }
  CHECK(model.unconstrain({{"x", Array(1.0 + 2 * std::numbers::pi)}})[0] == Approx(1.0).epsilon(1e-14));
}

TEST_CASE("the new draws are NumPy's where PyMC's rng_fn is element by element (DiscreteWeibull too)",
          "[pm][pymc_continuous][draws]") {
  std::ifstream in(KILN_PM_TEST_DIR "/numpy_pymc_draws.json");
  REQUIRE(in);
  const auto reference = nlohmann::json::parse(in);
  for (const auto& c : reference.at("cases")) {
    const std::string name = c.at("dist");
    const auto& p = c.at("params");
    auto a = [&](const char* key) { return Var(p.at(key).get<double>()); };
    const pm::DistOptions options{.size = {8}, .rng = kiln::random_generator_shared(c.at("seed").get<std::uint64_t>())};
    const std::map<std::string, std::function<Var()>> build = {
        {"Wald", [&] { return pm::Wald::dist(a("mu"), a("lam"), a("alpha"), options); }},
        {"VonMises", [&] { return pm::VonMises::dist(a("mu"), a("kappa"), options); }},
        {"AsymmetricLaplace", [&] { return pm::AsymmetricLaplace::dist(a("kappa"), a("mu"), a("b"), options); }},
        {"Kumaraswamy", [&] { return pm::Kumaraswamy::dist(a("a"), a("b"), options); }},
        {"LogitNormal", [&] { return pm::LogitNormal::dist(a("mu"), a("sigma"), options); }},
        {"Moyal", [&] { return pm::Moyal::dist(a("mu"), a("sigma"), options); }},
        {"SkewStudentT", [&] { return pm::SkewStudentT::dist(a("a"), a("b"), a("mu"), a("sigma"), options); }},
        {"DiscreteWeibull", [&] { return pm::DiscreteWeibull::dist(a("q"), a("beta"), options); }},
    };
    const std::vector<double> got = build.at(name)().eval().astype(kiln::DType::float64).to_vector<double>();
    const auto want = c.at("values").get<std::vector<double>>();
    REQUIRE(got.size() == want.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
      INFO(name << " draw " << i);
      // NumPy's samplers bit for bit; what PyMC computes from them with log, pow or exp within
      // an ulp or two (NumPy's vectorized transcendental loops may round differently from glibc).
      if (name == "Wald" || name == "VonMises" || name == "DiscreteWeibull")
        CHECK(got[i] == want[i]);
      else
        CHECK(got[i] == Approx(want[i]).epsilon(1e-15));
    }
  }
}

TEST_CASE("the new continuous draws follow their distributions (Kolmogorov-Smirnov)", "[pm][pymc_continuous][draws]") {
  const std::int64_t n = 4000;
  const double critical = 1.95 / std::sqrt(static_cast<double>(n));  // p = 0.001
  auto draws = [&](const Var& rv, std::uint64_t seed) {
    return pm::draw(rv, n, {.random_seed = seed}).to_vector<double>();
  };
  {
    const double mu = 0.5, sigma = 1.0, nu = 2.0;
    auto cdf = [&](double x) {
      return phi_cdf((x - mu) / sigma) -
             std::exp((mu - x) / nu + sigma * sigma / (2 * nu * nu)) * phi_cdf((x - mu) / sigma - sigma / nu);
    };
    CHECK(ks_statistic(draws(pm::ExGaussian::dist(mu, sigma, nu), 1), cdf) < critical);
  }
  {
    const double nu = 2.0, sigma = 1.5;
    auto pdf = [&](double x) {
      return x <= 0 ? 0.0
                    : x / (sigma * sigma) * std::exp(-(x * x + nu * nu) / (2 * sigma * sigma)) *
                          std::cyl_bessel_i(0.0, x * nu / (sigma * sigma));
    };
    CHECK(ks_statistic(draws(pm::Rice::dist(nu, sigma), 2), integrated_cdf(pdf, 0.0, 20.0)) < critical);
  }
  {
    const double alpha = -4.0, mu = 1.0, sigma = 2.0;
    auto pdf = [&](double x) {
      const double z = (x - mu) / sigma;
      return 2 / sigma * std::exp(-z * z / 2) / std::sqrt(2 * std::numbers::pi) * phi_cdf(alpha * z);
    };
    CHECK(ks_statistic(draws(pm::SkewNormal::dist(alpha, mu, sigma), 3), integrated_cdf(pdf, -20.0, 20.0)) < critical);
  }
  {
    // Kumaraswamy and Wald through the same statistic, against their closed-form cdfs.
    const double a = 2.0, b = 3.0;
    CHECK(ks_statistic(draws(pm::Kumaraswamy::dist(a, b), 4),
                       [&](double x) { return 1 - std::pow(1 - std::pow(x, a), b); }) < critical);
    const double mu = 1.2, lam = 3.0;
    auto wald_cdf = [&](double x) {
      const double r = std::sqrt(lam / x);
      return phi_cdf(r * (x / mu - 1)) + std::exp(2 * lam / mu) * phi_cdf(-r * (x / mu + 1));
    };
    CHECK(ks_statistic(draws(pm::Wald::dist(mu, lam), 5), wald_cdf) < critical);
  }
}

TEST_CASE("the new continuous distributions raise PyMC's parameter conditions", "[pm][pymc_continuous][errors]") {
  auto lp = [](const Var& rv, double value = 0.5) { return pm::logp(rv, Var(value)).eval(); };
  auto lc = [](const Var& rv, double value = 0.5) { return pm::logcdf(rv, Var(value)).eval(); };
  CHECK_THROWS_AS(lp(pm::AsymmetricLaplace::dist(-1.0, 0.0, 1.0)), kiln::ParameterValueError);
  CHECK_THROWS_WITH(lp(pm::AsymmetricLaplace::dist(1.0, 0.0, 0.0)), Catch::Contains("b > 0, kappa > 0"));
  CHECK_THROWS_WITH(lp(pm::ExGaussian::dist(0.0, 1.0, -1.0)), Catch::Contains("nu > 0, sigma > 0"));
  CHECK_THROWS_WITH(lc(pm::ExGaussian::dist(0.0, -1.0, 1.0)), Catch::Contains("sigma > 0, nu > 0"));
  CHECK_THROWS_WITH(lp(pm::Kumaraswamy::dist(0.0, 1.0)), Catch::Contains("a > 0, b > 0"));
  CHECK_THROWS_WITH(lc(pm::Kumaraswamy::dist(1.0, -1.0)), Catch::Contains("a > 0, b > 0"));
  CHECK_THROWS_WITH(lp(pm::LogitNormal::dist(0.0, -1.0)), Catch::Contains("sigma > 0"));
  CHECK_THROWS_WITH(lp(pm::Moyal::dist(0.0, 0.0)), Catch::Contains("sigma > 0"));
  CHECK_THROWS_WITH(lc(pm::Moyal::dist(0.0, -2.0)), Catch::Contains("sigma > 0"));
  CHECK_THROWS_WITH(lp(pm::Rice::dist(-1.0, 1.0)), Catch::Contains("sigma >= 0, b >= 0"));
  CHECK_THROWS_WITH(lp(pm::SkewNormal::dist(1.0, 0.0, -1.0)), Catch::Contains("tau > 0"));
  CHECK_THROWS_WITH(lp(pm::SkewStudentT::dist(1.0, 0.0)), Catch::Contains("a > 0, b > 0, sigma > 0"));
  CHECK_THROWS_WITH(lc(pm::SkewStudentT::dist(1.0, 1.0, 0.0, -1.0)), Catch::Contains("a > 0, b > 0, sigma > 0"));
  CHECK_THROWS_WITH(lp(pm::VonMises::dist(0.0, -1.0)), Catch::Contains("kappa > 0"));
  CHECK_THROWS_WITH(lp(pm::Wald::dist(-1.0, 1.0), 1.0), Catch::Contains("mu > 0, lam > 0, alpha >= 0"));
  CHECK_THROWS_WITH(lc(pm::Wald::dist(1.0, 1.0, -0.5), 1.0), Catch::Contains("mu > 0, lam > 0, alpha >= 0"));
  // Draws check the parameters too.
  CHECK_THROWS_AS(pm::draw(pm::Wald::dist(-1.0, 1.0)), kiln::ParameterValueError);
  CHECK_THROWS_AS(pm::draw(pm::Kumaraswamy::dist(2.0, -1.0)), kiln::ParameterValueError);
  CHECK_THROWS_AS(pm::draw(pm::SkewStudentT::dist(1.0, 1.0, 0.0, 0.0)), kiln::ParameterValueError);
  // No logcdf where PyMC has none: a model error naming the distribution.
  CHECK_THROWS_AS(pm::logcdf(pm::VonMises::dist(0.0, 1.0), Var(0.5)), kiln::ModelError);
  CHECK_THROWS_WITH(pm::logcdf(pm::Rice::dist(1.0, 1.0), Var(0.5)), Catch::Contains("Rice has no logcdf"));
}
