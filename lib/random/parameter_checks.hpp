// The constraints NumPy's Generator puts on distribution parameters. Failures throw
// ParameterValueError with NumPy's wording followed by the offending values, e.g.
// "normal: scale < 0 (scale = -1)".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kiln::random {

// Shortest text that reads back as the same double ("-1", "0.5", "1e+19", "nan").
std::string format_parameter(double value);
std::string format_parameter(std::int64_t value);

[[noreturn]] void throw_parameter_error(std::string_view method, std::string_view condition, std::string_view values);

// NumPy's CONS_NON_NEGATIVE: fails on a set sign bit (so -0.0 fails), lets NaN through.
void require_non_negative(std::string_view method, std::string_view name, double value);
// NumPy's CONS_POSITIVE: fails on value <= 0, lets NaN through.
void require_positive(std::string_view method, std::string_view name, double value);
// NumPy's CONS_BOUNDED_0_1: fails outside [0, 1] and on NaN.
void require_unit_interval(std::string_view method, std::string_view name, double value);

}  // namespace kiln::random
