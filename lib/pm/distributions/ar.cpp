// AR(rho, sigma | tau, constant, ar_order, init_dist, steps), as PyMC's AR: the first p values
// ~ init_dist (default Normal(0, 100)), then x[t] ~ Normal(constant + sum_i rho[i] x[t-1-i], sigma).
// The logp reads each lag as one slice of the series (p slices for AR(p), whatever the length).
#include "pm/distributions/time_series.hpp"

#include "random/rv_time_series.hpp"

namespace kiln::pm {

namespace detail {
namespace {

// params: constant (batch), rho (batch, p), init (batch, p), innovations Normal(0, sigma) (batch, steps).
Var logp(const Var& value, const std::vector<Var>& p) {
  const Var &constant = p[0], &rho = p[1], &init = p[2], &innovations = p[3];
  const std::int64_t order = *init.type().shape().back();
  Var mean = expand_last(constant);
  for (std::int64_t i = 0; i < order; ++i)
    mean = mean + expand_last(along(rho, 0, i)) * along(value, 0, kt::slice(order - 1 - i, -(i + 1)));
  Var init_logp = distribution_of(init).logp(along(value, 0, kt::slice(std::nullopt, order)), rv_params(init));
  Var innovation_logp =
      distribution_of(innovations).logp(along(value, 0, kt::slice(order, std::nullopt)) - mean, rv_params(innovations));
  return kt::sum(init_logp, static_cast<int>(init_logp.ndim()) - 1) +
         kt::sum(innovation_logp, static_cast<int>(innovation_logp.ndim()) - 1);
}

// PyMC's: the last of the init's moments, all along the series.
Var moment(const std::vector<Var>& p) {
  const Var &init = p[2], &innovations = p[3];
  const StaticShape& init_shape = init.type().shape();
  Shape shape;
  for (std::size_t i = 0; i + 1 < init_shape.size(); ++i) shape.push_back(*init_shape[i]);
  Var init_moment = broadcast_static(distribution_of(init).moment(rv_params(init)), [&] {
    Shape s = shape;
    s.push_back(*init_shape.back());
    return s;
  }());
  shape.push_back(*init_shape.back() + *innovations.type().shape().back());
  return broadcast_static(expand_last(along(init_moment, 0, -1)), shape);
}

}  // namespace

const DistributionInfo& ar_info() {
  static const DistributionInfo info{"AR", "AR", "ar", logp, nullptr, moment, nullptr};
  return info;
}

}  // namespace detail

// options.rng is the innovations' generator (the first values draw from init_dist's).
Var AR::dist(const ARParams& params, const DistOptions& options) {
  if (params.steps < 0) throw InputError("AR: give steps (the number of values after the first ar_order)");
  if (!params.rho || params.rho.ndim() < 1) throw InputError("AR: rho must have the lags along its last axis");
  const auto length = params.rho.type().shape().back();
  if (!length) throw InputError("AR: rho's last dimension must be static (or give ar_order)");
  const std::int64_t constant = params.constant ? 1 : 0;
  const std::int64_t order = params.ar_order >= 0 ? params.ar_order : *length - constant;
  if (*length != order + constant)
    throw InputError("AR: rho's last dimension (" + std::to_string(*length) + ") must be ar_order (" +
                     std::to_string(order) + ") + constant (" + std::to_string(constant) + ")");
  if (order < 1) throw InputError("AR: ar_order must be at least 1");
  Var rho = detail::floatx(params.rho);
  Var sigma = params.sigma || params.tau ? detail::one_of("AR", "sigma", params.sigma, "tau", params.tau) : Var(1.0);
  if (params.tau) sigma = detail::sigma_from_precision(sigma);
  Var constant_term = params.constant ? detail::along(rho, 0, 0) : Var(0.0);
  Var lags = params.constant ? detail::along(rho, 0, kt::slice(1, std::nullopt)) : rho;
  Var init_dist = params.init_dist ? params.init_dist : Normal::dist(0.0, 100.0);
  if (detail::is_random_variable(init_dist) && detail::rv_op(init_dist)->ndim_supp() != 0)
    throw InputError("AR: init_dist must be a univariate distribution");
  Var step = Normal::dist(0.0, sigma, {.rng = options.rng});
  const Shape batch =
      detail::series_batch("AR", options, {detail::batch_of(rho, 1), detail::batch_of(step), detail::batch_of(init_dist)});
  Var init = detail::resized("AR", "init_dist", init_dist, batch, {order});
  Var innovations = detail::resized("AR", "innovations", step, batch, {params.steps});
  return detail::make_rv(random::ar_random_variable(), {constant_term, lags, init, innovations}, {.size = options.size});
}

AR::AR(std::string name, const ARParams& params, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) {
        ARParams p = params;
        std::int64_t order = params.ar_order;
        if (order < 0 && params.rho && params.rho.ndim() > 0)
          order = params.rho.type().shape().back().value_or(params.constant ? 1 : 0) - (params.constant ? 1 : 0);
        p.steps = detail::series_steps("AR", params.steps, options, order);
        return dist(p, d);
      })) {}

}  // namespace kiln::pm
