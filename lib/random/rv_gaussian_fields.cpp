// ZeroSumNormal's, CAR's and ICAR's RandomVariables. ZeroSumNormal draws as PyMC's symbolic RV
// (every normal of the output in C order, then the means subtracted axis by axis); CAR as an
// MvNormal of covariance (tau (D - alpha W))^-1 factored once per (W block, alpha, tau); ICAR
// refuses. ZeroSumNormal and CAR also draw one batch element at a time from compiled code
// (rv_batch_draw.hpp): the same numbers in the same order as their reference draws.
#include "random/rv_gaussian_fields.hpp"

#include "random/distributions.hpp"
#include "random/parameter_checks.hpp"
#include "random/rv_batch_draw.hpp"
#include "random/rv_draws.hpp"
#include "tensor/elemwise.hpp"
#include "tensor/lapack.hpp"

#include <kiln/errors.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

namespace kiln::random {

namespace {

std::size_t at(std::int64_t i) { return static_cast<std::size_t>(i); }

// x -= mean(x, axis, keepdims=True), for C-ordered x of `shape`.
void subtract_mean(double* x, const Shape& shape, std::size_t axis) {
  std::int64_t outer = 1, inner = 1;
  for (std::size_t d = 0; d < axis; ++d) outer *= shape[d];
  for (std::size_t d = axis + 1; d < shape.size(); ++d) inner *= shape[d];
  const std::int64_t length = shape[axis];
  for (std::int64_t o = 0; o < outer; ++o)
    for (std::int64_t i = 0; i < inner; ++i) {
      double* first = x + o * length * inner + i;
      double sum = 0.0;
      for (std::int64_t j = 0; j < length; ++j) sum += first[j * inner];
      const double mean = sum / static_cast<double>(length);
      for (std::int64_t j = 0; j < length; ++j) first[j * inner] -= mean;
    }
}

// The lower Cholesky factor of (tau (D - alpha W))^-1 into `out` (m * m), W(i, j) an (m, m)
// block and D the diagonal of its column sums; false when that matrix is not positive definite.
template <class Block>
bool car_covariance_factor(const Block& W, double alpha, double tau, std::int64_t m, std::vector<double>& out) {
  std::vector<double> q(at(m * m));
  out.resize(at(m * m));
  for (std::int64_t j = 0; j < m; ++j) {
    double column_sum = 0.0;
    for (std::int64_t i = 0; i < m; ++i) column_sum += W(i, j);
    for (std::int64_t i = 0; i < m; ++i) q[at(i * m + j)] = -tau * alpha * W(i, j);
    q[at(j * m + j)] += tau * column_sum;
  }
  std::vector<int> pivots(at(m));
  std::int64_t where = 0;
  return tensor::lapack::inverse(q.data(), out.data(), m, pivots.data(), &where) == tensor::lapack::ok &&
         cholesky_lower(out.data(), m);
}

[[noreturn]] void throw_car_not_positive_definite(double alpha, double tau) {
  throw_parameter_error("car", "tau (D - alpha W) is not positive definite",
                        "alpha = " + format_parameter(alpha) + ", tau = " + format_parameter(tau) +
                            " (a row of W without neighbours makes it singular)");
}

// NumPy's allclose(W, W.T) at (i, j).
bool symmetric_at(double w_ij, double w_ji) { return std::fabs(w_ij - w_ji) <= 1e-8 + 1e-5 * std::fabs(w_ji); }

// ---- The batch-draw entries: one batch element each, its params checked as check_parameters
// checks them (a refused one returns draw_bad_parameters: the host's check_parameters then
// raises the reference's error).

struct FieldScratch {
  std::vector<double> values, mean, factor;
  const void* factored_w = nullptr;  // the W block, alpha and tau `factor` was computed from
  double factored_alpha = 0, factored_tau = 0;
};

FieldScratch& field_scratch() {
  thread_local FieldScratch s;
  return s;
}

// params: sigma (its n core dims of extent 1), support_shape (n,), then the output's entry
// (extents and strides of its n support dims). context: n.
std::int32_t draw_zero_sum_normal(GeneratorState* s, const void* context, void* out, std::int64_t, std::int64_t,
                                  std::int64_t, const DrawParam* params) {
  const int n = *static_cast<const int*>(context);
  const double sigma = param_real(params[0], 0);
  if (!std::isnan(sigma) && std::signbit(sigma)) return draw_bad_parameters;
  for (int d = 0; d < n; ++d)
    if (param_int(params[1], d * params[1].strides[0]) < 1) return draw_bad_parameters;
  const DrawParam& o = params[2];
  const Shape support = n == 1 ? Shape{o.extents[0]} : Shape{o.extents[0], o.extents[1]};
  const std::int64_t size = shape_size(support);
  std::vector<double>& values = field_scratch().values;
  values.resize(at(size));
  for (double& v : values) v = normal(*s, 0.0, sigma);
  for (int k = 0; k < n; ++k) subtract_mean(values.data(), support, support.size() - 1 - static_cast<std::size_t>(k));
  double* data = static_cast<double*>(out);
  const std::int64_t cols = n == 1 ? 1 : o.extents[1];
  for (std::int64_t i = 0; i < size; ++i)
    data[n == 1 ? i * o.strides[0] : (i / cols) * o.strides[0] + (i % cols) * o.strides[1]] = values[at(i)];
  return draw_done;
}

// params: mu (m or 1 core values), W (m, m), alpha, tau. The factor is kept while the batch
// reads the same W block, alpha and tau (recomputed at batch element 0 of each call).
std::int32_t draw_car(GeneratorState* s, const void*, void* out, std::int64_t stride, std::int64_t m, std::int64_t batch,
                      const DrawParam* params) {
  FieldScratch& sc = field_scratch();
  const DrawParam& W = params[1];
  auto w = [&](std::int64_t i, std::int64_t j) { return param_real(W, i * W.strides[0] + j * W.strides[1]); };
  const double alpha = param_real(params[2], 0), tau = param_real(params[3], 0);
  for (std::int64_t i = 0; i < m; ++i)
    for (std::int64_t j = 0; j < m; ++j)
      if (!symmetric_at(w(i, j), w(j, i))) return draw_bad_parameters;
  if (!(alpha > -1 && alpha < 1) || tau <= 0) return draw_bad_parameters;
  if (batch == 0 || W.data != sc.factored_w || alpha != sc.factored_alpha || tau != sc.factored_tau) {
    sc.factored_w = nullptr;
    if (!car_covariance_factor(w, alpha, tau, m, sc.factor)) return draw_bad_parameters;
    sc.factored_w = W.data, sc.factored_alpha = alpha, sc.factored_tau = tau;
  }
  const double* mean = core_vector(params[0], m, sc.mean);
  double* values = draw_target(out, stride, m, sc.values);
  multivariate_normal(*s, mean, sc.factor.data(), m, values);
  scatter(values, out, stride, m);
  return draw_done;
}

class ZeroSumNormalRV final : public RandomVariable {
 public:
  explicit ZeroSumNormalRV(int n)
      : RandomVariable("zerosumnormal", n, {n, 1}, DType::float64, true, {"sigma", "support_shape"}) {}

