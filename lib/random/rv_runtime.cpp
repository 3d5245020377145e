// The extern "C" draw entries: scalar distributions loop over the table's draw with fixed
// params; vector ones run their op's perform on views of the caller's buffers.
#include "random/rv_runtime.hpp"

#include "random/rv_multivariate.hpp"
#include "random/rv_op.hpp"
#include "random/rv_scalar.hpp"

#include <cstring>
#include <exception>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace kiln::random {
namespace {

thread_local std::string last_error;

// Runs `body` on a copy of the state, writing it back only when every draw succeeded.
template <class Body>
int guarded(std::uint64_t* state, Body body) {
  try {
    GeneratorState s;
    std::memcpy(&s, state, sizeof s);
    body(s);
    std::memcpy(state, &s, sizeof s);
    return 0;
  } catch (const std::exception& e) {
    last_error = e.what();
    return 1;
  }
}

template <class T>
int fill_scalar(const char* name, std::uint64_t* state, T* out, std::int64_t n, std::vector<double> real,
                std::vector<std::int64_t> integer = {}) {
  if (integer.empty())
    for (double value : real) integer.push_back(static_cast<std::int64_t>(value));
  return guarded(state, [&](GeneratorState& s) {
    const ScalarDistribution& d = scalar_distribution(name);
    const ParamValues values{real.data(), integer.data()};
    check_scalar_parameters(d, values);
    if (d.fill) {
      std::vector<Array> params;
      for (std::size_t i = 0; i < real.size(); ++i)
        // Integer-valued params (the trials n) keep their exact int64 value.
        params.push_back(std::string_view(d.params[i].name) == "n" ? Array(integer[i]).broadcast_to({n})
                                                                   : Array(real[i]).broadcast_to({n}));
      Array view = Array::view(out, {n});
      d.fill(s, params, view);
    } else {
      for (std::int64_t i = 0; i < n; ++i) {
        if constexpr (std::is_same_v<T, double>)
          out[i] = d.draw_real(s, values);
        else
          out[i] = d.draw_integer(s, values);
      }
    }
  });
}

// Runs a vector op's perform with size (n,) and copies the draws into `out`.
template <class T>
int fill_vector(const RandomVariable& op, std::uint64_t* state, T* out, std::int64_t n, std::vector<Array> params) {
  return guarded(state, [&](GeneratorState& s) {
    std::vector<Array> inputs{state_to_array(s), Array(std::vector<std::int64_t>{n}), Array(dtype_code(dtype_of<T>()))};
    inputs.insert(inputs.end(), params.begin(), params.end());
    std::vector<Array> outputs(2);
    op.perform(inputs, outputs);
    s = state_from_array(outputs[0]);
    const Array draws = outputs[1].copy();
    std::memcpy(out, draws.data<T>(), static_cast<std::size_t>(draws.size()) * sizeof(T));
  });
}

Array vector_view(const double* data, std::int64_t k) { return Array::view(const_cast<double*>(data), {k}); }

}  // namespace
}  // namespace kiln::random

using kiln::random::fill_scalar;
using kiln::random::fill_vector;
using kiln::random::vector_view;

