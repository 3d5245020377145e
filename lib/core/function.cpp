// Function: argument handling around a compiled Program (checks, named calls, call_into,
// shared-variable updates).
#include <kiln/function.hpp>
#include <kiln/print.hpp>
#include <kiln/shared.hpp>
#include <kiln/traversal.hpp>

#include <algorithm>
#include <cstring>
#include <iostream>
#include <mutex>

namespace kiln {
namespace {

std::string input_label(const Var& v, std::size_t i) {
  return "input " + std::to_string(i) + (v.name().empty() ? "" : " '" + v.name() + "'");
}

// Whether a caller's output shares memory with an input or with another output: the program
// would then read values it has already overwritten.
bool outputs_alias(const std::vector<Array>& outputs, const std::vector<Array>& inputs) {
  for (std::size_t o = 0; o < outputs.size(); ++o) {
    for (const auto& in : inputs)
      if (may_share_memory(outputs[o], in)) return true;
    for (std::size_t p = 0; p < o; ++p)
      if (may_share_memory(outputs[o], outputs[p])) return true;
  }
  return false;
}

// Whether a caller's output shares memory with the current value of a shared variable the
// function reads.
bool outputs_in_shared(const std::vector<Array>& outputs, const std::vector<std::shared_ptr<SharedValue>>& read) {
  for (const auto& shared : read) {
    Array value;
    {
      std::lock_guard lock(shared->mutex);
      value = shared->value;
    }
    for (const Array& out : outputs)
      if (may_share_memory(out, value)) return true;
  }
  return false;
}

// Copies `src` element by element into `dst` (same dtype and shape, any strides).
void copy_into(const Array& src, Array& dst) {
  const std::size_t item = itemsize(src.dtype());
  const std::size_t nd = src.shape().size();
  std::vector<std::int64_t> index(nd, 0);
  const char* from = static_cast<const char*>(src.raw_data());
  char* to = static_cast<char*>(dst.raw_data());
  for (std::int64_t n = 0; n < src.size(); ++n) {
    std::int64_t s = 0, d = 0;
    for (std::size_t k = 0; k < nd; ++k) {
      s += index[k] * src.strides()[k];
      d += index[k] * dst.strides()[k];
    }
    std::memcpy(to + d * static_cast<std::int64_t>(item), from + s * static_cast<std::int64_t>(item), item);
    for (std::size_t k = nd; k-- > 0;)
      if (++index[k] < src.shape()[k]) break;
      else index[k] = 0;
  }
}

}  // namespace

const Array& Outputs::single() const {
  if (values_.size() != 1)
    throw InputError("this function has " + std::to_string(values_.size()) +
                     " outputs: take them as a std::vector<kiln::Array>");
  return values_[0];
}

std::ostream& operator<<(std::ostream& os, const Outputs& outputs) { return os << Array(outputs); }

std::vector<Array> ArrayList::to_vector() const {
  std::vector<Array> arrays;
  arrays.reserve(size_);
  for (std::size_t i = 0; i < size_; ++i) arrays.push_back((*this)[i]);
  return arrays;
}

Function::Function(std::vector<Var> inputs, std::vector<Var> outputs, FunctionOptions options,
                   std::shared_ptr<const Program> program)
    : inputs_(std::move(inputs)), outputs_(std::move(outputs)), options_(std::move(options)), program_(std::move(program)) {
  for (const auto& [shared_var, update] : options_.updates) updated_.push_back(shared_var.get()->shared);
  std::sort(updated_.begin(), updated_.end());
  updated_.erase(std::unique(updated_.begin(), updated_.end()), updated_.end());
  std::vector<Var> read = outputs_;
  for (const auto& [shared_var, update] : options_.updates) read.push_back(update);
  for (const Var& v : graph_inputs(read))
    if (v.is_shared()) read_.push_back(v.get()->shared);
}

// Checks each argument's ndim and statically known dims, converting it to its input's dtype
// when NumPy would do so safely. Returns `args` itself when nothing converts (no copy: a hot
// call_into allocates nothing), else `converted`.
const std::vector<Array>& Function::checked_inputs(const std::vector<Array>& args, std::vector<Array>& converted) const {
  if (args.size() != inputs_.size())
    throw InputError("function takes " + std::to_string(inputs_.size()) + " inputs, got " + std::to_string(args.size()));
  if (options_.trust_input) return args;
  const std::vector<Array>* checked = &args;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const TensorType& t = inputs_[i].type();
    if (args[i].dtype() != t.dtype()) {
      if (promote(args[i].dtype(), t.dtype()) != t.dtype())
        throw InputError(input_label(inputs_[i], i) + " expects dtype " + std::string(dtype_name(t.dtype())) +
                         ", got " + std::string(dtype_name(args[i].dtype())) + " (a narrowing conversion)");
      if (checked == &args) {
        converted = args;
        checked = &converted;
      }
      converted[i] = args[i].astype(t.dtype());
    }
    const Array& a = (*checked)[i];
    if (!t.accepts(a))
      throw InputError(input_label(inputs_[i], i) + " expects " + t.str() + ", got an array of shape " +
                       shape_string(a.shape()));
  }
  return *checked;
}

