// The registration of every scalar distribution of kt::random, one block each: Aesara's op
// name and param order (NumPy's where NumPy has the distribution), each param's constraint,
// and the NumPy-exact draw of one element. From that one block come the reference perform's
// draw and the per-element C entry compiled code calls (`kiln_rv_<name>`, see rv_scalar.hpp).
// NumPy-backed entries keep NumPy's constraints (scale >= 0); SciPy-backed ones in Aesara
// need scale > 0.
#include "random/distributions.hpp"
#include "random/parameter_checks.hpp"
#include "random/rv_draws.hpp"
#include "random/rv_scalar.hpp"

#include <kiln/errors.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <exception>
#include <limits>
#include <type_traits>
#include <utility>
#include <vector>

namespace kiln::random {

namespace {

using C = Constraint;

// One element's param against its constraint, as check_scalar_parameters decides it.
template <Constraint constraint>
bool satisfies(double x) {
  if constexpr (constraint == C::any)
    return true;
  else if constexpr (constraint == C::non_negative)
    return std::isnan(x) || !std::signbit(x);
  else if constexpr (constraint == C::positive)
    return !(x <= 0);
  else if constexpr (constraint == C::unit_interval)
    return x >= 0 && x <= 1;
  else
    return x > 0 && x <= 1;
}

template <class D>
concept has_joint_check = requires(ParamValues v) {
  D::check(v);
};

// What one registration block `D` gives: D::draw(GeneratorState&, params...) with each param a
// double or an int64 (D::params[i].integer), its constraints and optional joint check.
template <class D, class R, class... A>
struct Registered {
  static constexpr std::size_t arity = sizeof...(A);
  static_assert(arity == std::size(D::params));

  template <std::size_t... I>
  static bool valid(std::index_sequence<I...>, A... a) {
    const double real[] = {static_cast<double>(a)...};
    if (!(satisfies<D::params[I].constraint>(real[I]) && ...)) return false;
    if constexpr (has_joint_check<D>) {
      const std::int64_t integer[] = {(std::is_integral_v<A> ? static_cast<std::int64_t>(a) : 0)...};
      try {
        D::check(ParamValues{real, integer});
      } catch (const std::exception&) {
        return false;
      }
    }
    return true;
  }

  // The C entry: a bad element, or a draw that cannot finish (a hurdle's truncation), raises the
  // thread's failure flag instead of throwing through generated code (which has no unwind tables).
  static R entry(GeneratorState* s, A... a) noexcept {
    if (!valid(std::index_sequence_for<A...>{}, a...)) {
      flag_draw_failure();
      return R{};
    }
    try {
      return D::draw(*s, a...);
    } catch (const std::exception&) {
      flag_draw_failure();
      return R{};
    }
  }

  template <std::size_t... I>
  static R from_values(std::index_sequence<I...>, GeneratorState& s, ParamValues v) {
    return D::draw(s, (std::is_integral_v<A> ? static_cast<A>(v.integer[I]) : static_cast<A>(v.real[I]))...);
  }
  static R draw_values(GeneratorState& s, ParamValues v) { return from_values(std::index_sequence_for<A...>{}, s, v); }

