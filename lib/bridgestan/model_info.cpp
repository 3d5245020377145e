// The JIT compiles for the host CPU, so the features listed are the host's, as the running
// process sees them; the versions and build type come from kiln's build (CMake definitions).
#include "bridgestan/model_info.hpp"

namespace kiln::bridgestan {
namespace {

std::string cpu_features() {
  __builtin_cpu_init();
  std::string out;
  auto add = [&](bool has, const char* name) {
    if (has) out += (out.empty() ? "" : " ") + std::string(name);
  };
  add(__builtin_cpu_supports("sse4.2"), "sse4.2");
  add(__builtin_cpu_supports("avx"), "avx");
  add(__builtin_cpu_supports("avx2"), "avx2");
  add(__builtin_cpu_supports("fma"), "fma");
  add(__builtin_cpu_supports("avx512f"), "avx512f");
  add(__builtin_cpu_supports("avx512dq"), "avx512dq");
  add(__builtin_cpu_supports("avx512vl"), "avx512vl");
  return out.empty() ? "baseline x86-64" : out;
}

}  // namespace

std::string model_info(const std::string& model_name) {
  return "kiln model " + model_name + "\nkiln version: " KILN_VERSION "\nBridgeStan ABI: 2.9.0\nLLVM version: " KILN_LLVM_VERSION
         "\nCPU features: " + cpu_features() + "\nbuild type: " KILN_BUILD_TYPE "\n";
}

}  // namespace kiln::bridgestan
