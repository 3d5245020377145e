// Dirichlet, multinomial, categorical and multivariate normal ops: their support shapes, the
// checks over whole param vectors, and a loop over the batch that draws one vector at a time.
#include "random/rv_multivariate.hpp"

#include "random/parameter_checks.hpp"
#include "random/rv_batch_draw.hpp"
#include "random/rv_draws.hpp"

#include <kiln/errors.hpp>

#include <cmath>
#include <vector>

namespace kiln::random {

namespace {

// The k values of `param` (broadcast to batch + (k,)) at batch position b.
std::vector<double> vector_at(const Array& param, std::int64_t b, std::int64_t k) {
  std::vector<double> out(static_cast<std::size_t>(k));
  for (std::int64_t j = 0; j < k; ++j) out[static_cast<std::size_t>(j)] = param.get_as_double(b * k + j);
  return out;
}

std::string element(std::string_view name, std::int64_t k, double value) {
  return std::string(name) + "[" + std::to_string(k) + "] = " + format_parameter(value);
}

std::int64_t last_dim(const Array& a) { return a.shape().back(); }

std::optional<std::int64_t> last_static_dim(const Var& v) { return v.type().shape().back(); }

// ---- The batch-draw entries (rv_batch_draw.hpp): one batch element each, its params checked
// as check_parameters checks them, into a thread's scratch that grows once.

// A thread's scratch, found once per entry call (a thread_local of a shared library costs a
// lookup per access).
struct Scratch {
  std::vector<double> buffers[3];
  const void* factored = nullptr;  // the cov block `factor` holds the Cholesky factor of
};

Scratch& scratch() {
  thread_local Scratch s;
  return s;
}

std::int32_t draw_dirichlet(GeneratorState* s, const void*, void* out, std::int64_t stride, std::int64_t k,
                            std::int64_t, const DrawParam* params) {
  Scratch& sc = scratch();
  const double* alpha = core_vector(params[0], k, sc.buffers[0]);
  for (std::int64_t j = 0; j < k; ++j)
    if (!(alpha[j] > 0)) return draw_bad_parameters;
  double* values = draw_target(out, stride, k, sc.buffers[1]);
  dirichlet(*s, alpha, k, values);
  scatter(values, out, stride, k);
  return draw_done;
}

std::int32_t draw_multinomial(GeneratorState* s, const void*, void* out, std::int64_t stride, std::int64_t k,
                              std::int64_t, const DrawParam* params) {
  const std::int64_t n = param_int(params[0], 0);
  const double* p = core_vector(params[1], k, scratch().buffers[0]);
  if (n < 0) return draw_bad_parameters;
  double sum = 0;
  for (std::int64_t j = 0; j < k; ++j) {
    if (!(p[j] >= 0 && p[j] <= 1)) return draw_bad_parameters;
    if (j + 1 < k) sum += p[j];
  }
  if (sum > 1.0 + 1e-12) return draw_bad_parameters;
  thread_local std::vector<std::int64_t> counts;
  counts.resize(static_cast<std::size_t>(k));
  multinomial(*s, n, p, k, counts.data());
  for (std::int64_t j = 0; j < k; ++j) static_cast<std::int64_t*>(out)[j * stride] = counts[static_cast<std::size_t>(j)];
  return draw_done;
}

std::int32_t draw_categorical(GeneratorState* s, const void*, void* out, std::int64_t, std::int64_t k, std::int64_t,
                              const DrawParam* params) {
  const double* p = core_vector(params[0], k, scratch().buffers[0]);
  for (std::int64_t j = 0; j < k; ++j)
    if (!(p[j] >= 0)) return draw_bad_parameters;
  *static_cast<std::int64_t*>(out) = categorical(*s, p, k);
  return draw_done;
}

// The factor is kept while the batch loop reads the same cov block (a cov broadcast over the
// batch is factored once per call, at batch element 0).
std::int32_t draw_multivariate_normal(GeneratorState* s, const void*, void* out, std::int64_t stride, std::int64_t k,
                                      std::int64_t batch, const DrawParam* params) {
  Scratch& sc = scratch();
  std::vector<double>& factor = sc.buffers[1];
  const DrawParam& cov = params[1];
  if (batch == 0 || cov.data != sc.factored) {
    sc.factored = nullptr;
    factor.resize(static_cast<std::size_t>(k * k));
    for (std::int64_t i = 0; i < k; ++i)
      for (std::int64_t j = 0; j < k; ++j)
        factor[static_cast<std::size_t>(i * k + j)] = param_real(cov, i * cov.strides[0] + j * cov.strides[1]);
    if (!cholesky_lower(factor.data(), k)) return draw_bad_parameters;
    sc.factored = cov.data;
  }
  const double* mean = core_vector(params[0], k, sc.buffers[0]);
  double* values = draw_target(out, stride, k, sc.buffers[2]);
  multivariate_normal(*s, mean, factor.data(), k, values);
  scatter(values, out, stride, k);
  return draw_done;
}

class DirichletRV final : public RandomVariable {
 public:
  DirichletRV() : RandomVariable("dirichlet", 1, {1}, DType::float64, true, {"alpha"}) {}

