// PyMC's DirichletMultinomialRV: a symbolic RV of two draws, p = dirichlet(a, size) then
// multinomial(n, p, size), so every batch element's Dirichlet vector comes before the first
// multinomial; each is NumPy's, so the draws equal PyMC's for the same generator. Compiled code
// draws it in two passes over the batch (rv_batch_draw.hpp): the Dirichlet vectors, held in the
// output's own elements (a double's bits in each int64) until the multinomials replace them.
#include "random/rv_multivariate.hpp"

#include "random/parameter_checks.hpp"
#include "random/rv_batch_draw.hpp"
#include "random/rv_draws.hpp"

#include <cmath>
#include <cstring>
#include <vector>

namespace kiln::random {

namespace {

struct Scratch {
  std::vector<double> a, p;
  std::vector<std::int64_t> counts;
};

Scratch& scratch() {
  thread_local Scratch s;
  return s;
}

// params: n, a (k core values). The element's p into out's k elements, `stride` apart.
std::int32_t draw_dirichlet_p(GeneratorState* s, const void*, void* out, std::int64_t stride, std::int64_t k,
                              std::int64_t, const DrawParam* params) {
  if (param_int(params[0], 0) < 0) return draw_bad_parameters;
  Scratch& sc = scratch();
  const double* a = core_vector(params[1], k, sc.a);
  for (std::int64_t j = 0; j < k; ++j)
    if (!(a[j] > 0)) return draw_bad_parameters;
  if (k == 0) return draw_done;
  sc.p.resize(static_cast<std::size_t>(k));
  dirichlet(*s, a, k, sc.p.data());
  for (std::int64_t j = 0; j < k; ++j) std::memcpy(static_cast<std::int64_t*>(out) + j * stride, &sc.p[static_cast<std::size_t>(j)], 8);
  return draw_done;
}

// The counts of multinomial(n, p), p read from out's elements where the first pass left it.
std::int32_t draw_counts(GeneratorState* s, const void*, void* out, std::int64_t stride, std::int64_t k, std::int64_t,
                         const DrawParam* params) {
  if (k == 0) return draw_done;
  Scratch& sc = scratch();
  sc.p.resize(static_cast<std::size_t>(k));
  sc.counts.resize(static_cast<std::size_t>(k));
  auto* elements = static_cast<std::int64_t*>(out);
  for (std::int64_t j = 0; j < k; ++j) std::memcpy(&sc.p[static_cast<std::size_t>(j)], elements + j * stride, 8);
  multinomial(*s, param_int(params[0], 0), sc.p.data(), k, sc.counts.data());
  for (std::int64_t j = 0; j < k; ++j) elements[j * stride] = sc.counts[static_cast<std::size_t>(j)];
  return draw_done;
}

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
  const BatchDraw* batch_draw() const override {
    static const BatchDraw entries{
        {{"kiln_rv_dirichlet_multinomial_p", &draw_dirichlet_p}, {"kiln_rv_dirichlet_multinomial_counts", &draw_counts}}, 1};
    return &entries;
  }
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
