// HalfStudentT(nu, sigma): |StudentT(nu, 0, sigma)|, on a RandomVariable of its own (as PyMC's
// HalfStudentTRV); log-transformed in a model.
#include "pm/distributions/distribution.hpp"

#include "pm/ops/special.hpp"
#include "random/rv_draws.hpp"

#include <cmath>

namespace kiln::pm {

namespace detail {
namespace {

const random::ScalarDistribution halfstudentt_rv{
    "halfstudentt", "halfstudentt",
    {{"nu", random::Constraint::positive}, {"sigma", random::Constraint::positive}}, DType::float64,
    [](random::GeneratorState& s, random::ParamValues v) { return std::fabs(random::studentt(s, v.real[0], 0.0, v.real[1])); },
    nullptr, nullptr, nullptr};

Var logp(const Var& value, const std::vector<Var>& p) {
  const Var &nu = p[0], &sigma = p[1];
  Var res = std::log(2.0) + kt::gammaln((nu + 1.0) / 2.0) - kt::gammaln(nu / 2.0) - 0.5 * kt::log(nu * M_PI) -
            kt::log(sigma) - (nu + 1.0) / 2.0 * kt::log1p(kt::sqr(value / sigma) / nu);
  return check_parameters(in_support(kt::ge(value, 0), res), {nu > 0, sigma > 0}, "nu > 0, sigma > 0");
}

// cdf = I_{t^2/(nu+t^2)}(1/2, nu/2) = 1 - I_{nu/(nu+t^2)}(nu/2, 1/2): the smaller one is used.
Var logcdf(const Var& value, const std::vector<Var>& p) {
  const Var &nu = p[0], &sigma = p[1];
  Var t2 = kt::sqr(value / sigma);
  Var cdf = ops::betainc(Var(0.5), nu / 2.0, t2 / (t2 + nu));
  Var sf = ops::betainc(nu / 2.0, Var(0.5), nu / (t2 + nu));
  Var res = log_from_complements(cdf, sf);
  return check_parameters(in_support(kt::ge(value, 0), res), {nu > 0, sigma > 0}, "nu > 0, sigma > 0");
}

Var moment(const std::vector<Var>& p) { return p[1]; }

TransformPtr transform(const std::vector<Var>&) { return transforms::log; }

}  // namespace

const DistributionInfo& halfstudentt_info() {
  static const DistributionInfo info{"HalfStudentT", "StudentT**+", "halfstudentt", logp, logcdf, moment, transform};
  return info;
}

}  // namespace detail

Var HalfStudentT::dist(Var nu, Var sigma, const DistOptions& options) {
  static const auto op = std::make_shared<random::ScalarRandomVariable>(detail::halfstudentt_rv);
  return detail::make_rv(op, {detail::floatx(nu), detail::floatx(sigma)}, options);
}

HalfStudentT::HalfStudentT(std::string name, Var nu, Var sigma, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(nu, sigma, d); })) {}

}  // namespace kiln::pm