  void check_parameters(const std::vector<Array>& params) const override {
    for (std::int64_t i = 0; i < params[0].size(); ++i) require_non_negative("zerosumnormal", "sigma", params[0].get_as_double(i));
    check_parameter_shapes({params[0].shape(), params[1].shape()});
    for (std::int64_t i = 0; i < params[1].size(); ++i)
      if (params[1].get_as_int(i) < 1)
        throw_parameter_error("zerosumnormal", "support_shape must be positive", "support_shape = " + shape_string(support(params[1])));
  }

  void check_parameter_shapes(const std::vector<Shape>& params) const override {
    const Shape& sigma = params[0];
    const auto n = static_cast<std::size_t>(ndim_supp());
    for (std::size_t d = 0; d < n && d < sigma.size(); ++d)
      if (sigma[sigma.size() - 1 - d] != 1)
        throw_parameter_error("zerosumnormal", "sigma must have length one across the zero-sum axes",
                              "sigma shape = " + shape_string(sigma));
    if (params[1].empty() || params[1].back() != static_cast<std::int64_t>(n))
      throw_parameter_error("zerosumnormal", "support_shape has to be as long as n_zerosum_axes",
                            "support_shape shape = " + shape_string(params[1]));
  }

 protected:
  StaticShape support_static_shape(const std::vector<Var>& params) const override {
    StaticShape shape(static_cast<std::size_t>(ndim_supp()), std::nullopt);
    if (params[1].is_constant())
      for (std::size_t d = 0; d < shape.size(); ++d) shape[d] = params[1].constant_value().get_as_int(static_cast<std::int64_t>(d));
    return shape;
  }
  Shape support_shape(const std::vector<Array>& params) const override { return support(params[1]); }

