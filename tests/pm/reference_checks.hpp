// Checks the pm tests share: a value against its reference, and the determinant a transform's
// log-Jacobian is checked against.
#pragma once

#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>
#include <iomanip>
#include <utility>
#include <vector>

namespace kiln::testing {

// `got` equals an infinite reference, and is within 1e-12 relative (plus `absolute`) of a finite one.
inline void check_reference_close(double got, double want, double absolute = 0.0) {
  if (std::isinf(want)) {
    CHECK(got == want);
  } else {
    INFO("got " << std::setprecision(17) << got << " want " << want);
    CHECK(std::fabs(got - want) <= 1e-12 * std::fabs(want) + absolute);
  }
}

// The determinant of a small dense matrix (row-major), by elimination with partial pivoting.
inline double determinant(std::vector<double> a, std::size_t n) {
  double det = 1.0;
  for (std::size_t c = 0; c < n; ++c) {
    std::size_t pivot = c;
    for (std::size_t r = c + 1; r < n; ++r)
      if (std::fabs(a[r * n + c]) > std::fabs(a[pivot * n + c])) pivot = r;
    if (pivot != c) {
      for (std::size_t k = 0; k < n; ++k) std::swap(a[c * n + k], a[pivot * n + k]);
      det = -det;
    }
    det *= a[c * n + c];
    for (std::size_t r = c + 1; r < n; ++r) {
      const double f = a[r * n + c] / a[c * n + c];
      for (std::size_t k = c; k < n; ++k) a[r * n + k] -= f * a[c * n + k];
    }
  }
  return det;
}

}  // namespace kiln::testing
