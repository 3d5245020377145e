// kiln::function: compiles a graph into a callable Function (positional or named calls,
// call_into caller memory, updates of shared variables, givens).
#pragma once

#include <kiln/graph.hpp>

#include <initializer_list>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace kiln {

enum class Mode { FAST_RUN, FAST_COMPILE };

struct FunctionOptions {
  // After each call, each shared variable `first` takes the value of `second`.
  std::vector<std::pair<Var, Var>> updates = {};
  // Variables replaced by others before compiling.
  std::vector<std::pair<Var, Var>> givens = {};
  Mode mode = Mode::FAST_RUN;
  // Skip the arity/dtype/shape checks of inputs (the caller guarantees them).
  bool trust_input = false;
  // The inputs keep the shapes of the first call (a sampler's log-density): that call compiles
  // one native function specialized to them, and the step-by-step kernels are compiled only if
  // a later call has other shapes.
  bool fixed_shapes = false;
};

// What a call returns. For a one-output function it reads as the output Array
// (`f(x, y).item<double>()`, `f(x).shape()`); for several it converts to a vector and indexes.
// The Array accessors on a several-output result throw InputError.
class Outputs {
 public:
  explicit Outputs(std::vector<Array> values) : values_(std::move(values)) {}
  operator Array() const { return single(); }
  operator std::vector<Array>() const { return values_; }
  const std::vector<Array>& values() const { return values_; }
  std::size_t count() const { return values_.size(); }  // how many outputs
  const Array& operator[](std::size_t i) const { return values_.at(i); }

  // The one output's Array accessors (see Array).
  DType dtype() const { return single().dtype(); }
  int ndim() const { return single().ndim(); }
  const Shape& shape() const { return single().shape(); }
  const Strides& strides() const { return single().strides(); }
  std::int64_t size() const { return single().size(); }
  template <class T>
  const T* data() const {
    return single().data<T>();
  }
  template <class T>
  T item() const {
    return single().item<T>();
  }
  template <class T>
  std::vector<T> to_vector() const {
    return single().to_vector<T>();
  }
  Array copy() const { return single().copy(); }

 private:
  const Array& single() const;
  std::vector<Array> values_;
};

std::ostream& operator<<(std::ostream& os, const Outputs& outputs);  // the one output, as Array's

// A compiled program's native entry point for calls laid out exactly as agreed when it was
// obtained: `fn(pointers, arena)` with pointers the inputs' then the outputs' data (contiguous,
// the agreed shapes and dtypes) and arena `arena_bytes` of 64-byte aligned scratch memory of
// the caller's own (one per concurrent call). A nonzero result means the call did not finish
// (an index out of range, a failed check): run() it instead, which raises the error.
struct DirectCall {
  int (*fn)(void* const* pointers, char* arena) = nullptr;
  std::size_t arena_bytes = 0;
  explicit operator bool() const { return fn != nullptr; }
};

// One argument of the variadic call_into: the caller's Array itself (never copied: a warm call
// allocates nothing), or an Array made from a value (a number, a std::vector, ...).
class ArrayArg {
 public:
  ArrayArg(const Array& array) : ref_(&array) {}
  template <class T>
    requires(!std::is_same_v<std::remove_cvref_t<T>, Array> && !std::is_same_v<std::remove_cvref_t<T>, ArrayArg>)
  ArrayArg(T&& value) : own_(std::in_place, std::forward<T>(value)) {}
  const Array& get() const { return ref_ ? *ref_ : *own_; }

 private:
  const Array* ref_ = nullptr;
  std::optional<Array> own_;
};

// The arrays of a call, without copying them: a vector's elements or a variadic call's arguments.
class ArrayList {
 public:
  ArrayList(const std::vector<Array>& arrays) : arrays_(arrays.data()), size_(arrays.size()) {}
  ArrayList(const ArrayArg* args, std::size_t size) : args_(args), size_(size) {}
  std::size_t size() const { return size_; }
  const Array& operator[](std::size_t i) const { return arrays_ ? arrays_[i] : args_[i].get(); }
  std::vector<Array> to_vector() const;

 private:
  const Array* arrays_ = nullptr;
  const ArrayArg* args_ = nullptr;
  std::size_t size_ = 0;
};

