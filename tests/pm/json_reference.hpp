// Reading the reference data the pm tests' generator scripts write into tests/pm (JSON).
#pragma once

#include <kiln/array.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
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

// A number, list or list of rows as a float64 Array of that shape.
inline Array json_float_array(const nlohmann::json& j) {
  if (!j.is_array()) return Array(j.get<double>());
  if (!j[0].is_array()) return Array(j.get<std::vector<double>>());
  std::vector<double> flat;
  for (const auto& row : j)
    for (double v : row.get<std::vector<double>>()) flat.push_back(v);
  return Array(flat).reshape({static_cast<std::int64_t>(j.size()), static_cast<std::int64_t>(j[0].size())});
}

}  // namespace kiln::testing
