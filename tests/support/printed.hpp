// What `os << value` prints, for tests that compare printed forms with the tutorial's.
#pragma once

#include <sstream>
#include <string>

namespace kiln::testing {

template <class T>
std::string printed(const T& value) {
  std::ostringstream os;
  os << value;
  return os.str();
}

}  // namespace kiln::testing
