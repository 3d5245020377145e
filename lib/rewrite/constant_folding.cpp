// constant_folding: a node whose inputs are all constants becomes a constant, computed by the
// op's own `perform`. A check that fails on constants, or an op whose perform raises on them
// (cholesky of a matrix that is not positive definite), is left in place to raise at run time.
#include "rewrite/deep_copy.hpp"
#include "rewrite/match.hpp"
#include "rewrite/rewrite_sets.hpp"
#include "tensor/shape_ops.hpp"

namespace kiln::rewrite {
namespace {

// Folding an Alloc of a million elements would bloat the graph for nothing.
constexpr std::int64_t kMaxFoldedElements = 1 << 16;

// Broadcasting a constant into a big array only makes the program read memory it could compute:
// fill and Alloc stay symbolic (and fuse), as PyTensor keeps Alloc unfolded.
bool broadcasts(const Apply& node) {
  return is_elemwise(node, ScalarOp::second) || dynamic_cast<const tensor::Alloc*>(&node.op()) != nullptr;
}

std::optional<std::vector<Var>> fold(FunctionGraph&, Apply& node) {
  if (node.inputs().empty() || dynamic_cast<const DeepCopyOp*>(&node.op()) || broadcasts(node)) return std::nullopt;
  std::vector<Array> values;
  for (const auto& in : node.inputs()) {
    if (!in.is_constant()) return std::nullopt;
    values.push_back(in.constant_value());
  }
  std::vector<Array> results(node.num_outputs());
  try {
    node.op().perform(values, results);
  } catch (const Error&) {  // a bad constant (a singular matrix): the program raises it when run
    return std::nullopt;
  }
  std::vector<Var> out;
  for (auto& r : results) {
    if (r.size() > kMaxFoldedElements) return std::nullopt;
    out.push_back(make_constant(r.copy()));
  }
  return out;
}

}  // namespace

void add_constant_folding(RewriteDatabase& db) {
  NodeRewrite r{"constant_folding", {"fast_run", "fast_compile", "canonicalize"}, fold};
  db.add("canonicalize", r);
  db.add("specialize", NodeRewrite{"constant_folding_late", r.tags, fold});
}

}  // namespace kiln::rewrite
