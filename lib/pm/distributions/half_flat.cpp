// HalfFlat: the improper uniform density on [0, inf); log-transformed in a model.
#include "pm/distributions/distribution.hpp"

#include <cmath>

namespace kiln::pm {

namespace detail {
namespace {

double no_draw(random::GeneratorState&, random::ParamValues) {
  throw ModelError("HalfFlat: an improper distribution has no random draws");
}

const random::ScalarDistribution half_flat_rv{"half_flat", "half_flat", {}, DType::float64, no_draw,
                                              nullptr,     nullptr,     nullptr};

Var logp(const Var& value, const std::vector<Var>&) { return in_support(kt::ge(value, 0), kt::zeros_like(value)); }

Var logcdf(const Var& value, const std::vector<Var>&) {
  return kt::switch_(kt::eq(value, HUGE_VAL), kt::zeros_like(value), neg_inf() + kt::zeros_like(value));
}

Var moment(const std::vector<Var>&) { return Var(1.0); }

TransformPtr transform(const std::vector<Var>&) { return transforms::log; }

}  // namespace

const DistributionInfo& half_flat_info() {
  static const DistributionInfo info{"HalfFlat", "HalfFlat", "half_flat", logp, logcdf, moment, transform};
  return info;
}

}  // namespace detail

Var HalfFlat::dist(const DistOptions& options) {
  static const auto op = std::make_shared<random::ScalarRandomVariable>(detail::half_flat_rv);
  return detail::make_rv(op, {}, options);
}

HalfFlat::HalfFlat(std::string name, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(d); })) {}

}  // namespace kiln::pm
