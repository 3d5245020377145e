// The distribution registry (rv_name -> record), building random-variable nodes, and the
// formula pieces several distributions share.
#include "pm/distributions/distribution.hpp"
#include "pm/distributions/time_series.hpp"

#include <kiln/random/variables.hpp>

#include "rewrite/match.hpp"
#include "tensor/elemwise.hpp"

#include <array>
#include <cmath>
#include <limits>

namespace kiln::pm::detail {

namespace {

using InfoFn = const DistributionInfo& (*)();

constexpr auto all_distributions = std::to_array<InfoFn>({
    normal_info,       halfnormal_info,       studentt_info,      halfstudentt_info,      cauchy_info,
    halfcauchy_info,   laplace_info,          logistic_info,      lognormal_info,         exponential_info,
    gamma_info,        inverse_gamma_info,    beta_info,          uniform_info,           weibull_info,
    pareto_info,       chi_squared_info,      gumbel_info,        truncated_normal_info,  flat_info,
    half_flat_info,    bernoulli_info,        binomial_info,      poisson_info,           negative_binomial_info,
    geometric_info,    discrete_uniform_info, beta_binomial_info, categorical_info,       mv_normal_info,
    dirichlet_info,    multinomial_info,      triangular_info,
    asymmetric_laplace_info, exgaussian_info, kumaraswamy_info, logit_normal_info, moyal_info, rice_info,
    skew_normal_info, skew_studentt_info, von_mises_info, wald_info, dirac_delta_info, discrete_weibull_info,
    // Mixtures
    zero_inflated_poisson_info, zero_inflated_binomial_info, zero_inflated_negative_binomial_info,
    normal_mixture_info, hurdle_poisson_info, hurdle_negative_binomial_info, hurdle_gamma_info, hurdle_lognormal_info,
    // issue 17c: the LKJ family and the matrix-valued multivariates
    lkj_corr_info, lkj_cholesky_cov_info, mv_studentt_info, wishart_info, matrix_normal_info,
    // Issue #17 part d
    hypergeometric_info, mixture_info, stacked_mixture_info, custom_dist_info,
    // Issue #17 part f
    zero_sum_normal_info, car_info, icar_info,
    // Issue #17: counts and weights (OrderedMultinomial is a Multinomial)
    dirichlet_multinomial_info, stick_breaking_weights_info,
});

}  // namespace

bool is_random_variable(const Var& v) {
  auto owner = v ? v.owner() : nullptr;
  return owner && v.index() == 1 && dynamic_cast<const random::RandomVariable*>(&owner->op()) != nullptr;
}

const random::RandomVariable* rv_op(const Var& rv) {
  if (!is_random_variable(rv)) throw InputError((rv ? to_string(rv) : std::string("a null Var")) + " is not a random variable");
  return static_cast<const random::RandomVariable*>(&rv.owner()->op());
}

std::vector<Var> rv_params(const Var& rv) {
  rv_op(rv);
  const auto& inputs = rv.owner()->inputs();
  return {inputs.begin() + 3, inputs.end()};
}

const DistributionInfo& distribution_of(const Var& rv) {
  const std::string& name = rv_op(rv)->rv_name();
  for (InfoFn info : all_distributions)
    if (name == info().rv_name) return info();
  if (const DistributionInfo* censored = censored_distribution(name)) return *censored;
  if (const DistributionInfo* truncated = truncated_distribution(name)) return *truncated;
  if (const DistributionInfo* series = time_series_distribution(name)) return *series;
  throw ModelError(to_string(rv) + ": no distribution is registered for " + name + "_rv");
}

Var make_rv(std::shared_ptr<const random::RandomVariable> op, std::vector<Var> params, const DistOptions& options) {
  const DType dtype = op->default_dtype();
  std::vector<Var> inputs;
  inputs.push_back(options.rng ? options.rng : random_generator_shared());
  inputs.push_back(make_constant(Array(std::vector<std::int64_t>(options.size.begin(), options.size.end()))));
  inputs.push_back(make_constant(Array(random::dtype_code(dtype))));
  inputs.insert(inputs.end(), params.begin(), params.end());
  return Apply::make(std::move(op), std::move(inputs))->output(1);
}

std::shared_ptr<const random::RandomVariable> scalar_op(const char* name) {
  return random::scalar_random_variable(name);
}

Var floatx(const Var& v) {
  if (is_float(v.dtype())) return v;
  if (v.is_constant()) return make_constant(v.constant_value().astype(DType::float64));
  return kt::cast(v, DType::float64);
}

Var check_parameters(const Var& logp, const std::vector<Var>& conditions, const std::string& message) {
  std::vector<Var> alls;
  for (const auto& c : conditions) alls.push_back(kt::all(c));
  return kt::check_and_raise(logp, {kt::all(kt::make_vector(alls))}, message);
}

Var neg_inf() { return Var(-std::numeric_limits<double>::infinity()); }

Var in_support(const Var& condition, const Var& logp) { return kt::switch_(condition, logp, neg_inf()); }

Var log_diff_exp(const Var& a, const Var& b) { return a + kt::log1mexp(b - a); }

// Each branch reads z clamped to its own side of -1, so the branch the switch drops stays finite
// and adds no 0 * inf to the gradient.
Var normal_lcdf(const Var& z) {
  Var low = kt::minimum(z, Var(-1.0)), high = kt::maximum(z, Var(-1.0));
  return kt::switch_(kt::lt(z, -1.0), kt::log(kt::erfcx(-low / std::sqrt(2.0)) / 2.0) - kt::sqr(low) / 2.0,
                     kt::log1p(-kt::erfc(high / std::sqrt(2.0)) / 2.0));
}

Var betaln(const Var& a, const Var& b) { return kt::gammaln(a) + kt::gammaln(b) - kt::gammaln(a + b); }

Var binomln(const Var& n, const Var& k) { return -kt::log(n + 1.0) - betaln(n - k + 1.0, k + 1.0); }

Var xlogy0(const Var& x, const Var& y) { return kt::switch_(kt::eq(x, 0), Var(0.0), x * kt::log(y)); }

const Var& one_of(const char* dist, const char* a, const Var& va, const char* b, const Var& vb) {
  if (static_cast<bool>(va) == static_cast<bool>(vb))
    throw InputError(std::string(dist) + ": give exactly one of " + a + " and " + b);
  return va ? va : vb;
}

Var sigma_from_precision(const Var& tau) { return kt::pow(floatx(tau), -0.5); }

Var logit_of(const Var& p) {
  auto owner = rewrite::owner_if(p, tensor::ScalarOp::sigmoid);
  return owner ? owner->inputs()[0] : Var();
}

Var logsumexp_last(const Var& x) {
  const int axis = x.ndim() - 1;
  Var top = kt::max(x, axis, true);
  Var shift = kt::switch_(kt::isinf(top), kt::zeros_like(top), top);
  return kt::log(kt::sum(kt::exp(x - shift), axis)) + kt::max(shift, axis);
}

// upper is clamped below 1 where the switch drops it (lower < 1/2, so upper > 1/2 may round to
// 1), so its branch stays finite and adds no 0 * inf to the gradient.
Var log_from_complements(const Var& lower, const Var& upper) {
  return kt::switch_(kt::lt(lower, 0.5), kt::log(lower), kt::log1p(-kt::minimum(upper, Var(0.75))));
}

}  // namespace kiln::pm::detail
