// Building a bs_model (the model source inside a fresh pm::Model, names and sizes of both
// scales, the compiled log-density with gradient) and its log-density calls.
#include "bridgestan/sampler_model.hpp"

#include "bridgestan/flat_names.hpp"
#include "bridgestan/model_info.hpp"

#include <kiln/logging.hpp>

#include <chrono>
#include <cmath>
#include <functional>
#include <optional>

using namespace kiln;
namespace pm = kiln::pm;

namespace kiln::bridgestan {
namespace {

double ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

// The shape of each variable, laid end to end: from its type where the type knows it, else
// from a point (`point` computes it, at most once) of values by name.
std::vector<FlatPart> parts_of(const std::vector<Var>& vars, const std::function<Point()>& point, std::size_t& offset) {
  std::vector<FlatPart> parts;
  std::optional<Point> values;
  for (const auto& var : vars) {
    Shape shape;
    for (const auto& dim : var.type().shape()) {
      if (!dim) break;
      shape.push_back(*dim);
    }
    if (shape.size() != var.type().shape().size()) {
      if (!values) values = point();
      shape = values->at(var.name()).shape();
    }
    const auto size = static_cast<std::size_t>(shape_size(shape));
    parts.push_back({var.name(), shape, offset, size});
    offset += size;
  }
  return parts;
}

template <class F, class Build>
const F& get_or_build(Lazy<F>& lazy, std::mutex& build_mutex, Build build) {
  if (const F* built = lazy.ready.load(std::memory_order_acquire)) return *built;
  std::call_once(lazy.once, [&] {
    std::lock_guard lock(build_mutex);
    lazy.value = std::make_unique<F>(build());
    lazy.ready.store(lazy.value.get(), std::memory_order_release);
  });
  return *lazy.value;
}

}  // namespace
}  // namespace kiln::bridgestan

using namespace kiln::bridgestan;

// `seed` is BridgeStan's seed for a Stan model's transformed data; a kiln model source draws
// nothing at construction, so it is unused.
bs_model::bs_model(const char* data, unsigned int /*seed*/, std::string name, ModelSource source)
    : name_(std::move(name)), model_(std::make_unique<pm::Model>()) {
  const auto start = std::chrono::steady_clock::now();
  const Data values = Data::from_argument(data);
  {
    pm::ModelContext context(*model_);
    source(values);
  }
  values_ = model_->value_vars();
  // Shapes the types leave open come from the model's points, which cost a compile.
  unc_parts_ = parts_of(values_, [&] { return model_->initial_point(); }, unc_num_);
  auto constrained = [&] { return model_->constrain(std::vector<double>(unc_num_, 0.0)); };
  free_parts_ = parts_of(model_->free_RVs(), constrained, num_);
  num_with_tp_ = num_;
  tp_parts_ = parts_of(model_->deterministics(), constrained, num_with_tp_);
  unc_names_ = joined_names(unc_parts_);
  names_ = joined_names(free_parts_);
  names_with_tp_ = joined_names(free_parts_, tp_parts_);
  const double built_ms = ms_since(start);

  with_jacobian_ = std::make_unique<pm::LogpGradFunction>(model_->compile_logp_dlogp(true));
  info_ = model_info(name_);
  if (log_enabled("bridgestan", LogLevel::debug))
    log("bridgestan", LogLevel::debug,
        "bs_model_construct(" + name_ + "): model built in " + std::to_string(built_ms) +
            " ms, logp and gradient compiled in " + std::to_string(ms_since(start) - built_ms) + " ms");
}

const pm::LogpGradFunction& bs_model::logp_grad_without_jacobian() const {
  return get_or_build(without_jacobian_, build_mutex_, [&] { return model_->compile_logp_dlogp(false); });
}

// The gradient goes to a buffer of the thread's, grown once, so a warm call allocates nothing.
double bs_model::log_density(bool jacobian, const double* theta_unc) const {
  thread_local std::vector<double> scratch;
  if (scratch.size() < unc_num_) scratch.resize(unc_num_);
  return log_density_gradient(jacobian, theta_unc, scratch.data());
}

