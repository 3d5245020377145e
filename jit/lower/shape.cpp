// The shape family: ops that only change how a tensor is seen (DimShuffle, Subtensor,
// SpecifyShape: views), and ops on shapes themselves.
#include "jit/lower/families.hpp"
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

}  // namespace

void register_shape_lowerings(LoweringTable& table) {
  table.add<tensor::DimShuffle>({.form = Form::view, .op_name = "DimShuffle", .view = &dimshuffle_view});
  table.add<tensor::Subtensor>({.form = Form::view, .op_name = "Subtensor", .view = &subtensor_view, .data_inputs = 1});
  table.add<tensor::SpecifyShape>({.form = Form::view, .op_name = "SpecifyShape", .view = &specify_shape_view});
}

}  // namespace kiln::jit
