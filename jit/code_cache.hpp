// The compile cache: native code keyed by the canonical encoding of a program's kernels
// (op, dtypes, broadcast pattern, topology of each fused scalar graph; never pointers), so an
// equal graph compiles by lookup. Code stays cached while a program uses it, and the most
// recently compiled modules stay a while longer.
#pragma once

#include "jit/engine.hpp"

#include <memory>
#include <vector>

namespace kiln::jit {

// The module for these kernels: from the cache, or compiled now. `hit` tells which.
std::shared_ptr<const CompiledModule> cached_compile(const std::vector<KernelSpec>& kernels, bool* hit = nullptr);

// Turns lookups off (and on again): every compile is then cold, for measuring compile times.
void set_compile_cache_enabled(bool enabled);

}  // namespace kiln::jit
