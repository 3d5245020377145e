// What a NativeProgram compiles, and when: the step kernels (at once, or on first use with
// fixed shapes), the node steps' code on first use, and a whole-program specialization after a
// call has been interpreted (specialize.hpp).
#include "jit/native_program_class.hpp"

#include "core/logging.hpp"
#include "jit/code_cache.hpp"

#include <cstdlib>
#include <string>

namespace kiln::jit {

int specialize_after() {
  static const int calls = [] {
    const char* env = std::getenv("KILN_JIT_SPECIALIZE");
    return env && *env ? std::atoi(env) : 2;
  }();
  return calls;
}

void NativeProgram::compile_kernels() const {
  std::call_once(kernels_once_, [this] {
    if (specs_.empty()) return;
    bool hit = false;
    code_ = cached_compile(specs_, &hit);
    layer_logger("jit").debug("program of {} nodes: {} kernels ({})", steps_.size(), specs_.size(),
                              hit ? "compile cache hit" : "compiled");
  });
}

const CompiledNodes& NativeProgram::nodes() const {
  std::call_once(nodes_once_, [this] {
    std::vector<const Apply*> nodes;
    for (const auto& step : steps_)
      if (step.kind == Step::Kind::node) nodes.push_back(step.node.get());
    static std::atomic<int> counter{0};
    node_code_ = compile_nodes(nodes, "nodes" + std::to_string(counter.fetch_add(1)));
  });
  return *node_code_;
}

const CompiledModule& NativeProgram::kernels() const {
  compile_kernels();
  return *code_;
}

void NativeProgram::specialize(const std::vector<Array>& inputs, Workspace& ws) const {
  if (!specializable_.load(std::memory_order_relaxed)) return;
  std::unique_lock lock(specialize_mutex_, std::try_to_lock);
  if (!lock) return;
  int count = 0;
  for (; count < kMaxSpecializations && specialized_[count].load(std::memory_order_relaxed); ++count)
    if (specialized_[count].load(std::memory_order_relaxed)->matches(inputs, ws.roots)) return;
  if (count == kMaxSpecializations) {
    specializable_ = false;
    return;
  }
  try {
    auto fast = StaticProgram::specialize({inputs_.size(), roots_, steps_, specs_, output_slots_, num_slots_}, ws.views);
    if (!fast) {
      specializable_ = false;
      return;
    }
    specialized_[count].store(fast.get(), std::memory_order_release);
    owned_specializations_.push_back(std::move(fast));
  } catch (const Error& e) {
    layer_logger("jit").warn("program specialization failed, the program keeps running step by step: {}", e.what());
    specializable_ = false;
  }
}

int NativeProgram::specializations() const {
  int n = 0;
  while (n < kMaxSpecializations && specialized_[n].load(std::memory_order_acquire)) ++n;
  return n;
}

}  // namespace kiln::jit
