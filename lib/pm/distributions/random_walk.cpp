// RandomWalk(init_dist, innovation_dist, steps), as PyMC's: x[0] ~ init_dist and the steps
// differences x[t] - x[t-1] ~ innovation_dist, for any scalar continuous distributions. The
// logp is the init's at x[0] plus the innovations' at the differences: one slice and one
// subtraction, whatever the length.
#include "pm/distributions/time_series.hpp"

namespace kiln::pm {

namespace detail {

const DistributionInfo& random_walk_info() {
  static const DistributionInfo info{"RandomWalk", "RandomWalk", "random_walk", random_walk_logp, nullptr,
                                     random_walk_moment, nullptr};
  return info;
}

}  // namespace detail

Var RandomWalk::dist(const RandomWalkParams& params, const DistOptions& options) {
  if (params.steps < 0) throw InputError("RandomWalk: give steps (the number of innovations)");
  if (!params.init_dist || !params.innovation_dist) throw InputError("RandomWalk: give init_dist and innovation_dist");
  for (const Var* d : {&params.init_dist, &params.innovation_dist})
    if (detail::is_random_variable(*d) && detail::rv_op(*d)->ndim_supp() != 0)
      throw InputError("RandomWalk: init_dist and innovation_dist must be univariate (MvGaussianRandomWalk walks vectors)");
  const Shape batch = detail::series_batch("RandomWalk", options,
                                           {detail::batch_of(params.init_dist), detail::batch_of(params.innovation_dist)});
  Var init = detail::resized("RandomWalk", "init_dist", params.init_dist, batch, {});
  Var innovations = detail::resized("RandomWalk", "innovation_dist", params.innovation_dist, batch, {params.steps});
  return detail::make_random_walk("random_walk", init, innovations, options);
}

RandomWalk::RandomWalk(std::string name, const RandomWalkParams& params, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) {
        RandomWalkParams p = params;
        p.steps = detail::series_steps("RandomWalk", params.steps, options, 1);
        return dist(p, d);
      })) {}

}  // namespace kiln::pm