void Function::apply_updates(std::vector<Array>& results) const {
  std::size_t first = outputs_.size();
  for (std::size_t k = 0; k < options_.updates.size(); ++k)
    set_value(options_.updates[k].first, std::move(results[first + k]));
  results.resize(first);
}

// Each updated variable's update lock is held from the program's read of it to the write of
// its update (taken in address order, so functions updating the same variables never
// deadlock): concurrent calls each read the value the previous one wrote. Calls that update
// nothing run concurrently.
void Function::run_with_updates(const std::vector<Array>& ins, std::vector<Array>& results, bool into_caller) const {
  if (updated_.size() == 1) {
    std::lock_guard lock(updated_.front()->update_mutex);
    program_->run(ins, results, into_caller);
    apply_updates(results);
    return;
  }
  std::vector<std::unique_lock<std::mutex>> locks;
  locks.reserve(updated_.size());
  for (const auto& shared : updated_) locks.emplace_back(shared->update_mutex);
  program_->run(ins, results, into_caller);
  apply_updates(results);
}

Outputs Function::call_positional(std::vector<Array> args) const {
  std::vector<Array> converted;
  const std::vector<Array>& ins = checked_inputs(args, converted);
  std::vector<Array> results(outputs_.size() + options_.updates.size());
  if (updated_.empty()) program_->run(ins, results, false);
  else run_with_updates(ins, results, false);
  return Outputs(std::move(results));
}

Outputs Function::call(const std::vector<std::pair<std::string, Array>>& named) const {
  std::vector<Array> args(inputs_.size());
  std::vector<bool> given(inputs_.size(), false);
  for (const auto& [name, value] : named) {
    std::size_t i = 0;
    while (i < inputs_.size() && inputs_[i].name() != name) ++i;
    if (i == inputs_.size()) throw InputError("function has no input named '" + name + "'");
    if (given[i]) throw InputError("input '" + name + "' given twice");
    args[i] = value;
    given[i] = true;
  }
  for (std::size_t i = 0; i < inputs_.size(); ++i)
    if (!given[i]) throw InputError("missing " + input_label(inputs_[i], i) + " in a call by name");
  return call_positional(std::move(args));
}

// Only calls that need nothing of the general path go the fast way: no update to write. The
// program takes only arguments of the dtypes and layouts it was specialized to (a call the
// general path checked and converted), so nothing else needs checking here.
void Function::call_into_copies(const ArrayList& outputs, const ArrayList& args) const {
  std::vector<Array> outs = outputs.to_vector();
  call_into_positional(outs, args.to_vector());
}

void Function::call_into_positional(std::vector<Array>& outputs, const std::vector<Array>& args) const {
  if (run_into_caller(outputs, args)) return;
  if (outputs.size() != outputs_.size())
    throw InputError("call_into: function has " + std::to_string(outputs_.size()) + " outputs, got " +
                     std::to_string(outputs.size()) + " arrays to write into");
  std::vector<Array> converted;
  const std::vector<Array>& ins = checked_inputs(args, converted);
  if (outputs_alias(outputs, ins) || outputs_in_shared(outputs, read_)) {
    // As NumPy with an `out` that overlaps an input: compute into new arrays, then copy, so
    // every input is read before anything is written.
    std::vector<Array> results(outputs_.size() + options_.updates.size());
    program_->run(ins, results, false);
    auto is_caller_memory = [](const Array& a) { return a.raw_data() != nullptr && a.size() > 0; };
    for (std::size_t i = 0; i < outputs.size(); ++i)
      if (is_caller_memory(outputs[i]) &&
          (outputs[i].dtype() != results[i].dtype() || outputs[i].shape() != results[i].shape()))
        throw InputError("call_into: output " + std::to_string(i) + " needs dtype " +
                         std::string(dtype_name(results[i].dtype())) + " and shape " + shape_string(results[i].shape()) +
                         ", the given array has " + std::string(dtype_name(outputs[i].dtype())) + " and " +
                         shape_string(outputs[i].shape()));
    for (std::size_t i = 0; i < outputs.size(); ++i) {
      if (is_caller_memory(outputs[i]))
        copy_into(results[i], outputs[i]);
      else
        outputs[i] = results[i];
    }
    apply_updates(results);
    return;
  }
  if (options_.updates.empty()) {
    program_->run(ins, outputs, true);
    return;
  }
  std::vector<Array> results = outputs;
  // Update values are not the caller's to receive: empty slots tell the program to allocate.
  results.resize(outputs_.size() + options_.updates.size(), Array::view_raw(DType::float64, nullptr, {0}, {}));
  run_with_updates(ins, results, true);
}

void dprint(const Function& f, std::ostream& os) { f.program().dprint(os); }
void dprint(const Function& f) { dprint(f, std::cout); }

}  // namespace kiln
