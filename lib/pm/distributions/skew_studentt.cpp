// SkewStudentT(a, b, mu, sigma): Jones and Faddy's skewed t, as PyMC. With s = sqrt(a + b + t^2),
// the density is (1 + t/s)^(a + 1/2) (1 - t/s)^(b + 1/2) / (2^(a+b-1) B(a, b) sqrt(a + b) sigma)
// and the cdf I_y(a, b) at y = (1 + t/s) / 2. The factor that nears 0 in a tail is taken as
// (a + b) / (s (s + |t|)) instead of 1 - |t|/s, and the cdf's upper tail as 1 - I_{1-y}(b, a),
// so both tails keep their digits. Draws are SciPy's from one Beta(a, b) per element.
#include "pm/distributions/distribution.hpp"

#include "pm/ops/special.hpp"

#include <cmath>

namespace kiln::pm {

namespace detail {
namespace {

struct Halves {
  Var log_plus, log_minus;  // log(1 + t/s), log(1 - t/s)
  Var plus, minus;          // (1 + t/s) / 2 and (1 - t/s) / 2
};

Halves halves(const Var& t, const Var& a, const Var& b) {
  Var s = kt::sqrt(a + b + kt::sqr(t));
  Var small = (a + b) / (s * (s + kt::abs(t)));  // 1 - |t| / s
  Var large = 1.0 + kt::abs(t) / s;              // 1 + |t| / s
  Var positive = kt::ge(t, 0);
  Var plus = kt::switch_(positive, large, small), minus = kt::switch_(positive, small, large);
  return {kt::log(plus), kt::log(minus), plus / 2.0, minus / 2.0};
}

Var check(const Var& res, const std::vector<Var>& p) {
  return check_parameters(res, {p[0] > 0, p[1] > 0, p[3] > 0}, "a > 0, b > 0, sigma > 0");
}

Var logp(const Var& value, const std::vector<Var>& p) {
  const Var &a = p[0], &b = p[1], &mu = p[2], &sigma = p[3];
  Halves h = halves((value - mu) / sigma, a, b);
  Var norm = (a + b - 1.0) * std::log(2.0) + betaln(a, b) + 0.5 * kt::log(a + b);
  return check((a + 0.5) * h.log_plus + (b + 0.5) * h.log_minus - norm - kt::log(sigma), p);
}

Var logcdf(const Var& value, const std::vector<Var>& p) {
  const Var &a = p[0], &b = p[1], &mu = p[2], &sigma = p[3];
  Halves h = halves((value - mu) / sigma, a, b);
  return check(log_from_complements(ops::betainc(a, b, h.plus), ops::betainc(b, a, h.minus)), p);
}

// PyMC's support point mu + (a - b) sqrt(a + b) Gamma(a - 1/2) Gamma(b - 1/2) / (2 Gamma(a) Gamma(b)):
// the mean of the standard form (a, b > 1/2) shifted by mu, not scaled by sigma, as PyMC's is.
// Gamma(x - 1/2) is negative for x < 1/2 (the only negative stretch when x > 0).
Var moment(const std::vector<Var>& p) {
  const Var &a = p[0], &b = p[1], &mu = p[2];
  auto sign = [](const Var& x) { return kt::switch_(kt::lt(x, 0.5), Var(-1.0), Var(1.0)); };
  Var ratio =
      sign(a) * sign(b) * kt::exp(kt::gammaln(a - 0.5) + kt::gammaln(b - 0.5) - kt::gammaln(a) - kt::gammaln(b));
  return mu + (a - b) * kt::sqrt(a + b) * ratio / 2.0;
}

}  // namespace

const DistributionInfo& skew_studentt_info() {
  static const DistributionInfo info{"SkewStudentT", "SkewStudentT", "skewstudentt", logp, logcdf, moment, nullptr};
  return info;
}

}  // namespace detail

Var SkewStudentT::dist(Var a, Var b, Var mu, Var sigma, const DistOptions& options) {
  return detail::make_rv(detail::scalar_op("skewstudentt"),
                         {detail::floatx(a), detail::floatx(b), detail::floatx(mu), detail::floatx(sigma)}, options);
}

SkewStudentT::SkewStudentT(std::string name, Var a, Var b, Var mu, Var sigma, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options,
                              [&](const DistOptions& d) { return dist(a, b, mu, sigma, d); })) {}

}  // namespace kiln::pm
