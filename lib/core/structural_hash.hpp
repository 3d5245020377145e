// The canonical structural key of a compile request (inputs, outputs, mode): what a compiled
// program depends on, never pointer identity, so two requests with equal keys compile to
// interchangeable programs. The function compiler's cache is keyed by it.
#pragma once

#include <kiln/function.hpp>
#include <kiln/graph.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace kiln {

// The request encoded in a canonical order: the inputs by position (kind, type, name), then
// every Apply in depth-first post-order from the outputs (inputs left to right), each with its
// op, its inputs as ids of earlier variables, and its outputs' types and names; roots where the
// walk first meets them; then the outputs as ids. Ops compare with Op::equals (as the merge
// rewrite does), constants by dtype, shape and bytes, shared variables by identity (a program
// reads their current value at each call). Names are part of it because a compiled function's
// dprint prints the program's graph.
class StructuralKey {
 public:
  // For lookup; equal keys have equal hashes, and equality compares the whole encoding.
  std::uint64_t hash() const { return hash_; }
  std::size_t num_nodes() const { return ops_.size(); }
  bool operator==(const StructuralKey& other) const;

 private:
  friend class StructuralEncoder;

  std::string code_;                                 // kinds, types, names, topology, mode
  std::vector<OpPtr> ops_;                           // one per Apply, in encoding order
  std::vector<Array> constants_;                     // C-contiguous values, in encoding order
  std::vector<std::weak_ptr<VariableNode>> shared_;  // shared variables, in encoding order
  std::uint64_t hash_ = 0;
};

// The key of compiling `outputs` from the positional `inputs` in `mode`. `outputs` is the graph
// as it compiles: givens already applied, update values appended. Inputs are taken as roots:
// the graph above an input that is an intermediate variable is not part of the key.
StructuralKey structural_key(const std::vector<Var>& inputs, const std::vector<Var>& outputs, Mode mode);

}  // namespace kiln
