// Rewrites that see through MakeVector: the model layer stacks its log-density terms into a
// vector and sums it, and the gradient picks terms back out with Subtensor{i}; both are
// bookkeeping that should not reach the compiled program.
#include "rewrite/match.hpp"
#include "rewrite/rewrite_sets.hpp"
#include "tensor/check.hpp"
#include "tensor/join.hpp"
#include "tensor/reduce.hpp"
#include "tensor/subtensor.hpp"

#include <kiln/tensor.hpp>

namespace kiln::rewrite {
namespace kt = kiln::tensor;
namespace {

using Result = std::optional<std::vector<Var>>;

std::shared_ptr<Apply> make_vector_owner(const Var& v) {
  auto owner = v.owner();
  return owner && dynamic_cast<const tensor::MakeVector*>(&owner->op()) ? owner : nullptr;
}

// MakeVector(a, b, c)[1] -> b (a constant integer index, negative ones counted from the end).
Result subtensor_of_make_vector(FunctionGraph&, Apply& node) {
  auto* sub = dynamic_cast<const tensor::Subtensor*>(&node.op());
  if (!sub || sub->index().size() != 1 || sub->index()[0].is_slice) return std::nullopt;
  const auto& bound = sub->index()[0].integer;
  if (bound.kind != tensor::IndexBound::Kind::constant) return std::nullopt;
  auto mv = make_vector_owner(node.inputs()[0]);
  if (!mv) return std::nullopt;
  auto n = static_cast<std::int64_t>(mv->inputs().size());
  std::int64_t i = bound.value < 0 ? bound.value + n : bound.value;
  if (i < 0 || i >= n) return std::nullopt;
  Var element = mv->inputs()[static_cast<std::size_t>(i)];
  Var out = node.output(0);
  return std::vector<Var>{element.dtype() == out.dtype() ? element : kt::cast(element, out.dtype())};
}

// sum(MakeVector(a, b, c)) -> a + b + c.
Result sum_of_make_vector(FunctionGraph&, Apply& node) {
  auto* r = dynamic_cast<const tensor::Reduce*>(&node.op());
  if (!r || r->kind() != tensor::ReduceKind::sum) return std::nullopt;
  auto mv = make_vector_owner(node.inputs()[0]);
  if (!mv || mv->inputs().empty()) return std::nullopt;
  Var out = node.output(0);
  std::vector<Var> terms;
  for (const auto& in : mv->inputs()) terms.push_back(in.dtype() == out.dtype() ? in : kt::cast(in, out.dtype()));
  return std::vector<Var>{terms.size() == 1 ? terms[0] : kt::elemwise(ScalarOp::add, terms)};
}

// all(MakeVector(a, b)) -> a & b and any(...) -> a | b: the conditions of a check, which the
// model layer gathers into a vector.
Result all_any_of_make_vector(FunctionGraph&, Apply& node) {
  auto* r = dynamic_cast<const tensor::Reduce*>(&node.op());
  if (!r || (r->kind() != tensor::ReduceKind::all && r->kind() != tensor::ReduceKind::any)) return std::nullopt;
  auto mv = make_vector_owner(node.inputs()[0]);
  if (!mv || mv->inputs().empty() || node.output(0).dtype() != DType::bool_) return std::nullopt;
  ScalarOp combine = r->kind() == tensor::ReduceKind::all ? ScalarOp::and_ : ScalarOp::or_;
  Var acc = kt::neq(mv->inputs()[0], kiln::Var(0));
  for (std::size_t i = 1; i < mv->inputs().size(); ++i)
    acc = kt::elemwise(combine, {acc, kt::neq(mv->inputs()[i], kiln::Var(0))});
  return std::vector<Var>{acc};
}

// A check whose conditions are all constant and true is its value.
Result useless_check(FunctionGraph&, Apply& node) {
  if (!dynamic_cast<const tensor::CheckAndRaise*>(&node.op())) return std::nullopt;
  for (std::size_t i = 1; i < node.inputs().size(); ++i) {
    auto c = scalar_constant(node.inputs()[i]);
    if (!c || *c == 0) return std::nullopt;
  }
  return std::vector<Var>{node.inputs()[0]};
}

}  // namespace

void add_make_vector_rewrites(RewriteDatabase& db) {
  db.add("canonicalize", NodeRewrite{"local_all_any_make_vector", {"fast_run", "canonicalize"}, all_any_of_make_vector});
  db.add("canonicalize", NodeRewrite{"local_useless_check", {"fast_run", "fast_compile", "canonicalize"}, useless_check});
  const std::vector<std::string> tags = {"fast_run", "canonicalize"};
  db.add("canonicalize", NodeRewrite{"local_subtensor_make_vector", tags, subtensor_of_make_vector});
  db.add("canonicalize", NodeRewrite{"local_sum_make_vector", tags, sum_of_make_vector});
}

}  // namespace kiln::rewrite
