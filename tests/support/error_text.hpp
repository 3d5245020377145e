// The message a call throws, for tests that assert error texts ("" when it does not throw).
#pragma once

#include <exception>
#include <functional>
#include <string>

namespace kiln::testing {

inline std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

}  // namespace kiln::testing
