// DiracDelta(c): all mass at c, as PyMC's (an integer c makes an integer variable). The
// log-density is 0 at c and -inf elsewhere; draws are c.
#include "pm/distributions/distribution.hpp"

namespace kiln::pm {

namespace detail {
namespace {

Var logp(const Var& value, const std::vector<Var>& p) {
  return kt::switch_(kt::eq(value, p[0]), kt::zeros_like(kt::cast(value, DType::float64)), neg_inf());
}

Var logcdf(const Var& value, const std::vector<Var>& p) {
  return kt::switch_(kt::lt(value, p[0]), neg_inf(), Var(0.0));
}

Var moment(const std::vector<Var>& p) { return p[0]; }

}  // namespace

const DistributionInfo& dirac_delta_info() {
  static const DistributionInfo info{"DiracDelta", "DiracDelta", "diracdelta", logp, logcdf, moment, nullptr};
  return info;
}

}  // namespace detail

Var DiracDelta::dist(Var c, const DistOptions& options) {
  if (is_integer(c.dtype()) || c.dtype() == DType::bool_)
    return detail::make_rv(detail::scalar_op("diracdelta_int64"), {kt::cast(c, DType::int64)}, options);
  return detail::make_rv(detail::scalar_op("diracdelta"), {detail::floatx(c)}, options);
}

DiracDelta::DiracDelta(std::string name, Var c, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(c, d); })) {}

}  // namespace kiln::pm
