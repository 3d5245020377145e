// Binomial draws as NumPy's random_binomial: inversion when the mean is at most 30, else
// Kachitvichyanukul and Schmeiser's BTPE; for p > 0.5 it draws n - Binomial(n, 1 - p).
//
// NumPy keeps a binomial_t cache of the set-up values for the last (n, p). Those values are a
// pure function of (n, p) and decide nothing else, so recomputing them each draw gives the
// same numbers and lets the state stay six words.
#include "random/distributions.hpp"
#include "random/float_to_int64.hpp"
#include "random/parameter_checks.hpp"
#include "random/pcg64.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace kiln::random {

namespace {

// p <= 0.5 and n * p <= 30: walk the probability mass function from 0, restarting past a
// bound ten standard deviations above the mean.
std::int64_t binomial_inversion(GeneratorState& s, std::int64_t n, double p) {
  const double q = 1.0 - p;
  const double qn = std::exp(static_cast<double>(n) * std::log(q));
  const double np = static_cast<double>(n) * p;
  const auto bound = static_cast<std::int64_t>(std::min(static_cast<double>(n), np + 10.0 * std::sqrt(np * q + 1)));
  std::int64_t x = 0;
  double px = qn;
  double u = next_double(s);
  while (u > px) {
    ++x;
    if (x > bound) {
      x = 0;
      px = qn;
      u = next_double(s);
    } else {
      u -= px;
      px = (static_cast<double>(n - x + 1) * p * px) / (static_cast<double>(x) * q);
    }
  }
  return x;
}

// The set-up of BTPE for (n, p): a triangle and parallelogram over the mode, exponential
// tails on both sides.
struct Btpe {
  double r, q, fm, p1, xm, xl, xr, c, laml, lamr, p2, p3, p4;
  std::int64_t m;

  Btpe(std::int64_t n, double p) {
    const auto dn = static_cast<double>(n);
    r = std::min(p, 1.0 - p);
    q = 1.0 - r;
    fm = dn * r + r;
    m = static_cast<std::int64_t>(std::floor(fm));
    p1 = std::floor(2.195 * std::sqrt(dn * r * q) - 4.6 * q) + 0.5;
    xm = static_cast<double>(m) + 0.5;
    xl = xm - p1;
    xr = xm + p1;
    c = 0.134 + 20.5 / (15.3 + static_cast<double>(m));
    double a = (fm - xl) / (fm - xl * r);
    laml = a * (1.0 + a / 2.0);
    a = (xr - fm) / (xr * q);
    lamr = a * (1.0 + a / 2.0);
    p2 = p1 * (1.0 + 2.0 * c);
    p3 = p2 + c / laml;
    p4 = p3 + c / lamr;
  }
};

// Whether y is accepted with v, by evaluating f(y) / f(m) directly when y is near the mode
// (k <= 20) or far out, and by squeezes plus Stirling's formula otherwise.
bool btpe_accepts(const Btpe& setup, std::int64_t n, std::int64_t y, double v) {
  const double nrq = static_cast<double>(n) * setup.r * setup.q;
  const std::int64_t m = setup.m;
  const std::int64_t k = std::llabs(y - m);
  if (!(k > 20 && static_cast<double>(k) < nrq / 2.0 - 1)) {
    const double s = setup.r / setup.q;
    const double a = s * static_cast<double>(n + 1);
    double f = 1.0;
    if (m < y) {
      for (std::int64_t i = m + 1; i <= y; ++i) f *= (a / static_cast<double>(i) - s);
    } else if (m > y) {
      for (std::int64_t i = y + 1; i <= m; ++i) f /= (a / static_cast<double>(i) - s);
    }
    return v <= f;
  }
  const auto dk = static_cast<double>(k);
  const double rho = (dk / nrq) * ((dk * (dk / 3.0 + 0.625) + 0.16666666666666666) / nrq + 0.5);
  // NumPy forms -k * k in int64, which wraps for k past 3e9 (n near 2^62): wrap the same way.
  const auto minus_k_squared =
      static_cast<std::int64_t>(0 - static_cast<std::uint64_t>(k) * static_cast<std::uint64_t>(k));
  const double t = static_cast<double>(minus_k_squared) / (2 * nrq);
  const double log_v = std::log(v);  // log(0) = -inf accepts
  if (log_v < t - rho) return true;
  if (log_v > t + rho) return false;
  const auto x1 = static_cast<double>(y + 1);
  const auto f1 = static_cast<double>(m + 1);
  const auto z = static_cast<double>(n + 1 - m);
  const auto w = static_cast<double>(n - y + 1);
  const double x2 = x1 * x1, f2 = f1 * f1, z2 = z * z, w2 = w * w;
  auto stirling = [](double v1, double v2) {
    return (13680. - (462. - (132. - (99. - 140. / v2) / v2) / v2) / v2) / v1 / 166320.;
  };
  const double bound = setup.xm * std::log(f1 / x1) + (static_cast<double>(n - m) + 0.5) * std::log(z / w) +
                       static_cast<double>(y - m) * std::log(w * setup.r / (x1 * setup.q)) + stirling(f1, f2) +
                       stirling(z, z2) + stirling(x1, x2) + stirling(w, w2);
  return !(log_v > bound);
}

// p <= 0.5 and n * p > 30.
std::int64_t binomial_btpe(GeneratorState& s, std::int64_t n, double p) {
  const Btpe t(n, p);
  for (;;) {
    const double u = next_double(s) * t.p4;
    double v = next_double(s);
    std::int64_t y;
    if (u <= t.p1) {
      // The triangle: accepted outright.
      return float_to_int64(std::floor(t.xm - t.p1 * v + u));
    }
    if (u <= t.p2) {
      // The parallelograms.
      const double x = t.xl + (u - t.p1) / t.c;
      v = v * t.c + 1.0 - std::fabs(static_cast<double>(t.m) - x + 0.5) / t.p1;
      if (v > 1.0) continue;
      y = float_to_int64(std::floor(x));
    } else if (u <= t.p3) {
      // The left tail; v == 0 would put y at -inf.
      y = float_to_int64(std::floor(t.xl + std::log(v) / t.laml));
      if (y < 0 || v == 0.0) continue;
      v = v * (u - t.p2) * t.laml;
    } else {
      // The right tail.
      y = float_to_int64(std::floor(t.xr - std::log(v) / t.lamr));
      if (y > n || v == 0.0) continue;
      v = v * (u - t.p3) * t.lamr;
    }
    if (btpe_accepts(t, n, y, v)) return y;
  }
}

}  // namespace

std::int64_t binomial(GeneratorState& s, std::int64_t trials, double p) {
  if (trials == 0 || p == 0.0) return 0;
  if (p <= 0.5) {
    if (p * static_cast<double>(trials) <= 30.0) return binomial_inversion(s, trials, p);
    return binomial_btpe(s, trials, p);
  }
  const double q = 1.0 - p;
  if (q * static_cast<double>(trials) <= 30.0) return trials - binomial_inversion(s, trials, q);
  return trials - binomial_btpe(s, trials, q);
}

void check_binomial(std::int64_t trials, double p) {
  require_unit_interval("binomial", "p", p);
  if (trials < 0) throw_parameter_error("binomial", "n < 0", "n = " + format_parameter(trials));
}

void fill_binomial(GeneratorState& s, std::int64_t* out, std::int64_t n, std::int64_t trials, double p) {
  check_binomial(trials, p);
  for (std::int64_t i = 0; i < n; ++i) out[i] = binomial(s, trials, p);
}

}  // namespace kiln::random
