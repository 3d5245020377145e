// The ops that bound a scalar distribution's draws to [lower, upper], element by element:
// Censored clips each draw (PyMC's clip(dist, lower, upper)); Truncated redraws until the draw
// falls inside (PyMC's rejection sampling, at most max_steps draws per element).
#include "random/rv_pymc.hpp"

#include "random/parameter_checks.hpp"
#include "random/rv_batch_draw.hpp"
#include "random/rv_scalar.hpp"

#include <kiln/errors.hpp>

#include <algorithm>
#include <map>
#include <mutex>

namespace kiln::random {

namespace {

enum class Bound { clip, reject };

constexpr int max_steps = 10000;
constexpr std::size_t max_inner_params = 8;

// One element of the inner distribution, as a double (an integer draw converted).
double draw_one(GeneratorState& s, const ScalarDistribution& d, ParamValues v) {
  return d.dtype == DType::float64 ? d.draw_real(s, v) : static_cast<double>(d.draw_integer(s, v));
}

// The batch-draw entries (rv_batch_draw.hpp): the context is the inner ScalarDistribution; the
// params are its params, then lower and upper.
template <Bound bound>
std::int32_t draw_bounded(GeneratorState* s, const void* context, void* out, std::int64_t, std::int64_t, std::int64_t,
                          const DrawParam* params) {
  const auto& d = *static_cast<const ScalarDistribution*>(context);
  const std::size_t n = d.params.size();
  double real[max_inner_params];
  std::int64_t integer[max_inner_params];
  read_scalar_params(params, n, real, integer);
  const ParamValues v{real, integer};
  try {
    check_scalar_parameters(d, v);
  } catch (const std::exception&) {
    return draw_bad_parameters;
  }
  const double lower = param_real(params[n], 0), upper = param_real(params[n + 1], 0);
  double x = 0;
  try {
    x = draw_one(*s, d, v);
    if constexpr (bound == Bound::clip) {
      x = std::clamp(x, lower, upper);
    } else {
      for (int steps = 1; (x < lower || x > upper) && steps < max_steps; ++steps) x = draw_one(*s, d, v);
      if (x < lower || x > upper) return draw_no_convergence;
    }
  } catch (const std::exception&) {  // a hurdle's own truncation did not converge
    return draw_no_convergence;
  }
  if (d.dtype == DType::float64)
    *static_cast<double*>(out) = x;
  else
    *static_cast<std::int64_t*>(out) = static_cast<std::int64_t>(x);
  return draw_done;
}

// Censored around an inner drawn in passes (beta-binomial's betas, then its binomials): after
// them, each element clipped to its bounds, as PyMC's clip of the whole draw.
std::int32_t censor_after(GeneratorState*, const void* context, void* out, std::int64_t, std::int64_t, std::int64_t,
                          const DrawParam* params) {
  const auto& d = *static_cast<const ScalarDistribution*>(context);
  const double lower = param_real(params[d.params.size()], 0), upper = param_real(params[d.params.size() + 1], 0);
  if (d.dtype == DType::float64) {
    auto* element = static_cast<double*>(out);
    *element = std::clamp(*element, lower, upper);
  } else {
    auto* element = static_cast<std::int64_t*>(out);
    *element = static_cast<std::int64_t>(std::clamp(static_cast<double>(*element), lower, upper));
  }
  return draw_done;
}

// Truncated around such an inner: its draws cannot be redrawn one element at a time.
std::int32_t refuse_passes(GeneratorState*, const void*, void*, std::int64_t, std::int64_t, std::int64_t, const DrawParam*) {
  return draw_not_element_by_element;
}

// How compiled code draws a bound around `d`: one element at a time, or `d`'s passes then the clip.
BatchDraw bounded_batch_draw(const ScalarDistribution& d, Bound bound) {
  if (!d.fill)
    return {{bound == Bound::clip ? BatchDrawPass{"kiln_rv_censored", &draw_bounded<Bound::clip>}
                                  : BatchDrawPass{"kiln_rv_truncated", &draw_bounded<Bound::reject>}},
            -1,
            &d};
  if (bound == Bound::reject || !d.batch) return {{{"kiln_rv_truncated_in_passes", &refuse_passes}}, -1, &d};
  BatchDraw draw = *d.batch;
  draw.passes.push_back({"kiln_rv_censored_after", &censor_after});
  draw.context = &d;
  return draw;
}

class BoundedRV final : public RandomVariable {
 public:
  BoundedRV(std::shared_ptr<const ScalarRandomVariable> inner, Bound bound)
      : RandomVariable((bound == Bound::clip ? "censored_" : "truncated_") + inner->rv_name(), 0,
                       std::vector<int>(inner->param_names().size() + 2, 0), inner->default_dtype(),
                       is_float(inner->default_dtype()),
                       [&] {
                         auto names = inner->param_names();
                         names.insert(names.end(), {"lower", "upper"});
                         return names;
                       }()),
        inner_(std::move(inner)),
        bound_(bound),
        batch_draw_(bounded_batch_draw(inner_->distribution(), bound)) {}

