// What the library asks of a shared variable beyond kiln/shared.hpp's get_value and set_value.
#pragma once

#include <kiln/shared.hpp>

namespace kiln {

// Whether shared variable `v` still holds `value` (the same storage and shape: values are
// replaced, never changed in place). For a caller that keeps the value it last read and asks on
// every call: no copy of the handle, so no allocation.
bool still_holds(const Var& v, const Array& value);

}  // namespace kiln
