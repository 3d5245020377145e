// Indexing: Subtensor (integers and slices: a view), AdvancedSubtensor (a gather of rows by an
// integer array), and their writing counterparts IncSubtensor / AdvancedIncSubtensor, which are
// also the gathers' gradients.
#pragma once

#include <kiln/tensor.hpp>

#include <cstdint>

namespace kiln::tensor {

// One integer or slice bound of an index: absent (an open slice end), a constant baked into
// the op (and printed), or an integer scalar given as an input of the node (printed by its
// dtype, as Aesara prints `Subtensor{int64}`).
struct IndexBound {
  enum class Kind : std::uint8_t { none, constant, symbolic };
  Kind kind = Kind::none;
  std::int64_t value = 0;      // a constant's value
  DType dtype = DType::int64;  // a symbolic input's dtype
};

struct IndexEntry {
  bool is_slice = false;
  IndexBound integer;            // when !is_slice
  IndexBound start, stop, step;  // when is_slice
};
using IndexList = std::vector<IndexEntry>;

// An index entry whose integers may be known only at run time; a null Var is an open bound,
// a constant Var is baked into the op.
struct VarIndex {
  static VarIndex at(Var index) { return {false, std::move(index), {}, {}, {}}; }
  static VarIndex range(Var start, Var stop, Var step = {}) {
    return {true, {}, std::move(start), std::move(stop), std::move(step)};
  }
  bool is_slice;
  Var index, start, stop, step;
};

// Inputs (x, symbolic bounds...). Output: a view of x.
class Subtensor final : public Op {
 public:
  explicit Subtensor(IndexList index) : index_(std::move(index)) {}
  const IndexList& index() const { return index_; }

  std::string name() const override;
  std::vector<TensorType> output_types(const std::vector<Var>& inputs) const override;
  void perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const override;
  std::vector<Var> grad(const Apply& node, const std::vector<Var>& output_grads) const override;
  std::vector<std::pair<int, int>> view_map() const override { return {{0, 0}}; }

 private:
  IndexList index_;
};

// Inputs (x, y, symbolic bounds...): x with x[index] set to y (`set`) or incremented by y.
class IncSubtensor final : public Op {
 public:
  IncSubtensor(IndexList index, bool set) : index_(std::move(index)), set_(set) {}
  const IndexList& index() const { return index_; }
  bool set() const { return set_; }

  std::string name() const override;
  std::vector<TensorType> output_types(const std::vector<Var>& inputs) const override;
  void perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const override;
  std::vector<Var> grad(const Apply& node, const std::vector<Var>& output_grads) const override;

 private:
  IndexList index_;
  bool set_;
};

// Inputs (x, indices): x[indices] along axis 0; negative indices wrap, as NumPy.
class AdvancedSubtensor final : public Op {
 public:
  std::string name() const override { return "AdvancedSubtensor"; }
  std::vector<TensorType> output_types(const std::vector<Var>& inputs) const override;
  void perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const override;
  std::vector<Var> grad(const Apply& node, const std::vector<Var>& output_grads) const override;
};

// Inputs (x, y, indices): x with rows x[indices] set to y, or incremented by y with repeated
// indices accumulating (np.add.at). Printed as PyTensor: AdvancedSetSubtensor / AdvancedIncSubtensor.
class AdvancedIncSubtensor final : public Op {
 public:
  explicit AdvancedIncSubtensor(bool set) : set_(set) {}
  bool set() const { return set_; }

  std::string name() const override { return set_ ? "AdvancedSetSubtensor" : "AdvancedIncSubtensor"; }
  std::vector<TensorType> output_types(const std::vector<Var>& inputs) const override;
  void perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const override;
  std::vector<Var> grad(const Apply& node, const std::vector<Var>& output_grads) const override;

 private:
  bool set_;
};

// The layout of x[index] inside x (offset and strides in elements) for x of this shape and
// strides, the index's symbolic bounds taking `symbolic`'s values in order; throws the
// reference's ValueError for an index out of bounds, a zero step or too many indices.
struct IndexedLayout {
  std::int64_t offset = 0;
  Shape shape;
  Strides strides;
};
IndexedLayout indexed_layout(const Shape& shape, const Strides& strides, const IndexList& index,
                             const std::vector<std::int64_t>& symbolic, const std::string& op);

// Throws the reference's ValueError unless a set's or inc's value of this shape broadcasts into
// the indexed region (node: an IncSubtensor or AdvancedIncSubtensor).
void check_inc_value(const Apply& node, const Shape& value, const Shape& region);

// The text of the ValueError for an index out of bounds ("<op>: index i is out of bounds for axis a with size n").
std::string index_out_of_bounds(const std::string& op, std::int64_t index, int axis, std::int64_t size);

// x[index] and x[index] = / += value with run-time integers and slice bounds.
Var dynamic_subtensor(const Var& a, const std::vector<VarIndex>& index);
Var dynamic_inc_subtensor(const Var& a, const std::vector<VarIndex>& index, const Var& value, bool set);

}  // namespace kiln::tensor
