// pm::Mixture, as PyMC's: weights w (..., k) over k univariate component distributions given
// as `.dist(...)` variables, all discrete or all continuous. The components are either a list
// of k distributions, or one distribution whose last axis holds the k components (PyMC's
// batched form, e.g. pm::Normal::dist(mu_k, sigma_k) with mu_k of shape (k,)).
//
//   Var x = pm::Mixture("x", w, {pm::Normal::dist(-1, 0.5), pm::Gamma::dist(2, 1)}, {.observed = y});
#pragma once

#include <kiln/pm/distributions.hpp>

#include <string>
#include <vector>

namespace kiln::pm {

class Mixture : public Var {
 public:
  Mixture(std::string name, Var w, const std::vector<Var>& comp_dists, const VarOptions& options = {});
  Mixture(std::string name, Var w, Var comp_dist, const VarOptions& options = {});
  static Var dist(Var w, const std::vector<Var>& comp_dists, const DistOptions& options = {});
  static Var dist(Var w, Var comp_dist, const DistOptions& options = {});
};

}  // namespace kiln::pm
