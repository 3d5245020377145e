// The linear algebra entry points generated code calls (jit/lower/linalg.cpp emits the calls):
// C-linkage wrappers over tensor/lapack.hpp's kernels, the ones the ops' reference perform
// uses. Each has one signature: outputs, inputs, a layout block and flags, and returns a
// lapack::Status (0: done) with the failing row or minor in *where, which the host turns into
// the op's LinAlgError.
#pragma once

#include "jit/runtime/runtime_symbols.hpp"

#include <cstdint>
#include <span>

namespace kiln::jit {

// The layout block, in elements: n (a's extent), nrhs (b's columns; 1 for a vector), then the
// two strides of a, b, output 0 and output 1 (0 for an axis the operand lacks).
enum LinalgLayout : int { kN, kRhs, kAStrides, kBStrides = 4, kOut0Strides = 6, kOut1Strides = 8, kLayoutSize = 10 };

// Flags: a triangle's side, the transposed solve, NaN instead of an error; and the dtypes of
// a and b (a DType in 8 bits each, at these shifts): the entries read any numeric operand as
// float64, as the reference's astype(float64) does, while they gather it.
constexpr std::int64_t kLower = 1, kTrans = 2, kNanOnError = 4;
constexpr int kADTypeShift = 8, kBDTypeShift = 16;

// kiln_rt_dot's layout block: the (m, k) x (k, n) extents, then the (row, column) strides of
// a, b and the output (0 along an axis a vector lacks); and its flags: float32 operands, and
// which operands are matrices.
enum DotLayout : int { kDotM, kDotK, kDotN, kDotA, kDotB = 5, kDotOut = 7, kDotLayoutSize = 9 };
constexpr std::int64_t kDotFloat32 = 1, kDotAMatrix = 2, kDotBMatrix = 4;

// Every linear algebra entry point, for the engine's symbol table.
std::span<const RuntimeSymbol> linalg_runtime_symbols();

}  // namespace kiln::jit

extern "C" {
using kiln_rt_linalg_fn = std::int32_t(double* out0, double* out1, const void* a, const void* b,
                                       const std::int64_t* layout, std::int64_t flags, std::int64_t* where);
kiln_rt_linalg_fn kiln_rt_cholesky;
kiln_rt_linalg_fn kiln_rt_solve_triangular;
kiln_rt_linalg_fn kiln_rt_solve;
kiln_rt_linalg_fn kiln_rt_matrix_inverse;
kiln_rt_linalg_fn kiln_rt_slogdet;
kiln_rt_linalg_fn kiln_rt_det;
kiln_rt_linalg_fn kiln_rt_eigh;
kiln_rt_linalg_fn kiln_rt_spd_inverse;
// out = a . b through BLAS (float64, or float32 with kDotFloat32), for operands of any strides.
void kiln_rt_dot(void* out, const void* a, const void* b, const std::int64_t* layout, std::int64_t flags);
}
