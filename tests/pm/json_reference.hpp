// Reading the reference data the pm tests' generator scripts write into tests/pm (JSON).
#pragma once

#include <kiln/array.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace kiln::testing {

// tests/pm/<name>, parsed.
inline nlohmann::json pm_reference(const std::string& name) {
  const std::string path = std::string(KILN_PM_TEST_DIR) + "/" + name;
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open reference file " + path);
  return nlohmann::json::parse(in);
}

// A number, or one of the strings "inf", "-inf" (anything else: NaN) that JSON cannot hold.
inline double json_number(const nlohmann::json& j) {
  if (j.is_string()) return j == "-inf" ? -HUGE_VAL : j == "inf" ? HUGE_VAL : std::nan("");
  return j.get<double>();
}

// The numbers of any nesting of lists, in C order.
template <class T>
std::vector<T> json_flat(const nlohmann::json& j) {
  if (!j.is_array()) return {j.get<T>()};
  std::vector<T> out;
  for (const auto& e : j)
    for (T v : json_flat<T>(e)) out.push_back(v);
  return out;
}

// A number, list or list of rows as an Array of T (float64 or int64) of that shape.
template <class T>
Array json_array(const nlohmann::json& j) {
  if (!j.is_array()) return Array(j.get<T>());
  if (!j[0].is_array()) return Array(j.get<std::vector<T>>());
  return Array(json_flat<T>(j)).reshape({static_cast<std::int64_t>(j.size()), static_cast<std::int64_t>(j[0].size())});
}
inline Array json_float_array(const nlohmann::json& j) { return json_array<double>(j); }
inline Array json_int_array(const nlohmann::json& j) { return json_array<std::int64_t>(j); }

}  // namespace kiln::testing
