// pm::logp and pm::logcdf: a random variable's distribution record, applied to a value.
#include "pm/distributions/distribution.hpp"

namespace kiln::pm {

Var logp(const Var& rv, const Var& value) {
  const auto& info = detail::distribution_of(rv);
  Var res = info.logp(value, detail::rv_params(rv));
  if (!rv.name().empty()) res.set_name(rv.name() + "_logprob");
  return res;
}

Var logcdf(const Var& rv, const Var& value) {
  const auto& info = detail::distribution_of(rv);
  if (info.logcdf == nullptr) throw ModelError(std::string(info.name) + " has no logcdf");
  Var res = info.logcdf(value, detail::rv_params(rv));
  if (!rv.name().empty()) res.set_name(rv.name() + "_logcdf");
  return res;
}

}  // namespace kiln::pm
