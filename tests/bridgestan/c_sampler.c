/* A minimal HMC sampler in C11, written against BridgeStan's own header, sampling a kiln model
 * library whose posterior is known: mu | y ~ Normal(sum(y) / (n + 1/100), 1 / (n + 1/100)) and
 * tau ~ Exponential(1) (mean 1), drawn on the unconstrained scale and mapped back with
 * bs_param_constrain. */
#include "bridgestan.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t state = 0x9E3779B97F4A7C15u;
static double uniform(void) { /* xorshift64*, in (0, 1) */
  state ^= state >> 12;
  state ^= state << 25;
  state ^= state >> 27;
  return ((double)((state * 0x2545F4914F6CDD1Du) >> 11) + 0.5) * 0x1.0p-53;
}
static double normal(void) { return sqrt(-2 * log(uniform())) * cos(6.283185307179586 * uniform()); }

static double logp_grad(bs_model* m, const double* q, double* g) {
  double lp;
  char* err = NULL;
  if (bs_log_density_gradient(m, false, true, q, &lp, g, &err) != 0) {
    fprintf(stderr, "%s\n", err);
    bs_free_error_msg(err);
    return -INFINITY;
  }
  return lp;
}

int main(void) {
  const double y[10] = {1.2, 0.4, 2.1, 1.7, 0.9, 1.1, 1.6, 0.3, 1.4, 1.3};
  char data[256], *err = NULL;
  double sum_y = 0;
  int len = snprintf(data, sizeof data, "{\"y\": [");
  for (int i = 0; i < 10; ++i) {
    len += snprintf(data + len, sizeof data - (size_t)len, "%s%.17g", i ? ", " : "", y[i]);
    sum_y += y[i];
  }
  snprintf(data + len, sizeof data - (size_t)len, "]}");
  bs_model* m = bs_model_construct(data, 0, &err);
  if (!m || bs_param_unc_num(m) != 2) return 1;

  const int draws = 20000, warmup = 1000, steps = 10;
  const double eps = 0.15;
  double q[2] = {0, 0}, g[2], lp = logp_grad(m, q, g), sum_mu = 0, sum_tau = 0;
  int accepted = 0;
  for (int it = 0; it < warmup + draws; ++it) {
    double p[2] = {normal(), normal()}, qn[2] = {q[0], q[1]}, gn[2] = {g[0], g[1]}, lpn = lp;
    const double h0 = -lp + 0.5 * (p[0] * p[0] + p[1] * p[1]);
    for (int s = 0; s < steps; ++s) { /* leapfrog */
      for (int k = 0; k < 2; ++k) p[k] += 0.5 * eps * gn[k];
      for (int k = 0; k < 2; ++k) qn[k] += eps * p[k];
      lpn = logp_grad(m, qn, gn);
      for (int k = 0; k < 2; ++k) p[k] += 0.5 * eps * gn[k];
    }
    const double h1 = -lpn + 0.5 * (p[0] * p[0] + p[1] * p[1]);
    if (isfinite(lpn) && log(uniform()) < h0 - h1) {
      q[0] = qn[0], q[1] = qn[1], g[0] = gn[0], g[1] = gn[1], lp = lpn;
      accepted += it >= warmup;
    }
    if (it >= warmup) {
      double theta[2];
      if (bs_param_constrain(m, false, false, q, theta, NULL, &err) != 0) return 1;
      sum_mu += theta[0];
      sum_tau += theta[1];
    }
  }
  const double mean_mu = sum_mu / draws, mean_tau = sum_tau / draws;
  const double want_mu = sum_y / (10 + 0.01);
  printf("C sampler: E[mu] %.4f (exact %.4f), E[tau] %.4f (exact 1), acceptance %.2f\n", mean_mu, want_mu, mean_tau,
         (double)accepted / draws);
  bs_model_destruct(m);
  /* Monte Carlo error: sd(mu) = 0.32 and sd(tau) = 1 over thousands of effective draws. */
  return fabs(mean_mu - want_mu) < 0.03 && fabs(mean_tau - 1.0) < 0.06 ? 0 : 1;
}
