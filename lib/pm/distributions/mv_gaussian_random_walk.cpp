// MvGaussianRandomWalk(mu, cov | chol | tau, init_dist, steps): a random walk of vectors with
// MvNormal(mu, cov) steps along the second-to-last axis; the start defaults to
// MvNormal(0, 100 I) as PyMC's.
#include "pm/distributions/time_series.hpp"

namespace kiln::pm {

namespace detail {

const DistributionInfo& mv_gaussian_random_walk_info() {
  static const DistributionInfo info{"MvGaussianRandomWalk", "MvGaussianRandomWalk", "mv_gaussian_random_walk",
                                     random_walk_logp, nullptr, random_walk_moment, nullptr};
  return info;
}

}  // namespace detail

Var MvGaussianRandomWalk::dist(const MvGaussianRandomWalkParams& params, const DistOptions& options) {
  if (params.steps < 0) throw InputError("MvGaussianRandomWalk: give steps (the number of innovations)");
  if (!params.mu || params.mu.ndim() < 1) throw InputError("MvGaussianRandomWalk: mu must be a vector (..., k)");
  Var step = MvNormal::dist(params.mu, params.scale, {.rng = options.rng});
  Var init_dist = params.init_dist;
  if (!init_dist) {
    const auto k = step.type().shape().back();
    if (!k) throw InputError("MvGaussianRandomWalk: the vectors' length must be static");
    Array cov = Array::zeros(DType::float64, {*k, *k});
    for (std::int64_t i = 0; i < *k; ++i) cov.data<double>()[i * *k + i] = 100.0;
    init_dist = MvNormal::dist(Array::zeros(DType::float64, {*k}), cov);
  }
  if (detail::is_random_variable(init_dist) && detail::rv_op(init_dist)->ndim_supp() != 1)
    throw InputError("MvGaussianRandomWalk: init_dist must be a multivariate (vector) distribution");
  const Shape batch = detail::series_batch("MvGaussianRandomWalk", options,
                                           {detail::batch_of(init_dist, 1), detail::batch_of(step, 1)});
  Var init = detail::resized("MvGaussianRandomWalk", "init_dist", init_dist, batch, {});
  Var innovations = detail::resized("MvGaussianRandomWalk", "innovations", step, batch, {params.steps});
  return detail::make_random_walk("mv_gaussian_random_walk", init, innovations, options);
}

MvGaussianRandomWalk::MvGaussianRandomWalk(std::string name, const MvGaussianRandomWalkParams& params,
                                           const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) {
        MvGaussianRandomWalkParams p = params;
        p.steps = detail::series_steps("MvGaussianRandomWalk", params.steps, options, 1, 1);
        return dist(p, d);
      })) {}

}  // namespace kiln::pm
