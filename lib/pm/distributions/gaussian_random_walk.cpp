// GaussianRandomWalk(mu, sigma, init_dist, steps): PyMC's RandomWalk with Normal(mu, sigma)
// innovations and, by default, a Normal(0, 100) start.
#include "pm/distributions/time_series.hpp"

namespace kiln::pm {

namespace detail {

const DistributionInfo& gaussian_random_walk_info() {
  static const DistributionInfo info{"GaussianRandomWalk", "GaussianRandomWalk", "gaussian_random_walk",
                                     random_walk_logp, nullptr, random_walk_moment, nullptr};
  return info;
}

}  // namespace detail

// options.rng is the innovations' generator (the start draws from init_dist's).
Var GaussianRandomWalk::dist(const GaussianRandomWalkParams& params, const DistOptions& options) {
  if (params.steps < 0) throw InputError("GaussianRandomWalk: give steps (the number of innovations)");
  Var init_dist = params.init_dist ? params.init_dist : Normal::dist(0.0, 100.0);
  if (detail::is_random_variable(init_dist) && detail::rv_op(init_dist)->ndim_supp() != 0)
    throw InputError("GaussianRandomWalk: init_dist must be a univariate distribution");
  Var step = Normal::dist(params.mu, params.sigma, {.rng = options.rng});
  const Shape batch =
      detail::series_batch("GaussianRandomWalk", options, {detail::batch_of(init_dist), detail::batch_of(step)});
  Var init = detail::resized("GaussianRandomWalk", "init_dist", init_dist, batch, {});
  Var innovations = detail::resized("GaussianRandomWalk", "innovations", step, batch, {params.steps});
  return detail::make_random_walk("gaussian_random_walk", init, innovations, options);
}

GaussianRandomWalk::GaussianRandomWalk(std::string name, const GaussianRandomWalkParams& params,
                                       const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) {
        GaussianRandomWalkParams p = params;
        p.steps = detail::series_steps("GaussianRandomWalk", params.steps, options, 1);
        return dist(p, d);
      })) {}

}  // namespace kiln::pm
