// hoist_invariants: work that gives the same value for every element of a loop is done once,
// outside it. A log-density written as PyMC writes it (`-0.5 * z^2 - log(sqrt(2 pi)) - log(sigma)`
// with a scalar sigma, under a switch on its parameter check, and its gradient's sum of a
// negated fill) otherwise pays per element for what the hand-written form computes once.
#include "rewrite/match.hpp"
#include "rewrite/rewrite_sets.hpp"
#include "tensor/reduce.hpp"

#include <kiln/tensor.hpp>

namespace kiln::rewrite {
namespace kt = kiln::tensor;
namespace {

using Result = std::optional<std::vector<Var>>;

// A value that is the same for every element of an array it is broadcast over, as a 0-d
// variable: a 0-d variable seen through broadcasting DimShuffles, or a constant of size one.
std::optional<Var> uniform_scalar(const Var& v) {
  Var s = strip_broadcast_dimshuffle(v);
  if (s.ndim() == 0) return s;
  for (int d = 0; d < v.ndim(); ++d)
    if (!v.type().broadcastable(d)) return std::nullopt;
  if (!v.is_constant()) return std::nullopt;
  return make_constant(v.constant_value().reshape({}));
}

bool reduces_every_axis(const tensor::Reduce& r, const Var& input) {
  return !r.axis() || static_cast<int>(r.axis()->size()) == input.ndim();
}

// sum(switch(c, x, y)) -> switch(c, sum(x), sum(y)) when c is one value for the whole array (a
// model's parameter check): the loop then only sums, and the switch is taken once.
Result sum_of_uniform_switch(FunctionGraph&, Apply& node) {
  auto* r = dynamic_cast<const tensor::Reduce*>(&node.op());
  if (!r || r->kind() != tensor::ReduceKind::sum) return std::nullopt;
  Var in = node.inputs()[0];
  Var out = node.output(0);
  // (A sum accumulating in a wider dtype than its input's would lose that width below.)
  if (in.ndim() == 0 || in.dtype() != out.dtype() || !reduces_every_axis(*r, in)) return std::nullopt;
  auto sw = owner_if(in, ScalarOp::switch_);
  if (!sw) return std::nullopt;
  auto cond = uniform_scalar(sw->inputs()[0]);
  if (!cond) return std::nullopt;
  // Each branch summed over the switch's full shape: a branch narrower than it (the -inf of a
  // check) is first broadcast against the other branch, which must then carry the full shape.
  Var x = sw->inputs()[1], y = sw->inputs()[2];
  auto full = [&](const Var& v) {
    for (int d = 0; d < in.ndim(); ++d)
      if (v.ndim() != in.ndim() || v.type().broadcastable(d) != in.type().broadcastable(d)) return false;
    return true;
  };
  Var shaped;
  if (full(x))
    shaped = x;
  else if (full(y))
    shaped = y;
  else
    return std::nullopt;
  auto summed = [&](const Var& branch) {
    Var b = branch.dtype() == in.dtype() ? branch : kt::cast(branch, in.dtype());
    return kt::sum(full(b) ? b : kt::second(shaped, b));
  };
  return std::vector<Var>{kt::switch_(*cond, summed(x), summed(y))};
}

// f(second(x, v)) -> second(x, f(v)) for a unary f: f of one value, then broadcast (so the sum
// of a negated fill of ones is recognised as a count, not computed element by element).
Result unary_of_fill(FunctionGraph&, Apply& node) {
  auto* e = elemwise_op(node);
  if (!e || node.inputs().size() != 1 || node.num_outputs() != 1) return std::nullopt;
  auto fill = owner_if(node.inputs()[0], ScalarOp::second);
  if (!fill) return std::nullopt;
  Var value = fill->inputs()[1];
  Var r = kt::second(fill->inputs()[0], apply_op(node.op_ptr(), {value}));
  Var out = node.output(0);
  if (r.dtype() != out.dtype() || !out.type().accepts(r.type())) return std::nullopt;
  return std::vector<Var>{r};
}

// ---- Sums of terms with a uniform part -------------------------------------------------------

struct SignedTerm {
  Var term;
  bool positive;
};

// Left to right with an explicit stack (a chain may be a million nodes deep).
void collect_signed_terms(const Var& root, DType dtype, std::vector<SignedTerm>& out) {
  std::vector<SignedTerm> stack{{root, true}};
  while (!stack.empty()) {
    auto [v, positive] = std::move(stack.back());
    stack.pop_back();
    auto owner = v.owner();
    auto* e = owner ? elemwise_op(*owner) : nullptr;
    if (e && v.dtype() == dtype) {
      const auto& ins = owner->inputs();
      switch (e->scalar()) {
        case ScalarOp::add:
          for (auto it = ins.rbegin(); it != ins.rend(); ++it) stack.push_back({*it, positive});
          continue;
        case ScalarOp::sub:
          stack.push_back({ins[1], !positive});
          stack.push_back({ins[0], positive});
          continue;
        case ScalarOp::neg: stack.push_back({ins[0], !positive}); continue;
        default: break;
      }
    }
    out.push_back({v, positive});
  }
}

// True when every reader of the node's output is an add/sub/neg of the same dtype: the root of
// that larger sum handles the node's terms.
bool inside_sum(const FunctionGraph& fg, const Apply& node) {
  Var out = node.output(0);
  const auto& readers = fg.clients(out);
  if (readers.empty()) return false;
  for (const auto& c : readers) {
    auto* e = c.node ? elemwise_op(*c.node) : nullptr;
    if (!e || c.node->output(0).dtype() != out.dtype()) return false;
    if (e->scalar() != ScalarOp::add && e->scalar() != ScalarOp::sub && e->scalar() != ScalarOp::neg) return false;
  }
  return true;
}

// The terms added up, as one signed term: a - b - c, or -(b + c) as the term b + c, negative.
SignedTerm signed_sum(const std::vector<SignedTerm>& terms) {
  std::vector<Var> pos, neg;
  for (const auto& t : terms) (t.positive ? pos : neg).push_back(t.term);
  auto add = [](const std::vector<Var>& vs) { return vs.size() == 1 ? vs[0] : kt::elemwise(ScalarOp::add, vs); };
  if (neg.empty()) return {add(pos), true};
  if (pos.empty()) return {add(neg), false};
  return {kt::sub(add(pos), add(neg)), true};
}

// a - c - s (per element: a, and a scalar c and s broadcast) -> a - (c + s), with c + s computed
// once: the terms that are one value for the whole array are added up as scalars (constant
// arrays among them into one constant), so each element pays one addition for them, not one
// per term.
Result hoist_uniform_terms(FunctionGraph& fg, Apply& node) {
  auto* e = elemwise_op(node);
  if (!e || (e->scalar() != ScalarOp::add && e->scalar() != ScalarOp::sub && e->scalar() != ScalarOp::neg))
    return std::nullopt;
  Var out = node.output(0);
  if (out.ndim() == 0 || !is_float(out.dtype()) || inside_sum(fg, node)) return std::nullopt;
  std::vector<SignedTerm> terms;
  collect_signed_terms(out, out.dtype(), terms);
  std::vector<SignedTerm> varying, scalars, constants;
  bool constant_array = false;
  for (const auto& t : terms) {
    auto s = uniform_scalar(t.term);
    if (t.term.is_constant()) {
      constants.push_back(s ? SignedTerm{*s, t.positive} : t);
      constant_array = constant_array || !s;
    } else if (s) {
      scalars.push_back({*s, t.positive});
    } else {
      varying.push_back(t);
    }
  }
  // Scalar constants join the scalars, unless an array constant gathers the constants.
  if (!constant_array) {
    scalars.insert(scalars.end(), constants.begin(), constants.end());
    constants.clear();
  }
  const std::size_t before = scalars.size() + constants.size();
  const std::size_t after = (scalars.empty() ? 0 : 1) + (constants.empty() ? 0 : 1);
  if (after >= before || varying.empty()) return std::nullopt;
  std::vector<SignedTerm> result = varying;
  if (!constants.empty()) result.push_back(signed_sum(constants));
  if (!scalars.empty()) result.push_back(signed_sum(scalars));
  SignedTerm total = signed_sum(result);
  std::vector<Var> sources = node.inputs();
  for (const auto& t : varying) sources.push_back(t.term);
  auto fitted = fit_to(total.positive ? total.term : kt::neg(total.term), out, sources);
  if (!fitted) return std::nullopt;
  return std::vector<Var>{*fitted};
}

}  // namespace

void add_invariant_hoisting(RewriteDatabase& db) {
  const std::vector<std::string> tags = {"fast_run", "canonicalize"};
  db.add("canonicalize", NodeRewrite{"local_sum_of_uniform_switch", tags, sum_of_uniform_switch});
  db.add("canonicalize", NodeRewrite{"local_unary_of_fill", tags, unary_of_fill});
  db.add("canonicalize", NodeRewrite{"local_hoist_uniform_terms", tags, hoist_uniform_terms});
}

}  // namespace kiln::rewrite