  const BatchDraw* batch_draw() const override {
    static const int axes[2] = {1, 2};
    static const BatchDraw one{
        .passes = {{"kiln_rv_zero_sum_normal", &draw_zero_sum_normal}}, .context = &axes[0], .value_params = {1}};
    static const BatchDraw two{
        .passes = {{"kiln_rv_zero_sum_normal", &draw_zero_sum_normal}}, .context = &axes[1], .value_params = {1}};
    return ndim_supp() == 1 ? &one : ndim_supp() == 2 ? &two : nullptr;
  }
  void draw(GeneratorState& s, const std::vector<Array>& params, Array& out) const override {
    const Shape shape = out.shape();
    std::int64_t support_size = 1;
    for (std::size_t d = shape.size() - static_cast<std::size_t>(ndim_supp()); d < shape.size(); ++d) support_size *= shape[d];
    double* data = out.data<double>();
    // sigma comes as batch + (1, ..., 1): one value per support block.
    for (std::int64_t i = 0; i < out.size(); ++i) data[i] = normal(s, 0.0, params[0].get_as_double(i / support_size));
    for (int k = 0; k < ndim_supp(); ++k) subtract_mean(data, shape, shape.size() - 1 - static_cast<std::size_t>(k));
  }

 private:
  // The first batch element's support_shape (every element's is the same constant).
  Shape support(const Array& support_shape) const {
    Shape shape;
    for (int d = 0; d < ndim_supp(); ++d) shape.push_back(support_shape.get_as_int(d));
    return shape;
  }
};

std::int64_t last_dim(const Array& a) { return a.shape().back(); }

void require_square_matrix(const char* rv, const Shape& W) {
  if (W.size() < 2 || W[W.size() - 1] != W[W.size() - 2])
    throw_parameter_error(rv, "W must be a square matrix", "W shape = " + shape_string(W));
}

class CARRV final : public RandomVariable {
 public:
  CARRV() : RandomVariable("car", 1, {1, 2, 0, 0}, DType::float64, true, {"mu", "W", "alpha", "tau"}) {}

  void check_parameter_shapes(const std::vector<Shape>& params) const override {
    require_square_matrix("car", params[1]);
    if (params[0].empty() || (params[0].back() != params[1].back() && params[0].back() != 1))
      throw_parameter_error("car", "mu and W must have the same length",
                            "mu shape = " + shape_string(params[0]) + ", W shape = " + shape_string(params[1]));
  }

  // PyMC's CARRV.rng_fn checks, with its wording, and that each (W block, alpha, tau) the
  // draw combines gives a positive definite precision (which the draw would fail to factor).
  void check_parameters(const std::vector<Array>& params) const override {
    check_parameter_shapes({params[0].shape(), params[1].shape(), params[2].shape(), params[3].shape()});
    const Array& W = params[1];
    const std::int64_t m = last_dim(W);
    for (std::int64_t b = 0; b < W.size() / std::max<std::int64_t>(m * m, 1); ++b)
      for (std::int64_t i = 0; i < m; ++i)
        for (std::int64_t j = 0; j < m; ++j) {
          const double a = W.get_as_double((b * m + i) * m + j), t = W.get_as_double((b * m + j) * m + i);
          if (!symmetric_at(a, t))
            throw_parameter_error("car", "W must be a valid adjacency matrix",
                                  "W[" + std::to_string(i) + ", " + std::to_string(j) + "] = " + format_parameter(a) +
                                      ", W[" + std::to_string(j) + ", " + std::to_string(i) + "] = " + format_parameter(t));
        }
    for (std::int64_t i = 0; i < params[2].size(); ++i) {
      const double alpha = params[2].get_as_double(i);
      if (!(alpha > -1 && alpha < 1))
        throw_parameter_error("car", "the domain of alpha is: -1 < alpha < 1", "alpha = " + format_parameter(alpha));
    }
    for (std::int64_t i = 0; i < params[3].size(); ++i) require_positive("car", "tau", params[3].get_as_double(i));
    check_positive_definite(W, params[2], params[3]);
  }

 protected:
  StaticShape support_static_shape(const std::vector<Var>& params) const override { return {params[1].type().shape().back()}; }
  Shape support_shape(const std::vector<Array>& params) const override { return {last_dim(params[1])}; }
  const BatchDraw* batch_draw() const override {
    static const BatchDraw entries{{{"kiln_rv_car", &draw_car}}, 1};
    return &entries;
  }

