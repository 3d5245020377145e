// NegativeBinomial(mu, alpha), on NumPy's nbinom_rv(n = alpha, p = alpha / (mu + alpha)) as
// PyMC does; the formulas read n and p back from the node (and mu from p where it can).
#include "pm/distributions/distribution.hpp"

#include "pm/ops/special.hpp"
#include "rewrite/match.hpp"

namespace kiln::pm {

namespace detail {
namespace {

Var checked(const Var& res, const std::vector<Var>& p) {
  return check_parameters(res, {p[0] > 0, p[1] > 0, kt::le(p[1], 1)}, "mu > 0, alpha > 0");
}

// mu when p = n / (mu + n), as NegativeBinomial(mu, alpha) builds it (n broadcast against mu
// where their ranks differ); else null.
Var mean_of(const Var& n, const Var& prob) {
  using rewrite::owner_if, rewrite::strip_broadcast_dimshuffle;
  const Var alpha = strip_broadcast_dimshuffle(n);
  auto ratio = owner_if(prob, kt::ScalarOp::true_div);
  if (!ratio || strip_broadcast_dimshuffle(ratio->inputs()[0]) != alpha) return Var();
  auto total = owner_if(ratio->inputs()[1], kt::ScalarOp::add);
  return total && strip_broadcast_dimshuffle(total->inputs()[1]) == alpha ? total->inputs()[0] : Var();
}

// PyMC's log C(y + n - 1, y) + n log(p) + y log1p(-p). With p = n / (mu + n) the last two
// terms are -n log1p(r) and y (log(mu) - log(n) - log1p(r)), r = mu / n: one logarithm per
// value where PyMC's form takes two (log(mu) of a log link's mu = exp(eta) rewrites to eta),
// and every digit for mu << n, where the log of a p next to 1 keeps only some (SciPy's
// nbinom.logpmf loses them there too).
Var logp(const Var& value, const std::vector<Var>& p) {
  const Var &n = p[0], &prob = p[1];
  Var log_p, log_q;  // log(p), log(1 - p)
  if (Var mu = mean_of(n, prob)) {
    Var log1p_r = kt::log1p(mu / n);
    log_p = -log1p_r;
    log_q = kt::log(mu) - kt::log(n) - log1p_r;
  } else {
    log_p = kt::log(prob);
    log_q = kt::log1p(-prob);
  }
  // log C(y + n - 1, y) as SciPy's nbinom writes it: PyMC's binomln form takes a logarithm
  // more per value (log(y + n) besides gammaln(y + n + 1)).
  Var log_choose = kt::gammaln(value + n) - kt::gammaln(n) - kt::gammaln(value + 1.0);
  Var res = log_choose + n * log_p + kt::switch_(kt::eq(value, 0), Var(0.0), value * log_q);
  return checked(in_support(kt::ge(value, 0), res), p);
}

// cdf(k) = I_p(n, k + 1) = 1 - I_{1-p}(k + 1, n).
Var logcdf(const Var& value, const std::vector<Var>& p) {
  const Var &n = p[0], &prob = p[1];
  Var k1 = kt::floor(kt::maximum(value, Var(0.0))) + 1.0;
  // 1 - p from mu when the node has it: next to 1, p keeps few digits of it.
  Var mu = mean_of(n, prob);
  Var q = mu ? mu / (mu + n) : 1.0 - prob;
  Var res = log_from_complements(ops::betainc(n, k1, prob), ops::betainc(k1, n, q));
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
