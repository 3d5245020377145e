// Composite: a fused group of scalar ops over broadcast inputs, optionally followed by a
// reduction of its single output. It is what the fusion rewrite builds and the unit the JIT
// lowers into one loop nest (a log-density `sum(f(x))` is one Composite: one pass, no temporary).
#pragma once

#include "tensor/scalar_op.hpp"

#include <kiln/graph.hpp>

#include <optional>

namespace kiln::tensor {

// One scalar operation inside a Composite. An argument k < n_inputs is input k; otherwise it
// is the result of node k - n_inputs (always an earlier node).
struct ScalarNode {
  ScalarOp op;
  std::vector<int> args;
  DType dtype;                       // the node's result dtype
  DType cast_to = DType::float64;    // target of a cast
  bool operator==(const ScalarNode&) const = default;
};

enum class ReduceKind : std::uint8_t { sum, prod, max, min, all, any };

struct ReduceSpec {
  ReduceKind kind;
  std::vector<int> axes;  // sorted; every axis of the (broadcast) output when empty
  bool operator==(const ReduceSpec&) const = default;
};

class Composite final : public Op {
 public:
  Composite(std::vector<DType> input_dtypes, std::vector<ScalarNode> nodes, std::vector<int> outputs,
            std::optional<ReduceSpec> reduce = std::nullopt);

  int num_inputs() const { return static_cast<int>(input_dtypes_.size()); }
  const std::vector<DType>& input_dtypes() const { return input_dtypes_; }
  const std::vector<ScalarNode>& nodes() const { return nodes_; }
  const std::vector<int>& outputs() const { return outputs_; }  // argument references, as in args
  const std::optional<ReduceSpec>& reduce() const { return reduce_; }
  DType ref_dtype(int ref) const;

  // `Composite{log((i0 + i1))}`; with a reduction `Sum{Composite{...}}`.
  std::string name() const override;
  std::vector<TensorType> output_types(const std::vector<Var>& inputs) const override;
  void perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const override;
  bool equals(const Op& other) const override;
  std::size_t hash() const override;

  // One element's value of a reference: the double every float node reads and, for integer
  // and bool dtypes, the exact int64 that integer nodes read (int64 above 2^53, uint64 bits).
  struct Value {
    double real = 0;
    std::int64_t integer = 0;
  };
  // Whether node i computes in int64 (tensor::integer_semantics of its argument dtypes), as the
  // Elemwise it was fused from does.
  bool integer_node(std::size_t i) const { return integer_[i]; }
  // Evaluates the scalar graph on one element (the reference for the JIT's loop body).
  void eval_element(const Value* inputs, Value* outputs, std::vector<Value>& scratch) const;

 private:
  std::string expression(int ref) const;

  std::vector<DType> input_dtypes_;
  std::vector<ScalarNode> nodes_;
  std::vector<int> outputs_;
  std::optional<ReduceSpec> reduce_;
  std::vector<bool> integer_;  // per node
};

// The accumulator start value and combine step of a reduction.
double reduce_identity(ReduceKind kind);
double reduce_combine(ReduceKind kind, double acc, double value);
std::string_view reduce_name(ReduceKind kind);

// The order in which a reduction over all of its axes combines its n elements (taken in C
// order), in the reference and in the JIT's kernels alike: kReduceLanes accumulators take
// elements l, l + kReduceLanes, ... of the whole blocks of kReduceLanes and combine by
// halving (lane l with lane l + 4, then l with l + 2, then 0 with 1:
// ((0 4) (2 6)) ((1 5) (3 7))), and the remaining elements follow one by one. It is the order
// of a SIMD reduction, so it vectorizes without reassociating anything, and a tree over
// eight lanes, as NumPy's pairwise_sum is for up to 128 elements: as accurate as NumPy's,
// more than adding in sequence.
inline constexpr std::int64_t kReduceLanes = 8;

// Reduces element(0), ..., element(n - 1) (doubles) in that order, from reduce_identity. An
// empty sum is -0.0 here: callers make it +0.0, as NumPy's.
template <class Element>
double reduce_in_lanes(ReduceKind kind, std::int64_t n, Element&& element) {
  double lanes[kReduceLanes];
  for (double& lane : lanes) lane = reduce_identity(kind);
  const std::int64_t whole = n - n % kReduceLanes;
  for (std::int64_t i = 0; i < whole; i += kReduceLanes)
    for (std::int64_t l = 0; l < kReduceLanes; ++l) lanes[l] = reduce_combine(kind, lanes[l], element(i + l));
  for (std::int64_t width = kReduceLanes; width > 1; width /= 2)
    for (std::int64_t l = 0; l < width / 2; ++l) lanes[l] = reduce_combine(kind, lanes[l], lanes[l + width / 2]);
  double acc = lanes[0];
  for (std::int64_t i = whole; i < n; ++i) acc = reduce_combine(kind, acc, element(i));
  return acc;
}

}  // namespace kiln::tensor
