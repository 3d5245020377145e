// bs_model: a kiln model as BridgeStan's clients see it. The pm::Model the model source built,
// its compiled log-density with gradient (with and without the log-Jacobians), the names and
// sizes of both parameter scales, the maps between them, and second derivatives (Hessian-vector
// products, compiled on first use). The C functions (abi.cpp) call these and turn exceptions
// into error returns.
#pragma once

#include <kiln/bridgestan.h>
#include <kiln/data.hpp>
#include <kiln/kiln.hpp>
#include <kiln/random/generator.hpp>

#include <array>
#include <atomic>
#include <cmath>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

namespace kiln::bridgestan {

using ModelSource = void (*)(const Data& data);

// One value variable or constrained variable: where its scalars sit in a flat vector.
struct FlatPart {
  std::string name;
  Shape shape;
  std::size_t offset = 0;
  std::size_t size = 0;
};

// A lazily built graph or compiled function shared by all threads (the first caller builds it).
// Once built, a call reads `ready` alone: std::call_once costs a pthread_once and four TLS
// look-ups per call in a shared library, several times the rest of a call's overhead.
template <class F>
struct Lazy {
  std::once_flag once;
  std::unique_ptr<F> value;
  std::atomic<const F*> ready{nullptr};
};

}  // namespace kiln::bridgestan

class bs_model {
 public:
  bs_model(const char* data, unsigned int seed, std::string name, kiln::bridgestan::ModelSource source);

  const std::string& name() const { return name_; }
  const std::string& info() const { return info_; }
  const std::string& param_names(bool include_tp) const { return include_tp ? names_with_tp_ : names_; }
  const std::string& param_unc_names() const { return unc_names_; }
  std::size_t param_num(bool include_tp) const { return include_tp ? num_with_tp_ : num_; }
  std::size_t param_unc_num() const { return unc_num_; }

  // The hot path: logp with its gradient. A non-finite logp is checked (theta not finite, a
  // failed parameter check: both throw); a -inf that is neither is returned. Inline, with the
  // compiled function's look-up, so that the C function's call is the model's call.
  double log_density_gradient(bool jacobian, const double* theta_unc, double* grad) const {
    const kiln::pm::LogpGradFunction* f = jacobian ? with_jacobian_.get() : without_jacobian_.ready.load(std::memory_order_acquire);
    if (f == nullptr) [[unlikely]]
      f = &logp_grad_without_jacobian();
    const double lp = (*f)({theta_unc, unc_num_}, {grad, unc_num_});
    if (!std::isfinite(lp)) [[unlikely]]
      diagnose(jacobian, theta_unc);
    return lp;
  }
  double log_density(bool jacobian, const double* theta_unc) const;
  double log_density_hessian(bool jacobian, const double* theta_unc, double* grad, double* hessian) const;
  double log_density_hvp(bool jacobian, const double* theta_unc, const double* vector, double* hvp) const;

  void constrain(bool include_tp, const double* theta_unc, double* theta) const;
  void unconstrain(const double* theta, double* theta_unc) const;
  void unconstrain(const kiln::Data& values, double* theta_unc) const;
  void initialize(const kiln::Data& given, kiln::random::Generator& rng, double radius, int max_tries, bool jacobian,
                  double* theta_unc) const;

 private:
  const kiln::pm::LogpGradFunction& logp_grad_without_jacobian() const;  // compiled on first use
  // Throws naming why logp is not finite at theta_unc, when the reason is an error.
  void diagnose(bool jacobian, const double* theta_unc) const;
  std::vector<kiln::Array> value_views(const double* theta_unc) const;
  double second_order(bool jacobian, const double* theta_unc, const double* vector, double* grad, double* hvp) const;
  std::vector<double> unconstrain_point(const kiln::Point& constrained) const;

  std::string name_, info_;
  std::unique_ptr<kiln::pm::Model> model_;
  std::vector<kiln::Var> values_;
  std::vector<kiln::bridgestan::FlatPart> unc_parts_, free_parts_, tp_parts_;
  std::size_t unc_num_ = 0, num_ = 0, num_with_tp_ = 0;
  std::string names_, names_with_tp_, unc_names_;
  std::unique_ptr<kiln::pm::LogpGradFunction> with_jacobian_;
  // Built on first use: construction compiles only what a sampler calls first.
  mutable kiln::bridgestan::Lazy<kiln::pm::LogpGradFunction> without_jacobian_;
  mutable std::array<kiln::bridgestan::Lazy<kiln::Function>, 2> hvp_;
  mutable std::array<kiln::bridgestan::Lazy<kiln::Var>, 2> checked_logp_;  // with raising checks, for diagnose()
  mutable std::mutex build_mutex_;  // one lazy build at a time: a pm::Model is not built from two threads
};

class bs_rng {
 public:
  explicit bs_rng(unsigned int seed) : generator(seed) {}
  kiln::random::Generator generator;
};
