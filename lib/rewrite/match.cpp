// Queries shared by the rewrite sets.
#include "rewrite/match.hpp"

#include <kiln/tensor.hpp>

#include <algorithm>
#include <optional>
#include <typeinfo>

namespace kiln::rewrite {
namespace kt = kiln::tensor;

// Every rewrite asks this first, for every node: an exact type check (Elemwise is final) is
// much cheaper than a dynamic_cast's hierarchy walk.
const tensor::Elemwise* elemwise_op(const Apply& node) {
  const Op& op = node.op();
  return typeid(op) == typeid(tensor::Elemwise) ? static_cast<const tensor::Elemwise*>(&op) : nullptr;
}

bool is_elemwise(const Apply& node, ScalarOp op) {
  auto* e = elemwise_op(node);
  return e && e->scalar() == op;
}

std::shared_ptr<Apply> owner_if(const Var& v, ScalarOp op) {
  auto owner = v.owner();
  return owner && is_elemwise(*owner, op) ? owner : nullptr;
}

Var strip_broadcast_dimshuffle(const Var& v) {
  Var cur = v;
  while (auto owner = cur.owner()) {
    auto* ds = dynamic_cast<const tensor::DimShuffle*>(&owner->op());
    if (!ds) break;
    // Only a pure expansion: the input axes in order, with 'x' inserted.
    std::vector<int> kept;
    for (int a : ds->new_order())
      if (a != -1) kept.push_back(a);
    bool in_order = static_cast<int>(kept.size()) == ds->input_ndim();
    for (std::size_t i = 0; in_order && i < kept.size(); ++i) in_order = kept[i] == static_cast<int>(i);
    if (!in_order) break;
    cur = owner->inputs()[0];
  }
  return cur;
}

std::optional<double> scalar_constant(const Var& v) {
  Var cur = strip_broadcast_dimshuffle(v);
  while (auto owner = owner_if(cur, ScalarOp::cast)) cur = strip_broadcast_dimshuffle(owner->inputs()[0]);
  if (!cur.is_constant()) return std::nullopt;
  const Array& a = cur.constant_value();
  if (a.size() == 0) return std::nullopt;
  double first = a.get_as_double(0);
  for (std::int64_t i = 1; i < a.size(); ++i)
    if (a.get_as_double(i) != first) return std::nullopt;
  return first;
}

namespace {

bool same_broadcast_pattern(const TensorType& a, const TensorType& b) {
  if (a.ndim() != b.ndim()) return false;
  for (int d = 0; d < a.ndim(); ++d)
    if (a.broadcastable(d) != b.broadcastable(d)) return false;
  return true;
}

}  // namespace

bool broadcasts_statically(const std::vector<Var>& operands) {
  int ndim = 0;
  for (const auto& v : operands) ndim = std::max(ndim, v.ndim());
  for (int k = 1; k <= ndim; ++k) {
    int open = 0;  // operands not statically 1 in this dimension
    std::optional<std::int64_t> extent;
    bool unknown = false;
    for (std::size_t i = 0; i < operands.size(); ++i) {
      const Var& v = operands[i];
      if (v.ndim() < k || std::find(operands.begin(), operands.begin() + static_cast<std::ptrdiff_t>(i), v) !=
                              operands.begin() + static_cast<std::ptrdiff_t>(i))
        continue;  // the same variable twice (x + x) always broadcasts
      const auto& dim = v.type().shape()[static_cast<std::size_t>(v.ndim() - k)];
      if (dim == std::int64_t{1}) continue;
      ++open;
      if (!dim) unknown = true;
      else if (extent && *extent != *dim) return false;
      else extent = dim;
    }
    if (open > 1 && unknown) return false;
  }
  return true;
}

Var as_dtype(const Var& v, DType dtype) { return v.dtype() == dtype ? v : kt::cast(v, dtype); }
Var keep_broadcast_error(Var repl, const std::vector<Var>& operands, const std::vector<Var>& kept) {
  if (broadcasts_statically(operands)) return repl;
  std::vector<Var> read = kept;
  for (const auto& v : operands) {
    if (std::find(read.begin(), read.end(), v) != read.end()) continue;
    repl = kt::second(v, repl);
    read.push_back(v);
  }
  return repl;
}

std::optional<Var> fit_to(const Var& repl, const Var& old, const std::vector<Var>& shape_sources) {
  Var v = repl.dtype() == old.dtype() ? repl : kt::cast(repl, old.dtype());
  if (v.ndim() < old.ndim()) v = kt::expand_to_ndim(v, old.ndim());
  if (same_broadcast_pattern(v.type(), old.type()) && old.type().accepts(v.type())) return v;
  for (const auto& src : shape_sources) {
    if (src.ndim() != old.ndim() || !same_broadcast_pattern(src.type(), old.type())) continue;
    Var filled = kt::second(src, v);
    if (filled.dtype() != old.dtype()) filled = kt::cast(filled, old.dtype());
    if (old.type().accepts(filled.type())) return filled;
  }
  return std::nullopt;
}

// A sum or product is nonnegative when all its operands are: a worklist of operands still to
// prove, not recursion (a chain may be a million nodes deep).
bool known_nonnegative(const Var& root) {
  std::vector<Var> pending{root};
  while (!pending.empty()) {
    Var v = std::move(pending.back());
    pending.pop_back();
    if (auto c = scalar_constant(v)) {
      if (!(*c >= 0)) return false;
      continue;
    }
    auto owner = v.owner();
    auto* e = owner ? elemwise_op(*owner) : nullptr;
    if (!e) return false;
    switch (e->scalar()) {
      case ScalarOp::exp:
      case ScalarOp::exp2:
      case ScalarOp::sqr:
      case ScalarOp::abs:
      case ScalarOp::sqrt:
      case ScalarOp::softplus:
      case ScalarOp::sigmoid:
      case ScalarOp::erfc:
      case ScalarOp::erfcx:
        continue;
      case ScalarOp::mul:
      case ScalarOp::add:
        pending.insert(pending.end(), owner->inputs().begin(), owner->inputs().end());
        continue;
      default:
        return false;
    }
  }
  return true;
}

}  // namespace kiln::rewrite
