/* A C11 sampler client compiled against BridgeStan's own header (shared/reference/bridgestan), and
 * again against kiln's (include/kiln/bridgestan.h),
 * linked to a kiln model library: it proves the two declarations agree, and checks eight
 * schools through the ABI against shared/baselines/reference_values.txt.
 * usage: c_client <eight_schools.json> <reference_values.txt> */
#include "bridgestan.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;
#define CHECK(cond)                                                  \
  do {                                                               \
    if (!(cond)) {                                                   \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                    \
    }                                                                \
  } while (0)

static double rel_err(double a, double b) {
  double scale = fmax(fabs(a), fabs(b));
  return scale == 0 ? 0 : fabs(a - b) / scale;
}

/* The `eight_schools_nc` line: name dim logp g0 g1 ... */
static int read_reference(const char* path, double* logp, double* grad, int dim) {
  FILE* f = fopen(path, "r");
  if (!f) return -1;
  char name[128];
  int n;
  while (fscanf(f, "%127s %d", name, &n) == 2) {
    double values[128];
    for (int i = 0; i < n + 1 && i < 128; ++i)
      if (fscanf(f, "%lf", &values[i]) != 1) break;
    if (strcmp(name, "eight_schools_nc") == 0 && n == dim) {
      *logp = values[0];
      memcpy(grad, values + 1, sizeof(double) * (size_t)dim);
      fclose(f);
      return 0;
    }
  }
  fclose(f);
  return -1;
}

int main(int argc, char** argv) {
  if (argc != 3) return 2;
  CHECK(bs_major_version == 2 && bs_minor_version == 9 && bs_patch_version == 0);
  char* err = NULL;
  bs_model* model = bs_model_construct(argv[1], 0, &err);
  if (!model) {
    fprintf(stderr, "construct failed: %s\n", err ? err : "?");
    bs_free_error_msg(err);
    return 1;
  }
  CHECK(strcmp(bs_name(model), "eight_schools") == 0);
  CHECK(strstr(bs_model_info(model), "kiln") != NULL);
  CHECK(bs_param_unc_num(model) == 10);
  CHECK(bs_param_num(model, false, false) == 10);
  CHECK(bs_param_num(model, true, false) == 18);
  CHECK(strncmp(bs_param_names(model, false, false), "mu,tau,theta_tilde.1,", 21) == 0);
  CHECK(strncmp(bs_param_unc_names(model), "mu,tau_log__,theta_tilde.1", 26) == 0);

  double theta[10] = {4.0, 1.0}, grad[10], lp = 0, want_lp = 0, want_grad[10];
  for (int j = 0; j < 8; ++j) theta[2 + j] = (j - 3.5) / 4;
  CHECK(read_reference(argv[2], &want_lp, want_grad, 10) == 0);
  CHECK(bs_log_density_gradient(model, false, true, theta, &lp, grad, &err) == 0);
  CHECK(rel_err(lp, want_lp) <= 1e-12);
  for (int i = 0; i < 10; ++i) CHECK(rel_err(grad[i], want_grad[i]) <= 1e-12);

  /* An error is -1 with a message naming the function. */
  theta[0] = NAN;
  CHECK(bs_log_density(model, false, true, theta, &lp, &err) == -1);
  CHECK(err != NULL && strncmp(err, "bs_log_density: ", 16) == 0);
  bs_free_error_msg(err);

  bs_rng* rng = bs_rng_construct(1, &err);
  CHECK(rng != NULL);
  double out[18];
  theta[0] = 4.0;
  CHECK(bs_param_constrain(model, true, false, theta, out, rng, &err) == 0);
  CHECK(fabs(out[1] - exp(1.0)) < 1e-15);
  bs_rng_destruct(rng);
  bs_model_destruct(model);
  if (failures == 0) printf("C client: eight schools through the reference header agrees\n");
  return failures == 0 ? 0 : 1;
}
