// What a compiled program is made of, shared by the step interpreter (native_program.cpp) and
// the whole-program specializer (specialize.cpp): the value of a slot during a call, the
// per-call workspace, and the steps.
#pragma once

#include "jit/kernel_spec.hpp"

#include <kiln/array.hpp>
#include <kiln/graph.hpp>

#include <cstdint>
#include <memory>
#include <vector>

namespace kiln::jit {

// A slot's value during a call: where the elements are and how to step through them.
struct TensorView {
  void* data = nullptr;
  DType dtype = DType::float64;
  Shape shape;
  Strides strides;
  const Array* array = nullptr;  // an Array that is exactly this view, if any

  void set(const Array& a) {
    data = a.raw_data();
    dtype = a.dtype();
    shape.assign(a.shape().begin(), a.shape().end());
    strides.assign(a.strides().begin(), a.strides().end());
    array = &a;
  }
  bool contiguous() const;
  Array as_array() const { return array ? *array : Array::view_raw(dtype, data, shape, strides); }
};

// A 0-d integer (or bool) view's value (an index or shape entry read on the host).
std::int64_t scalar_as_int(const TensorView& v);

// Copies src's elements to dst_data, laid out by dst_strides (elements) over src's shape.
void copy_elements(const TensorView& src, void* dst_data, const Strides& dst_strides);

// Throws InputError unless the caller's output array `i` has this dtype and shape.
void check_caller_array(const Array& dst, DType dtype, const Shape& shape, std::size_t i);
// Whether output `i` is caller memory to write into (call_into) rather than a slot to fill.
bool holds_caller_memory(const std::vector<Array>& outputs, std::size_t i);

// Output `i` gets a copy of `value`: into the caller's array (call_into) or a new one.
void copy_to_output(const TensorView& value, std::vector<Array>& outputs, std::size_t i, bool into_caller);

struct OpLowering;

// One node of the program, in topological order, over numbered slots: a fused loop (kernel),
// a view, a draw, or a node's generated code (node). An op without a lowering does not compile.
struct Step {
  enum class Kind { kernel, view, random, node } kind;
  std::shared_ptr<Apply> node;
  std::vector<int> inputs;   // slots
  std::vector<int> outputs;  // slots
  int kernel;                // index into the kernel specs (kernel and random steps)
  const OpLowering* lowering = nullptr;  // view and node steps (registry.hpp)
};

}  // namespace kiln::jit
