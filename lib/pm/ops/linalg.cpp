// MvNormalLogp (with its gradient op) and SPDInverse: type rules, printed names, reference
// evaluation through a Cholesky factor, gradients.
#include "pm/ops/linalg.hpp"

#include "random/rv_draws.hpp"

#include <kiln/tensor.hpp>

#include <cmath>
#include <limits>

namespace kiln::pm::ops {

namespace kt = kiln::tensor;

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// A lower Cholesky factor of a row-major (k, k) matrix, or nothing when not positive definite.
struct Cholesky {
  explicit Cholesky(const Array& m) : k(m.shape()[0]), l(static_cast<std::size_t>(k * k)) {
    for (std::int64_t i = 0; i < k * k; ++i) l[static_cast<std::size_t>(i)] = m.get_as_double(i);
    ok = random::cholesky_lower(l.data(), k);
  }
  double at(std::int64_t i, std::int64_t j) const { return l[static_cast<std::size_t>(i * k + j)]; }
  // x = S^-1 b, by forward then backward substitution.
  std::vector<double> solve(std::vector<double> b) const {
    for (std::int64_t i = 0; i < k; ++i) {
      for (std::int64_t j = 0; j < i; ++j) b[i] -= at(i, j) * b[j];
      b[i] /= at(i, i);
    }
    for (std::int64_t i = k - 1; i >= 0; --i) {
      for (std::int64_t j = i + 1; j < k; ++j) b[i] -= at(j, i) * b[j];
      b[i] /= at(i, i);
    }
    return b;
  }
  double log_det() const {
    double s = 0;
    for (std::int64_t i = 0; i < k; ++i) s += 2 * std::log(at(i, i));
    return s;
  }
  std::int64_t k;
  std::vector<double> l;
  bool ok = false;
};

void require_square(const Var& m, const std::string& op) {
  const auto& s = m.type().shape();
  if (m.ndim() != 2 || (s[0] && s[1] && *s[0] != *s[1]))
    throw TypeError(op + ": expects a square matrix, got " + m.type().str());
}

std::vector<double> row(const Array& delta, std::int64_t b, std::int64_t k) {
  std::vector<double> d(static_cast<std::size_t>(k));
  for (std::int64_t i = 0; i < k; ++i) d[static_cast<std::size_t>(i)] = delta.get_as_double(b * k + i);
  return d;
}

Shape batch_shape(const Array& delta) { return Shape(delta.shape().begin(), delta.shape().end() - 1); }

// Inputs (delta, cov, g): d logp / d delta = -g S^-1 d; d logp / d S = sum_b g 0.5 (S^-1 d d' S^-1 - S^-1).
class MvNormalLogpGrad final : public Op {
 public:
  std::string name() const override { return "MvNormalLogpGrad"; }
  std::vector<TensorType> output_types(const std::vector<Var>& in) const override {
    return {in[0].type(), TensorType(DType::float64, in[1].type().shape())};
  }
  void perform(const std::vector<Array>& in, std::vector<Array>& out) const override {
    const Cholesky chol(in[1]);
    const std::int64_t k = chol.k, batches = in[0].size() / std::max<std::int64_t>(k, 1);
    Array gd = Array::empty(DType::float64, in[0].shape());
    Array gs = Array::zeros(DType::float64, {k, k});
    double* gdp = gd.data<double>();
    double* gsp = gs.data<double>();
    std::vector<double> inverse(static_cast<std::size_t>(k * k));
    for (std::int64_t j = 0; j < k; ++j) {
      std::vector<double> e(static_cast<std::size_t>(k), 0.0);
      e[static_cast<std::size_t>(j)] = 1.0;
      auto col = chol.solve(e);
      for (std::int64_t i = 0; i < k; ++i) inverse[static_cast<std::size_t>(i * k + j)] = col[static_cast<std::size_t>(i)];
    }
    for (std::int64_t b = 0; b < batches; ++b) {
      const double g = in[2].get_as_double(b);
      auto a = chol.ok ? chol.solve(row(in[0], b, k)) : std::vector<double>(static_cast<std::size_t>(k), nan);
      for (std::int64_t i = 0; i < k; ++i) {
        gdp[b * k + i] = -g * a[static_cast<std::size_t>(i)];
        for (std::int64_t j = 0; j < k; ++j)
          gsp[i * k + j] += 0.5 * g * (a[static_cast<std::size_t>(i)] * a[static_cast<std::size_t>(j)] -
                                       inverse[static_cast<std::size_t>(i * k + j)]);
      }
    }
    out[0] = std::move(gd);
    out[1] = std::move(gs);
  }
};

class MvNormalLogp final : public Op {
 public:
  std::string name() const override { return "MvNormalLogp"; }
  std::vector<TensorType> output_types(const std::vector<Var>& in) const override {
    require_square(in[1], name());
    if (in[0].ndim() < 1) throw TypeError(name() + ": the value must have at least one dimension");
    StaticShape batch(in[0].type().shape().begin(), in[0].type().shape().end() - 1);
    return {TensorType(DType::float64, batch), TensorType(DType::bool_, {})};
  }
  void perform(const std::vector<Array>& in, std::vector<Array>& out) const override {
    const Cholesky chol(in[1]);
    const std::int64_t k = chol.k;
    if (in[0].shape().back() != k)
      throw ValueError(name() + ": value of length " + std::to_string(in[0].shape().back()) +
                       " against a covariance of size " + std::to_string(k));
    Array lp = Array::empty(DType::float64, batch_shape(in[0]));
    double* data = lp.data<double>();
    const double norm = chol.ok ? -0.5 * chol.log_det() - 0.5 * static_cast<double>(k) * std::log(2 * M_PI) : nan;
    for (std::int64_t b = 0; b < lp.size(); ++b) {
      if (!chol.ok) {
        data[b] = nan;
        continue;
      }
      auto d = row(in[0], b, k);
      auto a = chol.solve(d);
      double quad = 0;
      for (std::int64_t i = 0; i < k; ++i) quad += d[static_cast<std::size_t>(i)] * a[static_cast<std::size_t>(i)];
      data[b] = norm - 0.5 * quad;
    }
    out[0] = std::move(lp);
    out[1] = Array(chol.ok);
  }
  std::vector<Var> grad(const Apply& node, const std::vector<Var>& g) const override {
    if (!g[0]) return {Var(), Var()};
    auto grads = Apply::make(std::make_shared<MvNormalLogpGrad>(), {node.inputs()[0], node.inputs()[1], g[0]});
    return {grads->output(0), grads->output(1)};
  }
};

class SPDInverse final : public Op {
 public:
  std::string name() const override { return "SPDInverse"; }
  std::vector<TensorType> output_types(const std::vector<Var>& in) const override {
    require_square(in[0], name());
    return {TensorType(DType::float64, in[0].type().shape())};
  }
  void perform(const std::vector<Array>& in, std::vector<Array>& out) const override {
    const Cholesky chol(in[0]);
    const std::int64_t k = chol.k;
    Array inv = Array::empty(DType::float64, {k, k});
    double* data = inv.data<double>();
    for (std::int64_t j = 0; j < k; ++j) {
      std::vector<double> e(static_cast<std::size_t>(k), 0.0);
      e[static_cast<std::size_t>(j)] = 1.0;
      auto col = chol.ok ? chol.solve(e) : std::vector<double>(static_cast<std::size_t>(k), nan);
      for (std::int64_t i = 0; i < k; ++i) data[i * k + j] = col[static_cast<std::size_t>(i)];
    }
    out[0] = std::move(inv);
  }
  // d inv(A) = -inv(A) dA inv(A), so the gradient is -inv' g inv'.
  std::vector<Var> grad(const Apply& node, const std::vector<Var>& g) const override {
    Var inv_t = kt::transpose(node.output(0));
    return {-kt::dot(kt::dot(inv_t, g[0]), inv_t)};
  }
};

}  // namespace

std::pair<Var, Var> mvnormal_logp(const Var& delta, const Var& cov) {
  auto node = Apply::make(std::make_shared<MvNormalLogp>(), {delta, cov});
  return {node->output(0), node->output(1)};
}

Var spd_inverse(const Var& matrix) { return apply_op(std::make_shared<SPDInverse>(), {matrix}); }

}  // namespace kiln::pm::ops
