// Gradient bookkeeping for indexed reads. grad(f(a[0], a[1], a[2:10]), a) is, term by term,
// a sum of increments of zeros: inc(zeros, g0, 0) + inc(zeros, g1, 1) + inc(zeros, g2, 2:10),
// three full-length buffers added element by element. An increment is linear in the tensor
// it increments, so the sum is one chain of increments of one buffer (PyTensor's
// local_IncSubtensor_serialize): inc(inc(inc(zeros, g0, 0), g1, 1), g2, 2:10).
#include "rewrite/match.hpp"
#include "rewrite/rewrite_sets.hpp"
#include "tensor/subtensor.hpp"

#include <kiln/tensor.hpp>

namespace kiln::rewrite {
namespace kt = kiln::tensor;
namespace {

using Result = std::optional<std::vector<Var>>;

// The node of an increment (not a set) by indexing: IncSubtensor or AdvancedIncSubtensor.
std::shared_ptr<Apply> increment_owner(const Var& v) {
  auto owner = v.owner();
  if (!owner) return nullptr;
  if (auto* inc = dynamic_cast<const tensor::IncSubtensor*>(&owner->op())) return inc->set() ? nullptr : owner;
  if (auto* inc = dynamic_cast<const tensor::AdvancedIncSubtensor*>(&owner->op())) return inc->set() ? nullptr : owner;
  return nullptr;
}

// Zeros: a constant, or a constant zero filled to a shape (second(x, 0), what grad builds).
bool is_zeros(const Var& v) {
  if (auto c = scalar_constant(v); c && *c == 0) return true;
  auto fill = owner_if(v, ScalarOp::second);
  if (!fill) return false;
  auto c = scalar_constant(fill->inputs()[1]);
  return c && *c == 0;
}

// x + inc(z, y, i) + ... -> inc(x + z + ..., y, i) for each increment read only by this sum
// and of the sum's type (so it has the sum's shape); zeros among the incremented tensors are
// dropped (one is kept when nothing else gives the shape).
Result serialize_increments(FunctionGraph& fg, Apply& node) {
  if (!is_elemwise(node, ScalarOp::add) || node.inputs().size() < 2) return std::nullopt;
  if (!broadcasts_statically(node.inputs())) return std::nullopt;  // keep the sum's run-time shape check
  const Var out = node.output(0);
  std::vector<std::shared_ptr<Apply>> increments;
  std::vector<Var> terms;
  for (const auto& in : node.inputs()) {
    auto inc = increment_owner(in);
    if (inc && in.type() == out.type() && fg.clients(in).size() == 1)
      increments.push_back(inc);
    else
      terms.push_back(in);
  }
  if (increments.empty()) return std::nullopt;
  std::optional<Var> zeros;
  for (const auto& inc : increments) {
    const Var& x = inc->inputs()[0];
    if (!is_zeros(x))
      terms.push_back(x);
    else if (!zeros)
      zeros = x;
  }
  // The base: the other terms' sum when that already has the sum's type, else with the zeros.
  auto sum_of = [](const std::vector<Var>& parts) {
    return parts.size() == 1 ? parts[0] : kt::elemwise(ScalarOp::add, parts);
  };
  std::optional<Var> base;
  if (!terms.empty()) base = sum_of(terms);
  if ((!base || base->type() != out.type()) && zeros) {
    terms.push_back(*zeros);
    base = sum_of(terms);
  }
  if (!base || base->type() != out.type()) return std::nullopt;
  Var tip = *base;
  for (const auto& inc : increments) {
    std::vector<Var> inputs = inc->inputs();
    inputs[0] = tip;
    tip = apply_op(inc->op_ptr(), inputs);
  }
  return std::vector<Var>{tip};
}

}  // namespace

void add_inc_subtensor_rewrites(RewriteDatabase& db) {
  db.add("canonicalize",
         NodeRewrite{"local_IncSubtensor_serialize", {"fast_run", "canonicalize"}, serialize_increments});
}

}  // namespace kiln::rewrite
