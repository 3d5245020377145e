// MvStudentT, Wishart and MatrixNormal draws, each in the order PyMC's rng_fn draws its batch:
// MvStudentT every normal vector, then every chi-square; Wishart SciPy's Bartlett
// decomposition (every off-diagonal normal, then the chi-squares column by column);
// MatrixNormal every standard normal, then mu + rowchol Z colchol'.
#include "random/rv_matrix.hpp"

#include "random/distributions.hpp"
#include "random/parameter_checks.hpp"
#include "random/rv_draws.hpp"

#include <kiln/errors.hpp>

#include <cmath>
#include <vector>

namespace kiln::random {

namespace {

std::size_t at(std::int64_t i) { return static_cast<std::size_t>(i); }

std::int64_t dim(const Array& a, int from_end) { return a.shape()[a.shape().size() - static_cast<std::size_t>(from_end)]; }

std::optional<std::int64_t> static_dim(const Var& v, int from_end) {
  const auto& s = v.type().shape();
  return s[s.size() - static_cast<std::size_t>(from_end)];
}

// The lower Cholesky factor of the k x k block b of `matrices`, or a ParameterValueError.
std::vector<double> factor(const char* rv, const char* param, const Array& matrices, std::int64_t b, std::int64_t k) {
  std::vector<double> block(at(k * k));
  for (std::int64_t j = 0; j < k * k; ++j) block[at(j)] = matrices.get_as_double(b * k * k + j);
  if (!cholesky_lower(block.data(), k))
    throw_parameter_error(rv, std::string(param) + " is not positive definite",
                          std::string(param) + " block " + std::to_string(b) + " of size " + std::to_string(k));
  return block;
}

void require_square(const char* rv, const char* param, const Array& m) {
  if (m.ndim() < 2 || dim(m, 1) != dim(m, 2))
    throw_parameter_error(rv, std::string(param) + " must be square", std::string(param) + " shape = " + shape_string(m.shape()));
}

class MvStudentTRV final : public RandomVariable {
 public:
  MvStudentTRV() : RandomVariable("multivariate_studentt", 1, {0, 1, 2}, DType::float64, true, {"nu", "mu", "scale"}) {}

  void check_parameters(const std::vector<Array>& params) const override {
    for (std::int64_t i = 0; i < params[0].size(); ++i)
      require_positive("multivariate_studentt", "nu", params[0].get_as_double(i));
    require_square("multivariate_studentt", "scale", params[2]);
    const std::int64_t k = dim(params[2], 1);
    if (dim(params[1], 1) != k && dim(params[1], 1) != 1)
      throw_parameter_error("multivariate_studentt", "mu and scale must have same length",
                            "mu shape = " + shape_string(params[1].shape()) + ", scale shape = " + shape_string(params[2].shape()));
    for (std::int64_t b = 0; k > 0 && b < params[2].size() / (k * k); ++b) factor("multivariate_studentt", "scale", params[2], b, k);
  }

 protected:
  StaticShape support_static_shape(const std::vector<Var>& params) const override { return {static_dim(params[2], 1)}; }
  Shape support_shape(const std::vector<Array>& params) const override { return {dim(params[2], 1)}; }
  void draw(GeneratorState& s, const std::vector<Array>& params, Array& out) const override {
    const std::int64_t k = dim(params[2], 1), mu_k = dim(params[1], 1);
    const std::int64_t count = k > 0 ? out.size() / k : 0;
    double* data = out.data<double>();
    const std::vector<double> zero(at(k), 0.0);
    for (std::int64_t b = 0; b < count; ++b)
      multivariate_normal(s, zero.data(), factor("multivariate_studentt", "scale", params[2], b, k).data(), k, data + b * k);
    for (std::int64_t b = 0; b < count; ++b) {
      const double nu = params[0].get_as_double(b);
      const double w = std::sqrt(chisquare(s, nu) / nu);
      for (std::int64_t j = 0; j < k; ++j)
        data[b * k + j] = data[b * k + j] / w + params[1].get_as_double(b * mu_k + (mu_k == 1 ? 0 : j));
    }
  }
};

class WishartRV final : public RandomVariable {
 public:
  WishartRV() : RandomVariable("wishart", 2, {0, 2}, DType::float64, true, {"nu", "V"}) {}

  void check_parameters(const std::vector<Array>& params) const override {
    require_square("wishart", "V", params[1]);
    const std::int64_t p = dim(params[1], 1);
    for (std::int64_t i = 0; i < params[0].size(); ++i) {
      const double nu = params[0].get_as_double(i);
      if (!(nu > static_cast<double>(p - 1)))
        throw_parameter_error("wishart", "nu <= p - 1 (the degrees of freedom must exceed the dimension minus 1)",
                              "nu = " + format_parameter(nu) + ", p = " + format_parameter(p));
    }
    for (std::int64_t b = 0; p > 0 && b < params[1].size() / (p * p); ++b) factor("wishart", "V", params[1], b, p);
  }

