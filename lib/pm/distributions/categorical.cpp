// Categorical(p): an index into one vector of (normalised) probabilities.
#include "pm/distributions/distribution.hpp"

#include "random/rv_multivariate.hpp"

namespace kiln::pm {

namespace detail {
namespace {

// Values outside 0..k-1 gather a clipped index, then the switch gives them -inf.
Var logp(const Var& value, const std::vector<Var>& p) {
  if (p[0].ndim() != 1) throw Error("Categorical: p must be a vector, got " + p[0].type().str());
  Var probs = p[0] / kt::sum(p[0]);
  Var k = kt::shape(p[0])[0];
  Var index = kt::cast(kt::clip(value, Var(0), k - 1), DType::int64);
  Var res = in_support(kt::and_(kt::ge(value, 0), kt::lt(value, k)), kt::log(probs)[index]);
  return check_parameters(res, {kt::ge(p[0], 0), kt::le(p[0], 1)}, "0 <= p <= 1");
}

// The most probable category, as PyMC's: argmax of p along its last axis.
Var moment(const std::vector<Var>& p) { return kt::argmax(p[0], -1); }

}  // namespace

const DistributionInfo& categorical_info() {
  static const DistributionInfo info{"Categorical", "Cat", "categorical", logp, nullptr, moment, nullptr};
  return info;
}

}  // namespace detail

Var Categorical::dist(Var p, const DistOptions& options) {
  return detail::make_rv(random::categorical_random_variable(), {detail::floatx(p)}, options);
}

Categorical::Categorical(std::string name, Var p, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(p, d); })) {}

}  // namespace kiln::pm
