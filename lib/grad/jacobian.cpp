// jacobian and hessian. A Jacobian row is a vector-Jacobian product: grad with the known
// gradient e_i of the expression. For a statically known length the rows are built as graphs
// and stacked (they compile and fuse like anything else); for an unknown length a Jacobian op
// computes the rows at run time with a compiled vector-Jacobian product.
#include "grad/jacobian_op.hpp"

#include <kiln/function.hpp>
#include <kiln/grad.hpp>
#include <kiln/tensor.hpp>
#include <kiln/traversal.hpp>

#include <mutex>

namespace kiln {
namespace kt = kiln::tensor;

JacobianOp::JacobianOp(Var expr, Var wrt, std::vector<Var> roots) : expr_(expr), wrt_(wrt), roots_(std::move(roots)) {
  direction_ = make_input(expr.type(), "jacobian_direction");
  vjp_ = kiln::grad(Var(), wrt, GradOptions{Disconnected::ignore, {{expr, direction_}}, {}});
}

std::vector<TensorType> JacobianOp::output_types(const std::vector<Var>& inputs) const {
  if (inputs.size() != roots_.size()) throw TypeError("Jacobian: wrong number of inputs");
  StaticShape shape{expr_.type().shape()[0]};
  for (const auto& d : wrt_.type().shape()) shape.push_back(d);
  return {TensorType(wrt_.dtype(), shape)};
}

void JacobianOp::compile() const {
  std::call_once(compiled_, [&] {
    std::vector<Var> ins{direction_};
    ins.insert(ins.end(), roots_.begin(), roots_.end());
    value_fn_ = std::make_unique<Function>(function(roots_, {expr_, wrt_}));
    vjp_fn_ = std::make_unique<Function>(function(ins, vjp_));
  });
}

Shape JacobianOp::jacobian_shape(const std::vector<Array>& inputs) const {
  compile();
  const Outputs values = value_fn_->call_positional(inputs);
  Shape shape{values[0].size()};
  if (shape[0] == 0)  // no rows: wrt's static extents, 0 where unknown
    for (const auto& d : wrt_.type().shape()) shape.push_back(d.value_or(0));
  else
    shape.insert(shape.end(), values[1].shape().begin(), values[1].shape().end());
  return shape;
}

void JacobianOp::jacobian_into(const std::vector<Array>& inputs, Array& out) const {
  compile();
  const std::int64_t n = out.shape().empty() ? 0 : out.shape()[0];
  if (n == 0) return;
  const Shape row_shape(out.shape().begin() + 1, out.shape().end());
  std::vector<Array> args{Array::zeros(expr_.dtype(), {n})};
  args.insert(args.end(), inputs.begin(), inputs.end());
  std::vector<Array> row{Array::empty(vjp_.dtype(), row_shape)};
  const std::int64_t row_size = row[0].size();
  for (std::int64_t i = 0; i < n; ++i) {
    args[0].set_from_double(i, 1.0);
    vjp_fn_->call_into_positional(row, args);
    args[0].set_from_double(i, 0.0);
    for (std::int64_t k = 0; k < row_size; ++k) out.set_from_double(i * row_size + k, row[0].get_as_double(k));
  }
}

void JacobianOp::perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const {
  Array out = Array::empty(wrt_.dtype(), jacobian_shape(inputs));
  jacobian_into(inputs, out);
  outputs[0] = std::move(out);
}

Var jacobian(const Var& expr, const Var& wrt) {
  require_var(expr, "jacobian", "the expression");
  require_var(wrt, "jacobian", "wrt");
  if (expr.ndim() == 0) return grad(expr, wrt, {Disconnected::ignore, {}, {}});
  if (expr.ndim() != 1)
    throw TypeError("jacobian: the expression must be a scalar or a vector, " + to_string(expr) + " has type " +
                    expr.type().str());
  const auto& len = expr.type().shape()[0];
  if (len) {
    std::vector<Var> rows;
    for (std::int64_t i = 0; i < *len; ++i) {
      Array e = Array::zeros(expr.dtype(), {*len});
      e.set_from_double(i, 1.0);
      Var row = grad(Var(), wrt, GradOptions{Disconnected::ignore, {{expr, make_constant(e)}}, {}});
      rows.push_back(row);
    }
    return kt::stack(rows);
  }
  std::vector<Var> roots;
  for (const auto& r : graph_inputs({expr, wrt}))
    if (!r.is_constant()) roots.push_back(r);
  return apply_op(std::make_shared<JacobianOp>(expr, wrt, roots), roots);
}

Var hessian(const Var& cost, const Var& wrt) {
  require_var(cost, "hessian", "the cost");
  require_var(wrt, "hessian", "wrt");
  if (cost.ndim() != 0) throw TypeError("hessian: the cost must be a scalar, " + to_string(cost) + " has type " + cost.type().str());
  return jacobian(grad(cost, wrt), wrt);
}

}  // namespace kiln
