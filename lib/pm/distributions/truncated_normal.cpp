// TruncatedNormal(mu, sigma, lower, upper): Normal renormalised to [lower, upper], on a
// RandomVariable of its own that draws by inverting the CDF.
#include "pm/distributions/distribution.hpp"

#include "random/distributions.hpp"

#include <boost/math/special_functions/erf.hpp>

#include <cmath>

namespace kiln::pm {

namespace detail {
namespace {

double std_normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

double draw_truncated_normal(random::GeneratorState& s, random::ParamValues v) {
  const double mu = v.real[0], sigma = v.real[1];
  const double lo = std_normal_cdf((v.real[2] - mu) / sigma), hi = std_normal_cdf((v.real[3] - mu) / sigma);
  const double q = lo + random::standard_uniform(s) * (hi - lo);
  return mu - sigma * std::sqrt(2.0) * boost::math::erfc_inv(2.0 * q);
}

const random::ScalarDistribution truncated_normal_rv{
    "truncated_normal", "truncated_normal",
    {{"mu", random::Constraint::any}, {"sigma", random::Constraint::positive}, {"lower", random::Constraint::any},
     {"upper", random::Constraint::any}},
    DType::float64, draw_truncated_normal, nullptr, nullptr, nullptr};

// log(Phi(b) - Phi(a)), the log normalising mass (0 when untruncated).
Var log_mass(const Var& mu, const Var& sigma, const Var& lower, const Var& upper) {
  return log_diff_exp(normal_lcdf((upper - mu) / sigma), normal_lcdf((lower - mu) / sigma));
}

Var checked(const Var& res, const std::vector<Var>& p) {
  return check_parameters(res, {p[1] > 0, kt::lt(p[2], p[3])}, "sigma > 0, lower < upper");
}

Var logp(const Var& value, const std::vector<Var>& p) {
  const Var &mu = p[0], &sigma = p[1], &lower = p[2], &upper = p[3];
  Var normal = -0.5 * kt::sqr((value - mu) / sigma) - std::log(std::sqrt(2.0 * M_PI)) - kt::log(sigma);
  Var res = in_support(kt::and_(kt::ge(value, lower), kt::le(value, upper)), normal - log_mass(mu, sigma, lower, upper));
  return checked(res, p);
}

Var logcdf(const Var& value, const std::vector<Var>& p) {
  const Var &mu = p[0], &sigma = p[1], &lower = p[2], &upper = p[3];
  Var inside = log_mass(mu, sigma, lower, kt::clip(value, lower, upper)) - log_mass(mu, sigma, lower, upper);
  Var res = kt::switch_(kt::lt(value, lower), neg_inf(), kt::switch_(kt::ge(value, upper), Var(0.0), inside));
  return checked(res, p);
}

Var moment(const std::vector<Var>& p) {
  const Var &mu = p[0], &lower = p[2], &upper = p[3];
  Var lower_inf = kt::isinf(lower), upper_inf = kt::isinf(upper);
  return kt::switch_(kt::and_(lower_inf, upper_inf), mu,
                     kt::switch_(lower_inf, upper - 1.0, kt::switch_(upper_inf, lower + 1.0, (lower + upper) / 2.0)));
}

bool is_infinite_constant(const Var& v) {
  if (!v.is_constant()) return false;
  for (double x : v.constant_value().to_vector<double>())
    if (!std::isinf(x)) return false;
  return true;
}

// Known infinite bounds leave that side unconstrained, as PyMC's bounded transform.
TransformPtr transform(const std::vector<Var>& p) {
  const bool no_lower = is_infinite_constant(p[2]), no_upper = is_infinite_constant(p[3]);
  if (no_lower && no_upper) return nullptr;
  if (no_upper) return transforms::lower_bound(p[2]);
  if (no_lower) return transforms::upper_bound(p[3]);
  return transforms::interval(p[2], p[3]);
}

}  // namespace

const DistributionInfo& truncated_normal_info() {
  static const DistributionInfo info{"TruncatedNormal", "TruncatedNormal", "truncated_normal", logp, logcdf, moment,
                                     transform};
  return info;
}

}  // namespace detail

Var TruncatedNormal::dist(Var mu, Var sigma, Var lower, Var upper, const DistOptions& options) {
  static const auto op = std::make_shared<random::ScalarRandomVariable>(detail::truncated_normal_rv);
  return detail::make_rv(op, {mu, detail::floatx(sigma), detail::floatx(lower), detail::floatx(upper)}, options);
}

TruncatedNormal::TruncatedNormal(std::string name, Var mu, Var sigma, Var lower, Var upper, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options,
                              [&](const DistOptions& d) { return dist(mu, sigma, lower, upper, d); })) {}

}  // namespace kiln::pm
