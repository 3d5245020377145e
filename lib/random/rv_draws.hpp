// The scalar draws that the RandomVariable ops need beyond distributions.hpp: NumPy
// Generator's algorithms (distributions.c, NumPy 1.24) where NumPy has the distribution, and
// Aesara/SciPy's definitions for the rest (halfnormal, halfcauchy, invgamma, ...). Draws
// trust their parameters; the RandomVariable ops check them first.
#pragma once

#include <kiln/random/generator.hpp>

#include <cstdint>

namespace kiln::random {

// rv_draws_continuous.cpp: NumPy's algorithms
double standard_cauchy(GeneratorState& s);  // standard_normal / standard_normal
double standard_t(GeneratorState& s, double df);
double lognormal(GeneratorState& s, double mean, double sigma);
double laplace(GeneratorState& s, double loc, double scale);
double logistic(GeneratorState& s, double loc, double scale);
double gumbel(GeneratorState& s, double loc, double scale);
double weibull(GeneratorState& s, double a);
double pareto(GeneratorState& s, double a);  // NumPy's pareto: Lomax, support [0, inf)
double chisquare(GeneratorState& s, double df);
double triangular(GeneratorState& s, double left, double mode, double right);
double vonmises(GeneratorState& s, double mu, double kappa);
double wald(GeneratorState& s, double mean, double scale);  // the inverse Gaussian

// rv_draws_continuous.cpp: Aesara's definitions (SciPy's rvs) on top of NumPy's draws
double halfnormal(GeneratorState& s, double loc, double scale);  // loc + scale * |N(0, 1)|
double cauchy(GeneratorState& s, double loc, double scale);      // loc + scale * standard_cauchy
double halfcauchy(GeneratorState& s, double loc, double scale);  // loc + scale * |standard_cauchy|
double invgamma(GeneratorState& s, double shape, double scale);  // (1 / standard_gamma(shape)) * scale
double studentt(GeneratorState& s, double df, double loc, double scale);
double pareto_scaled(GeneratorState& s, double b, double scale);  // scale * (1 + pareto(b)): SciPy's pareto

// rv_draws_pymc.cpp: the rng_fn of PyMC's own RandomVariables (and the SciPy rvs they call),
// one element at a time from NumPy's draws
double asymmetric_laplace(GeneratorState& s, double b, double kappa, double mu);
double exgaussian(GeneratorState& s, double mu, double sigma, double nu);  // normal, then exponential
double kumaraswamy(GeneratorState& s, double a, double b);
double logitnormal(GeneratorState& s, double mu, double sigma);
double moyal(GeneratorState& s, double mu, double sigma);
double rice(GeneratorState& s, double b, double sigma);  // SciPy's rice(b, scale = sigma)
double skewnormal(GeneratorState& s, double mu, double sigma, double alpha);
double skew_studentt(GeneratorState& s, double a, double b, double mu, double sigma);

// rv_draws_discrete.cpp
std::int64_t geometric(GeneratorState& s, double p);                    // NumPy: search for p >= 1/3, else inversion
std::int64_t negative_binomial(GeneratorState& s, double n, double p);  // poisson(gamma(n, (1 - p) / p))

// rv_draws_multivariate.cpp: one draw of a k-vector into out[0 .. k)
// NumPy's dirichlet: stick breaking with beta draws when every alpha < 0.1, else normalized gammas.
void dirichlet(GeneratorState& s, const double* alpha, std::int64_t k, double* out);
// NumPy's multinomial: a binomial per category on the remaining trials.
void multinomial(GeneratorState& s, std::int64_t n, const double* p, std::int64_t k, std::int64_t* out);
// Aesara's categorical: a uniform searched (side left) in the unnormalized cumulative sum of p.
std::int64_t categorical(GeneratorState& s, const double* p, std::int64_t k);
// A mixture's component index: categorical's draw, kept inside [0, k) (rounding in weights that
// sum to 1 can leave the uniform past their sum). The weights must pass weights_sum_to_one.
std::int64_t mixture_component(GeneratorState& s, const double* w, std::int64_t k);
// Whether k weights `stride` elements apart sum to 1 within NumPy's choice tolerance (sqrt(eps)).
inline constexpr double weights_sum_tolerance = 1.4901161193847656e-08;
bool weights_sum_to_one(const double* w, std::int64_t k, std::int64_t stride = 1);
// The lower Cholesky factor of a k x k row-major covariance (tensor::lapack::cholesky), in place; returns
// false when cov is not positive definite.
bool cholesky_lower(double* cov, std::int64_t k);
// mean + L z with z k standard normals drawn in order (NumPy's method="cholesky").
void multivariate_normal(GeneratorState& s, const double* mean, const double* chol, std::int64_t k, double* out);

}  // namespace kiln::random
