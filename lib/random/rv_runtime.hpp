// The batched draws compiled code calls: one extern "C" entry per distribution taking the
// generator state (six uint64 words, advanced in place), the output buffer, the number of
// draws n, and scalar params (vector params as a pointer and length k). Each checks its params
// first and draws nothing on a failure: it returns 1, and kiln_rv_last_error() gives the
// ParameterValueError message for this thread. Success returns 0. The values are the ones the
// RandomVariable ops' perform gives for the same state and params.
#pragma once

#include <cstdint>

extern "C" {

const char* kiln_rv_last_error(void);

int kiln_rv_normal(std::uint64_t* state, double* out, std::int64_t n, double loc, double scale);
int kiln_rv_halfnormal(std::uint64_t* state, double* out, std::int64_t n, double loc, double scale);
int kiln_rv_uniform(std::uint64_t* state, double* out, std::int64_t n, double low, double high);
int kiln_rv_exponential(std::uint64_t* state, double* out, std::int64_t n, double scale);
int kiln_rv_gamma(std::uint64_t* state, double* out, std::int64_t n, double shape, double scale);
int kiln_rv_invgamma(std::uint64_t* state, double* out, std::int64_t n, double shape, double scale);
int kiln_rv_beta(std::uint64_t* state, double* out, std::int64_t n, double a, double b);
int kiln_rv_lognormal(std::uint64_t* state, double* out, std::int64_t n, double mean, double sigma);
int kiln_rv_cauchy(std::uint64_t* state, double* out, std::int64_t n, double loc, double scale);
int kiln_rv_halfcauchy(std::uint64_t* state, double* out, std::int64_t n, double loc, double scale);
int kiln_rv_studentt(std::uint64_t* state, double* out, std::int64_t n, double df, double loc, double scale);
int kiln_rv_laplace(std::uint64_t* state, double* out, std::int64_t n, double loc, double scale);
int kiln_rv_logistic(std::uint64_t* state, double* out, std::int64_t n, double loc, double scale);
int kiln_rv_gumbel(std::uint64_t* state, double* out, std::int64_t n, double loc, double scale);
int kiln_rv_weibull(std::uint64_t* state, double* out, std::int64_t n, double a);
int kiln_rv_pareto(std::uint64_t* state, double* out, std::int64_t n, double b, double scale);
int kiln_rv_chisquare(std::uint64_t* state, double* out, std::int64_t n, double df);
int kiln_rv_triangular(std::uint64_t* state, double* out, std::int64_t n, double left, double mode, double right);
int kiln_rv_vonmises(std::uint64_t* state, double* out, std::int64_t n, double mu, double kappa);

int kiln_rv_bernoulli(std::uint64_t* state, std::int64_t* out, std::int64_t n, double p);
int kiln_rv_binomial(std::uint64_t* state, std::int64_t* out, std::int64_t n, std::int64_t trials, double p);
int kiln_rv_poisson(std::uint64_t* state, std::int64_t* out, std::int64_t n, double lam);
int kiln_rv_negative_binomial(std::uint64_t* state, std::int64_t* out, std::int64_t n, double trials, double p);
int kiln_rv_geometric(std::uint64_t* state, std::int64_t* out, std::int64_t n, double p);
int kiln_rv_integers(std::uint64_t* state, std::int64_t* out, std::int64_t n, std::int64_t low, std::int64_t high);
// All n betas first, then the n binomials (Aesara's order).
int kiln_rv_betabinom(std::uint64_t* state, std::int64_t* out, std::int64_t n, std::int64_t trials, double a, double b);

// n draws, each from p[0 .. k).
int kiln_rv_categorical(std::uint64_t* state, std::int64_t* out, std::int64_t n, const double* p, std::int64_t k);
// n vectors of k into out[0 .. n * k).
int kiln_rv_dirichlet(std::uint64_t* state, double* out, std::int64_t n, const double* alpha, std::int64_t k);
int kiln_rv_multinomial(std::uint64_t* state, std::int64_t* out, std::int64_t n, std::int64_t trials, const double* p,
                        std::int64_t k);
// cov is k x k row-major; it is factored once per call.
int kiln_rv_multivariate_normal(std::uint64_t* state, double* out, std::int64_t n, const double* mean,
                                const double* cov, std::int64_t k);
}
