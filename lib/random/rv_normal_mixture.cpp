// The NormalMixture op: for each batch element a component drawn from the weights (Aesara's
// categorical, kept inside the components), then that component's normal draw.
#include "random/rv_pymc.hpp"

#include "random/distributions.hpp"
#include "random/parameter_checks.hpp"
#include "random/rv_batch_draw.hpp"
#include "random/rv_draws.hpp"

#include <kiln/errors.hpp>

#include <cmath>
#include <vector>

namespace kiln::random {

namespace {

// The batch-draw entry (rv_batch_draw.hpp): the same checks and draws for one batch element.
std::int32_t draw_normal_mixture(GeneratorState* s, const void*, void* out, std::int64_t, std::int64_t k, std::int64_t,
                                 const DrawParam* params) {
  thread_local std::vector<double> w;
  w.resize(static_cast<std::size_t>(k));
  for (std::int64_t j = 0; j < k; ++j) {
    w[static_cast<std::size_t>(j)] = param_real(params[0], j * params[0].strides[0]);
    const double sigma = param_real(params[2], j * params[2].strides[0]);
    if (!(w[static_cast<std::size_t>(j)] >= 0) || (!std::isnan(sigma) && std::signbit(sigma))) return draw_bad_parameters;
  }
  if (!weights_sum_to_one(w.data(), k)) return draw_bad_parameters;
  const std::int64_t c = mixture_component(*s, w.data(), k);
  *static_cast<double*>(out) =
      normal(*s, param_real(params[1], c * params[1].strides[0]), param_real(params[2], c * params[2].strides[0]));
  return draw_done;
}

class NormalMixtureRV final : public RandomVariable {
 public:
  NormalMixtureRV() : RandomVariable("normal_mixture", 0, {1, 1, 1}, DType::float64, true, {"w", "mu", "sigma"}) {}

  void check_parameter_shapes(const std::vector<Shape>& params) const override {
    if (params[0].back() == 0) throw ValueError("normal_mixture: w has no components");
  }

  void check_parameters(const std::vector<Array>& params) const override {
    check_parameter_shapes({params[0].shape(), params[1].shape(), params[2].shape()});
    check_mixture_weights("normal_mixture", params[0]);
    const Array& sigma = params[2];
    for (std::int64_t i = 0; i < sigma.size(); ++i)
      require_non_negative("normal_mixture", "sigma", sigma.get_as_double(i));
  }

 protected:
  const BatchDraw* batch_draw() const override {
    static const BatchDraw entries{{{"kiln_rv_normal_mixture", &draw_normal_mixture}}, 0};
    return &entries;
  }
  void draw(GeneratorState& s, const std::vector<Array>& params, Array& out) const override {
    const std::int64_t k = params[0].shape().back();
    std::vector<double> w(static_cast<std::size_t>(k));
    double* data = out.data<double>();
    for (std::int64_t b = 0; b < out.size(); ++b) {
      for (std::int64_t j = 0; j < k; ++j) w[static_cast<std::size_t>(j)] = params[0].get_as_double(b * k + j);
      const std::int64_t c = mixture_component(s, w.data(), k);
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
