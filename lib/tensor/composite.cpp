// Composite: naming, type rule and reference evaluation of fused scalar graphs.
#include "tensor/composite.hpp"

#include "tensor/elemwise.hpp"
#include "tensor/reduce.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

namespace kiln::tensor {

double reduce_identity(ReduceKind kind) {
  switch (kind) {
    // -0.0, IEEE's additive identity: the sum of [-0.0] is -0.0, as NumPy's (which starts from
    // the first element). A sum over nothing is +0.0: callers handle that case.
    case ReduceKind::sum: return -0.0;
    case ReduceKind::prod: return 1.0;
    case ReduceKind::max: return -INFINITY;
    case ReduceKind::min: return INFINITY;
    case ReduceKind::all: return 1.0;
    case ReduceKind::any: return 0.0;
  }
  return 0.0;
}

double reduce_combine(ReduceKind kind, double acc, double v) {
  switch (kind) {
    case ReduceKind::sum: return acc + v;
    case ReduceKind::prod: return acc * v;
    case ReduceKind::max: return std::isnan(v) || v > acc ? v : acc;
    case ReduceKind::min: return std::isnan(v) || v < acc ? v : acc;
    case ReduceKind::all: return acc != 0 && v != 0;
    case ReduceKind::any: return acc != 0 || v != 0;
  }
  return acc;
}

std::string_view reduce_name(ReduceKind kind) {
  static constexpr std::string_view names[] = {"Sum", "Prod", "Max", "Min", "All", "Any"};
  return names[static_cast<int>(kind)];
}

Composite::Composite(std::vector<DType> input_dtypes, std::vector<ScalarNode> nodes, std::vector<int> outputs,
                     std::optional<ReduceSpec> reduce)
    : input_dtypes_(std::move(input_dtypes)), nodes_(std::move(nodes)), outputs_(std::move(outputs)),
      reduce_(std::move(reduce)) {
  int n = num_inputs();
  for (std::size_t i = 0; i < nodes_.size(); ++i)
    for (int a : nodes_[i].args)
      if (a < 0 || a >= n + static_cast<int>(i)) throw Error("Composite: node " + std::to_string(i) + " reads a later node");
  for (int o : outputs_)
    if (o < 0 || o >= n + static_cast<int>(nodes_.size())) throw Error("Composite: output reference out of range");
  if (reduce_ && outputs_.size() != 1) throw Error("Composite: a reduction needs exactly one output");
  std::vector<DType> dtypes;
  for (const ScalarNode& node : nodes_) {
    dtypes.clear();
    for (int a : node.args) dtypes.push_back(ref_dtype(a));
    integer_.push_back(integer_semantics(node.op, node.dtype, dtypes));
  }
}

DType Composite::ref_dtype(int ref) const {
  return ref < num_inputs() ? input_dtypes_[static_cast<std::size_t>(ref)]
                            : nodes_[static_cast<std::size_t>(ref - num_inputs())].dtype;
}

std::string Composite::expression(int root) const {
  static const std::unordered_map<ScalarOp, std::string> infix = {
      {ScalarOp::add, " + "}, {ScalarOp::sub, " - "}, {ScalarOp::mul, " * "}, {ScalarOp::true_div, " / "},
      {ScalarOp::lt, " < "},  {ScalarOp::gt, " > "},  {ScalarOp::le, " <= "}, {ScalarOp::ge, " >= "}};
  // Pieces still to write, last first: a text (ref < 0) or a reference to expand. Writing into
  // one string from an explicit stack keeps this linear in the output and safe for a fused
  // chain of a million nodes.
  std::vector<std::pair<int, std::string>> pending{{root, {}}};
  std::string s;
  while (!pending.empty()) {
    auto [ref, text] = std::move(pending.back());
    pending.pop_back();
    if (ref < 0) {
      s += text;
      continue;
    }
    if (ref < num_inputs()) {
      s += "i" + std::to_string(ref);
      continue;
    }
    const ScalarNode& node = nodes_[static_cast<std::size_t>(ref - num_inputs())];
    auto it = infix.find(node.op);
    bool is_infix = it != infix.end() && node.args.size() >= 2;
    if (!is_infix)
      s += node.op == ScalarOp::cast ? "Cast{" + std::string(dtype_name(node.cast_to)) + "}"
                                     : std::string(scalar_info(node.op).name);
    s += "(";
    pending.emplace_back(-1, ")");
    for (std::size_t i = node.args.size(); i-- > 0;) {
      pending.emplace_back(node.args[i], std::string());
      if (i) pending.emplace_back(-1, is_infix ? it->second : ", ");
    }
  }
  return s;
}

std::string Composite::name() const {
  std::string body;
  for (std::size_t i = 0; i < outputs_.size(); ++i) body += (i ? ", " : "") + expression(outputs_[i]);
  std::string s = "Composite{" + body + "}";
  if (!reduce_) return s;
  std::string axes;
  for (std::size_t i = 0; i < reduce_->axes.size(); ++i) axes += (i ? ", " : "") + std::to_string(reduce_->axes[i]);
  return std::string(reduce_name(reduce_->kind)) + (axes.empty() ? "" : "{axis=[" + axes + "]}") + "{" + s + "}";
}

std::vector<TensorType> Composite::output_types(const std::vector<Var>& inputs) const {
  if (inputs.size() != input_dtypes_.size())
    throw TypeError("Composite: takes " + std::to_string(input_dtypes_.size()) + " inputs, got " +
                    std::to_string(inputs.size()));
  for (std::size_t i = 0; i < inputs.size(); ++i)
    if (inputs[i].dtype() != input_dtypes_[i])
      throw TypeError("Composite: input " + std::to_string(i) + " has dtype " +
                      std::string(dtype_name(inputs[i].dtype())) + ", the scalar graph expects " +
                      std::string(dtype_name(input_dtypes_[i])));
  StaticShape shape = broadcast_static_shapes(inputs, "Composite");
  if (reduce_) {
    StaticShape reduced;
    for (std::size_t d = 0; d < shape.size(); ++d) {
      bool dropped = reduce_->axes.empty() ||
                     std::find(reduce_->axes.begin(), reduce_->axes.end(), static_cast<int>(d)) != reduce_->axes.end();
      if (!dropped) reduced.push_back(shape[d]);
    }
    shape = reduced;
  }
  std::vector<TensorType> types;
  for (int o : outputs_) types.emplace_back(ref_dtype(o), shape);
  return types;
}

namespace {

// A node's result rounded through its dtype, as a chain of separate Elemwise ops would store it.
template <class R>
Composite::Value rounded(DType dtype, R r) {
  return visit_dtype(dtype, [&](auto t) {
    auto v = static_cast<decltype(t)>(r);
    return Composite::Value{static_cast<double>(v), is_float(dtype) ? 0 : static_cast<std::int64_t>(v)};
  });
}

Composite::Value input_value(const Array& a, std::int64_t i) {
  return {a.get_as_double(i), is_float(a.dtype()) ? 0 : a.get_as_int(i)};
}

void store(Array& out, std::int64_t i, const Composite::Value& v) {
  if (is_float(out.dtype())) out.set_from_double(i, v.real);
  else out.set_from_int(i, v.integer);
}

}  // namespace

void Composite::eval_element(const Value* inputs, Value* outputs, std::vector<Value>& scratch) const {
  int n = num_inputs();
  scratch.resize(nodes_.size());
  auto value = [&](int ref) -> const Value& { return ref < n ? inputs[ref] : scratch[static_cast<std::size_t>(ref - n)]; };
  double args[8];
  std::int64_t iargs[8];
  std::vector<double> many;
  std::vector<std::int64_t> imany;
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    const ScalarNode& node = nodes_[i];
    const std::size_t arity = node.args.size();
    if (integer_[i]) {
      std::span<const std::int64_t> view;
      if (arity <= 8) {
        for (std::size_t k = 0; k < arity; ++k) iargs[k] = value(node.args[k]).integer;
        view = std::span<const std::int64_t>(iargs, arity);
      } else {
        imany.clear();
        for (int a : node.args) imany.push_back(value(a).integer);
        view = imany;
      }
      scratch[i] = rounded(node.dtype, eval_scalar_int(node.op, view));
      continue;
    }
    std::span<const double> view;
    if (arity <= 8) {
      for (std::size_t k = 0; k < arity; ++k) args[k] = value(node.args[k]).real;
      view = std::span<const double>(args, arity);
    } else {
      many.clear();
      for (int a : node.args) many.push_back(value(a).real);
      view = many;
    }
    scratch[i] = rounded(node.dtype, eval_scalar(node.op, view));
  }
  for (std::size_t o = 0; o < outputs_.size(); ++o) outputs[o] = value(outputs_[o]);
}

