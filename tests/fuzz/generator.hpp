// The random-graph generator's state and steps, shared by the files that grow each family of
// ops (generate_*.cpp). Each step draws from one splitmix64 stream in a fixed order, so a seed
// and an index name the same graph on every platform: a step must not change what it draws.
#pragma once

#include "fuzz/graph_recipe.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kiln::fuzz::generator {
namespace kt = kiln::tensor;

// splitmix64: a fixed stream for a seed, on every platform and standard library.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1p-53; }
  bool chance(double p) { return uniform() < p; }
  template <class T>
  const T& pick(const std::vector<T>& v) {
    return v[static_cast<std::size_t>(below(static_cast<int>(v.size())))];
  }

 private:
  std::uint64_t state_;
};

// "[1,2]": a shape or an axis list as the reproducer prints it.
std::string shape_text(const std::vector<std::int64_t>& v);
// Whether shapes a and b broadcast together at run time (extents equal or 1).
bool broadcastable(const Shape& a, const Shape& b);

class GraphGenerator {
 public:
  GraphGenerator(std::uint64_t seed, std::uint64_t index);
  Recipe run();

 private:
  // ---- inputs and values (graph_generator.cpp) ----------------------------------------
  DType input_dtype();
  Shape random_input_shape();
  double float_value(DType dtype);
  std::int64_t int_value();
  Array random_values(DType dtype, const Shape& shape);
  int add_input(DType dtype, const Shape& shape);

  // ---- steps (graph_generator.cpp) -------------------------------------------------------
  // Adds a step if `make` builds (a TypeError: the op does not apply to these operands) and
  // evaluates it with the reference evaluator; -1 if it does not build.
  int add(std::string what, std::vector<int> args, std::function<Var(const std::vector<Var>&)> make);
  const Shape& shape_of(int step) const { return values_[static_cast<std::size_t>(step)]->shape(); }
  DType dtype_of_step(int step) const { return vars_[static_cast<std::size_t>(step)].dtype(); }
  // An operand with a value, most often the newest one.
  int operand();
  // An operand of this run-time shape (broadcastable to it, when `broadcast`), from the pool
  // or a new input.
  int operand_shaped(const Shape& shape, bool broadcast, DType dtype);
  Var constant_like(DType dtype);
  int grow();
  int grow_smooth();
  // A gradient graph's cost must be a float64 scalar: the sum of the last step.
  void finish_for_gradient();

  // ---- elementwise ops, switch, clip, casts (generate_elemwise.cpp) -----------------------
  int unary();
  int binary();
  int switch_or_clip();
  int cast();

  // ---- reductions, argmax, dot (generate_reductions.cpp) --------------------------------
  kt::Axes random_axes(int ndim);
  int reduction();
  int argmax();
  int dot();

  // ---- dimshuffle, reshape, join/stack, shape and alloc (generate_shapes.cpp) ------------
  int dimshuffle();
  int reshape();
  int join_or_stack();
  int shape_and_alloc();

  // ---- basic and advanced indexing, set/inc (generate_indexing.cpp) -----------------------
  std::vector<kt::Index> random_index(const Shape& shape);
  static std::string index_text(const std::vector<kt::Index>& index);
  int subtensor();
  Array random_indices(std::int64_t extent);
  static bool has_repeats(const Array& indices, std::int64_t extent);
  int advanced_subtensor();
  int set_or_inc();

  // ---- random variables with fixed seeds (generate_random.cpp) ---------------------------
  int random_variable();

  Random rnd_;
  Recipe recipe_;
  std::vector<Var> vars_;                     // per step
  std::vector<std::optional<Array>> values_;  // per step: its reference value, if it evaluated
  std::array<std::int64_t, 3> extents_{};     // an input of ndim k takes the last k (or 1)
  bool smooth_ = false;
  bool special_values_ = false;
};

}  // namespace kiln::fuzz::generator
