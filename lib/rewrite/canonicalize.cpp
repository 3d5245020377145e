// canonicalize: puts expressions in a normal form where equal things look equal and cancel:
// products and quotients as one numerator/denominator (b * (a / b) -> a), sums as signed terms
// (x - x -> 0, x + x -> 2 * x), powers with small constant exponents as sqr/sqrt/reciprocal,
// DimShuffle chains composed, switches on constant conditions resolved.
#include "rewrite/match.hpp"
#include "rewrite/rewrite_sets.hpp"

#include <kiln/tensor.hpp>

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace kiln::rewrite {
namespace kt = kiln::tensor;
namespace {

using Result = std::optional<std::vector<Var>>;
const std::vector<std::string> kTags = {"fast_run", "canonicalize"};

Result single(std::optional<Var> v) {
  if (!v) return std::nullopt;
  return std::vector<Var>{*v};
}

// ---- DimShuffle -------------------------------------------------------------------------

Result dimshuffle_chain(FunctionGraph&, Apply& node) {
  auto* ds = dynamic_cast<const tensor::DimShuffle*>(&node.op());
  if (!ds) return std::nullopt;
  const auto& order = ds->new_order();
  Var in = node.inputs()[0];
  bool identity = static_cast<int>(order.size()) == ds->input_ndim();
  for (std::size_t i = 0; identity && i < order.size(); ++i) identity = order[i] == static_cast<int>(i);
  if (identity) return std::vector<Var>{in};
  auto inner_owner = in.owner();
  auto* inner = inner_owner ? dynamic_cast<const tensor::DimShuffle*>(&inner_owner->op()) : nullptr;
  if (!inner) return std::nullopt;
  std::vector<int> composed;
  for (int a : order) composed.push_back(a == -1 ? -1 : inner->new_order()[static_cast<std::size_t>(a)]);
  return std::vector<Var>{kt::dimshuffle(inner_owner->inputs()[0], composed)};
}

// True when every reader of `node`'s output is itself one of `ops` of the same dtype: then the
// node is inside a larger tree whose root canonicalizes it, and doing it here too would make
// canonicalizing a chain of n operations cost n^2.
bool inside_tree(const FunctionGraph& fg, const Apply& node, std::initializer_list<ScalarOp> ops) {
  Var out = node.output(0);
  const auto& readers = fg.clients(out);
  if (readers.empty()) return false;
  for (const auto& c : readers) {
    if (!c.node) return false;
    auto* e = elemwise_op(*c.node);
    if (!e || c.node->output(0).dtype() != out.dtype()) return false;
    if (std::find(ops.begin(), ops.end(), e->scalar()) == ops.end()) return false;
  }
  return true;
}

// ---- Trees of one family of ops -------------------------------------------------------------

// The inputs of `v` with their signs when v's node belongs to the family being collected
// (add/sub/neg: +1 for a term added, -1 subtracted; mul/true_div/reciprocal: +1 for a factor
// in the numerator, -1 in the denominator); nothing for a leaf.
using Family = std::optional<std::vector<std::pair<Var, double>>> (*)(const Var& v, DType dtype);

// How many paths from the root reach a leaf or constant with each sign: what walking the
// family's nodes as a tree would count.
struct Paths {
  double pos = 0, neg = 0;
  Paths signed_by(double sign) const { return sign > 0 ? *this : Paths{neg, pos}; }
  Paths& operator+=(const Paths& o) {
    pos += o.pos;
    neg += o.neg;
    return *this;
  }
};

// What a family's tree under a root is made of: in a tree, every occurrence of a leaf left to
// right; where subterms are shared, each distinct leaf once (first occurrence first) with the
// paths that reach it.
struct Collected {
  std::vector<std::pair<Var, Paths>> leaves;
  std::vector<std::pair<double, Paths>> constants;  // scalar constants, as the leaves
};

// Walks the family's nodes under `root` with explicit stacks (a chain may be a million nodes
// deep) and expands each node once: a DAG whose subterms are shared (y = y + y, n times) has
// 2^n paths. A shared node passes the paths reaching it to its inputs once all have arrived.
Collected collect(const Var& root, DType dtype, Family family) {
  Collected c;
  std::unordered_map<const VariableNode*, std::vector<std::pair<Var, double>>> inputs_of;
  std::unordered_map<const VariableNode*, int> edges_in;  // from family nodes
  bool shared = false;
  std::vector<std::pair<Var, Paths>> stack{{root, Paths{1, 0}}};
  while (!stack.empty()) {
    auto [v, paths] = std::move(stack.back());
    stack.pop_back();
    if (auto k = scalar_constant(v)) {
      c.constants.emplace_back(*k, paths);
      continue;
    }
    if (inputs_of.count(v.get())) {
      ++edges_in[v.get()];
      shared = true;
      continue;
    }
    auto ins = family(v, dtype);
    if (!ins) {
      c.leaves.emplace_back(v, paths);
      continue;
    }
    if (v.get() != root.get()) ++edges_in[v.get()];
    for (auto it = ins->rbegin(); it != ins->rend(); ++it) stack.emplace_back(it->first, paths.signed_by(it->second));
    inputs_of.emplace(v.get(), std::move(*ins));
  }
  if (!shared) return c;

  // The paths, passed down from the root in topological order (a node once every edge into it
  // has delivered).
  std::unordered_map<const VariableNode*, Paths> reaching{{root.get(), Paths{1, 0}}};
  std::unordered_map<const VariableNode*, std::size_t> leaf_at;
  std::vector<std::pair<Var, Paths>> leaves;
  for (const auto& [leaf, paths] : c.leaves)
    if (leaf_at.emplace(leaf.get(), leaves.size()).second) leaves.emplace_back(leaf, Paths{});
  c.constants.clear();
  std::vector<Var> ready{root};
  while (!ready.empty()) {
    Var v = std::move(ready.back());
    ready.pop_back();
    const Paths paths = reaching[v.get()];
    for (const auto& [in, sign] : inputs_of.at(v.get())) {
      if (auto k = scalar_constant(in)) {
        c.constants.emplace_back(*k, paths.signed_by(sign));
      } else if (inputs_of.count(in.get())) {
        reaching[in.get()] += paths.signed_by(sign);
        if (--edges_in[in.get()] == 0) ready.push_back(in);
      } else {
        leaves[leaf_at.at(in.get())].second += paths.signed_by(sign);
      }
    }
  }
  c.leaves = std::move(leaves);
  return c;
}

// ---- Products and quotients --------------------------------------------------------------

struct Factors {
  std::vector<Var> num, den;
  double constant = 1.0;
  int constants_seen = 0;
};

// A factor's place in a product under mul, true_div and reciprocal of one dtype.
std::optional<std::vector<std::pair<Var, double>>> product_family(const Var& v, DType dtype) {
  auto owner = v.owner();
  auto* e = owner ? elemwise_op(*owner) : nullptr;
  if (!e || v.dtype() != dtype) return std::nullopt;
  const auto& ins = owner->inputs();
  switch (e->scalar()) {
    case ScalarOp::mul: {
      std::vector<std::pair<Var, double>> factors;
      for (const auto& in : ins) factors.emplace_back(in, 1.0);
      return factors;
    }
    case ScalarOp::true_div: return std::vector<std::pair<Var, double>>{{ins[0], 1.0}, {ins[1], -1.0}};
    case ScalarOp::reciprocal: return std::vector<std::pair<Var, double>>{{ins[0], -1.0}};
    default: return std::nullopt;
  }
}

// A shared subterm repeats its factors (y = y * y, n times, is x^(2^n)): beyond this many
// copies of one factor the product is left as it is rather than written out.
constexpr double kMaxRepeats = 16;

// The numerator and denominator factors under `root`, each as often as a tree walk would meet
// it; nothing when that is too often to write out.
std::optional<Factors> collect_factors(const Var& root, DType dtype) {
  Collected c = collect(root, dtype, product_family);
  Factors f;
  for (const auto& [k, paths] : c.constants) {
    if (paths.pos + paths.neg > kMaxRepeats) return std::nullopt;
    for (int i = 0; i < static_cast<int>(paths.pos); ++i) f.constant *= k;
    for (int i = 0; i < static_cast<int>(paths.neg); ++i) f.constant /= k;
    f.constants_seen += static_cast<int>(paths.pos + paths.neg);
  }
  for (const auto& [leaf, paths] : c.leaves) {
    if (paths.pos > kMaxRepeats || paths.neg > kMaxRepeats) return std::nullopt;
    for (int i = 0; i < static_cast<int>(paths.pos); ++i) f.num.push_back(leaf);
    for (int i = 0; i < static_cast<int>(paths.neg); ++i) f.den.push_back(leaf);
  }
  return f;
}

// Removes pairs that appear in both lists (compared through broadcasting DimShuffles).
int cancel(std::vector<Var>& a, std::vector<Var>& b) {
  int cancelled = 0;
  for (auto it = a.begin(); it != a.end();) {
    Var key = strip_broadcast_dimshuffle(*it);
    auto match = std::find_if(b.begin(), b.end(), [&](const Var& o) { return strip_broadcast_dimshuffle(o) == key; });
    if (match == b.end()) {
      ++it;
      continue;
    }
    b.erase(match);
    it = a.erase(it);
    ++cancelled;
  }
  return cancelled;
}

Var product(const std::vector<Var>& vs) { return vs.size() == 1 ? vs[0] : kt::elemwise(ScalarOp::mul, vs); }

Result mul_canonizer(FunctionGraph& fg, Apply& node) {
  auto* e = elemwise_op(node);
  if (!e || (e->scalar() != ScalarOp::mul && e->scalar() != ScalarOp::true_div && e->scalar() != ScalarOp::reciprocal))
    return std::nullopt;
  Var out = node.output(0);
  if (!is_float(out.dtype())) return std::nullopt;
  if (inside_tree(fg, node, {ScalarOp::mul, ScalarOp::true_div, ScalarOp::reciprocal})) return std::nullopt;
  auto collected = collect_factors(out, out.dtype());
  if (!collected) return std::nullopt;
  Factors& f = *collected;
  std::vector<Var> sources = f.num;
  sources.insert(sources.end(), f.den.begin(), f.den.end());
  const std::vector<Var> leaves = sources;
  sources.insert(sources.end(), node.inputs().begin(), node.inputs().end());
  int cancelled = cancel(f.num, f.den);
  bool drop_one = f.constants_seen == 1 && f.constant == 1.0 && !f.num.empty();
  if (cancelled == 0 && f.constants_seen < 2 && !drop_one) return std::nullopt;
  std::vector<Var> kept = f.num;  // before the casts below, so kept factors match their leaves
  kept.insert(kept.end(), f.den.begin(), f.den.end());
  for (auto* factors : {&f.num, &f.den})
    for (Var& v : *factors) v = as_dtype(v, out.dtype());
  Var numerator;
  if (f.constant != 1.0 || f.num.empty()) f.num.insert(f.num.begin(), kt::literal(f.constant, out));
  numerator = product(f.num);
  Var result = numerator;
  if (!f.den.empty()) {
    Var den = product(f.den);
    auto one = scalar_constant(numerator);
    result = one && *one == 1.0 ? kt::reciprocal(den) : kt::true_div(numerator, den);
  }
  return single(fit_to(keep_broadcast_error(result, leaves, kept), out, sources));
}

// ---- Sums and differences ------------------------------------------------------------------

struct Terms {
  std::vector<std::pair<Var, double>> terms;  // distinct terms with their coefficients
  std::unordered_map<const VariableNode*, std::size_t> index;  // stripped term -> position
  double constant = 0.0;
  int constants_seen = 0;
  int combined = 0;  // terms merged into an earlier equal term
};

// A term's sign in a sum under add, sub and neg of one dtype.
std::optional<std::vector<std::pair<Var, double>>> sum_family(const Var& v, DType dtype) {
  auto owner = v.owner();
  auto* e = owner ? elemwise_op(*owner) : nullptr;
  if (!e || v.dtype() != dtype) return std::nullopt;
  const auto& ins = owner->inputs();
  switch (e->scalar()) {
    case ScalarOp::add: {
      std::vector<std::pair<Var, double>> terms;
      for (const auto& in : ins) terms.emplace_back(in, 1.0);
      return terms;
    }
    case ScalarOp::sub: return std::vector<std::pair<Var, double>>{{ins[0], 1.0}, {ins[1], -1.0}};
    case ScalarOp::neg: return std::vector<std::pair<Var, double>>{{ins[0], -1.0}};
    default: return std::nullopt;
  }
}

// The terms under `root` with their coefficients, equal terms (compared through broadcasting
// DimShuffles) combined; nothing when the paths to a term overflow (a sum doubled 1,100 times).
std::optional<Terms> collect_terms(const Var& root, DType dtype) {
  Collected c = collect(root, dtype, sum_family);
  for (const auto& [leaf, paths] : c.leaves)
    if (!std::isfinite(paths.pos + paths.neg)) return std::nullopt;
  for (const auto& [k, paths] : c.constants)
    if (!std::isfinite(paths.pos + paths.neg)) return std::nullopt;
  Terms t;
  for (const auto& [k, paths] : c.constants) {
    if (paths.pos != paths.neg) t.constant += (paths.pos - paths.neg) * k;
    t.constants_seen += static_cast<int>(std::min(paths.pos + paths.neg, 1e9));
  }
  for (const auto& [leaf, paths] : c.leaves) {
    auto [it, fresh] = t.index.emplace(strip_broadcast_dimshuffle(leaf).get(), t.terms.size());
    if (fresh) t.terms.emplace_back(leaf, 0.0);
    t.terms[it->second].second += paths.pos - paths.neg;
    t.combined += static_cast<int>(std::min(paths.pos + paths.neg - (fresh ? 1 : 0), 1e9));
  }
  return t;
}

Var scaled(const Var& term, double coef, const Var& like) {
  double mag = std::fabs(coef);
  return mag == 1.0 ? term : kt::mul(kt::literal(mag, like), term);
}

Result add_canonizer(FunctionGraph& fg, Apply& node) {
  auto* e = elemwise_op(node);
  if (!e || (e->scalar() != ScalarOp::add && e->scalar() != ScalarOp::sub)) return std::nullopt;
  Var out = node.output(0);
  if (!is_float(out.dtype())) return std::nullopt;
  if (inside_tree(fg, node, {ScalarOp::add, ScalarOp::sub, ScalarOp::neg})) return std::nullopt;
  auto collected = collect_terms(out, out.dtype());
  if (!collected) return std::nullopt;
  Terms& t = *collected;
  bool drop_zero = t.constants_seen == 1 && t.constant == 0.0 && !t.terms.empty();
  if (t.combined == 0 && t.constants_seen < 2 && !drop_zero) return std::nullopt;
  std::vector<Var> sources = node.inputs();
  std::vector<Var> leaves, kept;
  std::vector<Var> pos, neg;
  for (const auto& [term, coef] : t.terms) {
    sources.push_back(term);
    leaves.push_back(term);
    if (coef != 0) kept.push_back(term);
    if (coef > 0) pos.push_back(scaled(as_dtype(term, out.dtype()), coef, out));
    if (coef < 0) neg.push_back(scaled(as_dtype(term, out.dtype()), coef, out));
  }
  if (t.constant != 0) (t.constant > 0 ? pos : neg).push_back(kt::literal(std::fabs(t.constant), out));
  auto sum = [](const std::vector<Var>& vs) { return vs.size() == 1 ? vs[0] : kt::elemwise(ScalarOp::add, vs); };
  Var result;
  if (pos.empty() && neg.empty())
    result = kt::literal(0.0, out);
  else if (neg.empty())
    result = sum(pos);
  else if (pos.empty())
    result = kt::neg(sum(neg));
  else
    result = kt::sub(sum(pos), sum(neg));
  return single(fit_to(keep_broadcast_error(result, leaves, kept), out, sources));
}

// ---- Small identities ----------------------------------------------------------------------

Result neg_neg(FunctionGraph&, Apply& node) {
  if (!is_elemwise(node, ScalarOp::neg)) return std::nullopt;
  auto inner = owner_if(node.inputs()[0], ScalarOp::neg);
  if (!inner) return std::nullopt;
  return single(fit_to(inner->inputs()[0], node.output(0), node.inputs()));
}

Result pow_constant(FunctionGraph&, Apply& node) {
  if (!is_elemwise(node, ScalarOp::pow) || !is_float(node.output(0).dtype())) return std::nullopt;
  auto c = scalar_constant(node.inputs()[1]);
  if (!c) return std::nullopt;
  Var out = node.output(0);
  Var x = as_dtype(node.inputs()[0], out.dtype());
  std::optional<Var> r;
  if (*c == 2.0) r = kt::sqr(x);
  else if (*c == 0.5) r = kt::sqrt(x);
  else if (*c == -1.0) r = kt::reciprocal(x);
  else if (*c == 1.0) r = x;
  else if (*c == 0.0) r = kt::literal(1.0, out);
  if (!r) return std::nullopt;
  return single(fit_to(*r, out, node.inputs()));
}

Result switch_constant_condition(FunctionGraph&, Apply& node) {
  if (!is_elemwise(node, ScalarOp::switch_)) return std::nullopt;
  auto c = scalar_constant(node.inputs()[0]);
  if (!c) return std::nullopt;
  Var branch = *c != 0 ? node.inputs()[1] : node.inputs()[2];
  return single(fit_to(keep_broadcast_error(branch, node.inputs(), {branch, node.inputs()[0]}), node.output(0), node.inputs()));
}

Result useless_identity(FunctionGraph&, Apply& node) {
  auto* e = elemwise_op(node);
  if (!e) return std::nullopt;
  bool useless = e->scalar() == ScalarOp::identity ||
                 (e->scalar() == ScalarOp::cast && node.inputs()[0].dtype() == e->cast_to());
  if (!useless) return std::nullopt;
  return single(fit_to(node.inputs()[0], node.output(0), node.inputs()));
}

// second(f(x, ...), v) -> second(x, v) when x alone already has f's broadcast shape: a fill
// needs only a shape, and taking it from an input frees f's result (often a forward
// log-density term of a gradient) to fuse into its reduction instead of being stored.
Result fill_shape_source(FunctionGraph&, Apply& node) {
  if (!is_elemwise(node, ScalarOp::second)) return std::nullopt;
  Var shaped = node.inputs()[0];
  auto owner = shaped.owner();
  if (!owner || owner->num_outputs() != 1) return std::nullopt;
  if (!elemwise_op(*owner)) return std::nullopt;
  Var out = node.output(0);
  for (const auto& in : owner->inputs()) {
    if (in.ndim() != shaped.ndim()) continue;
    bool same_pattern = true;
    for (int d = 0; d < in.ndim() && same_pattern; ++d)
      same_pattern = in.type().broadcastable(d) == shaped.type().broadcastable(d);
    if (!same_pattern) continue;
    Var r = keep_broadcast_error(kt::second(in, node.inputs()[1]), owner->inputs(), {in});
    if (out.type().accepts(r.type())) return std::vector<Var>{r};
  }
  return std::nullopt;
}

}  // namespace

void add_canonicalize(RewriteDatabase& db) {
  db.add("canonicalize", NodeRewrite{"local_fill_shape_source", kTags, fill_shape_source});
  db.add("canonicalize", NodeRewrite{"local_dimshuffle_lift", kTags, dimshuffle_chain});
  db.add("canonicalize", NodeRewrite{"local_useless_elemwise", kTags, useless_identity});
  db.add("canonicalize", NodeRewrite{"local_neg_neg", kTags, neg_neg});
  db.add("canonicalize", NodeRewrite{"local_pow_canonicalize", kTags, pow_constant});
  db.add("canonicalize", NodeRewrite{"local_switch_constant_cond", kTags, switch_constant_condition});
  db.add("canonicalize", NodeRewrite{"local_mul_canonizer", kTags, mul_canonizer});
  db.add("canonicalize", NodeRewrite{"local_add_canonizer", kTags, add_canonizer});
}

}  // namespace kiln::rewrite