 protected:
  StaticShape support_static_shape(const std::vector<Var>& params) const override {
    return {static_dim(params[1], 2), static_dim(params[1], 1)};
  }
  Shape support_shape(const std::vector<Array>& params) const override { return {dim(params[1], 2), dim(params[1], 1)}; }
  // SciPy's _standard_rvs then C A A' C' (C = cholesky(V)), with df = int(nu).
  void draw(GeneratorState& s, const std::vector<Array>& params, Array& out) const override {
    const std::int64_t p = dim(params[1], 1), n_tril = p * (p - 1) / 2;
    const std::int64_t count = p > 0 ? out.size() / (p * p) : 0;
    std::vector<double> normals(at(count * n_tril)), chi(at(count * p));
    for (double& v : normals) v = standard_normal(s);
    for (std::int64_t i = 0; i < p; ++i)
      for (std::int64_t b = 0; b < count; ++b) {
        const auto df = static_cast<double>(static_cast<std::int64_t>(params[0].get_as_double(b)) - i);
        chi[at(b * p + i)] = std::sqrt(chisquare(s, df));
      }
    double* data = out.data<double>();
    std::vector<double> A(at(p * p)), CA(at(p * p));
    for (std::int64_t b = 0; b < count; ++b) {
      std::fill(A.begin(), A.end(), 0.0);
      for (std::int64_t i = 0, t = 0; i < p; ++i) {
        for (std::int64_t j = 0; j < i; ++j) A[at(i * p + j)] = normals[at(b * n_tril + t++)];
        A[at(i * p + i)] = chi[at(b * p + i)];
      }
      const std::vector<double> C = factor("wishart", "V", params[1], b, p);
      for (std::int64_t i = 0; i < p; ++i)
        for (std::int64_t j = 0; j < p; ++j) {
          double sum = 0.0;
          for (std::int64_t k = 0; k < p; ++k) sum += C[at(i * p + k)] * A[at(k * p + j)];
          CA[at(i * p + j)] = sum;
        }
      for (std::int64_t i = 0; i < p; ++i)
        for (std::int64_t j = 0; j < p; ++j) {
          double sum = 0.0;
          for (std::int64_t k = 0; k < p; ++k) sum += CA[at(i * p + k)] * CA[at(j * p + k)];
          data[(b * p + i) * p + j] = sum;
        }
    }
  }
};

class MatrixNormalRV final : public RandomVariable {
 public:
  MatrixNormalRV() : RandomVariable("matrixnormal", 2, {2, 2, 2}, DType::float64, true, {"mu", "rowchol", "colchol"}) {}

  void check_parameters(const std::vector<Array>& params) const override {
    require_square("matrixnormal", "rowchol", params[1]);
    require_square("matrixnormal", "colchol", params[2]);
    if (params[0].ndim() < 2 || (dim(params[0], 2) != dim(params[1], 1) && dim(params[0], 2) != 1) ||
        (dim(params[0], 1) != dim(params[2], 1) && dim(params[0], 1) != 1))
      throw_parameter_error("matrixnormal", "mu must be (rows, cols) with rowchol (rows, rows) and colchol (cols, cols)",
                            "mu shape = " + shape_string(params[0].shape()) + ", rowchol shape = " +
                                shape_string(params[1].shape()) + ", colchol shape = " + shape_string(params[2].shape()));
  }

 protected:
  StaticShape support_static_shape(const std::vector<Var>& params) const override {
    return {static_dim(params[1], 1), static_dim(params[2], 1)};
  }
  Shape support_shape(const std::vector<Array>& params) const override { return {dim(params[1], 1), dim(params[2], 1)}; }
  // NumPy: mu + matmul(rowchol, matmul(Z, colchol')), Z standard normals of the output's shape.
  void draw(GeneratorState& s, const std::vector<Array>& params, Array& out) const override {
    const std::int64_t m = dim(params[1], 1), n = dim(params[2], 1);
    const std::int64_t mu_m = dim(params[0], 2), mu_n = dim(params[0], 1);
    const std::int64_t count = m * n > 0 ? out.size() / (m * n) : 0;
    double* data = out.data<double>();
    for (std::int64_t i = 0; i < out.size(); ++i) data[i] = standard_normal(s);
    std::vector<double> zc(at(m * n));
    for (std::int64_t b = 0; b < count; ++b) {
      double* z = data + b * m * n;
      auto row = [&](std::int64_t i, std::int64_t k) { return params[1].get_as_double((b * m + i) * m + k); };
      auto col = [&](std::int64_t j, std::int64_t k) { return params[2].get_as_double((b * n + j) * n + k); };
      for (std::int64_t i = 0; i < m; ++i)
        for (std::int64_t j = 0; j < n; ++j) {
          double sum = 0.0;
          for (std::int64_t k = 0; k < n; ++k) sum += z[i * n + k] * col(j, k);
          zc[at(i * n + j)] = sum;
        }
      for (std::int64_t i = 0; i < m; ++i)
        for (std::int64_t j = 0; j < n; ++j) {
          double sum = 0.0;
          for (std::int64_t k = 0; k < m; ++k) sum += row(i, k) * zc[at(k * n + j)];
          const std::int64_t mi = mu_m == 1 ? 0 : i, mj = mu_n == 1 ? 0 : j;
          z[i * n + j] = params[0].get_as_double((b * mu_m + mi) * mu_n + mj) + sum;
        }
    }
  }
};

}  // namespace

std::shared_ptr<const RandomVariable> mv_studentt_random_variable() {
  static const auto op = std::make_shared<MvStudentTRV>();
  return op;
}

std::shared_ptr<const RandomVariable> wishart_random_variable() {
  static const auto op = std::make_shared<WishartRV>();
  return op;
}

std::shared_ptr<const RandomVariable> matrix_normal_random_variable() {
  static const auto op = std::make_shared<MatrixNormalRV>();
  return op;
}

}  // namespace kiln::random