  void check_parameters(const std::vector<Array>& params) const override {
    const Array& alpha = params[0];
    for (std::int64_t i = 0; i < alpha.size(); ++i) {
      const double a = alpha.get_as_double(i);
      if (std::isnan(a)) throw_parameter_error("dirichlet", "alpha contains NaNs", element("alpha", i, a));
      if (a <= 0) throw_parameter_error("dirichlet", "alpha <= 0", element("alpha", i, a));
    }
  }

 protected:
  StaticShape support_static_shape(const std::vector<Var>& params) const override {
    return {last_static_dim(params[0])};
  }
  Shape support_shape(const std::vector<Array>& params) const override { return {last_dim(params[0])}; }
  const BatchDraw* batch_draw() const override {
    static const BatchDraw entries{{{"kiln_rv_dirichlet", &draw_dirichlet}}, 0};
    return &entries;
  }
  void draw(GeneratorState& s, const std::vector<Array>& params, Array& out) const override {
    const std::int64_t k = last_dim(params[0]);
    double* data = out.data<double>();
    for (std::int64_t b = 0; k > 0 && b < out.size() / k; ++b)
      dirichlet(s, vector_at(params[0], b, k).data(), k, data + b * k);
  }
};

class MultinomialRV final : public RandomVariable {
 public:
  MultinomialRV() : RandomVariable("multinomial", 1, {0, 1}, DType::int64, false, {"n", "p"}) {}

  void check_parameters(const std::vector<Array>& params) const override {
    const Array& n = params[0];
    const Array& p = params[1];
    for (std::int64_t i = 0; i < n.size(); ++i)
      if (n.get_as_int(i) < 0)
        throw_parameter_error("multinomial", "n < 0", "n = " + format_parameter(n.get_as_int(i)));
    const std::int64_t k = last_dim(p);
    for (std::int64_t i = 0; i < p.size(); ++i) {
      const double value = p.get_as_double(i);
      if (!(value >= 0 && value <= 1))
        throw_parameter_error("multinomial", "p < 0, p > 1 or p contains NaNs", element("p", i, value));
    }
    for (std::int64_t b = 0; k > 0 && b < p.size() / k; ++b) {
      double sum = 0;
      for (std::int64_t j = 0; j + 1 < k; ++j) sum += p.get_as_double(b * k + j);
      if (sum > 1.0 + 1e-12)
        throw_parameter_error("multinomial", "sum(p[:-1]) > 1.0", "sum = " + format_parameter(sum));
    }
  }

 protected:
  StaticShape support_static_shape(const std::vector<Var>& params) const override {
    return {last_static_dim(params[1])};
  }
  Shape support_shape(const std::vector<Array>& params) const override { return {last_dim(params[1])}; }
  const BatchDraw* batch_draw() const override {
    static const BatchDraw entries{{{"kiln_rv_multinomial", &draw_multinomial}}, 1};
    return &entries;
  }
  void draw(GeneratorState& s, const std::vector<Array>& params, Array& out) const override {
    const std::int64_t k = last_dim(params[1]);
    std::int64_t* data = out.data<std::int64_t>();
    for (std::int64_t b = 0; k > 0 && b < out.size() / k; ++b)
      multinomial(s, params[0].get_as_int(b), vector_at(params[1], b, k).data(), k, data + b * k);
  }
};

class CategoricalRV final : public RandomVariable {
 public:
  CategoricalRV() : RandomVariable("categorical", 0, {1}, DType::int64, false, {"p"}) {}

  void check_parameters(const std::vector<Array>& params) const override {
    const Array& p = params[0];
    for (std::int64_t i = 0; i < p.size(); ++i) {
      const double value = p.get_as_double(i);
      if (!(value >= 0)) throw_parameter_error("categorical", "p < 0 or p is NaN", element("p", i, value));
    }
  }

