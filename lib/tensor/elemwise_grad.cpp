// Gradients of Elemwise (one derivative per scalar op) and DimShuffle.
#include "tensor/elemwise.hpp"

#include <kiln/tensor.hpp>

#include <cmath>

namespace kiln::tensor {
namespace {

namespace kt = kiln::tensor;
constexpr double kTwoOverSqrtPi = 1.1283791670955126;
constexpr double kSqrtPiOverTwo = 0.88622692545275801;

Var c(double v, const Var& like) { return kt::literal(v, like); }

// d out / d input i, times g: the chain rule for one scalar op. Null: no gradient.
Var partial(ScalarOp op, const std::vector<Var>& x, const Var& z, const Var& g, std::size_t i) {
  const Var& a = x[0];
  switch (op) {
    case ScalarOp::add: return g;
    case ScalarOp::sub: return i == 0 ? g : -g;
    case ScalarOp::mul: {
      std::vector<Var> others{g};
      for (std::size_t k = 0; k < x.size(); ++k)
        if (k != i) others.push_back(x[k]);
      return kt::elemwise(ScalarOp::mul, others);
    }
    case ScalarOp::true_div: return i == 0 ? g / x[1] : -(g * z) / x[1];
    case ScalarOp::mod: return i == 0 ? g : -(g * kt::floor(a / x[1]));
    case ScalarOp::neg: return -g;
    case ScalarOp::pow: {
      if (i == 0) return g * x[1] * kt::pow(a, x[1] - c(1.0, x[1]));
      // 0^b is constant (0 for b > 0) where z * log(a) is 0 * -inf: zero there, as PyTensor.
      return kt::switch_(kt::eq(a, c(0.0, a)), kt::zeros_like(g), g * z * kt::log(a));
    }
    case ScalarOp::abs: return g * kt::sign(a);
    case ScalarOp::exp: return g * z;
    case ScalarOp::exp2: return g * z * c(std::log(2.0), z);
    case ScalarOp::expm1: return g * (z + c(1.0, z));
    case ScalarOp::log: return g / a;
    case ScalarOp::log2: return g / (a * c(std::log(2.0), z));
    case ScalarOp::log10: return g / (a * c(std::log(10.0), z));
    case ScalarOp::log1p: return g / (a + c(1.0, z));
    case ScalarOp::sqrt: return g * c(0.5, z) / z;
    case ScalarOp::sqr: return g * c(2.0, z) * a;
    case ScalarOp::reciprocal: return -(g * kt::sqr(z));
    case ScalarOp::sin: return g * kt::cos(a);
    case ScalarOp::cos: return -(g * kt::sin(a));
    case ScalarOp::tan: return g * (c(1.0, z) + kt::sqr(z));
    case ScalarOp::arcsin: return g / kt::sqrt(c(1.0, z) - kt::sqr(a));
    case ScalarOp::arccos: return -(g / kt::sqrt(c(1.0, z) - kt::sqr(a)));
    case ScalarOp::arctan: return g / (c(1.0, z) + kt::sqr(a));
    case ScalarOp::arctan2: {
      Var r2 = kt::sqr(x[0]) + kt::sqr(x[1]);
      return i == 0 ? g * x[1] / r2 : -(g * x[0]) / r2;
    }
    case ScalarOp::sinh: return g * kt::cosh(a);
    case ScalarOp::cosh: return g * kt::sinh(a);
    case ScalarOp::tanh: return g * (c(1.0, z) - kt::sqr(z));
    case ScalarOp::arcsinh: return g / kt::sqrt(kt::sqr(a) + c(1.0, z));
    case ScalarOp::arccosh: return g / kt::sqrt(kt::sqr(a) - c(1.0, z));
    case ScalarOp::arctanh: return g / (c(1.0, z) - kt::sqr(a));
    case ScalarOp::sigmoid: return g * z * (c(1.0, z) - z);
    case ScalarOp::softplus: return g * kt::sigmoid(a);
    // d/dx log(1 - e^x) = -1 / expm1(-x), finite down to x = -1e-300.
    case ScalarOp::log1mexp: return -(g / kt::expm1(-a));
    case ScalarOp::erf: return g * c(kTwoOverSqrtPi, z) * kt::exp(-kt::sqr(a));
    case ScalarOp::erfc: return -(g * c(kTwoOverSqrtPi, z) * kt::exp(-kt::sqr(a)));
    case ScalarOp::erfcx: return g * (c(2.0, z) * a * z - c(kTwoOverSqrtPi, z));
    case ScalarOp::erfinv: return g * c(kSqrtPiOverTwo, z) * kt::exp(kt::sqr(z));
    case ScalarOp::gammaln: return g * kt::digamma(a);
    case ScalarOp::digamma: return g * kt::trigamma(a);
    case ScalarOp::trigamma: return g * kt::polygamma(kt::literal(2, a), a);
    // The order is discrete: it has no gradient (a float order that reaches the cost is an error).
    case ScalarOp::polygamma: return i == 0 ? Var() : g * kt::polygamma(a + 1, x[1]);
    case ScalarOp::maximum: return g * kt::cast(i == 0 ? kt::ge(x[0], x[1]) : kt::lt(x[0], x[1]), z.dtype());
    case ScalarOp::minimum: return g * kt::cast(i == 0 ? kt::le(x[0], x[1]) : kt::gt(x[0], x[1]), z.dtype());
    // Piecewise constant: zero almost everywhere, as PyTensor.
    case ScalarOp::int_div:
    case ScalarOp::floor:
    case ScalarOp::ceil:
    case ScalarOp::round:
    case ScalarOp::sign: return kt::zeros_like(g);
    case ScalarOp::switch_:
      // A float condition is piecewise constant too (a bool one has no gradient by its dtype).
      if (i == 0) return kt::zeros_like(a);
      return i == 1 ? kt::switch_(a, g, kt::zeros_like(g)) : kt::switch_(a, kt::zeros_like(g), g);
    case ScalarOp::clip: {
      Var inside = kt::and_(kt::ge(a, x[1]), kt::le(a, x[2]));
      if (i == 0) return kt::switch_(inside, g, kt::zeros_like(g));
      return i == 1 ? kt::switch_(kt::lt(a, x[1]), g, kt::zeros_like(g)) : kt::switch_(kt::gt(a, x[2]), g, kt::zeros_like(g));
    }
    case ScalarOp::second: return i == 0 ? disconnected_gradient() : g;
    case ScalarOp::cast:
    case ScalarOp::identity: return g;
    // Comparisons, predicates and logical ops: their bool or integer outputs carry no gradient.
    default: return Var();
  }
}

}  // namespace

Var sum_to_broadcast_pattern(const Var& g, const Var& like) {
  std::vector<int> axes;
  for (int d = 0; d < like.ndim(); ++d)
    if (like.type().broadcastable(d) && !g.type().broadcastable(d)) axes.push_back(d);
  if (axes.empty()) return g;
  return kt::sum(g, axes, true);
}

std::vector<Var> Elemwise::grad(const Apply& node, const std::vector<Var>& output_grads) const {
  const auto& x = node.inputs();
  Var z = node.output(0);
  std::vector<Var> result(x.size());
  if (!is_float(z.dtype())) return result;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (!is_float(x[i].dtype())) continue;
    Var g = partial(scalar_, x, z, output_grads[0], i);
    if (!g || g == disconnected_gradient()) {
      result[i] = g;
      continue;
    }
    if (g.ndim() < x[i].ndim()) g = expand_to_ndim(g, x[i].ndim());
    result[i] = kt::cast(sum_to_broadcast_pattern(g, x[i]), x[i].dtype());
  }
  return result;
}

std::vector<Var> DimShuffle::grad(const Apply& node, const std::vector<Var>& output_grads) const {
  Var g = output_grads[0];
  if (!is_float(node.inputs()[0].dtype())) return {Var()};
  // Sum over the axes the DimShuffle added, then put the input's axes back in their places.
  std::vector<int> added;
  for (std::size_t i = 0; i < new_order_.size(); ++i)
    if (new_order_[i] == -1 && !g.type().broadcastable(static_cast<int>(i))) added.push_back(static_cast<int>(i));
  if (!added.empty()) g = kt::sum(g, added, true);
  std::vector<int> back;
  for (int d = 0; d < input_ndim_; ++d) {
    auto it = std::find(new_order_.begin(), new_order_.end(), d);
    back.push_back(it == new_order_.end() ? -1 : static_cast<int>(it - new_order_.begin()));
  }
  return {kt::dimshuffle(g, back)};
}

}  // namespace kiln::tensor
