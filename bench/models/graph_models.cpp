// The anchor models as hand-built kiln graphs: logp is written from kt:: ops as in
// shared/baselines/README.md, once per model, over its parameters as graph variables. Two forms
// take those parameters from different inputs:
// - graph::  theta's parts as separate inputs (scalars and vectors), one Function returning logp
//   and kiln::grad of it, called through pm::LogpGradFunction, the model layer's own calling
//   convention, so the model-layer comparison differs only in the graph;
// - flat::   as a sampler's logp is usually written: one `theta` vector, its parameters taken
//   by integer index and slice (`theta[0]`, `theta[2:10]`), logp and kiln::grad(logp, theta) as
//   two outputs of a kiln::function with default options (no fixed_shapes, no trust_input),
//   called through the variadic call_into. Nothing here helps the fast path.
#include "kiln_models.hpp"

#include <algorithm>
#include <cmath>
#include <memory>

namespace anchor {

namespace {

namespace kt = kiln::tensor;
using kiln::Array;
using kiln::Var;

const double kLogSqrt2Pi = 0.5 * std::log(2 * M_PI);

Var normal_lpdf(const Var& x, const Var& mu, const Var& sigma) {
  return -kLogSqrt2Pi - kt::log(sigma) - 0.5 * kt::sqr((x - mu) / sigma);
}

// log 2 + N(x | 0, s): the half-normal's density.
Var half_normal_lpdf(const Var& x, double s) { return std::log(2.0) + normal_lpdf(x, 0.0, s); }

Array matrix(const std::vector<double>& row_major, int rows, int cols) {
  Array a = Array::empty(kiln::DType::float64, {rows, cols});
  std::copy(row_major.begin(), row_major.end(), a.data<double>());
  return a;
}

Var normal_iid_logp(const NormalIIDData& d, const Var& mu, const Var& log_sigma) {
  Var sigma = kt::exp(log_sigma);
  Var y = kt::constant(Array(d.y), "y");
  return normal_lpdf(mu, 0.0, 10.0) + half_normal_lpdf(sigma, 5.0) + log_sigma + kt::sum(normal_lpdf(y, mu, sigma));
}

Var logistic_logp(const LogisticData& d, const Var& alpha, const Var& beta) {
  Var x = kt::constant(matrix(d.x, d.n, d.k), "X");
  Var y = kt::constant(Array(d.y), "y");
  Var eta = alpha + kt::dot(x, beta);
  return kt::sum(y * eta - kt::softplus(eta)) + normal_lpdf(alpha, 0.0, 1.0) + kt::sum(normal_lpdf(beta, 0.0, 1.0));
}

Var eight_schools_logp(const EightSchoolsData& d, const Var& mu, const Var& log_tau, const Var& theta_tilde) {
  Var tau = kt::exp(log_tau);
  Var y = kt::constant(Array(d.y), "y"), sigma = kt::constant(Array(d.sigma), "sigma");
  Var half_cauchy = std::log(2.0 / M_PI) - std::log(5.0) - kt::log1p(kt::sqr(tau / 5.0));
  return normal_lpdf(mu, 0.0, 5.0) + half_cauchy + log_tau + kt::sum(normal_lpdf(theta_tilde, 0.0, 1.0)) +
         kt::sum(normal_lpdf(y, mu + tau * theta_tilde, sigma));
}

Var hierarchical_logp(const HierarchicalData& d, const Var& mu_a, const Var& log_sigma_a, const Var& b,
                      const Var& log_sigma_y, const Var& a) {
  Var sigma_a = kt::exp(log_sigma_a), sigma_y = kt::exp(log_sigma_y);
  Var group = kt::constant(Array(d.group), "group");
  Var x = kt::constant(Array(d.x), "x"), y = kt::constant(Array(d.y), "y");
  return normal_lpdf(mu_a, 0.0, 10.0) + half_normal_lpdf(sigma_a, 5.0) + log_sigma_a + normal_lpdf(b, 0.0, 1.0) +
         half_normal_lpdf(sigma_y, 5.0) + log_sigma_y + kt::sum(normal_lpdf(a, mu_a, sigma_a)) +
         kt::sum(normal_lpdf(y, a[group] + b * x, sigma_y));
}

// One Function of theta's parts returning (logp, d logp / d part...).
kiln::pm::LogpGradFunction compile_parts(const std::vector<Var>& parts, const std::vector<kiln::Shape>& shapes,
                                         const Var& logp) {
  std::vector<Var> outputs{logp};
  for (const Var& g : kiln::grad(logp, parts)) outputs.push_back(g);
  return {kiln::function(parts, outputs, {.trust_input = true, .fixed_shapes = true}), shapes};
}

FlatLogpGrad compile_flat(const Var& theta, const Var& logp, std::int64_t dim) {
  auto f = std::make_shared<kiln::Function>(kiln::function({theta}, {logp, kiln::grad(logp, theta)}));
  return [f, dim](const double* t, double* g) {
    double lp = 0;
    f->call_into({Array::view(&lp, {}), Array::view(g, {dim})}, Array::view(const_cast<double*>(t), {dim}));
    return lp;
  };
}

}  // namespace

namespace graph {

kiln::pm::LogpGradFunction normal_iid(const NormalIIDData& d) {
  Var mu = kt::scalar("mu"), log_sigma = kt::scalar("log_sigma");
  return compile_parts({mu, log_sigma}, {{}, {}}, normal_iid_logp(d, mu, log_sigma));
}

kiln::pm::LogpGradFunction logistic(const LogisticData& d) {
  Var alpha = kt::scalar("alpha"), beta = kt::vector("beta");
  return compile_parts({alpha, beta}, {{}, {d.k}}, logistic_logp(d, alpha, beta));
}

kiln::pm::LogpGradFunction eight_schools(const EightSchoolsData& d) {
  Var mu = kt::scalar("mu"), log_tau = kt::scalar("log_tau"), theta_tilde = kt::vector("theta_tilde");
  return compile_parts({mu, log_tau, theta_tilde}, {{}, {}, {8}}, eight_schools_logp(d, mu, log_tau, theta_tilde));
}

kiln::pm::LogpGradFunction hierarchical(const HierarchicalData& d) {
  Var mu_a = kt::scalar("mu_a"), log_sigma_a = kt::scalar("log_sigma_a"), b = kt::scalar("b"),
      log_sigma_y = kt::scalar("log_sigma_y"), a = kt::vector("a");
  return compile_parts({mu_a, log_sigma_a, b, log_sigma_y, a}, {{}, {}, {}, {}, {d.j}},
                       hierarchical_logp(d, mu_a, log_sigma_a, b, log_sigma_y, a));
}

}  // namespace graph

namespace flat {

FlatLogpGrad normal_iid(const NormalIIDData& d) {
  Var theta = kt::vector("theta");
  return compile_flat(theta, normal_iid_logp(d, theta[0], theta[1]), 2);
}

FlatLogpGrad logistic(const LogisticData& d) {
  Var theta = kt::vector("theta");
  return compile_flat(theta, logistic_logp(d, theta[0], theta[kt::slice(1, 1 + d.k)]), 1 + d.k);
}

FlatLogpGrad eight_schools(const EightSchoolsData& d) {
  Var theta = kt::vector("theta");
  return compile_flat(theta, eight_schools_logp(d, theta[0], theta[1], theta[kt::slice(2, 10)]), 10);
}

FlatLogpGrad hierarchical(const HierarchicalData& d) {
  Var theta = kt::vector("theta");
  return compile_flat(theta, hierarchical_logp(d, theta[0], theta[1], theta[2], theta[3], theta[kt::slice(4, 4 + d.j)]),
                      4 + d.j);
}

}  // namespace flat

}  // namespace anchor
