// Flat: the improper uniform density on the real line (log-density 0). It has no draws, as
// in PyMC; its moment (0) gives the initial point.
#include "pm/distributions/distribution.hpp"

#include <cmath>

namespace kiln::pm {

namespace detail {
namespace {

double no_draw(random::GeneratorState&, random::ParamValues) {
  throw ModelError("Flat: an improper distribution has no random draws");
}

const random::ScalarDistribution flat_rv{"flat", "flat", {}, DType::float64, no_draw, nullptr, nullptr, nullptr};

Var logp(const Var& value, const std::vector<Var>&) { return kt::zeros_like(value); }

Var logcdf(const Var& value, const std::vector<Var>&) {
  return kt::switch_(kt::eq(value, -HUGE_VAL), neg_inf(), kt::switch_(kt::eq(value, HUGE_VAL), Var(0.0), Var(std::log(0.5))));
}

Var moment(const std::vector<Var>&) { return Var(0.0); }

}  // namespace

const DistributionInfo& flat_info() {
  static const DistributionInfo info{"Flat", "Flat", "flat", logp, logcdf, moment, nullptr};
  return info;
}

}  // namespace detail

Var Flat::dist(const DistOptions& options) {
  static const auto op = std::make_shared<random::ScalarRandomVariable>(detail::flat_rv);
  return detail::make_rv(op, {}, options);
}

Flat::Flat(std::string name, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(d); })) {}

}  // namespace kiln::pm