void Composite::perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const {
  std::vector<Shape> shapes;
  for (const auto& in : inputs) shapes.push_back(in.shape());
  Shape shape = broadcast_shapes(shapes, name());
  std::vector<Array> bcast;
  for (const auto& in : inputs) bcast.push_back(in.broadcast_to(shape));
  std::int64_t n = shape_size(shape);
  std::vector<Value> in_vals(inputs.size()), out_vals(outputs_.size()), scratch;

  if (!reduce_) {
    std::vector<Array> outs;
    for (int o : outputs_) outs.push_back(Array::empty(ref_dtype(o), shape));
    for (std::int64_t i = 0; i < n; ++i) {
      for (std::size_t k = 0; k < bcast.size(); ++k) in_vals[k] = input_value(bcast[k], i);
      eval_element(in_vals.data(), out_vals.data(), scratch);
      for (std::size_t o = 0; o < outs.size(); ++o) store(outs[o], i, out_vals[o]);
    }
    for (std::size_t o = 0; o < outs.size(); ++o) outputs[o] = std::move(outs[o]);
    return;
  }

  // Reduction: map each element's index to its position in the reduced output.
  std::vector<bool> reduced(shape.size(), reduce_->axes.empty());
  for (int a : reduce_->axes) reduced[static_cast<std::size_t>(a)] = true;
  Shape out_shape;
  for (std::size_t d = 0; d < shape.size(); ++d) {
    if (!reduced[d])
      out_shape.push_back(shape[d]);
    else if (shape[d] == 0 && (reduce_->kind == ReduceKind::max || reduce_->kind == ReduceKind::min))
      raise_empty_reduction(name(), shape);  // as the unfused Reduce
  }
  std::vector<double> acc(static_cast<std::size_t>(shape_size(out_shape)), reduce_identity(reduce_->kind));
  auto element = [&](std::int64_t i) {
    for (std::size_t k = 0; k < bcast.size(); ++k) in_vals[k] = input_value(bcast[k], i);
    eval_element(in_vals.data(), out_vals.data(), scratch);
    return out_vals[0].real;
  };
  if (out_shape.empty()) {  // every axis: reduce_in_lanes' order
    acc[0] = reduce_in_lanes(reduce_->kind, n, element);
  } else {
    for (std::int64_t i = 0; i < n; ++i) {
      std::int64_t rest = i, out_index = 0, out_stride = 1;
      for (std::size_t d = shape.size(); d-- > 0;) {
        std::int64_t idx = rest % shape[d];
        rest /= shape[d];
        if (!reduced[d]) {
          out_index += idx * out_stride;
          out_stride *= shape[d];
        }
      }
      auto& a = acc[static_cast<std::size_t>(out_index)];
      a = reduce_combine(reduce_->kind, a, element(i));
    }
  }
  if (n == 0 && reduce_->kind == ReduceKind::sum) std::fill(acc.begin(), acc.end(), 0.0);  // NumPy: sum([]) is +0.0
  Array out = Array::empty(ref_dtype(outputs_[0]), out_shape);
  for (std::size_t i = 0; i < acc.size(); ++i) out.set_from_double(static_cast<std::int64_t>(i), acc[i]);
  outputs[0] = std::move(out);
}

