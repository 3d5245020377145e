// The join family: MakeVector (a vector of scalars) and Join (concatenation along an axis),
// with the reference's conversions (through double into a float output, exact for integers).
#include "jit/lower/emitter.hpp"
#include "jit/lower/families.hpp"
#include "tensor/join.hpp"

#include <kiln/errors.hpp>

namespace kiln::jit {
namespace {

using Form = OpLowering::Form;
using Values = std::vector<llvm::Value*>;

llvm::Value* convert_element(NodeEmitter& e, llvm::Value* v, DType from, DType to) {
  if (is_float(to)) return e.convert(e.convert(v, from, DType::float64), DType::float64, to);
  return e.convert(e.convert(v, from, DType::int64), DType::int64, to);
}

std::vector<Shape> make_vector_shapes(const Apply&, const std::vector<TensorView>& in, std::vector<std::int64_t>&) {
  return {{static_cast<std::int64_t>(in.size())}};
}

void emit_make_vector(NodeEmitter& e) {
  const Operand& out = e.outputs[0];
  for (std::size_t k = 0; k < e.inputs.size(); ++k)
    e.store(out, {e.i64(static_cast<std::int64_t>(k))}, convert_element(e, e.load(e.inputs[k], {}), e.inputs[k].dtype, out.dtype));
}

std::vector<Shape> join_shapes(const Apply& node, const std::vector<TensorView>& in, std::vector<std::int64_t>&) {
  const auto ax = static_cast<std::size_t>(static_cast<const tensor::Join&>(node.op()).axis());
  Shape shape = in[0].shape;
  for (std::size_t k = 1; k < in.size(); ++k) {
    Shape a = shape, b = in[k].shape;
    if (a.size() == b.size()) a[ax] = b[ax] = 0;
    if (a != b)
      throw ValueError(node.op().name() + ": all dimensions except the join axis must match: shapes " +
                       shape_string(in[0].shape) + " and " + shape_string(in[k].shape));
    shape[ax] += in[k].shape[ax];
  }
  return {shape};
}

void emit_join(NodeEmitter& e) {
  const auto ax = static_cast<std::size_t>(static_cast<const tensor::Join&>(e.node.op()).axis());
  const Operand& out = e.outputs[0];
  llvm::Value* offset = e.i64(0);
  for (const Operand& part : e.inputs) {
    e.loop_nest(part.shape, [&](const Values& at) {
      Values to = at;
      to[ax] = e.b.CreateAdd(to[ax], offset);
      e.store(out, to, convert_element(e, e.load(part, at), part.dtype, out.dtype));
    });
    offset = e.b.CreateAdd(offset, part.shape[ax]);
  }
}

}  // namespace

void register_join_lowerings(LoweringTable& table) {
  table.add<tensor::MakeVector>(
      {.form = Form::node, .op_name = "MakeVector", .shapes = &make_vector_shapes, .emit = &emit_make_vector});
  table.add<tensor::Join>({.form = Form::node, .op_name = "Join", .shapes = &join_shapes, .emit = &emit_join});
}

}  // namespace kiln::jit