 protected:
  const BatchDraw* batch_draw() const override {
    static const BatchDraw entries{{{"kiln_rv_categorical", &draw_categorical}}, 0};
    return &entries;
  }
  void draw(GeneratorState& s, const std::vector<Array>& params, Array& out) const override {
    const std::int64_t k = last_dim(params[0]);
    std::int64_t* data = out.data<std::int64_t>();
    for (std::int64_t b = 0; b < out.size(); ++b) data[b] = categorical(s, vector_at(params[0], b, k).data(), k);
  }
};

// Cholesky factors of the covariance blocks, recomputed only when the block changes (a
// covariance broadcast over the batch is factored once).
class CholeskyCache {
 public:
  const std::vector<double>& factor(const Array& cov, std::int64_t b, std::int64_t k) {
    std::vector<double> block = vector_at(cov, b, k * k);
    if (block != last_cov_) {
      last_cov_ = block;
      if (!cholesky_lower(block.data(), k))
        throw_parameter_error("multivariate_normal", "cov is not positive definite",
                              "cov block " + std::to_string(b) + " of size " + std::to_string(k));
      factor_ = std::move(block);
    }
    return factor_;
  }

 private:
  std::vector<double> last_cov_, factor_;
};

class MultivariateNormalRV final : public RandomVariable {
 public:
  MultivariateNormalRV() : RandomVariable("multivariate_normal", 1, {1, 2}, DType::float64, true, {"mean", "cov"}) {}

  void check_parameter_shapes(const std::vector<Shape>& params) const override {
    const Shape &mean = params[0], &cov = params[1];
    if (cov[cov.size() - 2] != cov.back())
      throw_parameter_error("multivariate_normal", "cov must be square", "cov shape = " + shape_string(cov));
    if (mean.back() != cov.back() && mean.back() != 1)
      throw_parameter_error("multivariate_normal", "mean and cov must have same length",
                            "mean shape = " + shape_string(mean) + ", cov shape = " + shape_string(cov));
  }

  void check_parameters(const std::vector<Array>& params) const override {
    const Array& cov = params[1];
    const std::int64_t k = last_dim(cov);
    check_parameter_shapes({params[0].shape(), cov.shape()});
    CholeskyCache cache;
    for (std::int64_t b = 0; k > 0 && b < cov.size() / (k * k); ++b) cache.factor(cov, b, k);
  }

 protected:
  StaticShape support_static_shape(const std::vector<Var>& params) const override {
    const auto m = last_static_dim(params[0]);
    const auto c = last_static_dim(params[1]);
    return {c ? c : (m == 1 ? std::nullopt : m)};
  }
  Shape support_shape(const std::vector<Array>& params) const override { return {last_dim(params[1])}; }
  const BatchDraw* batch_draw() const override {
    static const BatchDraw entries{{{"kiln_rv_multivariate_normal", &draw_multivariate_normal}}, 1};
    return &entries;
  }
  void draw(GeneratorState& s, const std::vector<Array>& params, Array& out) const override {
    const std::int64_t k = last_dim(params[1]);
    const std::int64_t mean_k = last_dim(params[0]);
    double* data = out.data<double>();
    CholeskyCache cache;
    std::vector<double> mean(static_cast<std::size_t>(k));
    for (std::int64_t b = 0; k > 0 && b < out.size() / k; ++b) {
      for (std::int64_t j = 0; j < k; ++j)
        mean[static_cast<std::size_t>(j)] = params[0].get_as_double(b * mean_k + (mean_k == 1 ? 0 : j));
      multivariate_normal(s, mean.data(), cache.factor(params[1], b, k).data(), k, data + b * k);
    }
  }
};

}  // namespace

std::shared_ptr<const RandomVariable> dirichlet_random_variable() {
  static const auto op = std::make_shared<DirichletRV>();
  return op;
}

std::shared_ptr<const RandomVariable> multinomial_random_variable() {
  static const auto op = std::make_shared<MultinomialRV>();
  return op;
}

std::shared_ptr<const RandomVariable> categorical_random_variable() {
  static const auto op = std::make_shared<CategoricalRV>();
  return op;
}

std::shared_ptr<const RandomVariable> multivariate_normal_random_variable() {
  static const auto op = std::make_shared<MultivariateNormalRV>();
  return op;
}

}  // namespace kiln::random
