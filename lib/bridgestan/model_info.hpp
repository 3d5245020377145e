// bs_model_info's text: kiln's version, the LLVM it compiles with, the CPU features the JIT
// targets on this host, and the build type.
#pragma once

#include <string>

namespace kiln::bridgestan {

std::string model_info(const std::string& model_name);

}  // namespace kiln::bridgestan
