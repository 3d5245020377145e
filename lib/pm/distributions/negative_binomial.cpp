// NegativeBinomial(mu, alpha), on NumPy's nbinom_rv(n = alpha, p = alpha / (mu + alpha)) as
// PyMC does; the formulas read n and p back from the node.
#include "pm/distributions/distribution.hpp"

#include "pm/ops/special.hpp"

namespace kiln::pm {

namespace detail {
namespace {

Var checked(const Var& res, const std::vector<Var>& p) {
  return check_parameters(res, {p[0] > 0, p[1] > 0, kt::le(p[1], 1)}, "mu > 0, alpha > 0");
}

Var logp(const Var& value, const std::vector<Var>& p) {
  const Var &n = p[0], &prob = p[1];
  Var res = binomln(value + n - 1.0, value) + n * kt::log(prob) +
            kt::switch_(kt::eq(value, 0), Var(0.0), value * kt::log1p(-prob));
  return checked(in_support(kt::ge(value, 0), res), p);
}

// cdf(k) = I_p(n, k + 1) = 1 - I_{1-p}(k + 1, n).
Var logcdf(const Var& value, const std::vector<Var>& p) {
  const Var &n = p[0], &prob = p[1];
  Var k1 = kt::floor(kt::maximum(value, Var(0.0))) + 1.0;
  Var res = log_from_complements(ops::betainc(n, k1, prob), ops::betainc(k1, n, 1.0 - prob));
  return checked(in_support(kt::ge(value, 0), res), p);
}

Var moment(const std::vector<Var>& p) { return kt::cast(kt::floor(p[0] * (1.0 - p[1]) / p[1]), DType::int64); }

}  // namespace

const DistributionInfo& negative_binomial_info() {
  static const DistributionInfo info{"NegativeBinomial", "NB", "nbinom", logp, logcdf, moment, nullptr};
  return info;
}

}  // namespace detail

Var NegativeBinomial::dist(Var mu, Var alpha, const DistOptions& options) {
  Var a = detail::floatx(alpha);
  return detail::make_rv(detail::scalar_op("negative_binomial"), {a, a / (detail::floatx(mu) + a)}, options);
}

NegativeBinomial::NegativeBinomial(std::string name, Var mu, Var alpha, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(mu, alpha, d); })) {}

}  // namespace kiln::pm
