// PyMC's DirichletMultinomialRV: a symbolic RV of two draws, p = dirichlet(a, size) then
// multinomial(n, p, size), so every batch element's Dirichlet vector comes before the first
// multinomial; each is NumPy's, so the draws equal PyMC's for the same generator.
#include "random/rv_multivariate.hpp"

#include "random/parameter_checks.hpp"
#include "random/rv_draws.hpp"

#include <cmath>
#include <vector>

namespace kiln::random {

namespace {

class DirichletMultinomialRV final : public RandomVariable {
 public:
  DirichletMultinomialRV() : RandomVariable("dirichlet_multinomial", 1, {0, 1}, DType::int64, false, {"n", "a"}) {}

  // NumPy's checks of the two draws: multinomial's n, dirichlet's alpha (PyMC's a).
  void check_parameters(const std::vector<Array>& params) const override {
    for (std::int64_t i = 0; i < params[0].size(); ++i)
      if (params[0].get_as_int(i) < 0)
        throw_parameter_error("dirichlet_multinomial", "n < 0", "n = " + format_parameter(params[0].get_as_int(i)));
    for (std::int64_t i = 0; i < params[1].size(); ++i) {
      const double a = params[1].get_as_double(i);
      const std::string value = "a[" + std::to_string(i) + "] = " + format_parameter(a);
      if (std::isnan(a)) throw_parameter_error("dirichlet_multinomial", "alpha contains NaNs", value);
      if (a <= 0) throw_parameter_error("dirichlet_multinomial", "alpha <= 0", value);
    }
  }

 protected:
  StaticShape support_static_shape(const std::vector<Var>& params) const override {
    return {params[1].type().shape().back()};
  }
  Shape support_shape(const std::vector<Array>& params) const override { return {params[1].shape().back()}; }
  void draw(GeneratorState& s, const std::vector<Array>& params, Array& out) const override {
    const std::int64_t k = params[1].shape().back();
    if (k == 0) return;
    const std::int64_t batch = out.size() / k;
    std::vector<double> a(static_cast<std::size_t>(k)), p(static_cast<std::size_t>(batch * k));
    for (std::int64_t b = 0; b < batch; ++b) {
      for (std::int64_t j = 0; j < k; ++j) a[static_cast<std::size_t>(j)] = params[1].get_as_double(b * k + j);
      dirichlet(s, a.data(), k, p.data() + b * k);
    }
    std::int64_t* data = out.data<std::int64_t>();
    for (std::int64_t b = 0; b < batch; ++b) multinomial(s, params[0].get_as_int(b), p.data() + b * k, k, data + b * k);
  }
};

}  // namespace

std::shared_ptr<const RandomVariable> dirichlet_multinomial_random_variable() {
  static const auto op = std::make_shared<DirichletMultinomialRV>();
  return op;
}

}  // namespace kiln::random
