// Rewrites around reductions and allocations: a sum does not care how its input's axes were
// shuffled, a sum of a broadcast constant is a product, an Alloc or fill of something that
// already has the shape is that thing, and log(sum(exp(x))) subtracts the max before exp.
#include "rewrite/match.hpp"
#include "rewrite/pattern.hpp"
#include "rewrite/rewrite_sets.hpp"
#include "tensor/reduce.hpp"
#include "tensor/shape_ops.hpp"

#include <kiln/tensor.hpp>

#include <algorithm>
#include <cmath>

namespace kiln::rewrite {
namespace kt = kiln::tensor;
namespace {

using Result = std::optional<std::vector<Var>>;

const tensor::Reduce* full_reduce(const Apply& node, tensor::ReduceKind kind) {
  auto* r = dynamic_cast<const tensor::Reduce*>(&node.op());
  if (!r || r->kind() != kind) return nullptr;
  if (r->axis() && static_cast<int>(r->axis()->size()) != node.inputs()[0].ndim()) return nullptr;
  return r;
}

bool fully_known_equal(const TensorType& a, const TensorType& b) {
  return a.fully_known() && b.fully_known() && a.shape() == b.shape();
}

// sum(dimshuffle(x)) -> sum(x) for a full reduction: the order of the axes does not matter.
Result sum_of_dimshuffle(FunctionGraph&, Apply& node) {
  if (!full_reduce(node, tensor::ReduceKind::sum)) return std::nullopt;
  auto owner = node.inputs()[0].owner();
  if (!owner || !dynamic_cast<const tensor::DimShuffle*>(&owner->op())) return std::nullopt;
  Var inner = owner->inputs()[0];
  Var out = node.output(0);
  Var r = kt::sum(inner);
  if (r.dtype() != out.dtype()) r = kt::cast(r, out.dtype());
  return std::vector<Var>{r};
}

// Whether every dim of v is statically 1: one value broadcast over whatever it meets.
bool uniform(const Var& v) {
  const auto& dims = v.type().shape();
  return std::all_of(dims.begin(), dims.end(), [](const auto& d) { return d == 1; });
}

// `scaled` (a sum of x times or over a factor) where x has elements, else 0, the sum of no
// elements: an infinite or NaN factor, or a divisor 0, must not make an empty sum NaN (sum(x / 0)
// of an empty x is 0; kiln_fuzz --one 11 46060). Free when x's static shape has elements.
Var zero_if_empty(const Var& x, const Var& scaled) {
  const auto& dims = x.type().shape();
  if (std::all_of(dims.begin(), dims.end(), [](const auto& d) { return d && *d > 0; })) return scaled;
  Var n = kt::prod(kt::shape(x));
  return kt::switch_(kt::gt(n, kt::literal(0, n)), scaled, kt::literal(0.0, scaled));
}

// sum(k * x) -> k * sum(x), sum(x / k) -> sum(x) / k and sum(-x) -> -sum(x) for a full
// float64 sum and factors k that are one value (or a fill of one): the multiplications leave
// the loop (last-bit differences, as Stan's normal_lpdf scaling its sums).
Result sum_of_scaled(FunctionGraph&, Apply& node) {
  if (!full_reduce(node, tensor::ReduceKind::sum) || node.output(0).dtype() != DType::float64) return std::nullopt;
  Var in = node.inputs()[0];
  auto owner = in.owner();
  if (!owner || in.dtype() != DType::float64) return std::nullopt;
  auto to_scalar = [](const Var& k) { return k.ndim() == 0 ? k : kt::dimshuffle(k, {}); };
  if (is_elemwise(*owner, ScalarOp::neg)) return std::vector<Var>{kt::neg(kt::sum(owner->inputs()[0]))};
  const auto& args = owner->inputs();
  if (is_elemwise(*owner, ScalarOp::true_div) && uniform(args[1]) && args[0].type() == in.type() &&
      args[1].dtype() == DType::float64)
    return std::vector<Var>{zero_if_empty(args[0], kt::sum(args[0]) / to_scalar(args[1]))};
  if (!is_elemwise(*owner, ScalarOp::mul)) return std::nullopt;
  std::vector<Var> scale, rest;
  for (const auto& arg : args) {
    if (arg.dtype() != DType::float64) return std::nullopt;
    auto fill = arg.owner();
    if (fill && is_elemwise(*fill, ScalarOp::second) && uniform(fill->inputs()[1]) &&
        fill->inputs()[1].dtype() == DType::float64)
      scale.push_back(fill->inputs()[1]);  // a fill of one value: that value, if the rest has the shape
    else
      (uniform(arg) ? scale : rest).push_back(arg);
  }
  if (scale.empty() || rest.empty()) return std::nullopt;
  // The rest must still span the sum's shape, or broadcasting by a scale factor added elements.
  if (std::none_of(rest.begin(), rest.end(), [&](const Var& r) { return r.type() == in.type(); })) return std::nullopt;
  Var inner = rest.size() == 1 ? rest[0] : rest[0] * rest[1];
  for (std::size_t k = 2; k < rest.size(); ++k) inner = inner * rest[k];
  Var result = kt::sum(inner);
  for (const auto& k : scale) result = to_scalar(k) * result;
  return std::vector<Var>{zero_if_empty(inner, result)};
}

// sum(u + x) -> n u + sum(x), sum(u - x) -> n u - sum(x), sum(x - u) -> sum(x) - n u for a
// full float64 sum, u one value and x spanning the sum's shape (n its size): the constant part
// of a log-density is added once, not once per element. n u is 0 for an empty x (not 0 * inf).
Result sum_of_shifted(FunctionGraph&, Apply& node) {
  if (!full_reduce(node, tensor::ReduceKind::sum) || node.output(0).dtype() != DType::float64) return std::nullopt;
  Var in = node.inputs()[0];
  auto owner = in.owner();
  if (!owner || in.dtype() != DType::float64) return std::nullopt;
  const bool add = is_elemwise(*owner, ScalarOp::add), sub = is_elemwise(*owner, ScalarOp::sub);
  if ((!add && !sub) || owner->inputs().size() != 2) return std::nullopt;
  const Var& a = owner->inputs()[0];
  const Var& b = owner->inputs()[1];
  for (int u = 0; u < 2; ++u) {
    const Var& shift = u == 0 ? a : b;
    const Var& x = u == 0 ? b : a;
    if (!uniform(shift) || shift.dtype() != DType::float64 || x.type() != in.type()) continue;
    Var n = kt::cast(kt::prod(kt::shape(x)), DType::float64);
    Var scalar = shift.ndim() == 0 ? shift : kt::dimshuffle(shift, {});
    Var total = kt::switch_(kt::gt(n, kt::literal(0.0, n)), n * scalar, kt::literal(0.0, n));
    Var rest = kt::sum(x);
    if (add) return std::vector<Var>{total + rest};
    return std::vector<Var>{u == 0 ? total - rest : rest - total};
  }
  return std::nullopt;
}

// A reduction of a 0-d value is the value (a model's per-variable sums of scalar terms).
Result reduce_of_scalar(FunctionGraph&, Apply& node) {
  auto* r = dynamic_cast<const tensor::Reduce*>(&node.op());
  if (!r || node.inputs()[0].ndim() != 0) return std::nullopt;
  Var in = node.inputs()[0];
  Var out = node.output(0);
  if (r->kind() == tensor::ReduceKind::all || r->kind() == tensor::ReduceKind::any)
    return std::vector<Var>{kt::neq(in, kiln::Var(0))};
  return std::vector<Var>{in.dtype() == out.dtype() ? in : kt::cast(in, out.dtype())};
}

// sum(fill(x, c)) and sum(alloc(c, dims...)) with a scalar c -> c * (number of elements), or
// for an infinite or nan c: c when there are elements, else 0.
Result sum_of_broadcast_constant(FunctionGraph&, Apply& node) {
  if (!full_reduce(node, tensor::ReduceKind::sum)) return std::nullopt;
  Var in = node.inputs()[0];
  auto owner = in.owner();
  if (!owner) return std::nullopt;
  Var value, shaped;
  if (is_elemwise(*owner, ScalarOp::second)) {
    value = owner->inputs()[1];
    shaped = owner->inputs()[0];
  } else if (dynamic_cast<const tensor::Alloc*>(&owner->op())) {
    value = owner->inputs()[0];
    shaped = in;
  } else {
    return std::nullopt;
  }
  auto c = scalar_constant(value);
  Var out = node.output(0);
  if (!c || !is_float(out.dtype())) return std::nullopt;
  Var count = kt::cast(kt::prod(kt::shape(shaped)), out.dtype());
  if (std::isfinite(*c)) return std::vector<Var>{kt::mul(kt::literal(*c, out), count)};
  // An empty sum of -inf (a failed check over empty data) is 0, not -inf * 0 = nan.
  return std::vector<Var>{kt::switch_(kt::gt(count, kt::literal(0.0, out)), kt::literal(*c, out), kt::literal(0.0, out))};
}

// alloc(x, dims...) and fill(a, x) whose x already has the output's static shape -> x (a fill
// only when a's static shape rules out its run-time broadcasting error).
Result useless_alloc_or_fill(FunctionGraph&, Apply& node) {
  Var out = node.output(0);
  Var value;
  if (dynamic_cast<const tensor::Alloc*>(&node.op()))
    value = node.inputs()[0];
  else if (is_elemwise(node, ScalarOp::second) && broadcasts_statically(node.inputs()))
    value = node.inputs()[1];
  else
    return std::nullopt;
  if (value.dtype() != out.dtype() || !fully_known_equal(value.type(), out.type())) return std::nullopt;
  return std::vector<Var>{value};
}

// log(sum(exp(x))) -> m + log(sum(exp(x - m))) with m = max(x) (0 where m is infinite, so an
// all -inf input still gives -inf): finite for x = 1000 where exp overflows.
Result log_sum_exp(FunctionGraph&, Apply& node) {
  if (!is_elemwise(node, ScalarOp::log)) return std::nullopt;
  auto sum_node = node.inputs()[0].owner();
  if (!sum_node) return std::nullopt;
  auto* r = dynamic_cast<const tensor::Reduce*>(&sum_node->op());
  if (!r || r->kind() != tensor::ReduceKind::sum) return std::nullopt;
  auto exp_node = owner_if(sum_node->inputs()[0], ScalarOp::exp);
  if (!exp_node || !is_float(node.output(0).dtype())) return std::nullopt;
  Var x = exp_node->inputs()[0];
  Var m = kt::max(x, r->axis(), true);
  m = kt::switch_(kt::isinf(m), kt::zeros_like(m), m);
  Var shifted = kt::log(kt::sum(kt::exp(x - m), r->axis(), false));
  Var m_out = m;
  // Drop the kept axes of m to match the reduced output.
  std::vector<int> order;
  for (int d = 0; d < x.ndim(); ++d)
    if (!(r->axis() ? std::find(r->axis()->begin(), r->axis()->end(), d) != r->axis()->end() : true)) order.push_back(d);
  m_out = kt::dimshuffle(m, order);
  auto fitted = fit_to(m_out + shifted, node.output(0), {});
  if (!fitted) return std::nullopt;
  return std::vector<Var>{*fitted};
}

// log(exp(x) / sum(exp(x), axis, keepdims)) -- log of a softmax -> x - logsumexp(x): the
// softmax underflows to 0 (log gives -inf) where the log-softmax is finite.
Result log_softmax(FunctionGraph&, Apply& node) {
  if (!is_elemwise(node, ScalarOp::log)) return std::nullopt;
  auto div = owner_if(node.inputs()[0], ScalarOp::true_div);
  if (!div) return std::nullopt;
  auto num = owner_if(div->inputs()[0], ScalarOp::exp);
  Var den = div->inputs()[1];
  // The denominator is the sum of the same exp, with its reduced axes kept (a DimShuffle).
  auto ds = den.owner();
  if (!num || !ds || !dynamic_cast<const tensor::DimShuffle*>(&ds->op())) return std::nullopt;
  auto sum_node = ds->inputs()[0].owner();
  auto* r = sum_node ? dynamic_cast<const tensor::Reduce*>(&sum_node->op()) : nullptr;
  if (!r || r->kind() != tensor::ReduceKind::sum || sum_node->inputs()[0] != div->inputs()[0]) return std::nullopt;
  Var x = num->inputs()[0];
  Var m = kt::max(x, r->axis(), true);
  m = kt::switch_(kt::isinf(m), kt::zeros_like(m), m);
  Var lse = m + kt::log(kt::sum(kt::exp(x - m), r->axis(), true));
  auto fitted = fit_to(x - lse, node.output(0), {x});
  if (!fitted) return std::nullopt;
  return std::vector<Var>{*fitted};
}

// Shape(f(x, ...)) -> Shape(x) when x has f's broadcast pattern and its static shape is no less
// known: the shape of a computed array is the shape of an input, so the array need not be stored.
Result shape_of_elemwise(FunctionGraph&, Apply& node) {
  if (!dynamic_cast<const tensor::ShapeOp*>(&node.op())) return std::nullopt;
  Var v = node.inputs()[0];
  auto owner = v.owner();
  if (!owner || owner->num_outputs() != 1) return std::nullopt;
  if (!elemwise_op(*owner) && !dynamic_cast<const tensor::Composite*>(&owner->op())) return std::nullopt;
  // f's broadcast must not be able to raise: the rewrite no longer computes it.
  if (!broadcasts_statically(owner->inputs())) return std::nullopt;
  for (const auto& in : owner->inputs()) {
    if (in.ndim() != v.ndim()) continue;
    bool same = true;
    for (int d = 0; d < v.ndim() && same; ++d)
      same = !in.type().broadcastable(d) && (!v.type().shape()[static_cast<std::size_t>(d)] ||
                                             in.type().shape()[static_cast<std::size_t>(d)]);
    if (same) return std::vector<Var>{kt::shape(in)};
  }
  return std::nullopt;
}

}  // namespace

void add_reduction_rewrites(RewriteDatabase& db) {
  db.add("canonicalize", NodeRewrite{"local_shape_of_elemwise", {"fast_run", "canonicalize"}, shape_of_elemwise});
  const std::vector<std::string> canon = {"fast_run", "canonicalize"};
  db.add("canonicalize", NodeRewrite{"local_reduce_of_scalar", canon, reduce_of_scalar});
  db.add("canonicalize", NodeRewrite{"local_sum_of_dimshuffle", canon, sum_of_dimshuffle});
  db.add("canonicalize", NodeRewrite{"local_sum_of_broadcast_constant", canon, sum_of_broadcast_constant});
  db.add("canonicalize", NodeRewrite{"local_sum_of_scaled", canon, sum_of_scaled});
  db.add("canonicalize", NodeRewrite{"local_sum_of_shifted", canon, sum_of_shifted});
  // x * x is sqr(x), so equal squares merge; (x k)^2 and (x / k)^2 with k one value are
  // x^2 k^2 and x^2 / k^2, so a sum of them scales a sum of x^2 (which a gradient computes too).
  db.add("canonicalize", pattern_rewrite("local_mul_self", canon, "mul(x, x)", "sqr(x)"));
  db.add("canonicalize", pattern_rewrite("local_sqr_of_scaled", canon, "sqr(mul(x, k))", "mul(sqr(x), sqr(k))",
                                         [](const Bindings& b) { return uniform(b.at("k")) && !uniform(b.at("x")); }));
  db.add("canonicalize", pattern_rewrite("local_sqr_of_divided", canon, "sqr(true_div(x, k))",
                                         "true_div(sqr(x), sqr(k))",
                                         [](const Bindings& b) { return uniform(b.at("k")) && !uniform(b.at("x")); }));
  db.add("canonicalize", NodeRewrite{"local_useless_alloc_fill", canon, useless_alloc_or_fill});
  db.add("stabilize", NodeRewrite{"local_log_sum_exp", {"fast_run", "stabilize"}, log_sum_exp});
  db.add("stabilize", NodeRewrite{"local_log_softmax", {"fast_run", "stabilize"}, log_softmax});
}

}  // namespace kiln::rewrite
