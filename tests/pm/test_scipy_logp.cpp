// Every case of reference/scipy_logp.json (SciPy 1.10, PyMC parameterizations): logp and logcdf
// within 1e-12 relative, or 1e-12 absolute near 0; -inf where SciPy gives -inf.
#include <kiln/kiln.hpp>

#include "support/reference_files.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <functional>
#include <iostream>
#include <limits>
#include <map>

namespace pm = kiln::pm;
using kiln::Array;
using kiln::Var;
using nlohmann::json;

namespace {

Array to_array(const json& j) {
  if (j.is_number_integer()) return Array(j.get<std::int64_t>());
  if (j.is_number()) return Array(j.get<double>());
  if (j.is_array() && !j.empty() && j[0].is_array()) {
    const auto rows = static_cast<std::int64_t>(j.size()), cols = static_cast<std::int64_t>(j[0].size());
    Array a = Array::empty(kiln::DType::float64, {rows, cols});
    for (std::int64_t i = 0; i < rows; ++i)
      for (std::int64_t k = 0; k < cols; ++k) a.set_from_double(i * cols + k, j[i][k].get<double>());
    return a;
  }
  bool integers = true;
  for (const auto& e : j) integers = integers && e.is_number_integer();
  if (integers) return Array(j.get<std::vector<std::int64_t>>());
  return Array(j.get<std::vector<double>>());
}

Var dist_for(const std::string& name, const json& p) {
  auto a = [&](const char* key) { return Var(to_array(p.at(key))); };
  static const std::map<std::string, std::function<Var(const std::function<Var(const char*)>&)>> table = {
      {"Normal", [](auto a) { return pm::Normal::dist(a("mu"), a("sigma")); }},
      {"HalfNormal", [](auto a) { return pm::HalfNormal::dist(a("sigma")); }},
      {"StudentT", [](auto a) { return pm::StudentT::dist(a("nu"), a("mu"), a("sigma")); }},
      {"HalfStudentT", [](auto a) { return pm::HalfStudentT::dist(a("nu"), a("sigma")); }},
      {"Cauchy", [](auto a) { return pm::Cauchy::dist(a("alpha"), a("beta")); }},
      {"HalfCauchy", [](auto a) { return pm::HalfCauchy::dist(a("beta")); }},
      {"Laplace", [](auto a) { return pm::Laplace::dist(a("mu"), a("b")); }},
      {"Logistic", [](auto a) { return pm::Logistic::dist(a("mu"), a("s")); }},
      {"LogNormal", [](auto a) { return pm::LogNormal::dist(a("mu"), a("sigma")); }},
      {"Exponential", [](auto a) { return pm::Exponential::dist(a("lam")); }},
      {"Gamma", [](auto a) { return pm::Gamma::dist(a("alpha"), a("beta")); }},
      {"InverseGamma", [](auto a) { return pm::InverseGamma::dist(a("alpha"), a("beta")); }},
      {"Beta", [](auto a) { return pm::Beta::dist(a("alpha"), a("beta")); }},
      {"Uniform", [](auto a) { return pm::Uniform::dist(a("lower"), a("upper")); }},
      {"Weibull", [](auto a) { return pm::Weibull::dist(a("alpha"), a("beta")); }},
      {"Pareto", [](auto a) { return pm::Pareto::dist(a("alpha"), a("m")); }},
      {"ChiSquared", [](auto a) { return pm::ChiSquared::dist(a("nu")); }},
      {"Gumbel", [](auto a) { return pm::Gumbel::dist(a("mu"), a("beta")); }},
      {"Bernoulli", [](auto a) { return pm::Bernoulli::dist(a("p")); }},
      {"Binomial", [](auto a) { return pm::Binomial::dist(a("n"), a("p")); }},
      {"Poisson", [](auto a) { return pm::Poisson::dist(a("mu")); }},
      {"NegativeBinomial", [](auto a) { return pm::NegativeBinomial::dist(a("mu"), a("alpha")); }},
      {"Geometric", [](auto a) { return pm::Geometric::dist(a("p")); }},
      {"DiscreteUniform", [](auto a) { return pm::DiscreteUniform::dist(a("lower"), a("upper")); }},
      {"BetaBinomial", [](auto a) { return pm::BetaBinomial::dist(a("alpha"), a("beta"), a("n")); }},
      {"Categorical", [](auto a) { return pm::Categorical::dist(a("p")); }},
      {"MvNormal", [](auto a) { return pm::MvNormal::dist(a("mu"), a("cov")); }},
      {"Dirichlet", [](auto a) { return pm::Dirichlet::dist(a("a")); }},
      {"Multinomial", [](auto a) { return pm::Multinomial::dist(a("n"), a("p")); }},
  };
  return table.at(name)(a);
}

double reference_number(const json& j) {
  if (j.is_string()) return j.get<std::string>() == "-inf" ? -HUGE_VAL : std::nan("");
  return j.get<double>();
}

// The error against the reference, scaled: relative, or absolute below |ref| = 1e-12 / 1e-12.
double scaled_error(double got, double want) {
  if (std::isinf(want)) return got == want ? 0.0 : HUGE_VAL;
  const double err = std::fabs(got - want);
  return std::min(err / std::max(std::fabs(want), 1e-300), err) / 1e-12;
}

}  // namespace

TEST_CASE("every scipy_logp.json case matches logp and logcdf to 1e-12", "[pm][scipy]") {
  const json cases = json::parse(kiln::testing::read_reference("reference/scipy_logp.json")).at("cases");
  std::map<std::string, std::pair<double, double>> worst;  // distribution -> (logp, logcdf) in units of 1e-12
  for (const auto& c : cases) {
    const std::string name = c.at("dist");
    Var rv = dist_for(name, c.at("params"));
    Var value(to_array(c.at("value")));
    INFO(name << " params " << c.at("params").dump() << " value " << c.at("value").dump());
    const double lp = pm::logp(rv, value).eval().item<double>();
    double want = reference_number(c.at("logp"));
    if (name == "Laplace" && std::isinf(want)) {
      // SciPy 1.10's laplace has no _logpdf: log(pdf) underflows to -inf far in the tail,
      // where the log-density is finite (PyMC gives it too).
      const double mu = c["params"]["mu"], b = c["params"]["b"], x = c["value"];
      want = -std::log(2 * b) - std::fabs(x - mu) / b;
    }
    const double lp_err = scaled_error(lp, want);
    CHECK(lp_err <= 1.0);
    auto& w = worst[name];
    w.first = std::max(w.first, lp_err);
    if (!c.at("logcdf").is_null()) {
      const double lc = pm::logcdf(rv, value).eval().item<double>();
      const double lc_err = scaled_error(lc, reference_number(c.at("logcdf")));
      CHECK(lc_err <= 1.0);
      w.second = std::max(w.second, lc_err);
    }
  }
  std::cout << "scipy_logp.json: worst error per distribution, in units of 1e-12 (logp, logcdf)\n";
  for (const auto& [name, w] : worst) std::cout << "  " << name << ": " << w.first << ", " << w.second << "\n";
}
