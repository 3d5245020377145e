// The Mixture op, as PyMC's: its params are the weights w (..., k) and the components' draws,
// each component drawn by its own node; for each batch element the op picks a component from w
// (Aesara's categorical) and takes that component's draw there. Components come either as a
// list of k scalar draws, or as one draw whose last axis holds the k components.
#include "random/rv_pymc.hpp"

#include "random/distributions.hpp"
#include "random/parameter_checks.hpp"
#include "random/rv_batch_draw.hpp"
#include "random/rv_draws.hpp"

#include <kiln/errors.hpp>

#include <map>
#include <mutex>
#include <vector>

namespace kiln::random {

namespace {

// The batch-draw entry (rv_batch_draw.hpp): the weights' checks and the pick for one batch
// element, from its k component draws (Stacked: one param's last axis) as `Real` or int64.
template <bool Stacked, bool Real>
std::int32_t draw_mixture(GeneratorState* s, const void*, void* out, std::int64_t, std::int64_t k, std::int64_t,
                          const DrawParam* params) {
  thread_local std::vector<double> w;
  w.resize(static_cast<std::size_t>(k));
  for (std::int64_t j = 0; j < k; ++j) {
    w[static_cast<std::size_t>(j)] = param_real(params[0], j * params[0].strides[0]);
    if (!(w[static_cast<std::size_t>(j)] >= 0)) return draw_bad_parameters;
  }
  if (!weights_sum_to_one(w.data(), k)) return draw_bad_parameters;
  const std::int64_t c = mixture_component(*s, w.data(), k);
  const DrawParam& from = Stacked ? params[1] : params[1 + c];
  const std::int64_t at = Stacked ? c * from.strides[0] : 0;
  if constexpr (Real)
    *static_cast<double*>(out) = param_real(from, at);
  else
    *static_cast<std::int64_t*>(out) = param_int(from, at);
  return draw_done;
}

class MixtureRV final : public RandomVariable {
 public:
  MixtureRV(std::size_t components, bool stacked, DType dtype)
      : RandomVariable(stacked ? "stacked_mixture" : "mixture", 0, ndims(components, stacked), dtype, is_float(dtype), names(components)),
        stacked_(stacked) {}

  void check_parameter_shapes(const std::vector<Shape>& params) const override {
    const std::int64_t k = params[0].back();
    if (k == 0) throw ValueError("mixture: w has no components");
    if (!stacked_ && static_cast<std::int64_t>(params.size()) - 1 != k)
      throw ValueError("mixture: w has " + std::to_string(k) + " weights for " + std::to_string(params.size() - 1) +
                       " components");
    if (stacked_ && params[1].back() != k)
      throw ValueError("mixture: w has " + std::to_string(k) + " weights for " + std::to_string(params[1].back()) +
                       " stacked components");
  }

  void check_parameters(const std::vector<Array>& params) const override { check_mixture_weights("mixture", params[0]); }

 protected:
  const BatchDraw* batch_draw() const override {
    static const BatchDraw entries[2][2] = {
        {{{{"kiln_rv_mixture_int", &draw_mixture<false, false>}}, 0},
         {{{"kiln_rv_mixture", &draw_mixture<false, true>}}, 0}},
        {{{{"kiln_rv_stacked_mixture_int", &draw_mixture<true, false>}}, 0},
         {{{"kiln_rv_stacked_mixture", &draw_mixture<true, true>}}, 0}},
    };
    return &entries[stacked_][is_float(default_dtype())];
  }
  void draw(GeneratorState& s, const std::vector<Array>& params, Array& out) const override {
    std::vector<Shape> shapes;
    for (const Array& p : params) shapes.push_back(p.shape());
    check_parameter_shapes(shapes);
    const std::int64_t k = params[0].shape().back();
    const bool stacked = stacked_;
    std::vector<double> w(static_cast<std::size_t>(k));
    const bool floating = out.dtype() == DType::float64;
    for (std::int64_t b = 0; b < out.size(); ++b) {
      for (std::int64_t j = 0; j < k; ++j) w[static_cast<std::size_t>(j)] = params[0].get_as_double(b * k + j);
      const std::int64_t c = mixture_component(s, w.data(), k);
      const Array& from = stacked ? params[1] : params[static_cast<std::size_t>(1 + c)];
      const std::int64_t at = stacked ? b * k + c : b;
      if (floating)
        out.data<double>()[b] = from.get_as_double(at);
      else
        out.data<std::int64_t>()[b] = from.get_as_int(at);
    }
  }

 private:
  static std::vector<int> ndims(std::size_t components, bool stacked) {
    std::vector<int> n{1};
    n.insert(n.end(), components, stacked ? 1 : 0);
    return n;
  }
  static std::vector<std::string> names(std::size_t components) {
    std::vector<std::string> n{"w"};
    for (std::size_t i = 0; i < components; ++i) n.push_back("comp" + std::to_string(i));
    return n;
  }

  bool stacked_;
};

}  // namespace

void check_mixture_weights(std::string_view method, const Array& w) {
  for (std::int64_t i = 0; i < w.size(); ++i)
    if (!(w.get_as_double(i) >= 0))
      throw_parameter_error(method, "w < 0 or w is NaN", "w[" + std::to_string(i) + "] = " + format_parameter(w.get_as_double(i)));
  const std::int64_t k = w.shape().empty() ? 1 : w.shape().back();
  if (k == 0) return;
  std::vector<double> row(static_cast<std::size_t>(k));
  for (std::int64_t r = 0; r < w.size() / k; ++r) {
    for (std::int64_t j = 0; j < k; ++j) row[static_cast<std::size_t>(j)] = w.get_as_double(r * k + j);
    if (!weights_sum_to_one(row.data(), k)) {
      double sum = 0.0;
      for (double v : row) sum += v;
      throw_parameter_error(method, "w does not sum to 1",
                            "sum of w[" + std::to_string(r * k) + ":" + std::to_string(r * k + k) + "] = " + format_parameter(sum));
    }
  }
}

std::shared_ptr<const RandomVariable> mixture_random_variable(std::size_t components, bool stacked, DType dtype) {
  static std::mutex mutex;
  static std::map<std::tuple<std::size_t, bool, DType>, std::shared_ptr<const RandomVariable>> ops;
  std::lock_guard lock(mutex);
  auto& op = ops[{components, stacked, dtype}];
  if (!op) op = std::make_shared<MixtureRV>(components, stacked, dtype);
  return op;
}

}  // namespace kiln::random
