// The ops that bound a scalar distribution's draws to [lower, upper], element by element:
// Censored clips each draw (PyMC's clip(dist, lower, upper)); Truncated redraws until the draw
// falls inside (PyMC's rejection sampling, at most max_steps draws per element).
#include "random/rv_pymc.hpp"

#include "random/parameter_checks.hpp"
#include "random/rv_scalar.hpp"

#include <kiln/errors.hpp>

#include <algorithm>
#include <map>
#include <mutex>

namespace kiln::random {

namespace {

enum class Bound { clip, reject };

constexpr int max_steps = 10000;

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
        bound_(bound) {}

  void check_parameters(const std::vector<Array>& params) const override {
    inner_->check_parameters({params.begin(), params.end() - 2});
  }

 protected:
  void draw(GeneratorState& s, const std::vector<Array>& params, Array& out) const override {
    const ScalarDistribution& d = inner_->distribution();
    if (d.fill) throw ValueError(rv_name() + ": the inner distribution's draws are not element by element");
    const std::size_t n_inner = params.size() - 2;
    std::vector<double> real(n_inner);
    std::vector<std::int64_t> integer(n_inner);
    const bool floating = out.dtype() == DType::float64;
    for (std::int64_t k = 0; k < out.size(); ++k) {
      for (std::size_t i = 0; i < n_inner; ++i) {
        real[i] = params[i].get_as_double(k);
        integer[i] = is_float(params[i].dtype()) ? static_cast<std::int64_t>(real[i]) : params[i].get_as_int(k);
      }
      const double lower = params[n_inner].get_as_double(k), upper = params[n_inner + 1].get_as_double(k);
      auto one = [&] {
        const ParamValues v{real.data(), integer.data()};
        return floating ? d.draw_real(s, v) : static_cast<double>(d.draw_integer(s, v));
      };
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
