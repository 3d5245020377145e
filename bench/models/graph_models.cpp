// The anchor models as hand-built kiln graphs: inputs are theta's parts (scalars and vectors),
// logp is written from kt:: ops as in shared/baselines/README.md, and one Function returns
// logp and kiln::grad of it. Called through pm::LogpGradFunction, the model layer's own
// calling convention, so the model-layer comparison differs only in the graph.
#include "kiln_models.hpp"

#include <algorithm>
#include <cmath>

namespace anchor::graph {

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

// One Function of theta's parts returning (logp, d logp / d part...).
kiln::pm::LogpGradFunction compile(const std::vector<Var>& parts, const std::vector<kiln::Shape>& shapes,
                                   const Var& logp) {
  std::vector<Var> outputs{logp};
  for (const Var& g : kiln::grad(logp, parts)) outputs.push_back(g);
  return {kiln::function(parts, outputs, {.trust_input = true, .fixed_shapes = true}), shapes};
}

}  // namespace

kiln::pm::LogpGradFunction normal_iid(const NormalIIDData& d) {
  Var mu = kt::scalar("mu"), log_sigma = kt::scalar("log_sigma");
  Var sigma = kt::exp(log_sigma);
  Var y = kt::constant(Array(d.y), "y");
  Var logp = normal_lpdf(mu, 0.0, 10.0) + half_normal_lpdf(sigma, 5.0) + log_sigma + kt::sum(normal_lpdf(y, mu, sigma));
  return compile({mu, log_sigma}, {{}, {}}, logp);
}

kiln::pm::LogpGradFunction logistic(const LogisticData& d) {
  Var alpha = kt::scalar("alpha"), beta = kt::vector("beta");
  Var x = kt::constant(matrix(d.x, d.n, d.k), "X");
  Var y = kt::constant(Array(d.y), "y");
  Var eta = alpha + kt::dot(x, beta);
  Var logp = kt::sum(y * eta - kt::softplus(eta)) + normal_lpdf(alpha, 0.0, 1.0) + kt::sum(normal_lpdf(beta, 0.0, 1.0));
  return compile({alpha, beta}, {{}, {d.k}}, logp);
}

kiln::pm::LogpGradFunction eight_schools(const EightSchoolsData& d) {
  Var mu = kt::scalar("mu"), log_tau = kt::scalar("log_tau"), theta_tilde = kt::vector("theta_tilde");
  Var tau = kt::exp(log_tau);
  Var y = kt::constant(Array(d.y), "y"), sigma = kt::constant(Array(d.sigma), "sigma");
  Var half_cauchy = std::log(2.0 / M_PI) - std::log(5.0) - kt::log1p(kt::sqr(tau / 5.0));
  Var logp = normal_lpdf(mu, 0.0, 5.0) + half_cauchy + log_tau + kt::sum(normal_lpdf(theta_tilde, 0.0, 1.0)) +
             kt::sum(normal_lpdf(y, mu + tau * theta_tilde, sigma));
  return compile({mu, log_tau, theta_tilde}, {{}, {}, {8}}, logp);
}

kiln::pm::LogpGradFunction hierarchical(const HierarchicalData& d) {
  Var mu_a = kt::scalar("mu_a"), log_sigma_a = kt::scalar("log_sigma_a"), b = kt::scalar("b"),
      log_sigma_y = kt::scalar("log_sigma_y"), a = kt::vector("a");
  Var sigma_a = kt::exp(log_sigma_a), sigma_y = kt::exp(log_sigma_y);
  Var group = kt::constant(Array(d.group), "group");
  Var x = kt::constant(Array(d.x), "x"), y = kt::constant(Array(d.y), "y");
  Var logp = normal_lpdf(mu_a, 0.0, 10.0) + half_normal_lpdf(sigma_a, 5.0) + log_sigma_a + normal_lpdf(b, 0.0, 1.0) +
             half_normal_lpdf(sigma_y, 5.0) + log_sigma_y + kt::sum(normal_lpdf(a, mu_a, sigma_a)) +
             kt::sum(normal_lpdf(y, a[group] + b * x, sigma_y));
  return compile({mu_a, log_sigma_a, b, log_sigma_y, a}, {{}, {}, {}, {}, {d.j}}, logp);
}

}  // namespace anchor::graph