// The compiled form behind a Function (the reference evaluator or native code).
class Program {
 public:
  virtual ~Program() = default;
  // inputs are checked and converted; outputs come sized, to be filled (or written into when
  // they already hold caller memory of the right dtype and shape).
  virtual void run(const std::vector<Array>& inputs, std::vector<Array>& outputs, bool into_caller) const = 0;
  // The executed graph with each node's position, as a compiled function's dprint.
  virtual void dprint(std::ostream& os) const = 0;
  // Compiles now any code specialized to inputs like these (their shapes and layouts) that a
  // later call would otherwise compile; may run the program on them once.
  virtual void prepare(const std::vector<Array>& /*inputs*/) const {}
  // The direct entry for inputs and outputs laid out as these (after prepare), or none.
  virtual DirectCall direct_call(const std::vector<Array>& /*inputs*/, const std::vector<Array>& /*outputs*/) const {
    return {};
  }
  // A warm call_into's fast path: when code specialized to inputs of these dtypes and layouts
  // (each checked here) can write every output straight into `outputs` (caller memory,
  // contiguous, the right dtypes and shapes, overlapping no input and no other output), runs
  // it and returns true. Otherwise returns false, and run() handles the call (the code may
  // have run and stopped at a step that could not finish: run() raises that step's error).
  virtual bool run_into_caller(const ArrayList& /*inputs*/, const ArrayList& /*outputs*/) const { return false; }
};

class Function {
 public:
  Function(std::vector<Var> inputs, std::vector<Var> outputs, FunctionOptions options,
           std::shared_ptr<const Program> program);

  template <class... Args>
  Outputs operator()(Args&&... args) const {
    return call_positional(std::vector<Array>{Array(std::forward<Args>(args))...});
  }
  Outputs call(const std::vector<std::pair<std::string, Array>>& named) const;
  Outputs call_positional(std::vector<Array> args) const;

  // Writes the outputs into caller-provided arrays (views of caller memory):
  // `f.call_into({out0, out1}, x, y)`. Arrays are passed by reference, not copied: once the
  // program is specialized to the inputs' layout, a call with inputs of the functions' dtypes
  // into contiguous outputs goes straight to the compiled code and allocates nothing (unless
  // the function has updates). Any other call (a dtype to convert, strided or empty outputs)
  // takes the general path, with the same checks and errors.
  template <class... Args>
  void call_into(std::initializer_list<ArrayArg> outputs, Args&&... args) const {
    call_into_args({outputs.begin(), outputs.size()}, {std::forward<Args>(args)...});
  }
  template <class... Args>
  void call_into(const std::vector<Array>& outputs, Args&&... args) const {
    call_into_args(outputs, {std::forward<Args>(args)...});
  }
  // As call_into; an output given as an empty Array() receives a new array here.
  void call_into_positional(std::vector<Array>& outputs, const std::vector<Array>& args) const;

  const std::vector<Var>& inputs() const { return inputs_; }
  const std::vector<Var>& outputs() const { return outputs_; }
  const Program& program() const { return *program_; }

 private:
  void call_into_args(const ArrayList& outputs, std::initializer_list<ArrayArg> args) const {
    call_into_list(outputs, {args.begin(), args.size()});
  }
  // (Inline: a warm call goes from the caller's code straight to the program's fast path.)
  void call_into_list(const ArrayList& outputs, const ArrayList& args) const {
    if (run_into_caller(outputs, args)) [[likely]]
      return;
    call_into_copies(outputs, args);
  }
  // call_into_list's general path, out of line so that its fast path saves no registers for it.
  [[gnu::noinline]] void call_into_copies(const ArrayList& outputs, const ArrayList& args) const;
  // The fast path of call_into (Program::run_into_caller) when the arguments allow it.
  bool run_into_caller(const ArrayList& outputs, const ArrayList& args) const {
    return updated_.empty() && outputs.size() == outputs_.size() && args.size() == inputs_.size() &&
           program_->run_into_caller(args, outputs);
  }
  const std::vector<Array>& checked_inputs(const std::vector<Array>& args, std::vector<Array>& converted) const;
  void apply_updates(std::vector<Array>& results) const;
  // Runs the program and writes the updates back as one step for each updated variable.
  void run_with_updates(const std::vector<Array>& ins, std::vector<Array>& results, bool into_caller) const;

  std::vector<Var> inputs_;
  std::vector<Var> outputs_;  // what the caller sees (updates are extra outputs of the program)
  FunctionOptions options_;
  std::shared_ptr<const Program> program_;
  // The updated variables' storage, in address order (the order their update locks are taken).
  std::vector<std::shared_ptr<SharedValue>> updated_;
  // The storage of every shared variable the outputs or updates read: a call_into output in
  // one of their values is written only after the call has read them.
  std::vector<std::shared_ptr<SharedValue>> read_;
};

Function function(const std::vector<Var>& inputs, const std::vector<Var>& outputs, FunctionOptions options = {});
Function function(const std::vector<Var>& inputs, const Var& output, FunctionOptions options = {});

void dprint(const Function& f);
void dprint(const Function& f, std::ostream& os);

// The reference evaluator: runs each op's `perform` in topological order. `givens` may bind
// inputs, shared variables or intermediate variables; a missing input raises InputError.
std::vector<Array> evaluate(const std::vector<Var>& outputs, const Givens& givens = {});

}  // namespace kiln
