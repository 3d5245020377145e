// The C functions of a model library: each checks its pointers, calls bs_model, and turns any
// exception into -1 (or NULL) with a malloc'ed message "<function>: <cause>". Linked whole into
// every <name>_model.so, where the model source supplies kiln_model and the build (kiln_add_model,
// kiln-model) kiln_model_name.
#include "bridgestan/sampler_model.hpp"
#include "bridgestan/thread_pool.hpp"

#include <kiln/bridgestan.h>
#include <kiln/logging.hpp>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <mutex>

// From the model source (kiln/bridgestan.hpp); hidden, so each library binds its own.
__attribute__((visibility("hidden"))) void kiln_model(const kiln::Data& data);
// bs_name's answer, from kiln_add_model's and kiln-model's name source (or default_name.cpp).
// Of unknown length here: a length seen here would let the compiler bound strlen by it.
extern "C" __attribute__((visibility("hidden"))) const char kiln_model_name[];

extern "C" {
const int bs_major_version = 2;
const int bs_minor_version = 9;
const int bs_patch_version = 0;
}

namespace {

int fail(char** error_msg, const char* function, const char* cause) {
  if (error_msg != nullptr) {
    const std::string message = std::string(function) + ": " + cause;
    *error_msg = static_cast<char*>(std::malloc(message.size() + 1));
    if (*error_msg != nullptr) std::memcpy(*error_msg, message.c_str(), message.size() + 1);
  }
  return -1;
}

[[noreturn, gnu::cold]] void null_argument(const char* what) { throw kiln::InputError(std::string(what) + " is NULL"); }

// Inlined: four of them guard each log-density call.
inline void require(const void* pointer, const char* what) {
  if (pointer == nullptr) [[unlikely]]
    null_argument(what);
}

// Runs `body`, giving 0, or -1 with the message of whatever it threw.
template <class Body>
int guarded(const char* function, char** error_msg, Body body) {
  try {
    body();
    return 0;
  } catch (const std::exception& e) {
    return fail(error_msg, function, e.what());
  } catch (...) {
    return fail(error_msg, function, "unknown exception");
  }
}

}  // namespace

