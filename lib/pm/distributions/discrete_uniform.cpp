// DiscreteUniform(lower, upper): integers lower..upper inclusive, on a RandomVariable of its
// own (NumPy's integers(lower, upper + 1)).
#include "pm/distributions/distribution.hpp"

#include "random/distributions.hpp"

namespace kiln::pm {

namespace detail {
namespace {

const random::ScalarDistribution discrete_uniform_rv{
    "discrete_uniform", "discrete_uniform",
    {{"lower", random::Constraint::any}, {"upper", random::Constraint::any}}, DType::int64, nullptr,
    [](random::GeneratorState& s, random::ParamValues v) { return random::integers(s, v.integer[0], v.integer[1] + 1); },
    nullptr, nullptr};

Var checked(const Var& res, const std::vector<Var>& p) {
  return check_parameters(res, {kt::le(p[0], p[1])}, "lower <= upper");
}

Var logp(const Var& value, const std::vector<Var>& p) {
  const Var &lower = p[0], &upper = p[1];
  Var res = in_support(kt::and_(kt::ge(value, lower), kt::le(value, upper)), -kt::log(upper - lower + 1.0));
  return checked(res, p);
}

Var logcdf(const Var& value, const std::vector<Var>& p) {
  const Var &lower = p[0], &upper = p[1];
  Var inside = kt::log(kt::floor(value) - lower + 1.0) - kt::log(upper - lower + 1.0);
  Var res = kt::switch_(kt::lt(value, lower), neg_inf(), kt::switch_(kt::ge(value, upper), Var(0.0), inside));
  return checked(res, p);
}

Var moment(const std::vector<Var>& p) {
  return kt::cast(kt::maximum(kt::floor((p[0] + p[1]) / 2.0), kt::cast(p[0], DType::float64)), DType::int64);
}

}  // namespace

const DistributionInfo& discrete_uniform_info() {
  static const DistributionInfo info{"DiscreteUniform", "DiscreteUniform", "discrete_uniform", logp, logcdf, moment,
                                     nullptr};
  return info;
}

}  // namespace detail

Var DiscreteUniform::dist(Var lower, Var upper, const DistOptions& options) {
  static const auto op = std::make_shared<random::ScalarRandomVariable>(detail::discrete_uniform_rv);
  return detail::make_rv(op, {lower, upper}, options);
}

DiscreteUniform::DiscreteUniform(std::string name, Var lower, Var upper, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(lower, upper, d); })) {}

}  // namespace kiln::pm
