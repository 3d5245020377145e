// Reading the shared reference files (../shared/reference) from tests.
#pragma once

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace kiln::testing {

inline std::string reference_path(const std::string& relative) { return std::string(KILN_SHARED_DIR) + "/" + relative; }

inline std::string read_reference(const std::string& relative) {
  std::ifstream in(reference_path(relative));
  if (!in) throw std::runtime_error("cannot open reference file " + reference_path(relative));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace kiln::testing
