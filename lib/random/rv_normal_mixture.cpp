// The NormalMixture op: for each batch element a component drawn from the weights (Aesara's
// categorical), then that component's normal draw.
#include "random/rv_pymc.hpp"

#include "random/distributions.hpp"
#include "random/parameter_checks.hpp"
#include "random/rv_draws.hpp"

#include <kiln/errors.hpp>

#include <cmath>
#include <vector>

namespace kiln::random {

namespace {

class NormalMixtureRV final : public RandomVariable {
 public:
  NormalMixtureRV() : RandomVariable("normal_mixture", 0, {1, 1, 1}, DType::float64, true, {"w", "mu", "sigma"}) {}

  void check_parameters(const std::vector<Array>& params) const override {
    const Array &w = params[0], &sigma = params[2];
    for (std::int64_t i = 0; i < w.size(); ++i)
      if (!(w.get_as_double(i) >= 0))
        throw_parameter_error("normal_mixture", "w < 0 or w is NaN",
                              "w[" + std::to_string(i) + "] = " + format_parameter(w.get_as_double(i)));
    for (std::int64_t i = 0; i < sigma.size(); ++i)
      require_non_negative("normal_mixture", "sigma", sigma.get_as_double(i));
  }

 protected:
  void draw(GeneratorState& s, const std::vector<Array>& params, Array& out) const override {
    const std::int64_t k = params[0].shape().back();
    if (k == 0) throw ValueError("normal_mixture: w has no components");
    std::vector<double> w(static_cast<std::size_t>(k));
    double* data = out.data<double>();
    for (std::int64_t b = 0; b < out.size(); ++b) {
      for (std::int64_t j = 0; j < k; ++j) w[static_cast<std::size_t>(j)] = params[0].get_as_double(b * k + j);
      const std::int64_t c = categorical(s, w.data(), k);
      data[b] = normal(s, params[1].get_as_double(b * k + c), params[2].get_as_double(b * k + c));
    }
  }
};

}  // namespace

std::shared_ptr<const RandomVariable> normal_mixture_random_variable() {
  static const auto op = std::make_shared<NormalMixtureRV>();
  return op;
}

}  // namespace kiln::random