extern "C" {

bs_model* bs_model_construct(const char* data, unsigned int seed, char** error_msg) {
  bs_model* model = nullptr;
  guarded("bs_model_construct", error_msg, [&] { model = new bs_model(data, seed, kiln_model_name, &kiln_model); });
  return model;
}

void bs_model_destruct(bs_model* m) { delete m; }

void bs_free_error_msg(char* error_msg) { std::free(error_msg); }

const char* bs_name(const bs_model* m) { return m ? m->name().c_str() : nullptr; }

const char* bs_model_info(const bs_model* m) { return m ? m->info().c_str() : nullptr; }

const char* bs_param_names(const bs_model* m, bool include_tp, bool /*include_gq*/) {
  return m ? m->param_names(include_tp).c_str() : nullptr;
}

const char* bs_param_unc_names(const bs_model* m) { return m ? m->param_unc_names().c_str() : nullptr; }

int bs_param_num(const bs_model* m, bool include_tp, bool /*include_gq*/) {
  return m ? static_cast<int>(m->param_num(include_tp)) : -1;
}

int bs_param_unc_num(const bs_model* m) { return m ? static_cast<int>(m->param_unc_num()) : -1; }

int bs_param_constrain(const bs_model* m, bool include_tp, bool /*include_gq*/, const double* theta_unc, double* theta,
                       bs_rng* /*rng*/, char** error_msg) {
  return guarded("bs_param_constrain", error_msg, [&] {
    require(m, "the model");
    require(theta_unc, "theta_unc");
    require(theta, "theta");
    m->constrain(include_tp, theta_unc, theta);
  });
}

int bs_param_unconstrain(const bs_model* m, const double* theta, double* theta_unc, char** error_msg) {
  return guarded("bs_param_unconstrain", error_msg, [&] {
    require(m, "the model");
    require(theta, "theta");
    require(theta_unc, "theta_unc");
    m->unconstrain(theta, theta_unc);
  });
}

int bs_param_unconstrain_json(const bs_model* m, const char* json, double* theta_unc, char** error_msg) {
  return guarded("bs_param_unconstrain_json", error_msg, [&] {
    require(m, "the model");
    require(json, "json");
    require(theta_unc, "theta_unc");
    m->unconstrain(kiln::Data::parse(json), theta_unc);
  });
}

int bs_param_initialize(const bs_model* m, const char* json, bs_rng* rng, double init_radius, int max_tries,
                        bool jacobian, double* theta_unc, char** error_msg) {
  return guarded("bs_param_initialize", error_msg, [&] {
    require(m, "the model");
    require(rng, "rng");
    require(theta_unc, "theta_unc");
    m->initialize(kiln::Data::from_argument(json), rng->generator, init_radius, max_tries, jacobian, theta_unc);
  });
}

int bs_log_density(const bs_model* m, bool /*propto*/, bool jacobian, const double* theta_unc, double* lp,
                   char** error_msg) {
  return guarded("bs_log_density", error_msg, [&] {
    require(m, "the model");
    require(theta_unc, "theta_unc");
    require(lp, "lp");
    *lp = m->log_density(jacobian, theta_unc);
  });
}

int bs_log_density_gradient(const bs_model* m, bool /*propto*/, bool jacobian, const double* theta_unc, double* lp,
                            double* grad, char** error_msg) {
  return guarded("bs_log_density_gradient", error_msg, [&] {
    require(m, "the model");
    require(theta_unc, "theta_unc");
    require(lp, "lp");
    require(grad, "grad");
    *lp = m->log_density_gradient(jacobian, theta_unc, grad);
  });
}

int bs_log_density_hessian(const bs_model* m, bool /*propto*/, bool jacobian, const double* theta_unc, double* lp,
                           double* grad, double* hessian, char** error_msg) {
  return guarded("bs_log_density_hessian", error_msg, [&] {
    require(m, "the model");
    require(theta_unc, "theta_unc");
    require(lp, "lp");
    require(grad, "grad");
    require(hessian, "hessian");
    *lp = m->log_density_hessian(jacobian, theta_unc, grad, hessian);
  });
}

int bs_log_density_hessian_vector_product(const bs_model* m, bool /*propto*/, bool jacobian, const double* theta_unc,
                                          const double* vector, double* lp, double* hvp, char** error_msg) {
  return guarded("bs_log_density_hessian_vector_product", error_msg, [&] {
    require(m, "the model");
    require(theta_unc, "theta_unc");
    require(vector, "vector");
    require(lp, "lp");
    require(hvp, "hvp");
    *lp = m->log_density_hvp(jacobian, theta_unc, vector, hvp);
  });
}

bs_rng* bs_rng_construct(unsigned int seed, char** error_msg) {
  bs_rng* rng = nullptr;
  guarded("bs_rng_construct", error_msg, [&] { rng = new bs_rng(seed); });
  return rng;
}

void bs_rng_destruct(bs_rng* rng) { delete rng; }

int bs_set_print_callback(STREAM_CALLBACK callback, char** error_msg) {
  return guarded("bs_set_print_callback", error_msg, [&] {
    if (callback == nullptr)
      kiln::set_log_callback(nullptr);
    else
      kiln::set_log_callback([callback](std::string_view line) { callback(line.data(), line.size()); });
  });
}

int kiln_logp_callback(size_t dim, const double* x, double* grad, double* logp, const void* model) {
  const auto* m = static_cast<const bs_model*>(model);
  if (m == nullptr || x == nullptr || grad == nullptr || logp == nullptr) return -2;
  if (dim != m->param_unc_num()) return -1;
  try {
    *logp = m->log_density_gradient(true, x, grad);
    return std::isfinite(*logp) ? 0 : 1;
  } catch (const kiln::ParameterValueError&) {
    return 2;
  } catch (const kiln::InputError&) {  // x not finite: the sampler's step diverged
    return 1;
  } catch (...) {
    return -2;
  }
}

}  // extern "C"

namespace {

struct Batch {
  const bs_model* model;
  bool jacobian;
  std::size_t dim;
  const double* theta;
  double* lp;
  double* grad;
  std::mutex mutex;
  std::size_t first_failure = SIZE_MAX;
  std::string message;
};

void batch_chunk(void* context, std::size_t begin, std::size_t end) {
  auto& batch = *static_cast<Batch*>(context);
  for (std::size_t i = begin; i < end; ++i) {
    try {
      batch.lp[i] = batch.model->log_density_gradient(batch.jacobian, batch.theta + i * batch.dim, batch.grad + i * batch.dim);
    } catch (const std::exception& e) {
      std::lock_guard lock(batch.mutex);
      if (i < batch.first_failure) {
        batch.first_failure = i;
        batch.message = "point " + std::to_string(i) + ": " + e.what();
      }
    }
  }
}

}  // namespace

extern "C" int kiln_log_density_gradient_batch(const bs_model* m, bool /*propto*/, bool jacobian, size_t n,
                                               const double* theta, double* lp, double* grad, char** error_msg) {
  return guarded("kiln_log_density_gradient_batch", error_msg, [&] {
    require(m, "the model");
    if (n == 0) return;
    require(theta, "theta");
    require(lp, "lp");
    require(grad, "grad");
    Batch batch{m, jacobian, m->param_unc_num(), theta, lp, grad, {}, SIZE_MAX, {}};
    kiln::bridgestan::ThreadPool::shared().run(n, batch_chunk, &batch);
    if (batch.first_failure != SIZE_MAX) throw kiln::Error(batch.message);
  });
}
