/* The C interface of a kiln model library (<name>_model.so): BridgeStan's ABI, version 2.9.0,
 * so a sampler written against BridgeStan loads a kiln model unchanged, plus two kiln calls: a
 * nutpie-shaped log-density callback and a batched log-density with gradient.
 *
 * Conventions (as BridgeStan's):
 * - Functions return 0 on success and -1 on failure (pointers: NULL). On failure, when
 *   `error_msg` is not NULL, *error_msg is a malloc'ed message naming the function and the
 *   cause; free it with bs_free_error_msg. A model stays usable after a failure.
 * - theta_unc is the unconstrained parameter vector (bs_param_unc_num values); theta the
 *   constrained one (bs_param_num values), in the order of bs_param_names.
 * - Names are comma-separated, one per scalar, row-major, 1-based and dotted: "theta_tilde.1".
 * - A model may be called from many threads at once; a bs_rng belongs to one thread.
 * - propto is accepted and ignored: kiln keeps every constant term, so the log-density is the
 *   same with propto true or false. Generated quantities: kiln models have none (include_gq
 *   adds nothing).
 */
#ifndef KILN_BRIDGESTAN_H
#define KILN_BRIDGESTAN_H

#ifdef __cplusplus
#include <cstddef>
class bs_model;
class bs_rng;
extern "C" {
#else
#include <stdbool.h>
#include <stddef.h>
typedef struct bs_model bs_model;
typedef struct bs_rng bs_rng;
#endif

#define KILN_BS_EXPORT __attribute__((visibility("default")))

/* 2, 9, 0: the BridgeStan interface version these libraries implement. */
KILN_BS_EXPORT extern const int bs_major_version;
KILN_BS_EXPORT extern const int bs_minor_version;
KILN_BS_EXPORT extern const int bs_patch_version;

/* Builds the model: reads `data` (NULL or "": none; "*.json": a file; else JSON text in CmdStan's
 * format), runs the model source's kiln_model, and compiles its log-density and gradient. */
KILN_BS_EXPORT bs_model* bs_model_construct(const char* data, unsigned int seed, char** error_msg);
KILN_BS_EXPORT void bs_model_destruct(bs_model* m);
KILN_BS_EXPORT void bs_free_error_msg(char* error_msg);

/* Strings owned by the model (valid until bs_model_destruct). */
KILN_BS_EXPORT const char* bs_name(const bs_model* m);
KILN_BS_EXPORT const char* bs_model_info(const bs_model* m);
/* The free random variables, then (include_tp) the Deterministics. */
KILN_BS_EXPORT const char* bs_param_names(const bs_model* m, bool include_tp, bool include_gq);
/* The value variables: "tau_log__". */
KILN_BS_EXPORT const char* bs_param_unc_names(const bs_model* m);
KILN_BS_EXPORT int bs_param_num(const bs_model* m, bool include_tp, bool include_gq);
KILN_BS_EXPORT int bs_param_unc_num(const bs_model* m);

/* Between the scales. `rng` may be NULL (kiln models have no generated quantities). */
KILN_BS_EXPORT int bs_param_constrain(const bs_model* m, bool include_tp, bool include_gq, const double* theta_unc,
                                      double* theta, bs_rng* rng, char** error_msg);
KILN_BS_EXPORT int bs_param_unconstrain(const bs_model* m, const double* theta, double* theta_unc, char** error_msg);
/* Constrained values by name, as JSON in CmdStan's format. */
KILN_BS_EXPORT int bs_param_unconstrain_json(const bs_model* m, const char* json, double* theta_unc,
                                             char** error_msg);
/* The values `json` gives (may be NULL), the others uniform in [-init_radius, init_radius) on the
 * unconstrained scale from `rng`, redrawn up to max_tries times until the log-density is finite. */
KILN_BS_EXPORT int bs_param_initialize(const bs_model* m, const char* json, bs_rng* rng, double init_radius,
                                       int max_tries, bool jacobian, double* theta_unc, char** error_msg);

/* The log-density (with the transforms' log-Jacobians when `jacobian`), its gradient, a
 * Hessian-vector product (one more reverse pass over the gradient's graph), and the Hessian
 * (row-major n x n, one such exact product per column). A failed parameter check is an error. */
KILN_BS_EXPORT int bs_log_density(const bs_model* m, bool propto, bool jacobian, const double* theta_unc, double* lp,
                                  char** error_msg);
KILN_BS_EXPORT int bs_log_density_gradient(const bs_model* m, bool propto, bool jacobian, const double* theta_unc,
                                           double* lp, double* grad, char** error_msg);
KILN_BS_EXPORT int bs_log_density_hessian(const bs_model* m, bool propto, bool jacobian, const double* theta_unc,
                                          double* lp, double* grad, double* hessian, char** error_msg);
KILN_BS_EXPORT int bs_log_density_hessian_vector_product(const bs_model* m, bool propto, bool jacobian,
                                                         const double* theta_unc, const double* vector, double* lp,
                                                         double* hvp, char** error_msg);

/* kiln's NumPy-exact generator (default_rng(seed)); one per thread. */
KILN_BS_EXPORT bs_rng* bs_rng_construct(unsigned int seed, char** error_msg);
KILN_BS_EXPORT void bs_rng_destruct(bs_rng* rng);

/* kiln's log lines go to `callback` (called under a mutex) instead of stderr; NULL restores stderr. */
typedef void (*STREAM_CALLBACK)(const char* data, size_t size);
KILN_BS_EXPORT int bs_set_print_callback(STREAM_CALLBACK callback, char** error_msg);

/* nutpie's log-density callback: `model` is a bs_model*; the log-density with its Jacobian.
 * Returns 0 on success, a positive code when the sampler should reject the point (1: the
 * log-density or gradient is not finite, 2: a parameter check failed), and a negative one for
 * a fatal error (-1: `dim` is not bs_param_unc_num, -2: another error). */
KILN_BS_EXPORT int kiln_logp_callback(size_t dim, const double* x, double* grad, double* logp, const void* model);

/* The log-density and gradient at n points (theta: n rows of bs_param_unc_num values; lp: n
 * values; grad: n rows), spread over a pool of KILN_NUM_THREADS threads (default: the
 * hardware's) when the rows would take at least KILN_BATCH_SPLIT_NS nanoseconds on one thread
 * (default 10000, judged by timing the first rows; 0 splits every batch); a shorter batch runs
 * on the calling thread. Fails (-1) when any point fails; the message names the first such
 * point. */
KILN_BS_EXPORT int kiln_log_density_gradient_batch(const bs_model* m, bool propto, bool jacobian, size_t n,
                                                   const double* theta, double* lp, double* grad, char** error_msg);

#ifdef __cplusplus
}
#endif

#endif /* KILN_BRIDGESTAN_H */