extern "C" {

const char* kiln_rv_last_error(void) { return kiln::random::last_error.c_str(); }

int kiln_rv_normal(std::uint64_t* state, double* out, std::int64_t n, double loc, double scale) {
  return fill_scalar("normal", state, out, n, {loc, scale});
}
int kiln_rv_halfnormal(std::uint64_t* state, double* out, std::int64_t n, double loc, double scale) {
  return fill_scalar("halfnormal", state, out, n, {loc, scale});
}
int kiln_rv_uniform(std::uint64_t* state, double* out, std::int64_t n, double low, double high) {
  return fill_scalar("uniform", state, out, n, {low, high});
}
int kiln_rv_exponential(std::uint64_t* state, double* out, std::int64_t n, double scale) {
  return fill_scalar("exponential", state, out, n, {scale});
}
int kiln_rv_gamma(std::uint64_t* state, double* out, std::int64_t n, double shape, double scale) {
  return fill_scalar("gamma", state, out, n, {shape, scale});
}
int kiln_rv_invgamma(std::uint64_t* state, double* out, std::int64_t n, double shape, double scale) {
  return fill_scalar("invgamma", state, out, n, {shape, scale});
}
int kiln_rv_beta(std::uint64_t* state, double* out, std::int64_t n, double a, double b) {
  return fill_scalar("beta", state, out, n, {a, b});
}
int kiln_rv_lognormal(std::uint64_t* state, double* out, std::int64_t n, double mean, double sigma) {
  return fill_scalar("lognormal", state, out, n, {mean, sigma});
}
int kiln_rv_cauchy(std::uint64_t* state, double* out, std::int64_t n, double loc, double scale) {
  return fill_scalar("cauchy", state, out, n, {loc, scale});
}
int kiln_rv_halfcauchy(std::uint64_t* state, double* out, std::int64_t n, double loc, double scale) {
  return fill_scalar("halfcauchy", state, out, n, {loc, scale});
}
int kiln_rv_studentt(std::uint64_t* state, double* out, std::int64_t n, double df, double loc, double scale) {
  return fill_scalar("studentt", state, out, n, {df, loc, scale});
}
int kiln_rv_laplace(std::uint64_t* state, double* out, std::int64_t n, double loc, double scale) {
  return fill_scalar("laplace", state, out, n, {loc, scale});
}
int kiln_rv_logistic(std::uint64_t* state, double* out, std::int64_t n, double loc, double scale) {
  return fill_scalar("logistic", state, out, n, {loc, scale});
}
int kiln_rv_gumbel(std::uint64_t* state, double* out, std::int64_t n, double loc, double scale) {
  return fill_scalar("gumbel", state, out, n, {loc, scale});
}
int kiln_rv_weibull(std::uint64_t* state, double* out, std::int64_t n, double a) {
  return fill_scalar("weibull", state, out, n, {a});
}
int kiln_rv_pareto(std::uint64_t* state, double* out, std::int64_t n, double b, double scale) {
  return fill_scalar("pareto", state, out, n, {b, scale});
}
int kiln_rv_chisquare(std::uint64_t* state, double* out, std::int64_t n, double df) {
  return fill_scalar("chisquare", state, out, n, {df});
}
int kiln_rv_triangular(std::uint64_t* state, double* out, std::int64_t n, double left, double mode, double right) {
  return fill_scalar("triangular", state, out, n, {left, mode, right});
}
int kiln_rv_vonmises(std::uint64_t* state, double* out, std::int64_t n, double mu, double kappa) {
  return fill_scalar("vonmises", state, out, n, {mu, kappa});
}

int kiln_rv_bernoulli(std::uint64_t* state, std::int64_t* out, std::int64_t n, double p) {
  return fill_scalar("bernoulli", state, out, n, {p});
}
int kiln_rv_binomial(std::uint64_t* state, std::int64_t* out, std::int64_t n, std::int64_t trials, double p) {
  return fill_scalar("binomial", state, out, n, {static_cast<double>(trials), p}, {trials, 0});
}
int kiln_rv_poisson(std::uint64_t* state, std::int64_t* out, std::int64_t n, double lam) {
  return fill_scalar("poisson", state, out, n, {lam});
}
int kiln_rv_negative_binomial(std::uint64_t* state, std::int64_t* out, std::int64_t n, double trials, double p) {
  return fill_scalar("negative_binomial", state, out, n, {trials, p});
}
int kiln_rv_geometric(std::uint64_t* state, std::int64_t* out, std::int64_t n, double p) {
  return fill_scalar("geometric", state, out, n, {p});
}
int kiln_rv_integers(std::uint64_t* state, std::int64_t* out, std::int64_t n, std::int64_t low, std::int64_t high) {
  return fill_scalar("integers", state, out, n, {static_cast<double>(low), static_cast<double>(high)}, {low, high});
}
int kiln_rv_betabinom(std::uint64_t* state, std::int64_t* out, std::int64_t n, std::int64_t trials, double a,
                      double b) {
  return fill_scalar("betabinom", state, out, n, {static_cast<double>(trials), a, b}, {trials, 0, 0});
}

int kiln_rv_categorical(std::uint64_t* state, std::int64_t* out, std::int64_t n, const double* p, std::int64_t k) {
  return fill_vector(*kiln::random::categorical_random_variable(), state, out, n, {vector_view(p, k)});
}
int kiln_rv_dirichlet(std::uint64_t* state, double* out, std::int64_t n, const double* alpha, std::int64_t k) {
  return fill_vector(*kiln::random::dirichlet_random_variable(), state, out, n, {vector_view(alpha, k)});
}
int kiln_rv_multinomial(std::uint64_t* state, std::int64_t* out, std::int64_t n, std::int64_t trials, const double* p,
                        std::int64_t k) {
  return fill_vector(*kiln::random::multinomial_random_variable(), state, out, n,
                     {kiln::Array(trials), vector_view(p, k)});
}
int kiln_rv_multivariate_normal(std::uint64_t* state, double* out, std::int64_t n, const double* mean,
                                const double* cov, std::int64_t k) {
  return fill_vector(*kiln::random::multivariate_normal_random_variable(), state, out, n,
                     {vector_view(mean, k), kiln::Array::view(const_cast<double*>(cov), {k, k})});
}
}
