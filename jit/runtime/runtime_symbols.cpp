// The runtime entry points: thin C-linkage wrappers over kiln::tensor's scalar functions, and
// the per-element draws lib/random registers for each distribution.
#include "jit/runtime/runtime_symbols.hpp"

#include "jit/runtime/custom_draw_entry.hpp"
#include "jit/runtime/jacobian_entry.hpp"
#include "jit/runtime/linalg_entries.hpp"

#include "pm/distributions/custom_dist_draw.hpp"
#include "pm/ops/special.hpp"
#include "random/rv_batch_draw.hpp"
#include "random/rv_scalar.hpp"
#include "tensor/scalar_op.hpp"

#include <vector>

extern "C" {
double kiln_rt_erfcx(double x) { return kiln::tensor::erfcx(x); }
double kiln_rt_erfinv(double x) { return kiln::tensor::erfinv(x); }
double kiln_rt_gammaln(double x) { return kiln::tensor::gammaln(x); }
double kiln_rt_digamma(double x) { return kiln::tensor::digamma(x); }
double kiln_rt_trigamma(double x) { return kiln::tensor::trigamma(x); }
double kiln_rt_polygamma(double n, double x) { return kiln::tensor::polygamma(n, x); }
double kiln_rt_log1mexp(double x) { return kiln::tensor::log1mexp(x); }
double kiln_rt_softplus(double x) { return kiln::tensor::softplus(x); }
double kiln_rt_sigmoid(double x) { return kiln::tensor::sigmoid(x); }
double kiln_rt_special(std::int32_t which, std::int32_t derivative_of, const double* x) {
  return kiln::pm::ops::special_value(static_cast<kiln::pm::ops::Special>(which), derivative_of, x);
}
// A batch draw of a dtype other than its entries' (float32): the whole draw in the natural
// dtype, in a buffer of the calling thread's that only grows.
void* kiln_rt_draw_scratch(std::int64_t bytes) {
  thread_local std::vector<std::int64_t> buffer;
  if (buffer.size() * 8 < static_cast<std::size_t>(bytes)) buffer.resize((static_cast<std::size_t>(bytes) + 7) / 8);
  return buffer.data();
}
std::int64_t kiln_rt_int_pow(std::int64_t base, std::int64_t exponent) {
  const std::int64_t args[] = {base, exponent};
  return kiln::tensor::eval_scalar_int(kiln::tensor::ScalarOp::pow, args);
}
}

namespace kiln::jit {

std::span<const RuntimeSymbol> runtime_symbols() {
  static const std::vector<RuntimeSymbol> symbols = [] {
    std::vector<RuntimeSymbol> all = {
      RuntimeSymbol{"kiln_rt_erfcx", reinterpret_cast<void*>(&kiln_rt_erfcx)},
      RuntimeSymbol{"kiln_rt_erfinv", reinterpret_cast<void*>(&kiln_rt_erfinv)},
      RuntimeSymbol{"kiln_rt_gammaln", reinterpret_cast<void*>(&kiln_rt_gammaln)},
      RuntimeSymbol{"kiln_rt_digamma", reinterpret_cast<void*>(&kiln_rt_digamma)},
      RuntimeSymbol{"kiln_rt_trigamma", reinterpret_cast<void*>(&kiln_rt_trigamma)},
      RuntimeSymbol{"kiln_rt_polygamma", reinterpret_cast<void*>(&kiln_rt_polygamma)},
      RuntimeSymbol{"kiln_rt_log1mexp", reinterpret_cast<void*>(&kiln_rt_log1mexp)},
      RuntimeSymbol{"kiln_rt_softplus", reinterpret_cast<void*>(&kiln_rt_softplus)},
      RuntimeSymbol{"kiln_rt_sigmoid", reinterpret_cast<void*>(&kiln_rt_sigmoid)},
      RuntimeSymbol{"kiln_rt_special", reinterpret_cast<void*>(&kiln_rt_special)},
      RuntimeSymbol{"kiln_rt_jacobian", reinterpret_cast<void*>(&kiln_rt_jacobian)},
      RuntimeSymbol{"kiln_rt_custom_dist_random", reinterpret_cast<void*>(&kiln_rt_custom_dist_random)},
      RuntimeSymbol{"kiln_rt_int_pow", reinterpret_cast<void*>(&kiln_rt_int_pow)},
      RuntimeSymbol{"kiln_rt_draw_scratch", reinterpret_cast<void*>(&kiln_rt_draw_scratch)},
      RuntimeSymbol{"kiln_rv_scalar_real", reinterpret_cast<void*>(&random::kiln_rv_scalar_real)},
      RuntimeSymbol{"kiln_rv_scalar_integer", reinterpret_cast<void*>(&random::kiln_rv_scalar_integer)},
    };
    for (const auto& s : linalg_runtime_symbols()) all.push_back(s);
    for (const auto& d : random::scalar_distributions())
      if (d.entry) all.push_back({d.symbol.c_str(), const_cast<void*>(d.entry)});
    for (const auto& pass : random::batch_draw_entries())
      all.push_back({pass.symbol, reinterpret_cast<void*>(pass.entry)});
    for (const auto& pass : pm::detail::custom_dist_batch_draw_entries())
      all.push_back({pass.symbol, reinterpret_cast<void*>(pass.entry)});
    return all;
  }();
  return symbols;
}

}  // namespace kiln::jit
