// The radon-style varying-intercepts-and-slopes model with an LKJCholeskyCov prior, written as a
// PyMC user writes it (coords, dims, pm::Data), compiled with compile_logp_dlogp and checked
// against varying_slopes_reference.json (SciPy, varying_slopes_reference.py) and against central
// differences of its own log-density.
#include <kiln/kiln.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <vector>

namespace kt = kiln::tensor;
namespace pm = kiln::pm;
using kiln::Array;
using kiln::Var;

TEST_CASE("the varying-slopes model with LKJCholeskyCov matches SciPy", "[pm][varying_slopes]") {
  std::ifstream in(KILN_PM_TEST_DIR "/varying_slopes_reference.json");
  const auto ref = nlohmann::json::parse(in);
  const auto county_idx = ref.at("county").get<std::vector<std::int64_t>>();
  const auto floor = ref.at("floor").get<std::vector<double>>();
  const auto log_radon = ref.at("y").get<std::vector<double>>();
  const std::int64_t counties = ref.at("counties"), n = static_cast<std::int64_t>(floor.size());

  pm::Model model({.coords = {{"county", counties}, {"param", {"intercept", "slope"}}, {"obs", n}}});
  {
    pm::ModelContext ctx(model);
    Var floor_idx = pm::Data("floor_idx", Array(floor), {.dims = {"obs"}});
    Var county = pm::Data("county_idx", Array(county_idx), {.dims = {"obs"}});
    Var y = pm::Data("log_radon", Array(log_radon), {.dims = {"obs"}});

    auto sd_dist = pm::Exponential::dist(1.0);
    auto [chol, corr, stds] = pm::LKJCholeskyCov("chol_cov", ref.at("eta").get<double>(), 2, sd_dist);
    Var mu_ab = pm::Normal("mu_ab", 0.0, 5.0, {.dims = {"param"}});
    Var ab = pm::MvNormal("ab", mu_ab, {.chol = chol}, {.dims = {"county", "param"}});
    Var sigma = pm::Exponential("sigma", 1.0);
    Var a = kt::advanced_subtensor(kt::subtensor(ab, {kt::slice(std::nullopt, std::nullopt), 0}), county);
    Var b = kt::advanced_subtensor(kt::subtensor(ab, {kt::slice(std::nullopt, std::nullopt), 1}), county);
    pm::Normal("y", a + b * floor_idx, sigma, {.observed = y, .dims = {"obs"}});
  }
  std::vector<std::string> names;
  for (const Var& v : model.value_vars()) names.push_back(v.name());
  CHECK(names == std::vector<std::string>{"chol_cov_cholesky-cov-packed__", "mu_ab", "ab", "sigma_log__"});
  CHECK(model.named_vars_to_dims().at("ab") == std::vector<std::string>{"county", "param"});

  auto f = model.compile_logp_dlogp();
  const auto point = ref.at("point").get<std::vector<double>>();
  REQUIRE(f.size() == point.size());
  std::vector<double> grad(point.size()), scratch(point.size());
  const double lp = f(point, grad);
  CHECK(lp == Approx(ref.at("logp").get<double>()).epsilon(1e-12));
  for (std::size_t i = 0; i < point.size(); ++i) {
    auto at = [&](double h) {
      auto p = point;
      p[i] += h;
      return f(p, scratch);
    };
    const double h = 1e-4;
    const double fd = (8 * (at(h) - at(-h)) - (at(2 * h) - at(-2 * h))) / (12 * h);
    INFO("d logp / d theta[" << i << "]");
    CHECK(grad[i] == Approx(fd).epsilon(1e-7).margin(1e-7));
  }
}
