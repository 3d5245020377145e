// The graph data model: Var (a handle on a variable), Apply (an op applied to inputs), Op
// (what an Apply computes). Nodes are immutable once built; only a variable's name may change.
// An Apply owns its output variables, and a Var of an output keeps the whole Apply (and so its
// inputs) alive, so a graph lives exactly as long as some handle on it.
#pragma once

#include <kiln/array.hpp>
#include <kiln/type.hpp>

#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kiln {

class Apply;
class FunctionGraph;
class Op;
class Var;
struct SharedValue;

// A basic slice for indexing (Python's start:stop:step; a missing bound is open).
struct Slice {
  std::optional<std::int64_t> start, stop, step;
};

// Given values for some variables: eval({{x, 0.0}, {y, {1.0, M_E}}}).
using Givens = std::vector<std::pair<Var, Array>>;

// What a variable is: the output of an Apply, a free input, a constant, or a shared variable.
struct VariableNode {
  enum class Kind : std::uint8_t { Output, Input, Constant, Shared };

  TensorType type;
  Kind kind = Kind::Input;
  std::string name;
  Apply* owner = nullptr;  // set for outputs; the Apply is kept alive by whoever holds this node
  int index = 0;           // which output of the owner
  Array constant;          // the value of a Constant
  std::shared_ptr<SharedValue> shared;  // the storage of a SharedVariable
};

class Var {
 public:
  Var() = default;
  explicit Var(std::shared_ptr<VariableNode> node) : node_(std::move(node)) {}
  // Numbers and arrays convert to TensorConstant.
  Var(double value);
  Var(int value);
  Var(std::int64_t value);
  Var(const Array& value);

  // Every accessor of a null Var (default-constructed or moved from) throws InputError.
  const TensorType& type() const { return checked().type; }
  DType dtype() const { return checked().type.dtype(); }
  int ndim() const { return checked().type.ndim(); }
  const std::string& name() const { return checked().name; }
  void set_name(std::string name) const { checked().name = std::move(name); }

  // The Apply that computes this variable, or null for a root (input, constant, shared).
  std::shared_ptr<Apply> owner() const;
  int index() const { return checked().index; }
  bool is_constant() const { return checked().kind == VariableNode::Kind::Constant; }
  bool is_shared() const { return checked().kind == VariableNode::Kind::Shared; }
  bool is_input() const { return checked().kind == VariableNode::Kind::Input; }
  // The value of a constant (throws for other variables).
  const Array& constant_value() const;

  // Evaluates through the function compiler; `givens` may set inputs or intermediate variables.
  Array eval(const Givens& givens = {}) const;

  // Indexing: theta[0], theta[kt::slice(2, 10)], a[group] (an integer Var gathers).
  Var operator[](std::int64_t index) const;
  Var operator[](const Slice& slice) const;
  Var operator[](const Var& indices) const;

  VariableNode* get() const { return node_.get(); }
  const std::shared_ptr<VariableNode>& node() const { return node_; }
  explicit operator bool() const { return node_ != nullptr; }
  // Identity, as Python's `is`: graph-building comparisons are kt::eq / kt::lt / < > <= >=.
  bool operator==(const Var& other) const { return node_ == other.node_; }
  bool operator!=(const Var& other) const { return node_ != other.node_; }

 private:
  VariableNode& checked() const {
    if (!node_) throw_null();
    return *node_;
  }
  [[noreturn]] static void throw_null();

  std::shared_ptr<VariableNode> node_;
};

// Throws InputError when `v` is null: "`where`: `what` is a null Var" (what: "input 2").
void require_var(const Var& v, const std::string& where, const std::string& what);
// Each of `vs`, named "`what` i".
void require_vars(const std::vector<Var>& vs, const std::string& where, const std::string& what);

