// PyMC's StickBreakingWeightsRV.rng_fn: K fractions Beta(1, alpha) per batch element, drawn in
// C order over batch + (K,) (NumPy's beta(1, alpha[..., None], size=size + (K,))), the sticks
// 1, cumprod(1 - beta[:-1]), the weights sticks * betas, and 1 - sum(weights) as the last one,
// that sum NumPy's pairwise one so the draws are NumPy's to the bit. Compiled code draws one
// batch element at a time (rv_batch_draw.hpp): its K fractions, then its weights, the same
// numbers in the same order, as no other draw comes between the fractions and the weights.
#include "random/rv_multivariate.hpp"

#include "random/distributions.hpp"
#include "random/parameter_checks.hpp"
#include "random/rv_batch_draw.hpp"

#include <vector>

namespace kiln::random {

namespace {

// NumPy's pairwise_sum (numpy/core/src/umath/loops_utils.h.src) of a contiguous row: a plain
// loop below 8, eight accumulators up to 128, halves (at a multiple of 8) above.
double numpy_pairwise_sum(const double* a, std::int64_t n) {
  if (n < 8) {
    double res = 0.;
    for (std::int64_t i = 0; i < n; ++i) res += a[i];
    return res;
  }
  if (n <= 128) {
    double r[8];
    for (int j = 0; j < 8; ++j) r[j] = a[j];
    std::int64_t i = 8;
    for (; i < n - (n % 8); i += 8)
      for (int j = 0; j < 8; ++j) r[j] += a[i + j];
    double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i) res += a[i];
    return res;
  }
  std::int64_t n2 = n / 2;
  n2 -= n2 % 8;
  return numpy_pairwise_sum(a, n2) + numpy_pairwise_sum(a + n2, n - n2);
}

// The weights of K = k - 1 fractions `betas` into `weights` (k of them).
void stick_weights(const double* betas, std::int64_t K, double* weights) {
  double stick = 1;
  for (std::int64_t j = 0; j < K; ++j) {
    weights[j] = stick * betas[j];
    stick *= 1 - betas[j];
  }
  weights[K] = 1 - numpy_pairwise_sum(weights, K);
}

// params: alpha, K; k = K + 1 the output's length (its entry's first extent), K as the
// reference takes it: from the batch's first K.
std::int32_t draw_stick_breaking(GeneratorState* s, const void*, void* out, std::int64_t stride, std::int64_t,
                                 std::int64_t, const DrawParam* params) {
  const double alpha = param_real(params[0], 0);
  if (!(alpha > 0) || param_int(params[1], 0) < 0) return draw_bad_parameters;
  const std::int64_t K = params[2].extents[0] - 1;
  thread_local std::vector<double> betas, weights;
  betas.resize(static_cast<std::size_t>(K));
  weights.resize(static_cast<std::size_t>(K + 1));
  for (double& b : betas) b = beta(*s, 1.0, alpha);
  stick_weights(betas.data(), K, weights.data());
  scatter(weights.data(), out, stride, K + 1);
  return draw_done;
}

class StickBreakingWeightsRV final : public RandomVariable {
 public:
  StickBreakingWeightsRV()
      : RandomVariable("stick_breaking_weights", 1, {0, 0}, DType::float64, true, {"alpha", "K"}) {}

  // NumPy's beta(1, alpha) condition, and PyMC's rng_fn's on K.
  void check_parameters(const std::vector<Array>& params) const override {
    for (std::int64_t i = 0; i < params[0].size(); ++i)
      if (!(params[0].get_as_double(i) > 0))
        throw_parameter_error("stick_breaking_weights", "alpha <= 0 or alpha is NaN",
                              "alpha = " + format_parameter(params[0].get_as_double(i)));
    for (std::int64_t i = 0; i < params[1].size(); ++i)
      if (params[1].get_as_int(i) < 0)
        throw_parameter_error("stick_breaking_weights", "K needs to be positive",
                              "K = " + format_parameter(params[1].get_as_int(i)));
  }

 protected:
  StaticShape support_static_shape(const std::vector<Var>& params) const override {
    if (!params[1].is_constant()) return {std::nullopt};
    return {params[1].constant_value().get_as_int(0) + 1};
  }
  Shape support_shape(const std::vector<Array>& params) const override { return {params[1].get_as_int(0) + 1}; }
  const BatchDraw* batch_draw() const override {
    static const BatchDraw entries{.passes = {{"kiln_rv_stick_breaking_weights", &draw_stick_breaking}}, .value_params = {1}};
    return &entries;
  }
  void draw(GeneratorState& s, const std::vector<Array>& params, Array& out) const override {
    const std::int64_t k = params[1].get_as_int(0);
    const std::int64_t batch = out.size() / (k + 1);
    std::vector<double> betas(static_cast<std::size_t>(batch * k));
    for (std::int64_t b = 0; b < batch; ++b)
      for (std::int64_t j = 0; j < k; ++j)
        betas[static_cast<std::size_t>(b * k + j)] = beta(s, 1.0, params[0].get_as_double(b));
    double* data = out.data<double>();
    for (std::int64_t b = 0; b < batch; ++b) stick_weights(betas.data() + b * k, k, data + b * (k + 1));
  }
};

}  // namespace

std::shared_ptr<const RandomVariable> stick_breaking_weights_random_variable() {
  static const auto op = std::make_shared<StickBreakingWeightsRV>();
  return op;
}

}  // namespace kiln::random
