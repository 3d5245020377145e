// compile_program and specialization_count: the entry points to a NativeProgram
// (native_program_class.hpp).
#include "jit/native_program.hpp"

#include "core/logging.hpp"
#include "jit/native_program_class.hpp"

#include <chrono>

namespace kiln::jit {

int specialization_count(const Program& program) {
  auto* native = dynamic_cast<const NativeProgram*>(&program);
  return native ? native->specializations() : 0;
}

std::shared_ptr<const Program> compile_program(const std::vector<Var>& inputs, const std::vector<Var>& outputs,
                                               bool fixed_shapes) {
  auto start = std::chrono::steady_clock::now();
  auto program = std::make_shared<NativeProgram>(inputs, outputs, fixed_shapes);
  layer_logger("jit").debug("compile_program: {:.3f} ms",
                            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  return program;
}

}  // namespace kiln::jit