  void draw(GeneratorState& s, const std::vector<Array>& params, Array& out) const override {
    const std::int64_t m = last_dim(params[1]);
    const std::int64_t count = m > 0 ? out.size() / m : 0;
    const std::int64_t mu_m = last_dim(params[0]);
    double* data = out.data<double>();
    std::vector<double> chol, mean(at(m));
    Factored factored;
    for (std::int64_t b = 0; b < count; ++b) {
      factored.update(params[1], b, params[2].get_as_double(b), params[3].get_as_double(b), m, chol);
      for (std::int64_t j = 0; j < m; ++j) mean[at(j)] = params[0].get_as_double(b * mu_m + (mu_m == 1 ? 0 : j));
      multivariate_normal(s, mean.data(), chol.data(), m, data + b * m);
    }
  }

 private:
  // Which (W block, alpha, tau) `chol` factors: refactored when any of them changes along the
  // batch (W's blocks compared by value, W broadcast to the batch).
  struct Factored {
    std::vector<double> block;
    double alpha = NAN, tau = NAN;
    bool valid = false;
    void update(const Array& W, std::int64_t b, double a, double t, std::int64_t m, std::vector<double>& chol) {
      std::vector<double> next(at(m * m));
      for (std::int64_t i = 0; i < m * m; ++i) next[at(i)] = W.get_as_double(b * m * m + i);
      if (valid && next == block && a == alpha && t == tau) return;
      block = std::move(next), alpha = a, tau = t, valid = false;
      auto w = [&](std::int64_t i, std::int64_t j) { return block[at(i * m + j)]; };
      if (!car_covariance_factor(w, alpha, tau, m, chol)) throw_car_not_positive_definite(alpha, tau);
      valid = true;
    }
  };

  // The draw's (W block, alpha, tau) combinations: the params broadcast over their batch shapes.
  void check_positive_definite(const Array& W, const Array& alpha, const Array& tau) const {
    const std::int64_t m = last_dim(W);
    if (m == 0) return;
    std::vector<Shape> shapes{batch_shape_of(1, W.shape()), alpha.shape(), tau.shape()};
    std::size_t rank = 0;
    for (const Shape& shape : shapes) rank = std::max(rank, shape.size());
    for (Shape& shape : shapes) shape.insert(shape.begin(), rank - shape.size(), 1);
    Shape batch;
    try {
      batch = tensor::broadcast_shapes(shapes, "car");
    } catch (const ValueError&) {
      return;  // the draw's shape check raises this one
    }
    Shape w_shape = batch;
    w_shape.push_back(m);
    w_shape.push_back(m);
    const Array w = W.broadcast_to(w_shape), a = alpha.broadcast_to(batch), t = tau.broadcast_to(batch);
    std::vector<double> chol;
    Factored factored;
    for (std::int64_t b = 0; b < shape_size(batch); ++b)
      factored.update(w, b, a.get_as_double(b), t.get_as_double(b), m, chol);
  }
};

class ICARRV final : public RandomVariable {
 public:
  ICARRV() : RandomVariable("icar", 1, {2, 0, 0}, DType::float64, true, {"W", "sigma", "zero_sum_stdev"}) {}

  void check_parameter_shapes(const std::vector<Shape>& params) const override { require_square_matrix("icar", params[0]); }
  void check_parameters(const std::vector<Array>& params) const override {
    check_parameter_shapes({params[0].shape(), params[1].shape(), params[2].shape()});
  }

 protected:
  StaticShape support_static_shape(const std::vector<Var>& params) const override { return {params[0].type().shape().back()}; }
  Shape support_shape(const std::vector<Array>& params) const override { return {last_dim(params[0])}; }
  void draw(GeneratorState&, const std::vector<Array>&, Array&) const override { raise_icar_has_no_draws(); }
};

}  // namespace

std::shared_ptr<const RandomVariable> zero_sum_normal_random_variable(int n_zerosum_axes) {
  return std::make_shared<ZeroSumNormalRV>(n_zerosum_axes);
}

std::shared_ptr<const RandomVariable> car_random_variable() {
  static const auto op = std::make_shared<CARRV>();
  return op;
}

void raise_icar_has_no_draws() { throw ModelError("ICAR: Cannot sample from ICAR prior"); }

std::shared_ptr<const RandomVariable> icar_random_variable() {
  static const auto op = std::make_shared<ICARRV>();
  return op;
}

}  // namespace kiln::random
