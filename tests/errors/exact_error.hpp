// CHECK_ERROR(Type, expression, "message"): the expression throws exactly `Type` (not a base or
// a subclass of it) with exactly this message.
#pragma once

#include <kiln/errors.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <typeinfo>

namespace kiln::testing {

// The name of the kiln exception type `e` has, for readable failures.
inline std::string error_type_name(const std::exception& e) {
  if (typeid(e) == typeid(TypeError)) return "TypeError";
  if (typeid(e) == typeid(InputError)) return "InputError";
  if (typeid(e) == typeid(ValueError)) return "ValueError";
  if (typeid(e) == typeid(ParameterValueError)) return "ParameterValueError";
  if (typeid(e) == typeid(GradientError)) return "GradientError";
  if (typeid(e) == typeid(ModelError)) return "ModelError";
  if (typeid(e) == typeid(CompileError)) return "CompileError";
  if (typeid(e) == typeid(Error)) return "kiln::Error";
  return typeid(e).name();
}

}  // namespace kiln::testing

#define CHECK_ERROR(Type, expression, message)                                                   \
  do {                                                                                           \
    try {                                                                                        \
      (void)(expression);                                                                        \
      FAIL_CHECK("no exception from " #expression "; expected " #Type ": " << (message));      \
    } catch (const std::exception& kiln_error_) {                                                \
      INFO(#expression);                                                                         \
      CHECK(kiln::testing::error_type_name(kiln_error_) == kiln::testing::error_type_name(Type("")));\
      CHECK(std::string(kiln_error_.what()) == std::string(message));                            \
    }                                                                                            \
  } while (false)