  void check_parameters(const std::vector<Array>& params) const override {
    inner_->check_parameters({params.begin(), params.end() - 2});
  }

  // Null for more params than the entry reads.
  const BatchDraw* batch_draw() const override {
    return inner_->distribution().params.size() > max_inner_params ? nullptr : &batch_draw_;
  }

 protected:
  void draw(GeneratorState& s, const std::vector<Array>& params, Array& out) const override {
    const ScalarDistribution& d = inner_->distribution();
    const std::size_t n_inner = params.size() - 2;
    if (d.fill) {  // drawn whole (beta-binomial's betas first), then clipped; never redrawn
      if (bound_ == Bound::reject) raise_draw_failure(rv_name(), draw_not_element_by_element, 0);
      d.fill(s, {params.begin(), params.begin() + static_cast<std::ptrdiff_t>(n_inner)}, out);
      for (std::int64_t k = 0; k < out.size(); ++k) {
        const double x = std::clamp(out.get_as_double(k), params[n_inner].get_as_double(k), params[n_inner + 1].get_as_double(k));
        if (is_float(out.dtype()))
          out.set_from_double(k, x);
        else
          out.set_from_int(k, static_cast<std::int64_t>(x));
      }
      return;
    }
    std::vector<double> real(n_inner);
    std::vector<std::int64_t> integer(n_inner);
    const bool floating = out.dtype() == DType::float64;
    for (std::int64_t k = 0; k < out.size(); ++k) {
      for (std::size_t i = 0; i < n_inner; ++i) {
        real[i] = params[i].get_as_double(k);
        integer[i] = is_float(params[i].dtype()) ? static_cast<std::int64_t>(real[i]) : params[i].get_as_int(k);
      }
      const double lower = params[n_inner].get_as_double(k), upper = params[n_inner + 1].get_as_double(k);
      auto one = [&] { return draw_one(s, d, ParamValues{real.data(), integer.data()}); };
      double x = one();
      if (bound_ == Bound::clip) {
        x = std::clamp(x, lower, upper);
      } else {
        int steps = 1;
        for (; (x < lower || x > upper) && steps < max_steps; ++steps) x = one();
        if (x < lower || x > upper)
          throw ValueError(rv_name() + ": truncation did not converge in " + std::to_string(max_steps) + " steps");
      }
      if (floating)
        out.data<double>()[k] = x;
      else
        out.data<std::int64_t>()[k] = static_cast<std::int64_t>(x);
    }
  }

 private:
  std::shared_ptr<const ScalarRandomVariable> inner_;
  Bound bound_;
  BatchDraw batch_draw_;
};

std::shared_ptr<const RandomVariable> bounded(const std::shared_ptr<const RandomVariable>& inner, Bound bound,
                                              const char* what) {
  auto scalar = std::dynamic_pointer_cast<const ScalarRandomVariable>(inner);
  if (!scalar) throw TypeError(std::string(what) + ": " + inner->name() + " is not a scalar distribution");
  static std::mutex mutex;
  static std::map<std::pair<std::string, Bound>, std::shared_ptr<const RandomVariable>> ops;
  std::lock_guard lock(mutex);
  auto& op = ops[{inner->rv_name(), bound}];
  if (!op) op = std::make_shared<BoundedRV>(std::move(scalar), bound);
  return op;
}

}  // namespace

std::shared_ptr<const RandomVariable> censored_random_variable(const std::shared_ptr<const RandomVariable>& inner) {
  return bounded(inner, Bound::clip, "Censored");
}

std::shared_ptr<const RandomVariable> truncated_random_variable(const std::shared_ptr<const RandomVariable>& inner) {
  return bounded(inner, Bound::reject, "Truncated");
}

}  // namespace kiln::random
