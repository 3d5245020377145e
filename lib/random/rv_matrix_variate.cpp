// MvStudentT, Wishart and MatrixNormal draws, each in the order PyMC's rng_fn draws its batch:
// MvStudentT every normal vector, then every chi-square; Wishart SciPy's Bartlett
// decomposition (every off-diagonal normal, then the chi-squares column by column);
// MatrixNormal every standard normal, then mu + rowchol Z colchol'.
#include "random/rv_matrix.hpp"

#include "random/distributions.hpp"
#include "random/parameter_checks.hpp"
#include "random/rv_batch_draw.hpp"
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

void require_square(const char* rv, const char* param, const Shape& m) {
  if (m.size() < 2 || m[m.size() - 1] != m[m.size() - 2])
    throw_parameter_error(rv, std::string(param) + " must be square", std::string(param) + " shape = " + shape_string(m));
}

// ---- The batch-draw entries (rv_batch_draw.hpp): each op's phases as passes over the batch,
// the intermediate draws kept in the output's slots between passes.

// Element (i, j) of a matrix param or output.
double matrix_at(const DrawParam& p, std::int64_t i, std::int64_t j) {
  return param_real(p, i * p.strides[0] + j * p.strides[1]);
}
double& out_at(void* out, const DrawParam& o, std::int64_t i, std::int64_t j) {
  return static_cast<double*>(out)[i * o.strides[0] + j * o.strides[1]];
}

// A thread's scratch, grown once: the Cholesky factor of the last block (kept while the batch
// reads the same block, so a scale broadcast over the batch is factored once per pass), a
// matrix draw's copy and product, and the round a repeated pass is in.
struct Scratch {
  std::vector<double> factor, copy, product, zero;
  const void* factored = nullptr;
  std::int64_t round = 0;
};

Scratch& scratch() {
  thread_local Scratch s;
  return s;
}

// The lower Cholesky factor of the k x k block `m` at this batch element, or null.
const double* factor_at(Scratch& sc, const DrawParam& m, std::int64_t k, std::int64_t batch) {
  if (batch == 0 || m.data != sc.factored) {
    sc.factored = nullptr;
    sc.factor.resize(at(k * k));
    for (std::int64_t i = 0; i < k; ++i)
      for (std::int64_t j = 0; j < k; ++j) sc.factor[at(i * k + j)] = matrix_at(m, i, j);
    if (!cholesky_lower(sc.factor.data(), k)) return nullptr;
    sc.factored = m.data;
  }
  return sc.factor.data();
}

// MvStudentT: the normal vectors (nu checked), then per element its chi-square and mu.
std::int32_t mv_studentt_normals(GeneratorState* s, const void*, void* out, std::int64_t stride, std::int64_t k,
                                 std::int64_t batch, const DrawParam* params) {
  Scratch& sc = scratch();
  if (param_real(params[0], 0) <= 0) return draw_bad_parameters;
  const double* chol = factor_at(sc, params[2], k, batch);
  if (!chol) return draw_bad_parameters;
  sc.zero.assign(at(k), 0.0);
  sc.copy.resize(at(k));
  multivariate_normal(*s, sc.zero.data(), chol, k, sc.copy.data());
  for (std::int64_t j = 0; j < k; ++j) static_cast<double*>(out)[j * stride] = sc.copy[at(j)];
  return draw_done;
}

std::int32_t mv_studentt_chisquares(GeneratorState* s, const void*, void* out, std::int64_t stride, std::int64_t k,
                                    std::int64_t, const DrawParam* params) {
  const double nu = param_real(params[0], 0);
  const double w = std::sqrt(chisquare(*s, nu) / nu);
  double* data = static_cast<double*>(out);
  for (std::int64_t j = 0; j < k; ++j)
    data[j * stride] = data[j * stride] / w + param_real(params[1], j * params[1].strides[0]);
  return draw_done;
}

// Wishart: A's off-diagonal normals (nu checked) into the output's lower triangle, then each
// column's chi-square into its diagonal (one round per column), then C A A' C'.
std::int32_t wishart_normals(GeneratorState* s, const void*, void* out, std::int64_t, std::int64_t p, std::int64_t batch,
                             const DrawParam* params) {
  if (batch == 0) scratch().round = 0;
  if (!(param_real(params[0], 0) > static_cast<double>(p - 1))) return draw_bad_parameters;
  const DrawParam& o = params[2];
  for (std::int64_t i = 0; i < p; ++i)
    for (std::int64_t j = 0; j < p; ++j) out_at(out, o, i, j) = j < i ? standard_normal(*s) : 0.0;
  return draw_done;
}

std::int32_t wishart_chisquares(GeneratorState* s, const void*, void* out, std::int64_t, std::int64_t, std::int64_t batch,
                                const DrawParam* params) {
  Scratch& sc = scratch();
  if (batch == 0) ++sc.round;
  const std::int64_t i = sc.round - 1;
  const auto df = static_cast<double>(static_cast<std::int64_t>(param_real(params[0], 0)) - i);
  out_at(out, params[2], i, i) = std::sqrt(chisquare(*s, df));
  return draw_done;
}

std::int32_t wishart_product(GeneratorState*, const void*, void* out, std::int64_t, std::int64_t p, std::int64_t batch,
                             const DrawParam* params) {
  Scratch& sc = scratch();
  const double* C = factor_at(sc, params[1], p, batch);
  if (!C) return draw_bad_parameters;
  const DrawParam& o = params[2];
  std::vector<double>& A = sc.copy;
  std::vector<double>& CA = sc.product;
  A.resize(at(p * p));
  CA.resize(at(p * p));
  for (std::int64_t i = 0; i < p; ++i)
    for (std::int64_t j = 0; j < p; ++j) A[at(i * p + j)] = out_at(out, o, i, j);
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
      out_at(out, o, i, j) = sum;
    }
  return draw_done;
}