  static ScalarDistribution make() {
    ScalarDistribution d{D::name,
                         D::op_name,
                         {std::begin(D::params), std::end(D::params)},
                         std::is_integral_v<R> ? DType::int64 : DType::float64,
                         nullptr,
                         nullptr,
                         nullptr,
                         nullptr};
    if constexpr (std::is_integral_v<R>)
      d.draw_integer = &draw_values;
    else
      d.draw_real = &draw_values;
    if constexpr (has_joint_check<D>) d.check = &D::check;
    d.symbol = std::string("kiln_rv_") + D::name;
    d.entry = reinterpret_cast<const void*>(&entry);
    return d;
  }
};

template <class D, class R, class... A>
ScalarDistribution registered(R (*)(GeneratorState&, A...)) {
  static_assert(((std::is_same_v<A, double> || std::is_same_v<A, std::int64_t>)&&...));
  return Registered<D, R, A...>::make();
}

template <class D>
ScalarDistribution registered() {
  return registered<D>(&D::draw);
}

// --- the distributions -------------------------------------------------------------------

struct Normal {
  static constexpr const char* name = "normal";
  static constexpr const char* op_name = "normal";
  static constexpr ScalarParam params[] = {{"loc", C::any}, {"scale", C::non_negative}};
  static double draw(GeneratorState& s, double loc, double scale) { return normal(s, loc, scale); }
};

struct HalfNormal {
  static constexpr const char* name = "halfnormal";
  static constexpr const char* op_name = "halfnormal";
  static constexpr ScalarParam params[] = {{"loc", C::any}, {"scale", C::positive}};
  static double draw(GeneratorState& s, double loc, double scale) { return halfnormal(s, loc, scale); }
};

struct Uniform {
  static constexpr const char* name = "uniform";
  static constexpr const char* op_name = "uniform";
  static constexpr ScalarParam params[] = {{"low", C::any}, {"high", C::any}};
  static double draw(GeneratorState& s, double low, double high) { return uniform(s, low, high); }
  static void check(ParamValues v) { check_uniform(v.real[0], v.real[1]); }
};

struct Exponential {
  static constexpr const char* name = "exponential";
  static constexpr const char* op_name = "exponential";
  static constexpr ScalarParam params[] = {{"scale", C::non_negative}};
  static double draw(GeneratorState& s, double scale) { return exponential(s, scale); }
};

struct Gamma {
  static constexpr const char* name = "gamma";
  static constexpr const char* op_name = "gamma";
  static constexpr ScalarParam params[] = {{"shape", C::non_negative}, {"scale", C::non_negative}};
  static double draw(GeneratorState& s, double shape, double scale) { return gamma(s, shape, scale); }
};

struct InvGamma {
  static constexpr const char* name = "invgamma";
  static constexpr const char* op_name = "invgamma";
  static constexpr ScalarParam params[] = {{"shape", C::positive}, {"scale", C::positive}};
  static double draw(GeneratorState& s, double shape, double scale) { return invgamma(s, shape, scale); }
};

struct Beta {
  static constexpr const char* name = "beta";
  static constexpr const char* op_name = "beta";
  static constexpr ScalarParam params[] = {{"a", C::positive}, {"b", C::positive}};
  static double draw(GeneratorState& s, double a, double b) { return beta(s, a, b); }
};

struct LogNormal {
  static constexpr const char* name = "lognormal";
  static constexpr const char* op_name = "lognormal";
  static constexpr ScalarParam params[] = {{"mean", C::any}, {"sigma", C::non_negative}};
  static double draw(GeneratorState& s, double mean, double sigma) { return lognormal(s, mean, sigma); }
};

struct Cauchy {
  static constexpr const char* name = "cauchy";
  static constexpr const char* op_name = "cauchy";
  static constexpr ScalarParam params[] = {{"loc", C::any}, {"scale", C::positive}};
  static double draw(GeneratorState& s, double loc, double scale) { return cauchy(s, loc, scale); }
};

struct HalfCauchy {
  static constexpr const char* name = "halfcauchy";
  static constexpr const char* op_name = "halfcauchy";
  static constexpr ScalarParam params[] = {{"loc", C::any}, {"scale", C::positive}};
  static double draw(GeneratorState& s, double loc, double scale) { return halfcauchy(s, loc, scale); }
};

struct StudentT {
  static constexpr const char* name = "studentt";
  static constexpr const char* op_name = "t";
  static constexpr ScalarParam params[] = {{"df", C::positive}, {"loc", C::any}, {"scale", C::positive}};
  static double draw(GeneratorState& s, double df, double loc, double scale) { return studentt(s, df, loc, scale); }
};

struct Laplace {
  static constexpr const char* name = "laplace";
  static constexpr const char* op_name = "laplace";
  static constexpr ScalarParam params[] = {{"loc", C::any}, {"scale", C::non_negative}};
  static double draw(GeneratorState& s, double loc, double scale) { return laplace(s, loc, scale); }
};

struct Logistic {
  static constexpr const char* name = "logistic";
  static constexpr const char* op_name = "logistic";
  static constexpr ScalarParam params[] = {{"loc", C::any}, {"scale", C::non_negative}};
  static double draw(GeneratorState& s, double loc, double scale) { return logistic(s, loc, scale); }
};

struct Gumbel {
  static constexpr const char* name = "gumbel";
  static constexpr const char* op_name = "gumbel";
  static constexpr ScalarParam params[] = {{"loc", C::any}, {"scale", C::non_negative}};
  static double draw(GeneratorState& s, double loc, double scale) { return gumbel(s, loc, scale); }
};

struct Weibull {
  static constexpr const char* name = "weibull";
  static constexpr const char* op_name = "weibull";
  static constexpr ScalarParam params[] = {{"a", C::non_negative}};
  static double draw(GeneratorState& s, double a) { return weibull(s, a); }
};

struct Pareto {
  static constexpr const char* name = "pareto";
  static constexpr const char* op_name = "pareto";
  static constexpr ScalarParam params[] = {{"b", C::positive}, {"scale", C::positive}};
  static double draw(GeneratorState& s, double b, double scale) { return pareto_scaled(s, b, scale); }
};

struct ChiSquare {
  static constexpr const char* name = "chisquare";
  static constexpr const char* op_name = "chisquare";
  static constexpr ScalarParam params[] = {{"df", C::positive}};
  static double draw(GeneratorState& s, double df) { return chisquare(s, df); }
};

struct Triangular {
  static constexpr const char* name = "triangular";
  static constexpr const char* op_name = "triangular";
  static constexpr ScalarParam params[] = {{"left", C::any}, {"mode", C::any}, {"right", C::any}};
  static double draw(GeneratorState& s, double left, double mode, double right) {
    return triangular(s, left, mode, right);
  }
  static void check(ParamValues v) {
    const double left = v.real[0], mode = v.real[1], right = v.real[2];
    const std::string values = "left = " + format_parameter(left) + ", mode = " + format_parameter(mode) +
                               ", right = " + format_parameter(right);
    if (left > mode) throw_parameter_error("triangular", "left > mode", values);
    if (mode > right) throw_parameter_error("triangular", "mode > right", values);
    if (left == right) throw_parameter_error("triangular", "left == right", values);
  }
};

struct VonMises {
  static constexpr const char* name = "vonmises";
  static constexpr const char* op_name = "vonmises";
  static constexpr ScalarParam params[] = {{"mu", C::any}, {"kappa", C::non_negative}};
  static double draw(GeneratorState& s, double mu, double kappa) { return vonmises(s, mu, kappa); }
};

struct Wald {
  static constexpr const char* name = "wald";
  static constexpr const char* op_name = "wald";
  static constexpr ScalarParam params[] = {{"mean", C::positive}, {"scale", C::positive}, {"alpha", C::any}};
  static double draw(GeneratorState& s, double mean, double scale, double alpha) { return wald(s, mean, scale) + alpha; }
};

// The continuous distributions PyMC draws with its own rng_fn (rv_draws_pymc.cpp).
struct AsymmetricLaplace {
  static constexpr const char* name = "asymmetriclaplace";
  static constexpr const char* op_name = "asymmetriclaplace";
  static constexpr ScalarParam params[] = {{"b", C::positive}, {"kappa", C::positive}, {"mu", C::any}};
  static double draw(GeneratorState& s, double b, double kappa, double mu) { return asymmetric_laplace(s, b, kappa, mu); }
};

struct ExGaussian {
  static constexpr const char* name = "exgaussian";
  static constexpr const char* op_name = "exgaussian";
  static constexpr ScalarParam params[] = {{"mu", C::any}, {"sigma", C::positive}, {"nu", C::positive}};
  static double draw(GeneratorState& s, double mu, double sigma, double nu) { return exgaussian(s, mu, sigma, nu); }
};

struct Kumaraswamy {
  static constexpr const char* name = "kumaraswamy";
  static constexpr const char* op_name = "kumaraswamy";
  static constexpr ScalarParam params[] = {{"a", C::positive}, {"b", C::positive}};
  static double draw(GeneratorState& s, double a, double b) { return kumaraswamy(s, a, b); }
};

struct LogitNormal {
  static constexpr const char* name = "logit_normal";
  static constexpr const char* op_name = "logit_normal";
  static constexpr ScalarParam params[] = {{"mu", C::any}, {"sigma", C::positive}};
  static double draw(GeneratorState& s, double mu, double sigma) { return logitnormal(s, mu, sigma); }
};

struct Moyal {
  static constexpr const char* name = "moyal";
  static constexpr const char* op_name = "moyal";
  static constexpr ScalarParam params[] = {{"mu", C::any}, {"sigma", C::positive}};
  static double draw(GeneratorState& s, double mu, double sigma) { return moyal(s, mu, sigma); }
};

struct Rice {
  static constexpr const char* name = "rice";
  static constexpr const char* op_name = "rice";
  static constexpr ScalarParam params[] = {{"b", C::non_negative}, {"sigma", C::positive}};
  static double draw(GeneratorState& s, double b, double sigma) { return rice(s, b, sigma); }
};

struct SkewNormal {
  static constexpr const char* name = "skewnormal";
  static constexpr const char* op_name = "skewnormal";
  static constexpr ScalarParam params[] = {{"mu", C::any}, {"sigma", C::positive}, {"alpha", C::any}};
  static double draw(GeneratorState& s, double mu, double sigma, double alpha) { return skewnormal(s, mu, sigma, alpha); }
};

struct SkewStudentT {
  static constexpr const char* name = "skewstudentt";
  static constexpr const char* op_name = "skewstudentt";
  static constexpr ScalarParam params[] = {
      {"a", C::positive}, {"b", C::positive}, {"mu", C::any}, {"sigma", C::positive}};
  static double draw(GeneratorState& s, double a, double b, double mu, double sigma) {
    return skew_studentt(s, a, b, mu, sigma);
  }
};

struct Bernoulli {
  static constexpr const char* name = "bernoulli";
  static constexpr const char* op_name = "bernoulli";
  static constexpr ScalarParam params[] = {{"p", C::unit_interval}};
  static std::int64_t draw(GeneratorState& s, double p) { return binomial(s, 1, p); }
};

struct Binomial {
  static constexpr const char* name = "binomial";
  static constexpr const char* op_name = "binomial";
  static constexpr ScalarParam params[] = {{"n", C::any, true}, {"p", C::unit_interval}};
  static std::int64_t draw(GeneratorState& s, std::int64_t n, double p) { return binomial(s, n, p); }
  static void check(ParamValues v) { check_binomial(v.integer[0], v.real[1]); }
};

struct Poisson {
  static constexpr const char* name = "poisson";
  static constexpr const char* op_name = "poisson";
  static constexpr ScalarParam params[] = {{"lam", C::any}};
  static std::int64_t draw(GeneratorState& s, double lam) { return poisson(s, lam); }
  static void check(ParamValues v) { check_poisson(v.real[0]); }
};

struct NegativeBinomial {
  static constexpr const char* name = "negative_binomial";
  static constexpr const char* op_name = "nbinom";
  static constexpr ScalarParam params[] = {{"n", C::positive}, {"p", C::positive_unit_interval}};
  static std::int64_t draw(GeneratorState& s, double n, double p) { return negative_binomial(s, n, p); }
  static void check(ParamValues v) {
    const double n = v.real[0], p = v.real[1];
    if (std::isnan(n)) throw_parameter_error("negative_binomial", "n is NaN", "n = nan");
    // NumPy refuses parameters whose gamma mixture would overflow the Poisson draw.
    if ((1 - p) / p * (n + 10 * std::sqrt(n)) > 9.2233720064847708e+18)
      throw_parameter_error("negative_binomial", "n too large or p too small",
                            "n = " + format_parameter(n) + ", p = " + format_parameter(p));
  }
};

struct Geometric {
  static constexpr const char* name = "geometric";
  static constexpr const char* op_name = "geometric";
  static constexpr ScalarParam params[] = {{"p", C::positive_unit_interval}};
  static std::int64_t draw(GeneratorState& s, double p) { return geometric(s, p); }
};

// PyMC's DiracDeltaRV: the constant c, no draw taken (an int64 c gives int64 draws).
struct DiracDelta {
  static constexpr const char* name = "diracdelta";
  static constexpr const char* op_name = "diracdelta";
  static constexpr ScalarParam params[] = {{"c", C::any}};
  static double draw(GeneratorState&, double c) { return c; }
};

struct DiracDeltaInteger {
  static constexpr const char* name = "diracdelta_int64";
  static constexpr const char* op_name = "diracdelta";
  static constexpr ScalarParam params[] = {{"c", C::any, true}};
  static std::int64_t draw(GeneratorState&, std::int64_t c) { return c; }
};

// PyMC's DiscreteWeibullRV: ceil((log(1 - u) / log q)^(1 / beta)) - 1 from one uniform.
struct DiscreteWeibull {
  static constexpr const char* name = "discrete_weibull";
  static constexpr const char* op_name = "discrete_weibull";
  static constexpr ScalarParam params[] = {{"q", C::positive_unit_interval}, {"beta", C::positive}};
  static std::int64_t draw(GeneratorState& s, double q, double beta) {
    const double u = standard_uniform(s);
    return static_cast<std::int64_t>(std::ceil(std::pow(std::log(1 - u) / std::log(q), 1.0 / beta)) - 1);
  }
  static void check(ParamValues v) {
    if (v.real[0] == 1) throw_parameter_error("discrete_weibull", "q >= 1", "q = 1");
  }
};

// PyMC's mixtures of a point mass at 0 (weight 1 - psi) with a block's distribution (weight
// psi), psi first, then the block's params: zero-inflated takes the block's draw as it is; a
// hurdle takes it truncated to values >= 1 (counts) or >= the float epsilon (PyMC's Truncated
// lower bounds), redrawing as PyMC's rejection sampling does. The uniform comes first.
template <class Block, bool hurdle, class Draw = decltype(&Block::draw)>
struct PointMassAtZero;

template <class Block, bool hurdle, class R, class... A>
struct PointMassAtZero<Block, hurdle, R (*)(GeneratorState&, A...)> {
  static constexpr auto params = [] {
    std::array<ScalarParam, 1 + sizeof...(A)> all{ScalarParam{"psi", C::unit_interval}};
    std::copy(std::begin(Block::params), std::end(Block::params), all.begin() + 1);
    return all;
  }();
  static R draw(GeneratorState& s, double psi, A... a) {
    if (!(standard_uniform(s) < psi)) return R{0};
    R x = Block::draw(s, a...);
    if constexpr (hurdle) {
      const R lower = std::is_integral_v<R> ? R{1} : static_cast<R>(std::numeric_limits<double>::epsilon());
      for (int steps = 1; x < lower; ++steps) {
        if (steps == 10000) throw ValueError("hurdle: truncation did not converge in 10000 steps");
        x = Block::draw(s, a...);
      }
    }
    return x;
  }
  static void check(ParamValues v) {
    if constexpr (has_joint_check<Block>) Block::check({v.real + 1, v.integer + 1});
  }
};

template <class Count>
using ZeroInflated = PointMassAtZero<Count, false>;
template <class Block>
using Hurdle = PointMassAtZero<Block, true>;

struct ZeroInflatedPoisson : ZeroInflated<Poisson> {
  static constexpr const char* name = "zero_inflated_poisson";
  static constexpr const char* op_name = "zero_inflated_poisson";
};

struct ZeroInflatedBinomial : ZeroInflated<Binomial> {
  static constexpr const char* name = "zero_inflated_binomial";
  static constexpr const char* op_name = "zero_inflated_binomial";
};

struct ZeroInflatedNegativeBinomial : ZeroInflated<NegativeBinomial> {
  static constexpr const char* name = "zero_inflated_negative_binomial";
  static constexpr const char* op_name = "zero_inflated_negative_binomial";
};

struct HurdlePoisson : Hurdle<Poisson> {
  static constexpr const char* name = "hurdle_poisson";
  static constexpr const char* op_name = "hurdle_poisson";
};

struct HurdleNegativeBinomial : Hurdle<NegativeBinomial> {
  static constexpr const char* name = "hurdle_negative_binomial";
  static constexpr const char* op_name = "hurdle_negative_binomial";
};

struct HurdleGamma : Hurdle<Gamma> {
  static constexpr const char* name = "hurdle_gamma";
  static constexpr const char* op_name = "hurdle_gamma";
};

struct HurdleLogNormal : Hurdle<LogNormal> {
  static constexpr const char* name = "hurdle_lognormal";
  static constexpr const char* op_name = "hurdle_lognormal";
};

// NumPy's hypergeometric(ngood, nbad, nsample), PyMC's HyperGeometric(N, k, n) as (k, N - k, n).
struct Hypergeometric {
  static constexpr const char* name = "hypergeometric";
  static constexpr const char* op_name = "hypergeometric";
  static constexpr ScalarParam params[] = {{"ngood", C::any, true}, {"nbad", C::any, true}, {"nsample", C::any, true}};
  static std::int64_t draw(GeneratorState& s, std::int64_t good, std::int64_t bad, std::int64_t sample) {
    return hypergeometric(s, good, bad, sample);
  }
  static void check(ParamValues v) { check_hypergeometric(v.integer[0], v.integer[1], v.integer[2]); }
};

struct Integers {
  static constexpr const char* name = "integers";
  static constexpr const char* op_name = "integers";
  static constexpr ScalarParam params[] = {{"low", C::any, true}, {"high", C::any, true}};
  static std::int64_t draw(GeneratorState& s, std::int64_t low, std::int64_t high) { return integers(s, low, high); }
  static void check(ParamValues v) { check_integers(v.integer[0], v.integer[1]); }
};

std::vector<ScalarDistribution> make_table() {
  return {registered<Normal>(),
          registered<HalfNormal>(),
          registered<Uniform>(),
          registered<Exponential>(),
          registered<Gamma>(),
          registered<InvGamma>(),
          registered<Beta>(),
          registered<LogNormal>(),
          registered<Cauchy>(),
          registered<HalfCauchy>(),
          registered<StudentT>(),
          registered<Laplace>(),
          registered<Logistic>(),
          registered<Gumbel>(),
          registered<Weibull>(),
          registered<Pareto>(),
          registered<ChiSquare>(),
          registered<Triangular>(),
          registered<VonMises>(),
          registered<Wald>(),
          registered<AsymmetricLaplace>(),
          registered<ExGaussian>(),
          registered<Kumaraswamy>(),
          registered<LogitNormal>(),
          registered<Moyal>(),
          registered<Rice>(),
          registered<SkewNormal>(),
          registered<SkewStudentT>(),
          registered<Bernoulli>(),
          registered<Binomial>(),
          registered<Poisson>(),
          registered<NegativeBinomial>(),
          registered<Geometric>(),
          registered<DiracDelta>(),
          registered<DiracDeltaInteger>(),
          registered<DiscreteWeibull>(),
          betabinom_distribution(),
          registered<ZeroInflatedPoisson>(),
          registered<ZeroInflatedBinomial>(),
          registered<ZeroInflatedNegativeBinomial>(),
          registered<HurdlePoisson>(),
          registered<HurdleNegativeBinomial>(),
          registered<HurdleGamma>(),
          registered<HurdleLogNormal>(),
          registered<Hypergeometric>(),
          registered<Integers>()};
}

}  // namespace

const std::vector<ScalarDistribution>& scalar_distributions() {
  static const std::vector<ScalarDistribution> table = make_table();
  return table;
}

const ScalarDistribution& scalar_distribution(std::string_view name) {
  for (const auto& d : scalar_distributions())
    if (name == d.name) return d;
  throw Error("no scalar random variable named " + std::string(name));
}

}  // namespace kiln::random
