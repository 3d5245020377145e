// The C++ steps of specialized programs (see static_steps.hpp).
#include "jit/static_steps.hpp"

#include "jit/program_steps.hpp"
#include "random/rv_scalar.hpp"

#include <algorithm>
#include <cstring>

namespace kiln::jit {
namespace {

constexpr int kFailed = 1;

// Row i of the indexed axis, or -1 when out of range (the interpreter then raises the error).
inline std::int64_t wrapped(std::int64_t i, std::int64_t length) {
  std::int64_t w = i < 0 ? i + length : i;
  return w >= 0 && w < length ? w : -1;
}

}  // namespace

std::vector<std::int64_t> checked_rows(const std::int64_t* idx, std::int64_t count, std::int64_t length) {
  std::vector<std::int64_t> rows(static_cast<std::size_t>(count));
  for (std::int64_t i = 0; i < count; ++i) {
    rows[static_cast<std::size_t>(i)] = wrapped(idx[i], length);
    if (rows[static_cast<std::size_t>(i)] < 0) return {};
  }
  return rows;
}

int gather_rows(const void* context, void* const* pointers) {
  const auto& c = *static_cast<const GatherRows*>(context);
  auto* out = static_cast<double*>(pointers[0]);
  const auto* x = static_cast<const double*>(pointers[1]);
  if (c.row == 1) {
    for (std::int64_t i = 0; i < c.count; ++i) out[i] = x[c.rows[i]];
  } else {
    for (std::int64_t i = 0; i < c.count; ++i) std::copy(x + c.rows[i] * c.row, x + (c.rows[i] + 1) * c.row, out + i * c.row);
  }
  return 0;
}

namespace {

// Adds (or sets) row i of y into row row_of(i) of out.
template <bool kSet, class RowOf>
void scatter_as(const ScatterRows& c, double* out, const double* y, RowOf row_of) {
  if (c.row == 1) {
    for (std::int64_t i = 0; i < c.count; ++i) out[row_of(i)] = kSet ? y[i] : out[row_of(i)] + y[i];
    return;
  }
  for (std::int64_t i = 0; i < c.count; ++i) {
    double* to = out + row_of(i) * c.row;
    const double* from = y + i * c.row;
    for (std::int64_t j = 0; j < c.row; ++j) to[j] = kSet ? from[j] : to[j] + from[j];
  }
}

template <class RowOf>
void scatter(const ScatterRows& c, double* out, const double* y, RowOf row_of) {
  if (c.set)
    scatter_as<true>(c, out, y, row_of);
  else
    scatter_as<false>(c, out, y, row_of);
}

}  // namespace

int scatter_rows(const void* context, void* const* pointers) {
  const auto& c = *static_cast<const ScatterRows*>(context);
  scatter_start(context, pointers);
  scatter(c, static_cast<double*>(pointers[0]), static_cast<const double*>(pointers[2]),
          [rows = c.rows](std::int64_t i) { return rows[i]; });
  return 0;
}

int scatter_start(const void* context, void* const* pointers) {
  const auto& c = *static_cast<const ScatterRows*>(context);
  const auto* x = static_cast<const double*>(pointers[1]);
  std::copy(x, x + c.length * c.row, static_cast<double*>(pointers[0]));
  return 0;
}

int concatenate(const void* context, void* const* pointers) {
  const auto& c = *static_cast<const Concatenate*>(context);
  auto* out = static_cast<char*>(pointers[0]);
  for (std::int64_t o = 0; o < c.outer; ++o)
    for (std::size_t k = 0; k < c.blocks.size(); ++k) {
      const std::int64_t bytes = c.blocks[k];
      std::memcpy(out, static_cast<const char*>(pointers[1 + k]) + o * bytes, static_cast<std::size_t>(bytes));
      out += bytes;
    }
  return 0;
}

int same_value(const void* context, void* const* pointers) {
  const auto& c = *static_cast<const SameValue*>(context);
  return c.bytes.empty() || std::memcmp(pointers[0], c.bytes.data(), c.bytes.size()) == 0 ? 0 : kFailed;
}

int copy_generator_state(const void*, void* const* pointers) {
  std::memcpy(pointers[0], pointers[1], 6 * sizeof(std::uint64_t));
  return 0;
}

int check_draws(const void*, void* const*) { return random::take_draw_failure() ? 1 : 0; }

}  // namespace kiln::jit
