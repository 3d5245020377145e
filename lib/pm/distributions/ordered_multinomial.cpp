// OrderedMultinomial(eta, cutpoints, n): PyMC builds it as a Multinomial of n trials over
// len(cutpoints) + 1 classes whose p are OrderedLogistic's, and with compute_p keeps p as the
// Deterministic `<name>_probs` (with the variable's dims); logp, draws and moment are the
// Multinomial's.
#include "pm/distributions/distribution.hpp"

#include <kiln/pm/model.hpp>

namespace kiln::pm {

Var OrderedMultinomial::dist(Var eta, Var cutpoints, Var n, const DistOptions& options) {
  return Multinomial::dist(std::move(n), OrderedLogistic::compute_p(std::move(eta), std::move(cutpoints)), options);
}

OrderedMultinomial::OrderedMultinomial(std::string name, Var eta, Var cutpoints, Var n, const VarOptions& options,
                                       bool compute_p)
    : Var([&] {
        Var p = OrderedLogistic::compute_p(eta, cutpoints);
        if (compute_p) p = Deterministic(name + "_probs", p, options.dims);
        return Multinomial(name, n, p, options);
      }()) {}

}  // namespace kiln::pm
