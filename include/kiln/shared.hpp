// SharedVariable: a named, mutable value that compiled functions read and may update
// (`updates`). The random generator's state lives in one (RandomGeneratorSharedVariable).
#pragma once

#include <kiln/graph.hpp>

#include <mutex>

namespace kiln {

struct SharedValue {
  mutable std::mutex mutex;  // guards `value`
  // Held by a call of a function that updates this variable, from reading it to writing the
  // update back: concurrent calls advance it one after the other, never from the same value.
  std::mutex update_mutex;
  Array value;
};

// A shared variable holding `value`; its type has the value's dtype and ndim, dims unknown
// (the value may be replaced by one of another shape), unless `static_shape` is set.
Var shared(Array value, std::string name = {}, bool static_shape = false);

// The current value (a copy of the handle; arrays are replaced, never mutated in place).
Array get_value(const Var& shared_var);
void set_value(const Var& shared_var, Array value);

}  // namespace kiln
