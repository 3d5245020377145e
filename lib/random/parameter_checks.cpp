// Formatting and throwing for the parameter constraints shared by every distribution.
#include "random/parameter_checks.hpp"

#include <kiln/errors.hpp>

#include <charconv>
#include <cmath>

namespace kiln::random {

std::string format_parameter(double value) {
  char buf[32];
  const auto result = std::to_chars(buf, buf + sizeof buf, value);
  return std::string(buf, result.ptr);
}

std::string format_parameter(std::int64_t value) { return std::to_string(value); }

void throw_parameter_error(std::string_view method, std::string_view condition, std::string_view values) {
  std::string message;
  message.append(method).append(": ").append(condition).append(" (").append(values).append(")");
  throw ParameterValueError(message);
}

namespace {

std::string named(std::string_view name, double value) { return std::string(name) + " = " + format_parameter(value); }

}  // namespace

void require_non_negative(std::string_view method, std::string_view name, double value) {
  if (!std::isnan(value) && std::signbit(value)) {
    throw_parameter_error(method, std::string(name) + " < 0", named(name, value));
  }
}

void require_positive(std::string_view method, std::string_view name, double value) {
  if (value <= 0) throw_parameter_error(method, std::string(name) + " <= 0", named(name, value));
}

void require_unit_interval(std::string_view method, std::string_view name, double value) {
  if (!(value >= 0 && value <= 1)) {
    const std::string n(name);
    throw_parameter_error(method, n + " < 0, " + n + " > 1 or " + n + " is NaN", named(name, value));
  }
}

}  // namespace kiln::random