// What an Apply computes. One subclass per op (lib/tensor), holding its type rule, printed
// name and reference evaluation; gradients and lowerings are registered beside it.
class Op {
 public:
  virtual ~Op() = default;
  // The printed name: `Elemwise{add,no_inplace}`, `InplaceDimShuffle{x}`, `Check{sigma > 0}`.
  virtual std::string name() const = 0;
  // The type rule: output types for these inputs, or a TypeError naming both operands.
  virtual std::vector<TensorType> output_types(const std::vector<Var>& inputs) const = 0;
  // The reference evaluation on arrays; `outputs` comes sized to the number of outputs.
  virtual void perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const = 0;
  // Gradient of the inputs given the gradients of the outputs. A null Var is no rule: fine for
  // integer and bool inputs, and for any input when no float output carries a gradient
  // (comparisons, argmax, shape), but for a float input that reaches the cost through a float
  // output grad raises GradientError naming the op, rather than reading it as zero. Ops that
  // are piecewise constant return zeros; an input the output never reads the values of
  // returns disconnected_gradient(). The default is no rule for any input.
  virtual std::vector<Var> grad(const Apply& node, const std::vector<Var>& output_grads) const;
  // Structural equality and hash, for merging equal nodes and the compile cache.
  virtual bool equals(const Op& other) const;
  virtual std::size_t hash() const;
  // Output i reuses input j's memory (views): pairs (output, input).
  virtual std::vector<std::pair<int, int>> view_map() const { return {}; }
};

using OpPtr = std::shared_ptr<const Op>;

// The gradient Op::grad gives a float input whose values the output never reads (second's
// shape operand): grad treats it as disconnected, as PyTensor's DisconnectedType, without
// adding zeros to the graph. A marker, not a value to compute with (it holds NaN).
const Var& disconnected_gradient();

class Apply : public std::enable_shared_from_this<Apply> {
 public:
  // Builds the node: checks the inputs through op->output_types and creates the outputs.
  static std::shared_ptr<Apply> make(OpPtr op, std::vector<Var> inputs);

  const Op& op() const { return *op_; }
  const OpPtr& op_ptr() const { return op_; }
  const std::vector<Var>& inputs() const { return inputs_; }
  std::vector<Var> outputs() const;
  Var output(int i = 0) const;
  std::size_t num_outputs() const { return outputs_.size(); }

  // Use Apply::make.
  Apply(OpPtr op, std::vector<Var> inputs, const std::vector<TensorType>& types);
  // Releases the inputs without recursion: a graph may be a chain of 100,000 nodes.
  ~Apply();

 private:
  // Only a FunctionGraph rewires inputs, and only of the private clone it owns.
  friend class FunctionGraph;
  void set_input(std::size_t i, Var v) { inputs_[i] = std::move(v); }

  OpPtr op_;
  std::vector<Var> inputs_;
  std::vector<VariableNode> outputs_;  // never resized: Vars point into it
};

// Applies `op` to `inputs` and returns its first output (most ops have one).
Var apply_op(OpPtr op, std::vector<Var> inputs);

// A free input variable of this type (what kt::scalar, kt::vector, ... build).
Var make_input(TensorType type, std::string name = {});
// An integer constant of the smallest int dtype that holds it (Aesara's autocast of Python ints).
Var make_int_constant(std::int64_t value);
// A constant holding `value` (a copy is not made: arrays are treated as immutable once given).
Var make_constant(Array value, std::string name = {});

// Printing as Aesara's str(): a name, `InplaceDimShuffle{x}.0`, `TensorConstant{[1. 2.]}`.
std::ostream& operator<<(std::ostream& os, const Var& v);
std::ostream& operator<<(std::ostream& os, const std::vector<Var>& vs);
std::ostream& operator<<(std::ostream& os, const Op& op);
std::ostream& operator<<(std::ostream& os, const Apply& node);
std::ostream& operator<<(std::ostream& os, const std::shared_ptr<Apply>& node);
std::string to_string(const Var& v);
// How a constant prints inside braces: `1.0`, `[1. 2.]`, `(2,) of 0`, `[]`.
std::string constant_text(const Array& value);

}  // namespace kiln

template <>
struct std::hash<kiln::Var> {
  std::size_t operator()(const kiln::Var& v) const noexcept { return std::hash<const void*>()(v.get()); }
};