// MatrixNormal: the element's standard normals in C order, then mu + rowchol Z colchol'.
std::int32_t matrix_normal_normals(GeneratorState* s, const void*, void* out, std::int64_t, std::int64_t, std::int64_t,
                                   const DrawParam* params) {
  const DrawParam& o = params[3];
  for (std::int64_t i = 0; i < o.extents[0]; ++i)
    for (std::int64_t j = 0; j < o.extents[1]; ++j) out_at(out, o, i, j) = standard_normal(*s);
  return draw_done;
}

std::int32_t matrix_normal_product(GeneratorState*, const void*, void* out, std::int64_t, std::int64_t, std::int64_t,
                                   const DrawParam* params) {
  const DrawParam &mu = params[0], &row = params[1], &col = params[2], &o = params[3];
  const std::int64_t m = o.extents[0], n = o.extents[1];
  Scratch& sc = scratch();
  std::vector<double>& zc = sc.product;
  zc.resize(at(m * n));
  for (std::int64_t i = 0; i < m; ++i)
    for (std::int64_t j = 0; j < n; ++j) {
      double sum = 0.0;
      for (std::int64_t k = 0; k < n; ++k) sum += out_at(out, o, i, k) * matrix_at(col, j, k);
      zc[at(i * n + j)] = sum;
    }
  for (std::int64_t i = 0; i < m; ++i)
    for (std::int64_t j = 0; j < n; ++j) {
      double sum = 0.0;
      for (std::int64_t k = 0; k < m; ++k) sum += matrix_at(row, i, k) * zc[at(k * n + j)];
      out_at(out, o, i, j) = matrix_at(mu, i, j) + sum;
    }
  return draw_done;
}

class MvStudentTRV final : public RandomVariable {
 public:
  MvStudentTRV() : RandomVariable("multivariate_studentt", 1, {0, 1, 2}, DType::float64, true, {"nu", "mu", "scale"}) {}

  void check_parameter_shapes(const std::vector<Shape>& params) const override {
    require_square("multivariate_studentt", "scale", params[2]);
    if (params[1].back() != params[2].back() && params[1].back() != 1)
      throw_parameter_error("multivariate_studentt", "mu and scale must have same length",
                            "mu shape = " + shape_string(params[1]) + ", scale shape = " + shape_string(params[2]));
  }

  void check_parameters(const std::vector<Array>& params) const override {
    for (std::int64_t i = 0; i < params[0].size(); ++i)
      require_positive("multivariate_studentt", "nu", params[0].get_as_double(i));
    check_parameter_shapes({params[0].shape(), params[1].shape(), params[2].shape()});
    const std::int64_t k = dim(params[2], 1);
    for (std::int64_t b = 0; k > 0 && b < params[2].size() / (k * k); ++b) factor("multivariate_studentt", "scale", params[2], b, k);
  }

 protected:
  StaticShape support_static_shape(const std::vector<Var>& params) const override { return {static_dim(params[2], 1)}; }
  Shape support_shape(const std::vector<Array>& params) const override { return {dim(params[2], 1)}; }
  const BatchDraw* batch_draw() const override {
    static const BatchDraw entries{{{"kiln_rv_mv_studentt_normals", &mv_studentt_normals},
                                    {"kiln_rv_mv_studentt_chisquares", &mv_studentt_chisquares}},
                                   2};
    return &entries;
  }
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

  void check_parameter_shapes(const std::vector<Shape>& params) const override { require_square("wishart", "V", params[1]); }

  void check_parameters(const std::vector<Array>& params) const override {
    require_square("wishart", "V", params[1].shape());
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
  const BatchDraw* batch_draw() const override {
    static const BatchDraw entries{.passes = {{"kiln_rv_wishart_normals", &wishart_normals},
                                              {"kiln_rv_wishart_chisquares", &wishart_chisquares},
                                              {"kiln_rv_wishart_product", &wishart_product}},
                                   .support_param = 1,
                                   .repeat_begin = 1,
                                   .repeat_end = 2,
                                   .rounds = [](const std::vector<Array>& params) { return dim(params[1], 1); }};
    return &entries;
  }
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

  void check_parameter_shapes(const std::vector<Shape>& params) const override {
    const Shape &mu = params[0], &row = params[1], &col = params[2];
    require_square("matrixnormal", "rowchol", row);
    require_square("matrixnormal", "colchol", col);
    const auto last = [](const Shape& s, std::size_t from_end) { return s[s.size() - from_end]; };
    if (mu.size() < 2 || (last(mu, 2) != last(row, 1) && last(mu, 2) != 1) || (last(mu, 1) != last(col, 1) && last(mu, 1) != 1))
      throw_parameter_error("matrixnormal", "mu must be (rows, cols) with rowchol (rows, rows) and colchol (cols, cols)",
                            "mu shape = " + shape_string(mu) + ", rowchol shape = " + shape_string(row) +
                                ", colchol shape = " + shape_string(col));
  }

  void check_parameters(const std::vector<Array>& params) const override {
    check_parameter_shapes({params[0].shape(), params[1].shape(), params[2].shape()});
  }

 protected:
  StaticShape support_static_shape(const std::vector<Var>& params) const override {
    return {static_dim(params[1], 1), static_dim(params[2], 1)};
  }
  Shape support_shape(const std::vector<Array>& params) const override { return {dim(params[1], 1), dim(params[2], 1)}; }
  const BatchDraw* batch_draw() const override {
    static const BatchDraw entries{{{"kiln_rv_matrix_normal_normals", &matrix_normal_normals},
                                    {"kiln_rv_matrix_normal_product", &matrix_normal_product}}};
    return &entries;
  }
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
