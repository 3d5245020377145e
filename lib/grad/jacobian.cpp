// jacobian and hessian. A Jacobian row is a vector-Jacobian product: grad with the known
// gradient e_i of the expression. For a statically known length the rows are built as graphs
// and stacked (they compile and fuse like anything else); for an unknown length a Jacobian op
// computes the rows at run time with a compiled vector-Jacobian product.
#include <kiln/function.hpp>
#include <kiln/grad.hpp>
#include <kiln/tensor.hpp>
#include <kiln/traversal.hpp>

#include <mutex>

namespace kiln {
namespace kt = kiln::tensor;
namespace {

// Rows of the Jacobian of `expr` (a vector) with respect to `wrt`, computed by calling a
// compiled vector-Jacobian product once per row.
class JacobianOp final : public Op {
 public:
  JacobianOp(Var expr, Var wrt, std::vector<Var> roots) : expr_(expr), wrt_(wrt), roots_(std::move(roots)) {
    direction_ = make_input(expr.type(), "jacobian_direction");
    vjp_ = kiln::grad(Var(), wrt, GradOptions{Disconnected::ignore, {{expr, direction_}}, {}});
  }

  std::string name() const override { return "Jacobian"; }

  std::vector<TensorType> output_types(const std::vector<Var>& inputs) const override {
    if (inputs.size() != roots_.size()) throw TypeError("Jacobian: wrong number of inputs");
    StaticShape shape{expr_.type().shape()[0]};
    for (const auto& d : wrt_.type().shape()) shape.push_back(d);
    return {TensorType(wrt_.dtype(), shape)};
  }

  void perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const override {
    std::call_once(compiled_, [&] {
      std::vector<Var> ins{direction_};
      ins.insert(ins.end(), roots_.begin(), roots_.end());
      value_fn_ = std::make_unique<Function>(function(roots_, expr_));
      vjp_fn_ = std::make_unique<Function>(function(ins, vjp_));
    });
    std::vector<Array> args{Array()};
    args.insert(args.end(), inputs.begin(), inputs.end());
    Array value = value_fn_->call_positional(inputs)[0];
    std::int64_t n = value.size();
    Array out;
    for (std::int64_t i = 0; i < n; ++i) {
      Array e = Array::zeros(expr_.dtype(), value.shape());
      e.set_from_double(i, 1.0);
      args[0] = e;
      Array row = vjp_fn_->call_positional(args)[0];
      if (i == 0) {
        Shape shape{n};
        shape.insert(shape.end(), row.shape().begin(), row.shape().end());
        out = Array::empty(wrt_.dtype(), shape);
      }
      for (std::int64_t k = 0; k < row.size(); ++k) out.set_from_double(i * row.size() + k, row.get_as_double(k));
    }
    if (n == 0) {
      Shape shape{0};
      for (const auto& d : wrt_.type().shape()) shape.push_back(d.value_or(0));
      out = Array::zeros(wrt_.dtype(), shape);
    }
    outputs[0] = std::move(out);
  }

  bool equals(const Op& other) const override { return this == &other; }

 private:
  Var expr_, wrt_;
  std::vector<Var> roots_;
  Var direction_, vjp_;
  mutable std::once_flag compiled_;
  mutable std::unique_ptr<Function> value_fn_, vjp_fn_;
};

}  // namespace

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
