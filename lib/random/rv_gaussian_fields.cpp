// ZeroSumNormal's, CAR's and ICAR's RandomVariables. ZeroSumNormal draws as PyMC's symbolic RV
// (every normal of the output in C order, then the means subtracted axis by axis); CAR as an
// MvNormal of covariance (tau (D - alpha W))^-1 factored once per (alpha, tau); ICAR refuses.
#include "random/rv_gaussian_fields.hpp"

#include "random/distributions.hpp"
#include "random/parameter_checks.hpp"
#include "random/rv_draws.hpp"
#include "tensor/lapack.hpp"

#include <kiln/errors.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

namespace kiln::random {

namespace {

std::size_t at(std::int64_t i) { return static_cast<std::size_t>(i); }

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

  // x -= mean(x, axis, keepdims=True), for C-ordered x of `shape`.
  static void subtract_mean(double* x, const Shape& shape, std::size_t axis) {
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

  // PyMC's CARRV.rng_fn checks, with its wording.
  void check_parameters(const std::vector<Array>& params) const override {
    check_parameter_shapes({params[0].shape(), params[1].shape(), params[2].shape(), params[3].shape()});
    const Array& W = params[1];
    const std::int64_t m = last_dim(W);
    for (std::int64_t b = 0; b < W.size() / std::max<std::int64_t>(m * m, 1); ++b)
      for (std::int64_t i = 0; i < m; ++i)
        for (std::int64_t j = 0; j < m; ++j) {
          const double a = W.get_as_double((b * m + i) * m + j), t = W.get_as_double((b * m + j) * m + i);
          if (!(std::fabs(a - t) <= 1e-8 + 1e-5 * std::fabs(t)))  // NumPy's allclose(W, W.T)
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
  }

 protected:
  StaticShape support_static_shape(const std::vector<Var>& params) const override { return {params[1].type().shape().back()}; }
  Shape support_shape(const std::vector<Array>& params) const override { return {last_dim(params[1])}; }

  void draw(GeneratorState& s, const std::vector<Array>& params, Array& out) const override {
    const std::int64_t m = last_dim(params[1]);
    const std::int64_t count = m > 0 ? out.size() / m : 0;
    const std::int64_t mu_m = last_dim(params[0]);
    double* data = out.data<double>();
    std::vector<double> chol(at(m * m)), mean(at(m));
    double alpha = NAN, tau = NAN;
    for (std::int64_t b = 0; b < count; ++b) {
      const double a = params[2].get_as_double(b), t = params[3].get_as_double(b);
      if (b == 0 || a != alpha || t != tau) {
        alpha = a, tau = t;
        covariance_factor(params[1], b, alpha, tau, m, chol);
      }
      for (std::int64_t j = 0; j < m; ++j) mean[at(j)] = params[0].get_as_double(b * mu_m + (mu_m == 1 ? 0 : j));
      multivariate_normal(s, mean.data(), chol.data(), m, data + b * m);
    }
  }

 private:
  // The lower Cholesky factor of (tau (D - alpha W))^-1, W the batch element b's (m, m) block.
  static void covariance_factor(const Array& W, std::int64_t b, double alpha, double tau, std::int64_t m,
                                std::vector<double>& out) {
    std::vector<double> q(at(m * m));
    for (std::int64_t j = 0; j < m; ++j) {
      double column_sum = 0.0;
      for (std::int64_t i = 0; i < m; ++i) column_sum += W.get_as_double((b * m + i) * m + j);
      for (std::int64_t i = 0; i < m; ++i) q[at(i * m + j)] = -tau * alpha * W.get_as_double((b * m + i) * m + j);
      q[at(j * m + j)] += tau * column_sum;
    }
    std::vector<int> pivots(at(m));
    std::int64_t where = 0;
    if (tensor::lapack::inverse(q.data(), out.data(), m, pivots.data(), &where) != tensor::lapack::ok ||
        !cholesky_lower(out.data(), m))
      throw_parameter_error("car", "tau (D - alpha W) is not positive definite",
                            "alpha = " + format_parameter(alpha) + ", tau = " + format_parameter(tau) +
                                " (a row of W without neighbours makes it singular)");
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
  void draw(GeneratorState&, const std::vector<Array>&, Array&) const override {
    throw ModelError("ICAR: Cannot sample from ICAR prior");
  }
};

}  // namespace

std::shared_ptr<const RandomVariable> zero_sum_normal_random_variable(int n_zerosum_axes) {
  return std::make_shared<ZeroSumNormalRV>(n_zerosum_axes);
}

std::shared_ptr<const RandomVariable> car_random_variable() {
  static const auto op = std::make_shared<CARRV>();
  return op;
}

std::shared_ptr<const RandomVariable> icar_random_variable() {
  static const auto op = std::make_shared<ICARRV>();
  return op;
}

}  // namespace kiln::random