bool Composite::equals(const Op& other) const {
  auto* o = dynamic_cast<const Composite*>(&other);
  return o && o->input_dtypes_ == input_dtypes_ && o->nodes_ == nodes_ && o->outputs_ == outputs_ && o->reduce_ == reduce_;
}

// From the structure, not name(): the name spells the expression out as a tree, quadratic in a
// fused chain whose values are read twice (a gradient's), and merging hashes every node.
std::size_t Composite::hash() const {
  std::size_t h = 0x9E3779B97F4A7C15ull;
  auto mix = [&h](std::size_t v) { h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2); };
  for (DType d : input_dtypes_) mix(static_cast<std::size_t>(d));
  for (const ScalarNode& n : nodes_) {
    mix(static_cast<std::size_t>(n.op));
    mix(static_cast<std::size_t>(n.dtype));
    mix(static_cast<std::size_t>(n.cast_to));
    for (int a : n.args) mix(static_cast<std::size_t>(a));
  }
  for (int o : outputs_) mix(static_cast<std::size_t>(o));
  if (reduce_) {
    mix(static_cast<std::size_t>(reduce_->kind) + 1);
    for (int a : reduce_->axes) mix(static_cast<std::size_t>(a));
  }
  return h;
}

}  // namespace kiln::tensor
