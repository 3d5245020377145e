// The C++ runtime that generated code calls: plain functions with C linkage (no LLVM), which
// the engine exposes to the JIT by address. Special functions reuse lib/tensor's
// implementations, so native code and the reference evaluator agree.
#pragma once

#include <cstdint>
#include <span>

namespace kiln::jit {

struct RuntimeSymbol {
  const char* name;
  void* address;
};

// Every runtime entry point, for the engine's symbol table.
std::span<const RuntimeSymbol> runtime_symbols();

}  // namespace kiln::jit

extern "C" {
double kiln_rt_erfcx(double x);
double kiln_rt_erfinv(double x);
double kiln_rt_gammaln(double x);
double kiln_rt_digamma(double x);
double kiln_rt_trigamma(double x);
double kiln_rt_polygamma(double n, double x);
double kiln_rt_log1mexp(double x);
double kiln_rt_softplus(double x);
double kiln_rt_sigmoid(double x);
// pm::ops::special_value: the special-function op's element (x: the function's arguments).
double kiln_rt_special(std::int32_t which, std::int32_t derivative_of, const double* x);
std::int64_t kiln_rt_int_pow(std::int64_t base, std::int64_t exponent);
// `bytes` of the calling thread's scratch (a batch draw of a non-natural dtype draws there first).
void* kiln_rt_draw_scratch(std::int64_t bytes);
}
