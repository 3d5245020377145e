// The draws compiled code makes one batch element at a time, for the RandomVariables whose
// element is not one scalar draw from scalar params (those have ScalarDistribution's entries):
// vector params or vector draws (dirichlet, multinomial, categorical, multivariate normal,
// normal mixture, mixture, MvStudentT, the LKJ family, the time series), matrix draws (Wishart,
// MatrixNormal), draws bounded by clipping or redrawing (Censored, Truncated), and
// beta-binomial, whose betas all come before its binomials. A draw whose reference takes one
// kind of number for the whole batch before the next (MvStudentT's normals before its
// chi-squares) has one pass per kind. Each op registers its entries
// beside its sampler (RandomVariable::batch_draw); jit/lower/random.cpp emits the loop over the
// batch that calls them with the generator state pointer, and jit/runtime exports them.
#pragma once

#include <kiln/array.hpp>
#include <kiln/dtype.hpp>
#include <kiln/random/generator.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace kiln::random {

// One param at the current batch element: where its first core element is, its dtype (a
// kiln::DType), the element strides of its core dims (0 along a broadcast one) and their
// extents (1 along a broadcast one). After the op's params the block holds one more, the
// output element: `out`, the draw's dtype and its last two support dims (matrix draws).
struct DrawParam {
  const void* data;
  std::int64_t dtype;
  std::int64_t strides[2];
  std::int64_t extents[2];
};

// What an entry returns.
enum BatchDrawStatus : std::int32_t {
  draw_done = 0,
  draw_bad_parameters = 1,  // a param check_parameters refuses: nothing drawn
  draw_no_convergence = 2,  // Truncated's redraws stayed outside the bounds
  draw_not_positive_definite = 3,  // a covariance built from the draws has no Cholesky factor
  draw_not_element_by_element = 4,  // Truncated around an inner drawn in passes (beta-binomial)
};

// Draws batch element `batch` (its flat index) into `out`, its first element (a vector draw's
// elements `out_stride` apart), in the op's natural dtype (float64 or int64). `k` is the support
// length (1 for a scalar draw). Checks the element's params as check_parameters does first.
// `context` is the BatchDraw's.
using BatchDrawEntry = std::int32_t (*)(GeneratorState* state, const void* context, void* out,
                                        std::int64_t out_stride, std::int64_t k, std::int64_t batch,
                                        const DrawParam* params);

struct BatchDrawPass {
  const char* symbol;  // the entry's name for generated code: kiln_rv_<name>
  BatchDrawEntry entry;
};

struct BatchDraw {
  std::vector<BatchDrawPass> passes;  // each a loop over the whole batch, in this order
  int support_param = -1;             // the param whose last dim is k (-1: k = 1)
  const void* context = nullptr;
  // Passes [repeat_begin, repeat_end) run rounds(params) times in a row, for draws that take one
  // number per batch element per column (Wishart's chi-squares, LKJ's columns). An entry counts
  // its rounds itself (a thread's scratch, reset by an earlier pass at batch element 0).
  std::size_t repeat_begin = 0, repeat_end = 0;
  std::int64_t (*rounds)(const std::vector<Array>& params) = nullptr;
  // The params whose values (not only shapes) set the draw's shape or rounds on the host (LKJ's
  // n, a support_shape, StickBreakingWeights' K): code specialized to one call's values keeps
  // them only while a call's values are the same.
  std::vector<int> value_params = {};
};

// The reference's error for an entry's status other than draw_bad_parameters (whose error
// check_parameters raises), at batch element `batch` of a draw of `rv`.
[[noreturn]] void raise_draw_failure(const std::string& rv, std::int32_t status, std::int64_t batch);

// Element `offset` (in elements) of a param, converted as Array::get_as_double / get_as_int.
double param_real(const DrawParam& p, std::int64_t offset);
std::int64_t param_int(const DrawParam& p, std::int64_t offset);

// A param's k core values (along its first core dim): in place when they are contiguous
// doubles, else read into `into`.
const double* core_vector(const DrawParam& p, std::int64_t k, std::vector<double>& into);
// Where a vector draw of k values goes: `out` itself when contiguous (stride 1), else `into`;
// scatter() then writes `into` to `out`'s elements `stride` apart (nothing when in place).
double* draw_target(void* out, std::int64_t stride, std::int64_t k, std::vector<double>& into);
void scatter(const double* values, void* out, std::int64_t stride, std::int64_t k);

// The first n params of a batch element as scalar ParamValues arrays (as the reference reads
// them: a float param's integer value is its truncation).
void read_scalar_params(const DrawParam* params, std::size_t n, double* real, std::int64_t* integer);

// Every batch-draw entry, for the JIT's symbol table.
std::vector<BatchDrawPass> batch_draw_entries();

}  // namespace kiln::random
