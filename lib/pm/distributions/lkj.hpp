// What LKJCorr and LKJCholeskyCov share: n read from a constant, the LKJ normalizing constant,
// and the constant index matrices that unpack their packed vectors.
#pragma once

#include "pm/distributions/distribution.hpp"

namespace kiln::pm::detail {

// n as an integer: the value of a constant integer n >= 2 (InputError naming `dist` otherwise).
std::int64_t constant_n(const char* dist, const Var& n);

// log of the LKJ density's normalizing factor for n x n correlation matrices, so that
// log p(R) = lkj_log_normalizer(eta, n) + (eta - 1) log det R (Lewandowski, Kurowicka and Joe
// 2009): sum_{k=1}^{n-1} [-(k / 2) log pi - gammaln(eta + (n - 1 - k) / 2)] + (n - 1) gammaln(eta +
// (n - 1) / 2). PyMC adds the negative of this (its _lkj_normalizing_constant is the log of the
// integral, not of its inverse): a constant in the value, so gradients and samples agree.
Var lkj_log_normalizer(const Var& eta, std::int64_t n);

// The (n, n) int64 constant whose [i, j] is the position of [i, j] in a vector packing the lower
// (or `upper`) triangle row by row, with or without the diagonal, and `fill` where the packed
// vector has no entry.
Var packed_index(std::int64_t n, bool upper, bool diagonal, std::int64_t fill);

}  // namespace kiln::pm::detail