// Reached only when logp is not finite: the compiled function turns a failed check into -inf,
// so the checked graph is evaluated here to tell a failed check from a point of zero density.
void bs_model::diagnose(bool jacobian, const double* theta_unc) const {
  for (std::size_t i = 0; i < unc_num_; ++i)
    if (!std::isfinite(theta_unc[i]))
      throw InputError("theta_unc[" + std::to_string(i) + "] (" + element_name(unc_parts_, i) + ") is " +
                       std::to_string(theta_unc[i]));
  Givens givens;
  const auto views = value_views(theta_unc);
  for (std::size_t k = 0; k < values_.size(); ++k) givens.emplace_back(values_[k], views[k]);
  try {
    const Var& checked = get_or_build(checked_logp_[jacobian], build_mutex_, [&] { return model_->logp({.jacobian = jacobian}); });
    evaluate({checked}, givens);
  } catch (const ParameterValueError& e) {
    throw ParameterValueError(std::string("a parameter check failed: ") + e.what());
  }
}

std::vector<Array> bs_model::value_views(const double* theta_unc) const {
  std::vector<Array> views;
  for (const auto& part : unc_parts_)
    views.push_back(Array::view_raw(DType::float64, const_cast<double*>(theta_unc + part.offset), part.shape, {}));
  return views;
}

// The Hessian column by column, each column H e_j an exact Hessian-vector product: one compiled
// function serves both calls, and it compiles far faster than kiln::jacobian's unrolled rows.
double bs_model::log_density_hessian(bool jacobian, const double* theta_unc, double* grad, double* hessian) const {
  std::vector<double> unit(unc_num_, 0.0), column(unc_num_);
  double lp = 0;
  for (std::size_t j = 0; j < unc_num_; ++j) {
    unit[j] = 1.0;
    lp = second_order(jacobian, theta_unc, unit.data(), grad, column.data());
    unit[j] = 0.0;
    for (std::size_t i = 0; i < unc_num_; ++i) hessian[i * unc_num_ + j] = column[i];
  }
  return unc_num_ == 0 ? second_order(jacobian, theta_unc, nullptr, grad, nullptr) : lp;
}

double bs_model::log_density_hvp(bool jacobian, const double* theta_unc, const double* vector, double* hvp) const {
  std::vector<double> grad(unc_num_);
  return second_order(jacobian, theta_unc, vector, grad.data(), hvp);
}

// logp, its gradient g and H v as the gradient of (g . v): one more reverse pass over the
// gradient's graph. The checked log-density: a failed parameter check raises.
double bs_model::second_order(bool jacobian, const double* theta_unc, const double* vector, double* grad,
                              double* hvp) const {
  if (unc_num_ == 0) return log_density(jacobian, theta_unc);  // nothing to differentiate
  const Function& f = get_or_build(hvp_[jacobian], build_mutex_, [&] {
    namespace kt = kiln::tensor;
    Var lp = model_->logp({.jacobian = jacobian});
    Var v = kt::vector("v");
    Var g = model_->dlogp(values_, jacobian);
    std::vector<Var> parts;
    for (const auto& p : kiln::grad(kt::sum(g * v), values_, {.disconnected_inputs = Disconnected::ignore}))
      parts.push_back(kt::flatten(p));
    std::vector<Var> inputs = values_;
    inputs.push_back(v);
    return function(inputs, {lp, g, parts.size() == 1 ? parts[0] : kt::concatenate(parts)}, {.fixed_shapes = true});
  });
  auto args = value_views(theta_unc);
  args.push_back(Array::view_raw(DType::float64, const_cast<double*>(vector), {static_cast<std::int64_t>(unc_num_)}, {}));
  const auto out = f.call_positional(std::move(args)).values();
  const auto g = out[1].to_vector<double>();
  const auto hv = out[2].to_vector<double>();
  std::copy(g.begin(), g.end(), grad);
  std::copy(hv.begin(), hv.end(), hvp);
  return out[0].item<double>();
}
