// The table of scalar distributions: Aesara's op names and param order (NumPy's where NumPy
// has the distribution), each param's constraint, and the draw of one element. NumPy-backed
// entries keep NumPy's constraints (scale >= 0); SciPy-backed ones in Aesara need scale > 0.
#include "random/distributions.hpp"
#include "random/parameter_checks.hpp"
#include "random/rv_draws.hpp"
#include "random/rv_scalar.hpp"

#include <kiln/errors.hpp>

#include <cmath>
#include <vector>

namespace kiln::random {

namespace {

using C = Constraint;
constexpr DType real = DType::float64;
constexpr DType integer = DType::int64;

void check_triangular(ParamValues v) {
  const double left = v.real[0], mode = v.real[1], right = v.real[2];
  const std::string values = "left = " + format_parameter(left) + ", mode = " + format_parameter(mode) +
                             ", right = " + format_parameter(right);
  if (left > mode) throw_parameter_error("triangular", "left > mode", values);
  if (mode > right) throw_parameter_error("triangular", "mode > right", values);
  if (left == right) throw_parameter_error("triangular", "left == right", values);
}

void check_negative_binomial(ParamValues v) {
  const double n = v.real[0], p = v.real[1];
  if (std::isnan(n)) throw_parameter_error("negative_binomial", "n is NaN", "n = nan");
  // NumPy refuses parameters whose gamma mixture would overflow the Poisson draw.
  if ((1 - p) / p * (n + 10 * std::sqrt(n)) > 9.2233720064847708e+18)
    throw_parameter_error("negative_binomial", "n too large or p too small",
                          "n = " + format_parameter(n) + ", p = " + format_parameter(p));
}

void check_betabinom(ParamValues v) {
  if (v.integer[0] < 0) throw_parameter_error("betabinom", "n < 0", "n = " + format_parameter(v.integer[0]));
}

// Aesara's rng_fn: binomial(n, p=beta(a, b, size), size), so every beta comes first.
void fill_betabinom(GeneratorState& s, const std::vector<Array>& params, Array& out) {
  const std::int64_t count = out.size();
  std::vector<double> p(static_cast<std::size_t>(count));
  for (std::int64_t k = 0; k < count; ++k)
    p[static_cast<std::size_t>(k)] = beta(s, params[1].get_as_double(k), params[2].get_as_double(k));
  std::int64_t* data = out.data<std::int64_t>();
  for (std::int64_t k = 0; k < count; ++k)
    data[k] = binomial(s, params[0].get_as_int(k), p[static_cast<std::size_t>(k)]);
}

std::vector<ScalarDistribution> make_table() {
  return {
      {"normal",
       "normal",
       {{"loc", C::any}, {"scale", C::non_negative}},
       real,
       [](GeneratorState& s, ParamValues v) { return normal(s, v.real[0], v.real[1]); },
       nullptr,
       nullptr,
       nullptr},
      {"halfnormal",
       "halfnormal",
       {{"loc", C::any}, {"scale", C::positive}},
       real,
       [](GeneratorState& s, ParamValues v) { return halfnormal(s, v.real[0], v.real[1]); },
       nullptr,
       nullptr,
       nullptr},
      {"uniform",
       "uniform",
       {{"low", C::any}, {"high", C::any}},
       real,
       [](GeneratorState& s, ParamValues v) { return uniform(s, v.real[0], v.real[1]); },
       nullptr,
       [](ParamValues v) { check_uniform(v.real[0], v.real[1]); },
       nullptr},
      {"exponential",
       "exponential",
       {{"scale", C::non_negative}},
       real,
       [](GeneratorState& s, ParamValues v) { return exponential(s, v.real[0]); },
       nullptr,
       nullptr,
       nullptr},
      {"gamma",
       "gamma",
       {{"shape", C::non_negative}, {"scale", C::non_negative}},
       real,
       [](GeneratorState& s, ParamValues v) { return gamma(s, v.real[0], v.real[1]); },
       nullptr,
       nullptr,
       nullptr},
      {"invgamma",
       "invgamma",
       {{"shape", C::positive}, {"scale", C::positive}},
       real,
       [](GeneratorState& s, ParamValues v) { return invgamma(s, v.real[0], v.real[1]); },
       nullptr,
       nullptr,
       nullptr},
      {"beta",
       "beta",
       {{"a", C::positive}, {"b", C::positive}},
       real,
       [](GeneratorState& s, ParamValues v) { return beta(s, v.real[0], v.real[1]); },
       nullptr,
       nullptr,
       nullptr},
      {"lognormal",
       "lognormal",
       {{"mean", C::any}, {"sigma", C::non_negative}},
       real,
       [](GeneratorState& s, ParamValues v) { return lognormal(s, v.real[0], v.real[1]); },
       nullptr,
       nullptr,
       nullptr},
      {"cauchy",
       "cauchy",
       {{"loc", C::any}, {"scale", C::positive}},
       real,
       [](GeneratorState& s, ParamValues v) { return cauchy(s, v.real[0], v.real[1]); },
       nullptr,
       nullptr,
       nullptr},
      {"halfcauchy",
       "halfcauchy",
       {{"loc", C::any}, {"scale", C::positive}},
       real,
       [](GeneratorState& s, ParamValues v) { return halfcauchy(s, v.real[0], v.real[1]); },
       nullptr,
       nullptr,
       nullptr},
      {"studentt",
       "t",
       {{"df", C::positive}, {"loc", C::any}, {"scale", C::positive}},
       real,
       [](GeneratorState& s, ParamValues v) { return studentt(s, v.real[0], v.real[1], v.real[2]); },
       nullptr,
       nullptr,
       nullptr},
      {"laplace",
       "laplace",
       {{"loc", C::any}, {"scale", C::non_negative}},
       real,
       [](GeneratorState& s, ParamValues v) { return laplace(s, v.real[0], v.real[1]); },
       nullptr,
       nullptr,
       nullptr},
      {"logistic",
       "logistic",
       {{"loc", C::any}, {"scale", C::non_negative}},
       real,
       [](GeneratorState& s, ParamValues v) { return logistic(s, v.real[0], v.real[1]); },
       nullptr,
       nullptr,
       nullptr},
      {"gumbel",
       "gumbel",
       {{"loc", C::any}, {"scale", C::non_negative}},
       real,
       [](GeneratorState& s, ParamValues v) { return gumbel(s, v.real[0], v.real[1]); },
       nullptr,
       nullptr,
       nullptr},
      {"weibull",
       "weibull",
       {{"a", C::non_negative}},
       real,
       [](GeneratorState& s, ParamValues v) { return weibull(s, v.real[0]); },
       nullptr,
       nullptr,
       nullptr},
      {"pareto",
       "pareto",
       {{"b", C::positive}, {"scale", C::positive}},
       real,
       [](GeneratorState& s, ParamValues v) { return pareto_scaled(s, v.real[0], v.real[1]); },
       nullptr,
       nullptr,
       nullptr},
      {"chisquare",
       "chisquare",
       {{"df", C::positive}},
       real,
       [](GeneratorState& s, ParamValues v) { return chisquare(s, v.real[0]); },
       nullptr,
       nullptr,
       nullptr},
      {"triangular",
       "triangular",
       {{"left", C::any}, {"mode", C::any}, {"right", C::any}},
       real,
       [](GeneratorState& s, ParamValues v) { return triangular(s, v.real[0], v.real[1], v.real[2]); },
       nullptr,
       check_triangular,
       nullptr},
      {"vonmises",
       "vonmises",
       {{"mu", C::any}, {"kappa", C::non_negative}},
       real,
       [](GeneratorState& s, ParamValues v) { return vonmises(s, v.real[0], v.real[1]); },
       nullptr,
       nullptr,
       nullptr},
      {"bernoulli",
       "bernoulli",
       {{"p", C::unit_interval}},
       integer,
       nullptr,
       [](GeneratorState& s, ParamValues v) { return binomial(s, 1, v.real[0]); },
       nullptr,
       nullptr},
      {"binomial",
       "binomial",
       {{"n", C::any}, {"p", C::unit_interval}},
       integer,
       nullptr,
       [](GeneratorState& s, ParamValues v) { return binomial(s, v.integer[0], v.real[1]); },
       [](ParamValues v) { check_binomial(v.integer[0], v.real[1]); },
       nullptr},
      {"poisson",
       "poisson",
       {{"lam", C::any}},
       integer,
       nullptr,
       [](GeneratorState& s, ParamValues v) { return poisson(s, v.real[0]); },
       [](ParamValues v) { check_poisson(v.real[0]); },
       nullptr},
      {"negative_binomial",
       "nbinom",
       {{"n", C::positive}, {"p", C::positive_unit_interval}},
       integer,
       nullptr,
       [](GeneratorState& s, ParamValues v) { return negative_binomial(s, v.real[0], v.real[1]); },
       check_negative_binomial,
       nullptr},
      {"geometric",
       "geometric",
       {{"p", C::positive_unit_interval}},
       integer,
       nullptr,
       [](GeneratorState& s, ParamValues v) { return geometric(s, v.real[0]); },
       nullptr,
       nullptr},
      {"betabinom",
       "beta_binomial",
       {{"n", C::any}, {"a", C::positive}, {"b", C::positive}},
       integer,
       nullptr,
       nullptr,
       check_betabinom,
       fill_betabinom},
      // PyMC's zero-inflated mixtures: the count with probability psi, else 0.
      {"zero_inflated_poisson",
       "zero_inflated_poisson",
       {{"psi", C::unit_interval}, {"mu", C::any}},
       integer,
       nullptr,
       [](GeneratorState& s, ParamValues v) { return standard_uniform(s) < v.real[0] ? poisson(s, v.real[1]) : 0; },
       [](ParamValues v) { check_poisson(v.real[1]); },
       nullptr},
      {"zero_inflated_binomial",
       "zero_inflated_binomial",
       {{"psi", C::unit_interval}, {"n", C::any}, {"p", C::unit_interval}},
       integer,
       nullptr,
       [](GeneratorState& s, ParamValues v) {
         return standard_uniform(s) < v.real[0] ? binomial(s, v.integer[1], v.real[2]) : 0;
       },
       [](ParamValues v) { check_binomial(v.integer[1], v.real[2]); },
       nullptr},
      {"zero_inflated_negative_binomial",
       "zero_inflated_negative_binomial",
       {{"psi", C::unit_interval}, {"n", C::positive}, {"p", C::positive_unit_interval}},
       integer,
       nullptr,
       [](GeneratorState& s, ParamValues v) {
         return standard_uniform(s) < v.real[0] ? negative_binomial(s, v.real[1], v.real[2]) : 0;
       },
       [](ParamValues v) {
         check_negative_binomial({v.real + 1, v.integer + 1});
       },
       nullptr},
      {"integers",
       "integers",
       {{"low", C::any}, {"high", C::any}},
       integer,
       nullptr,
       [](GeneratorState& s, ParamValues v) { return integers(s, v.integer[0], v.integer[1]); },
       [](ParamValues v) { check_integers(v.integer[0], v.integer[1]); },
       nullptr},
  };
}

}  // namespace

const ScalarDistribution& scalar_distribution(std::string_view name) {
  static const std::vector<ScalarDistribution> table = make_table();
  for (const auto& d : table)
    if (name == d.name) return d;
  throw Error("no scalar random variable named " + std::string(name));
}

}  // namespace kiln::random
