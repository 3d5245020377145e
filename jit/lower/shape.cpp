// The shape family: ops that only change how a tensor is seen (DimShuffle, Subtensor,
// SpecifyShape: views), and ops on shapes themselves (ShapeOp, Alloc, Reshape: node code), and DeepCopyOp.
#include "jit/lower/emitter.hpp"
#include "jit/lower/families.hpp"
#include "rewrite/deep_copy.hpp"
#include "tensor/elemwise.hpp"
#include "tensor/shape_ops.hpp"
#include "tensor/subtensor.hpp"

#include <kiln/errors.hpp>

#include <algorithm>

namespace kiln::jit {
namespace {

using Form = OpLowering::Form;

ViewLayout dimshuffle_view(const Apply& node, const std::vector<TensorView>& inputs) {
  const auto& op = static_cast<const tensor::DimShuffle&>(node.op());
  const TensorView& in = inputs[0];
  for (int d = 0; d < op.input_ndim(); ++d) {
    bool kept = std::find(op.new_order().begin(), op.new_order().end(), d) != op.new_order().end();
    if (!kept && in.shape[static_cast<std::size_t>(d)] != 1)
      throw ValueError(op.name() + ": dropped axis " + std::to_string(d) + " has length " +
                       std::to_string(in.shape[static_cast<std::size_t>(d)]) + ", not 1");
  }
  ViewLayout out;
  for (int axis : op.new_order()) {
    out.shape.push_back(axis < 0 ? 1 : in.shape[static_cast<std::size_t>(axis)]);
    out.strides.push_back(axis < 0 ? 0 : in.strides[static_cast<std::size_t>(axis)]);
  }
  return out;
}

ViewLayout subtensor_view(const Apply& node, const std::vector<TensorView>& inputs) {
  const auto& op = static_cast<const tensor::Subtensor&>(node.op());
  std::vector<std::int64_t> symbolic;
  for (std::size_t k = 1; k < inputs.size(); ++k) symbolic.push_back(scalar_as_int(inputs[k]));
  auto layout = tensor::indexed_layout(inputs[0].shape, inputs[0].strides, op.index(), symbolic, op.name());
  return {layout.offset * static_cast<std::int64_t>(itemsize(inputs[0].dtype)), std::move(layout.shape),
          std::move(layout.strides)};
}

ViewLayout specify_shape_view(const Apply& node, const std::vector<TensorView>& inputs) {
  const auto& op = static_cast<const tensor::SpecifyShape&>(node.op());
  const TensorView& x = inputs[0];
  bool fits = x.shape.size() == op.shape().size();
  for (std::size_t d = 0; fits && d < op.shape().size(); ++d) fits = !op.shape()[d] || *op.shape()[d] == x.shape[d];
  if (!fits) {
    std::string expected = "(";
    for (std::size_t d = 0; d < op.shape().size(); ++d)
      expected += (d ? ", " : "") + (op.shape()[d] ? std::to_string(*op.shape()[d]) : std::string("None"));
    expected += op.shape().size() == 1 ? ",)" : ")";
    throw ValueError("SpecifyShape: expected shape " + expected + ", got an array of shape " + shape_string(x.shape));
  }
  return {0, x.shape, x.strides};
}

// ---- ShapeOp: the input's extents, stored.

std::vector<Shape> shape_op_shapes(const Apply&, const std::vector<TensorView>& in, std::vector<std::int64_t>&) {
  return {{static_cast<std::int64_t>(in[0].shape.size())}};
}

void emit_shape_op(NodeEmitter& e) {
  const Operand& x = e.inputs[0];
  for (std::size_t d = 0; d < x.shape.size(); ++d) e.store(e.outputs[0], {e.i64(static_cast<std::int64_t>(d))}, x.shape[d]);
}

// ---- Alloc: the value broadcast into the shape its integer inputs give.

std::vector<Shape> alloc_shapes(const Apply&, const std::vector<TensorView>& in, std::vector<std::int64_t>&) {
  Shape shape;
  for (std::size_t k = 1; k < in.size(); ++k) shape.push_back(scalar_as_int(in[k]));
  for (auto d : shape)
    if (d < 0) throw ValueError("Alloc: negative dimension " + std::to_string(d) + " in shape " + shape_string(shape));
  const Shape& value = in[0].shape;
  bool fits = value.size() <= shape.size();
  for (std::size_t i = 0; fits && i < value.size(); ++i) fits = value[i] == 1 || value[i] == shape[shape.size() - value.size() + i];
  if (!fits)
    throw ValueError("Alloc: cannot broadcast a value of shape " + shape_string(value) + " to shape " + shape_string(shape));
  return {shape};
}

void emit_alloc(NodeEmitter& e) {
  const Operand &out = e.outputs[0], &value = e.inputs[0];
  e.loop_nest(out.shape, [&](const std::vector<llvm::Value*>& at) {
    std::vector<llvm::Value*> from;
    const std::size_t lead = at.size() - value.shape.size();
    for (std::size_t d = 0; d < value.shape.size(); ++d)
      from.push_back(e.b.CreateSelect(e.b.CreateICmpEQ(value.shape[d], e.i64(1)), e.i64(0), at[lead + d]));
    e.store(out, at, e.load(value, from));
  });
}

// ---- Reshape: the elements in C order, laid out in the new shape.

std::int64_t element_as_int(const TensorView& v, std::int64_t i) {
  TensorView one = v;
  one.data = static_cast<char*>(v.data) + i * v.strides.at(0) * static_cast<std::int64_t>(itemsize(v.dtype));
  one.shape.clear();
  one.strides.clear();
  return scalar_as_int(one);
}

std::vector<Shape> reshape_shapes(const Apply& node, const std::vector<TensorView>& in, std::vector<std::int64_t>&) {
  const auto& op = static_cast<const tensor::Reshape&>(node.op());
  Shape requested;
  for (std::int64_t i = 0; i < (in[1].shape.empty() ? 0 : in[1].shape[0]); ++i) requested.push_back(element_as_int(in[1], i));
  return {tensor::reshape_target(in[0].shape, requested, op.ndim(), op.name())};
}

// Element i (C order) of a shape: its index along each axis.
std::vector<llvm::Value*> unravel(NodeEmitter& e, llvm::Value* i, const std::vector<llvm::Value*>& shape) {
  std::vector<llvm::Value*> index(shape.size());
  for (std::size_t d = shape.size(); d-- > 0;) {
    index[d] = e.b.CreateURem(i, shape[d]);
    i = e.b.CreateUDiv(i, shape[d]);
  }
  return index;
}

void emit_reshape(NodeEmitter& e) {
  const Operand &out = e.outputs[0], &x = e.inputs[0];
  e.loop(e.size(x.shape), [&](llvm::Value* i) { e.store(out, unravel(e, i, out.shape), e.load(x, unravel(e, i, x.shape))); });
}

// ---- DeepCopyOp: a copy, so that an output never aliases kiln's own buffers.

std::vector<Shape> same_shape(const Apply&, const std::vector<TensorView>& in, std::vector<std::int64_t>&) {
  return {in[0].shape};
}

void emit_copy(NodeEmitter& e) { e.copy(e.outputs[0], e.inputs[0]); }

}  // namespace

void register_shape_lowerings(LoweringTable& table) {
  table.add<tensor::DimShuffle>({.form = Form::view, .op_name = "DimShuffle", .view = &dimshuffle_view});
  table.add<tensor::Subtensor>({.form = Form::view, .op_name = "Subtensor", .view = &subtensor_view, .data_inputs = 1});
  table.add<tensor::SpecifyShape>({.form = Form::view, .op_name = "SpecifyShape", .view = &specify_shape_view});
  table.add<tensor::ShapeOp>({.form = Form::node, .op_name = "ShapeOp", .shapes = &shape_op_shapes, .emit = &emit_shape_op});
  table.add<tensor::Alloc>(
      {.form = Form::node, .op_name = "Alloc", .shapes = &alloc_shapes, .emit = &emit_alloc, .data_inputs = 1});
  table.add<rewrite::DeepCopyOp>({.form = Form::node, .op_name = "DeepCopyOp", .shapes = &same_shape, .emit = &emit_copy});
  table.add<tensor::Reshape>(
      {.form = Form::node, .op_name = "Reshape", .shapes = &reshape_shapes, .emit = &emit_reshape, .data_inputs = 1});
}

}  // namespace kiln::jit
