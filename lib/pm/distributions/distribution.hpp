// What every distribution file shares: the record that ties a RandomVariable op to its
// log-density, log-CDF, moment and default transform, and the pieces PyMC's formulas reuse.
#pragma once

#include <kiln/pm/distributions.hpp>
#include <kiln/tensor.hpp>

#include "random/rv_op.hpp"
#include "random/rv_scalar.hpp"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace kiln::pm {
namespace kt = kiln::tensor;
}

namespace kiln::pm::detail {

// `params` are the RandomVariable node's parameter inputs (after rng, size, dtype).
struct DistributionInfo {
  const char* name;        // "Normal"
  const char* print_name;  // "N": how a model prints it, `z ~ N(0, 1)`
  const char* rv_name;     // the op's rv_name(), by which a random variable finds its record
  Var (*logp)(const Var& value, const std::vector<Var>& params);
  Var (*logcdf)(const Var& value, const std::vector<Var>& params);  // null: PyMC has none
  Var (*moment)(const std::vector<Var>& params);                    // the initial point (unbroadcast)
  TransformPtr (*transform)(const std::vector<Var>& params);        // null: no default transform
};

// One per distribution file.
const DistributionInfo& normal_info();
const DistributionInfo& halfnormal_info();
const DistributionInfo& studentt_info();
const DistributionInfo& halfstudentt_info();
const DistributionInfo& cauchy_info();
const DistributionInfo& halfcauchy_info();
const DistributionInfo& laplace_info();
const DistributionInfo& logistic_info();
const DistributionInfo& lognormal_info();
const DistributionInfo& exponential_info();
const DistributionInfo& gamma_info();
const DistributionInfo& inverse_gamma_info();
const DistributionInfo& beta_info();
const DistributionInfo& uniform_info();
const DistributionInfo& weibull_info();
const DistributionInfo& pareto_info();
const DistributionInfo& chi_squared_info();
const DistributionInfo& gumbel_info();
const DistributionInfo& truncated_normal_info();
const DistributionInfo& flat_info();
const DistributionInfo& half_flat_info();
const DistributionInfo& bernoulli_info();
const DistributionInfo& binomial_info();
const DistributionInfo& poisson_info();
const DistributionInfo& negative_binomial_info();
const DistributionInfo& geometric_info();
const DistributionInfo& discrete_uniform_info();
const DistributionInfo& beta_binomial_info();
const DistributionInfo& categorical_info();
const DistributionInfo& mv_normal_info();
const DistributionInfo& dirichlet_info();
const DistributionInfo& multinomial_info();
const DistributionInfo& triangular_info();
const DistributionInfo& asymmetric_laplace_info();
const DistributionInfo& exgaussian_info();
const DistributionInfo& kumaraswamy_info();
const DistributionInfo& logit_normal_info();
const DistributionInfo& moyal_info();
const DistributionInfo& rice_info();
const DistributionInfo& skew_normal_info();
const DistributionInfo& skew_studentt_info();
const DistributionInfo& von_mises_info();
const DistributionInfo& wald_info();
const DistributionInfo& zero_inflated_poisson_info();
const DistributionInfo& zero_inflated_binomial_info();
const DistributionInfo& zero_inflated_negative_binomial_info();

const DistributionInfo& normal_mixture_info();
const DistributionInfo& dirac_delta_info();
const DistributionInfo& hurdle_poisson_info();
const DistributionInfo& hurdle_negative_binomial_info();
const DistributionInfo& hurdle_gamma_info();
const DistributionInfo& hurdle_lognormal_info();
const DistributionInfo& discrete_weibull_info();
// issue 17c: the LKJ family and the matrix-valued multivariates
const DistributionInfo& lkj_corr_info();
const DistributionInfo& lkj_cholesky_cov_info();
const DistributionInfo& mv_studentt_info();
const DistributionInfo& wishart_info();
const DistributionInfo& matrix_normal_info();
// Issue #17 part d.
const DistributionInfo& hypergeometric_info();
const DistributionInfo& mixture_info();          // components listed (mixture.cpp)
const DistributionInfo& stacked_mixture_info();  // one component, the k along its last axis
const DistributionInfo& custom_dist_info();
// Issue #17 part f: the zero-sum normal and the conditional autoregressions.
const DistributionInfo& zero_sum_normal_info();
const DistributionInfo& car_info();
const DistributionInfo& icar_info();
const DistributionInfo& dirichlet_multinomial_info();
const DistributionInfo& stick_breaking_weights_info();
// x[..., None] (ordered_logistic.cpp).
Var pad_right(const Var& x);
// log(sum_k exp(t_k)) of same-shaped terms, elementwise (mixture.cpp): one fused loop over the
// values instead of a (..., k) array reduced along its last axis.
Var logsumexp_terms(const std::vector<Var>& terms);
// Censored(dist): the record for the op named "censored_<dist's rv_name>", or null (censored.cpp).
const DistributionInfo* censored_distribution(const std::string& rv_name);
// Truncated(dist): likewise for "truncated_<dist's rv_name>" (truncated.cpp).
const DistributionInfo* truncated_distribution(const std::string& rv_name);
// log(sum(exp(x))) over the last axis, exact where every term is -inf.
Var logsumexp_last(const Var& x);

// True for the draw output of a RandomVariable node.
bool is_random_variable(const Var& v);
// The record of a random variable's op, or an Error naming the variable.
const DistributionInfo& distribution_of(const Var& rv);
// The parameter inputs of a random variable (throws if `rv` is not a RandomVariable's draw).
std::vector<Var> rv_params(const Var& rv);
const random::RandomVariable* rv_op(const Var& rv);

// Builds the RandomVariable node as Aesara does: no parameter check at build time (an
// invalid parameter shows in the logp's Check, or when drawing).
Var make_rv(std::shared_ptr<const random::RandomVariable> op, std::vector<Var> params, const DistOptions& options);
// The op of a kt::random scalar distribution ("normal", "t", ...).
std::shared_ptr<const random::RandomVariable> scalar_op(const char* name);

// Builds a named variable in the innermost active model (model.cpp): the batch size comes
// from the options or the observed data, and `build` makes the random variable.
Var register_rv(std::string name, const VarOptions& options, const std::function<Var(const DistOptions&)>& build);

// PyMC's floatX(): scale-like parameters become float64 (constants stay constants).
Var floatx(const Var& v);
// PyMC's check_parameters: Check{message}(logp, All(MakeVector(All(c1), All(c2), ...))).
Var check_parameters(const Var& logp, const std::vector<Var>& conditions, const std::string& message);
// switch(condition, logp, -inf): values outside the support.
Var in_support(const Var& condition, const Var& logp);
Var neg_inf();
// log(exp(a) - exp(b)) for a >= b, without cancellation.
Var log_diff_exp(const Var& a, const Var& b);
// The standard normal log-CDF at z: erfcx in the lower tail, log1p(-erfc/2) above.
Var normal_lcdf(const Var& z);
// log Beta(a, b) and log binomial coefficient (PyMC's betaln, binomln).
Var betaln(const Var& a, const Var& b);
Var binomln(const Var& n, const Var& k);
// x * log(y), 0 when x == 0 (PyMC's xlogy0).
Var xlogy0(const Var& x, const Var& y);
// Gamma(alpha, scale) without the parameter check (gamma.cpp; ChiSquared reuses it).
Var gamma_logp(const Var& value, const Var& alpha, const Var& scale);
Var gamma_logcdf(const Var& value, const Var& alpha, const Var& scale);
// The alternative parameterizations (PyMC's get_tau_sigma, logit_p): the one given of two
// (an Error naming the distribution when both or neither are), and the conversions.
const Var& one_of(const char* dist, const char* a, const Var& va, const char* b, const Var& vb);
Var sigma_from_precision(const Var& tau);  // tau^-1/2
// x when p = sigmoid(x), as pm::Bernoulli builds p from logit_p; null otherwise.
Var logit_of(const Var& p);

// The zero-inflated mixtures (zero_inflated.cpp): DiracDelta(0) with weight 1 - psi and a
// count distribution with weight psi, from the count distribution's terms.
Var zero_inflated_logp(const Var& value, const Var& psi, const Var& count_logp, const Var& count_logp_at_zero);
Var zero_inflated_logcdf(const Var& value, const Var& psi, const Var& count_logcdf);
Var zero_inflated_moment(const Var& psi, const Var& count_moment);

// The hurdle mixtures (hurdle.cpp): DiracDelta(0) with weight 1 - psi and `inner` (with
// `params`) truncated below at 1 (discrete) or the float epsilon with weight psi.
Var hurdle_logp(const DistributionInfo& inner, bool discrete, const Var& value, const Var& psi,
                const std::vector<Var>& params);
Var hurdle_logcdf(const DistributionInfo& inner, bool discrete, const Var& value, const Var& psi,
                  const std::vector<Var>& params);
Var hurdle_moment(bool discrete, const Var& psi, const Var& inner_moment);

// log(I) from a regularized incomplete function I and its complement 1 - I: whichever is
// smaller is computed directly, so both tails keep full relative accuracy.
Var log_from_complements(const Var& lower, const Var& upper);

}  // namespace kiln::pm::detail
