// NormalMixture(w, mu, sigma): PyMC's Mixture of Normal(mu_i, sigma_i) with weights w_i, the
// components along the last axis of w, mu and sigma. Log-density and log-CDF are the
// log-sum-exp of log w_i plus each component's (the log-CDF's upper tail from the survival
// functions), elementwise over the components when their number is static; the moment is
// sum(w mu); no transform.
#include "pm/distributions/distribution.hpp"

#include "random/rv_pymc.hpp"

#include <cmath>
#include <optional>

namespace kiln::pm {

namespace detail {
namespace {

// The value with a trailing axis, against which the (..., k) components broadcast.
Var per_component(const Var& value) {
  std::vector<int> order;
  for (int i = 0; i < value.ndim(); ++i) order.push_back(i);
  order.push_back(-1);
  return kt::dimshuffle(value, order);
}

Var check_weights(const Var& res, const Var& w) {
  const int axis = w.ndim() - 1;
  return check_parameters(res, {kt::ge(w, 0), kt::le(w, 1), kt::lt(kt::abs(kt::sum(w, axis) - 1.0), 1e-8)},
                          "0 <= weights <= 1, 1 == sum(weights)");
}

// The number of components, when a param's last axis has a static length above 1 (else 1 or unknown).
std::optional<std::int64_t> static_components(const std::vector<Var>& p) {
  std::optional<std::int64_t> k;
  for (const Var& v : p) {
    const auto& shape = v.type().shape();
    if (shape.empty() || !shape.back()) return std::nullopt;
    if (*shape.back() != 1) k = *shape.back();
  }
  return k ? k : std::optional<std::int64_t>(1);
}

// x[..., k], or x[..., 0] where x broadcasts along the components.
Var component(const Var& x, std::int64_t k) {
  std::vector<kt::Index> index(static_cast<std::size_t>(x.ndim() - 1), kt::Index(Slice{}));
  index.emplace_back(*x.type().shape().back() == 1 ? 0 : k);
  return kt::subtensor(x, index);
}

Var logp(const Var& value, const std::vector<Var>& p) {
  const Var &w = p[0], &mu = p[1], &sigma = p[2];
  if (auto k = static_components(p)) {
    std::vector<Var> terms;
    for (std::int64_t c = 0; c < *k; ++c)
      terms.push_back(kt::log(component(w, c)) + normal_info().logp(value, {component(mu, c), component(sigma, c)}));
    return check_weights(logsumexp_terms(terms), w);
  }
  Var terms = kt::log(w) + normal_info().logp(per_component(value), {mu, sigma});
  return check_weights(logsumexp_last(terms), w);
}

// The log-sum-exp of log w + each log-CDF; where the mixture's cdf passes 1/2, log1p(-sum w sf)
// from the components' survival functions instead, which keeps its digits as the cdf nears 1.
Var logcdf(const Var& value, const std::vector<Var>& p) {
  const Var &w = p[0], &mu = p[1], &sigma = p[2];
  Var lower, sf;
  if (auto k = static_components(p)) {
    std::vector<Var> terms;
    for (std::int64_t c = 0; c < *k; ++c) {
      Var z = (value - component(mu, c)) / component(sigma, c);
      terms.push_back(kt::log(component(w, c)) + normal_info().logcdf(value, {component(mu, c), component(sigma, c)}));
      Var weighted = component(w, c) * kt::exp(normal_lcdf(-z));
      sf = c == 0 ? weighted : sf + weighted;
    }
    lower = logsumexp_terms(terms);
  } else {
    Var z = (per_component(value) - mu) / sigma;
    lower = logsumexp_last(kt::log(w) + normal_info().logcdf(per_component(value), {mu, sigma}));
    Var weighted_sf = w * kt::exp(normal_lcdf(-z));
    sf = kt::sum(weighted_sf, weighted_sf.ndim() - 1);
  }
  return check_weights(kt::switch_(kt::gt(lower, -M_LN2), kt::log1p(-sf), lower), w);
}

Var moment(const std::vector<Var>& p) {
  Var weighted = p[0] * p[1];
  return kt::sum(weighted, weighted.ndim() - 1);
}

}  // namespace

const DistributionInfo& normal_mixture_info() {
  static const DistributionInfo info{"NormalMixture", "NormalMixture", "normal_mixture", logp, logcdf, moment, nullptr};
  return info;
}

}  // namespace detail

Var NormalMixture::dist(Var w, Var mu, Var sigma, const DistOptions& options) {
  return detail::make_rv(random::normal_mixture_random_variable(),
                         {detail::floatx(w), detail::floatx(mu), detail::floatx(sigma)}, options);
}

NormalMixture::NormalMixture(std::string name, Var w, Var mu, Var sigma, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(w, mu, sigma, d); })) {}

}  // namespace kiln::pm
