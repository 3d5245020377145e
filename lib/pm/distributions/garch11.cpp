// GARCH11(omega, alpha_1, beta_1, initial_vol, steps), as PyMC's: y[t] ~ Normal(0, vol[t]) with
// vol[0] = initial_vol and vol[t]^2 = omega + alpha_1 y[t-1]^2 + beta_1 vol[t-1]^2.
//
// The variance recursion is linear, so its solution is a sum:
//   vol[t]^2 = beta^t vol[0]^2 + sum_{j<t} beta^(t-1-j) (omega + alpha y[j]^2),
// one product of the series with a (T-1) x (T-1) triangle of powers of beta: no loop of nodes
// per step, at O(T^2) work per evaluation.
#include "pm/distributions/time_series.hpp"

#include "random/rv_time_series.hpp"

#include <cmath>

namespace kiln::pm {

namespace detail {
namespace {

// params: omega, alpha_1, beta_1, initial_vol (batch), z (batch, T) standard normals.
Var logp(const Var& value, const std::vector<Var>& p) {
  const Var omega = expand_last(p[0]), alpha = expand_last(p[1]), beta = expand_last(p[2]);
  const Var initial_var = kt::sqr(expand_last(p[3]));
  const auto length = p[4].type().shape().back();  // the value may be a vector of unknown length
  if (!length) throw InputError("GARCH11: the series' length must be static");
  const std::int64_t n = *length - 1;  // the variances after the first
  // lags[a, j] = a - j: the power of beta by which y[j] reaches variance a + 1.
  Array lags = Array::empty(DType::float64, {n, n}), powers = Array::empty(DType::float64, {n});
  for (std::int64_t a = 0; a < n; ++a) {
    powers.data<double>()[a] = static_cast<double>(a + 1);
    for (std::int64_t j = 0; j < n; ++j) lags.data<double>()[a * n + j] = static_cast<double>(a - j);
  }
  const Var lag = make_constant(lags);
  // beta^0 is the constant 1 (pow's gradient at beta = 0 would be 0 * inf); above the diagonal 0.
  Var weights = kt::switch_(kt::gt(lag, 0.0), kt::pow(expand_last(beta), kt::maximum(lag, Var(1.0))),
                            kt::switch_(kt::eq(lag, 0.0), Var(1.0), Var(0.0)));
  Var shocks = omega + alpha * kt::sqr(along(value, 0, kt::slice(std::nullopt, -1)));
  Var later = kt::pow(beta, make_constant(powers)) * initial_var +
              kt::sum(weights * kt::dimshuffle(shocks, [&] {
                        std::vector<int> order;
                        for (int d = 0; d + 1 < shocks.ndim(); ++d) order.push_back(d);
                        order.push_back(-1);
                        order.push_back(static_cast<int>(shocks.ndim()) - 1);
                        return order;
                      }()),
                      static_cast<int>(shocks.ndim()));
  const int time = static_cast<int>(value.ndim()) - 1;
  Var sigma = kt::sqrt(kt::concatenate({initial_var + kt::zeros_like(along(value, 0, kt::slice(std::nullopt, 1))), later}, time));
  Var normal = -0.5 * kt::sqr(value / sigma) - std::log(std::sqrt(2.0 * M_PI)) - kt::log(sigma);
  Var res = kt::sum(check_parameters(normal, {sigma > 0}, "sigma > 0"), time);
  return check_parameters(res, {p[0] > 0, p[1] >= 0, p[2] >= 0}, "omega > 0, alpha_1 >= 0, beta_1 >= 0");
}

// PyMC's: zeros.
Var moment(const std::vector<Var>& p) {
  Shape shape;
  for (const auto& d : p[4].type().shape()) shape.push_back(*d);
  return make_constant(Array::zeros(DType::float64, shape));
}

}  // namespace

const DistributionInfo& garch11_info() {
  static const DistributionInfo info{"GARCH11", "GARCH11", "garch11", logp, nullptr, moment, nullptr};
  return info;
}

}  // namespace detail

// options.rng is the generator of the standard normals the series scales.
Var GARCH11::dist(const GARCH11Params& params, const DistOptions& options) {
  if (params.steps < 0) throw InputError("GARCH11: give steps (the number of values after the first)");
  if (!params.omega || !params.alpha_1 || !params.beta_1 || !params.initial_vol)
    throw InputError("GARCH11: give omega, alpha_1, beta_1 and initial_vol");
  std::vector<Var> scalars;
  for (const Var* v : {&params.omega, &params.alpha_1, &params.beta_1, &params.initial_vol})
    scalars.push_back(detail::floatx(*v));
  const Shape batch = detail::series_batch(
      "GARCH11", options,
      {detail::batch_of(scalars[0]), detail::batch_of(scalars[1]), detail::batch_of(scalars[2]), detail::batch_of(scalars[3])});
  scalars.push_back(detail::resized("GARCH11", "noise", Normal::dist(0.0, 1.0, {.rng = options.rng}), batch, {params.steps + 1}));
  return detail::make_rv(random::garch11_random_variable(), std::move(scalars), {.size = options.size});
}

GARCH11::GARCH11(std::string name, const GARCH11Params& params, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) {
        GARCH11Params p = params;
        p.steps = detail::series_steps("GARCH11", params.steps, options, 1);
        return dist(p, d);
      })) {}

}  // namespace kiln::pm
