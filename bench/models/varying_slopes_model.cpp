// The varying-slopes model's data and point, and the model as a PyMC user writes it with kiln.
#include "varying_slopes.hpp"

#include <kiln/kiln.hpp>

#include <cmath>
#include <random>

namespace varying_slopes {

namespace kt = kiln::tensor;
namespace pm = kiln::pm;
using kiln::Array;
using kiln::Var;

Data make_data(int counties, int n) {
  std::mt19937_64 gen(919);
  std::normal_distribution<double> normal;
  std::vector<double> a(static_cast<std::size_t>(counties)), b(a.size());
  for (std::size_t j = 0; j < a.size(); ++j) {
    a[j] = 1.5 + 0.4 * normal(gen);
    b[j] = -0.6 + 0.2 * normal(gen);
  }
  Data d{counties, n, {}, {}, {}};
  for (int i = 0; i < n; ++i) {
    const auto c = static_cast<std::int64_t>(gen() % static_cast<std::uint64_t>(counties));
    const double x = static_cast<double>(gen() % 2);
    d.county.push_back(c);
    d.floor.push_back(x);
    d.y.push_back(a[static_cast<std::size_t>(c)] + b[static_cast<std::size_t>(c)] * x + 0.7 * normal(gen));
  }
  return d;
}

std::vector<double> make_point(const Data& d) {
  std::vector<double> theta{std::log(0.5), 0.12, std::log(0.3), 1.4, -0.5};
  for (int j = 0; j < d.counties; ++j) {
    theta.push_back(1.5 + 0.01 * j);
    theta.push_back(-0.6 + 0.005 * j);
  }
  theta.push_back(std::log(0.8));
  return theta;
}

pm::LogpGradFunction kiln_model(const Data& d) {
  pm::Model model({.coords = {{"county", d.counties}, {"param", {"intercept", "slope"}}, {"obs", d.n}}});
  {
    pm::ModelContext ctx(model);
    Var floor_idx = pm::Data("floor_idx", Array(d.floor), {.dims = {"obs"}});
    Var county = pm::Data("county_idx", Array(d.county), {.dims = {"obs"}});
    Var y = pm::Data("log_radon", Array(d.y), {.dims = {"obs"}});

    auto [chol, corr, stds] = pm::LKJCholeskyCov("chol_cov", 2.0, 2, pm::Exponential::dist(1.0));
    Var mu_ab = pm::Normal("mu_ab", 0.0, 5.0, {.dims = {"param"}});
    Var ab = pm::MvNormal("ab", mu_ab, {.chol = chol}, {.dims = {"county", "param"}});
    Var sigma = pm::Exponential("sigma", 1.0);
    Var a = kt::advanced_subtensor(kt::subtensor(ab, {kt::slice(std::nullopt, std::nullopt), 0}), county);
    Var b = kt::advanced_subtensor(kt::subtensor(ab, {kt::slice(std::nullopt, std::nullopt), 1}), county);
    pm::Normal("y", a + b * floor_idx, sigma, {.observed = y, .dims = {"obs"}});
  }
  return model.compile_logp_dlogp();
}

}  // namespace varying_slopes
