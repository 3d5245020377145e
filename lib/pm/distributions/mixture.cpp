// Mixture(w, components), as PyMC's: the log-density and log-CDF are the log-sum-exp over the
// components of log w_k plus the component's (the log-CDF from the survival functions where it
// passes 1/2, so its upper tail keeps its digits); the moment is sum(w_k moment_k), rounded for
// counts; the default transform is the components' when they all share one parameter-free
// transform. The op's params are w and the component variables themselves, so the formulas
// read each component's record and parameters from its node (the component nodes draw; the
// mixture picks among their draws).
#include "pm/distributions/distribution.hpp"

#include <kiln/pm/mixture.hpp>

#include "random/rv_pymc.hpp"

#include <cmath>

namespace kiln::pm {

namespace detail {

Var logsumexp_terms(const std::vector<Var>& terms) {
  Var top = terms[0];
  for (std::size_t k = 1; k < terms.size(); ++k) top = kt::maximum(top, terms[k]);
  Var shift = kt::switch_(kt::isinf(top), kt::zeros_like(top), top);
  Var total = kt::exp(terms[0] - shift);
  for (std::size_t k = 1; k < terms.size(); ++k) total = total + kt::exp(terms[k] - shift);
  return shift + kt::log(total);
}

namespace {

// x[..., k]: one component's weight.
Var last_at(const Var& x, std::int64_t k) {
  std::vector<kt::Index> index(static_cast<std::size_t>(x.ndim() - 1), kt::Index(Slice{}));
  index.emplace_back(k);
  return kt::subtensor(x, index);
}

Var with_last_axis(const Var& x) {
  std::vector<int> order;
  for (int i = 0; i < x.ndim(); ++i) order.push_back(i);
  order.push_back(-1);
  return kt::dimshuffle(x, order);
}

Var check_weights(const Var& res, const Var& w) {
  return check_parameters(res, {kt::ge(w, 0), kt::le(w, 1), kt::lt(kt::abs(kt::sum(w, w.ndim() - 1) - 1.0), 1e-8)},
                          "0 <= weights <= 1, 1 == sum(weights)");
}

std::vector<Var> components(const std::vector<Var>& p) { return {p.begin() + 1, p.end()}; }

// Each component's term at `value` (a list), or the (..., k) terms of the stacked component.
template <bool stacked>
struct MixtureOf {
  using Term = Var (*)(const DistributionInfo&, const Var&, const std::vector<Var>&);

  static Var mix(const Var& value, const std::vector<Var>& p, Term term) {
    const Var& w = p[0];
    if constexpr (stacked) {
      const Var& c = p[1];
      return logsumexp_last(kt::log(w) + term(distribution_of(c), with_last_axis(value), rv_params(c)));
    } else {
      std::vector<Var> terms;
      const auto comps = components(p);
      for (std::size_t k = 0; k < comps.size(); ++k)
        terms.push_back(kt::log(last_at(w, static_cast<std::int64_t>(k))) +
                        term(distribution_of(comps[k]), value, rv_params(comps[k])));
      return logsumexp_terms(terms);
    }
  }

  static Var logp(const Var& value, const std::vector<Var>& p) {
    return check_weights(mix(value, p, [](const DistributionInfo& d, const Var& v, const std::vector<Var>& q) {
                           return d.logp(v, q);
                         }),
                         p[0]);
  }

  // 1 - F_k(value): by symmetry for normals (exact in the upper tail), else -expm1(logcdf_k).
  static Var survival(const DistributionInfo& d, const Var& v, const std::vector<Var>& q) {
    if (&d == &normal_info()) return kt::exp(normal_lcdf((q[0] - v) / q[1]));
    return -kt::expm1(d.logcdf(v, q));
  }

  static Var logcdf(const Var& value, const std::vector<Var>& p) {
    auto component_logcdf = [](const DistributionInfo& d, const Var& v, const std::vector<Var>& q) {
      if (!d.logcdf) throw ModelError(std::string("Mixture: component ") + d.name + " has no logcdf");
      return d.logcdf(v, q);
    };
    Var lower = mix(value, p, component_logcdf);
    // sum_k w_k sf_k, where the mixture's cdf passes 1/2.
    Var sf;
    const Var& w = p[0];
    if constexpr (stacked) {
      const Var& c = p[1];
      Var weighted = w * survival(distribution_of(c), with_last_axis(value), rv_params(c));
      sf = kt::sum(weighted, weighted.ndim() - 1);
    } else {
      const auto comps = components(p);
      for (std::size_t k = 0; k < comps.size(); ++k) {
        Var weighted =
            last_at(w, static_cast<std::int64_t>(k)) * survival(distribution_of(comps[k]), value, rv_params(comps[k]));
        sf = k == 0 ? weighted : sf + weighted;
      }
    }
    return check_weights(kt::switch_(kt::gt(lower, -M_LN2), kt::log1p(-kt::minimum(sf, Var(0.5))), lower), w);
  }

  static Var moment(const std::vector<Var>& p) {
    const Var& w = p[0];
    Var mean;
    bool discrete;
    if constexpr (stacked) {
      const Var& c = p[1];
      Var weighted = w * distribution_of(c).moment(rv_params(c));
      mean = kt::sum(weighted, weighted.ndim() - 1);
      discrete = !is_float(c.dtype());
    } else {
      const auto comps = components(p);
      for (std::size_t k = 0; k < comps.size(); ++k) {
        Var weighted = last_at(w, static_cast<std::int64_t>(k)) * distribution_of(comps[k]).moment(rv_params(comps[k]));
        mean = k == 0 ? weighted : mean + weighted;
      }
      discrete = !is_float(comps[0].dtype());
    }
    return discrete ? kt::cast(kt::round(mean), DType::int64) : mean;
  }

  // The components' transform when every one has the same parameter-free transform (the same
  // object: log, logodds, ...); none otherwise.
  static TransformPtr transform(const std::vector<Var>& p) {
    TransformPtr shared;
    const auto comps = components(p);
    for (std::size_t k = 0; k < comps.size(); ++k) {
      const auto& d = distribution_of(comps[k]);
      TransformPtr t = d.transform ? d.transform(rv_params(comps[k])) : nullptr;
      if (!t || (k > 0 && t != shared)) return nullptr;
      shared = t;
    }
    return shared;
  }
};

}  // namespace

const DistributionInfo& mixture_info() {
  using M = MixtureOf<false>;
  static const DistributionInfo info{"Mixture", "Mixture", "mixture", M::logp, M::logcdf, M::moment, M::transform};
  return info;
}

const DistributionInfo& stacked_mixture_info() {
  using M = MixtureOf<true>;
  static const DistributionInfo info{"Mixture", "Mixture", "stacked_mixture", M::logp, M::logcdf, M::moment,
                                     M::transform};
  return info;
}

namespace {

// The batch shape every component takes: the size asked for, else the broadcast of w's batch
// dims and the components' (each static), else none (the components stay as given).
std::optional<Shape> batch_shape(const Var& w, const std::vector<Var>& comps, bool stacked, const Shape& size) {
  if (!size.empty()) return size;
  std::vector<StaticShape> shapes{StaticShape(w.type().shape().begin(), w.type().shape().end() - 1)};
  for (const Var& c : comps) {
    const auto& s = c.type().shape();
    shapes.emplace_back(s.begin(), s.end() - (stacked ? 1 : 0));
  }
  std::size_t ndim = 0;
  for (const auto& s : shapes) ndim = std::max(ndim, s.size());
  Shape out(ndim, 1);
  for (const auto& s : shapes)
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (!s[i]) return std::nullopt;
      auto& o = out[ndim - s.size() + i];
      if (*s[i] != 1) o = *s[i];
    }
  return out;
}

Var build(Var w, const std::vector<Var>& comp_dists, bool stacked, const DistOptions& options) {
  if (comp_dists.empty()) throw InputError("Mixture: no components");
  const bool discrete = !is_float(comp_dists[0].dtype());
  for (const Var& c : comp_dists) {
    const auto* op = rv_op(c);
    if (op->ndim_supp() != 0)
      throw InputError("Mixture: component " + op->rv_name() + " is multivariate; components must be univariate");
    if (is_float(c.dtype()) == discrete)
      throw InputError("Mixture: the components must all be discrete or all continuous (same support)");
    distribution_of(c);
  }
  w = floatx(w);
  if (w.ndim() == 0) throw InputError("Mixture: w must have the components along its last axis");
  const auto k = w.type().shape().back();
  if (!stacked && k && *k != static_cast<std::int64_t>(comp_dists.size()))
    throw InputError("Mixture: w has " + std::to_string(*k) + " weights for " + std::to_string(comp_dists.size()) +
                     " components");
  // Every component draws the whole batch: resized as PyMC's change_dist_size, same generator.
  std::vector<Var> params{w};
  const auto batch = batch_shape(w, comp_dists, stacked, options.size);
  for (const Var& c : comp_dists) {
    if (!batch) {
      params.push_back(c);
      continue;
    }
    Shape size = *batch;
    if (stacked) size.push_back(c.type().shape().back().value_or(k.value_or(1)));
    params.push_back(make_rv(std::dynamic_pointer_cast<const random::RandomVariable>(c.owner()->op_ptr()),
                             rv_params(c), {.size = size, .rng = c.owner()->inputs()[0]}));
  }
  auto op = random::mixture_random_variable(comp_dists.size(), stacked, discrete ? DType::int64 : DType::float64);
  return make_rv(std::move(op), std::move(params), options);
}

}  // namespace

}  // namespace detail

Var Mixture::dist(Var w, const std::vector<Var>& comp_dists, const DistOptions& options) {
  return detail::build(std::move(w), comp_dists, false, options);
}

Var Mixture::dist(Var w, Var comp_dist, const DistOptions& options) {
  if (comp_dist.ndim() == 0) throw InputError("Mixture: a single component must hold the components along its last axis");
  return detail::build(std::move(w), {comp_dist}, true, options);
}

Mixture::Mixture(std::string name, Var w, const std::vector<Var>& comp_dists, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options,
                              [&](const DistOptions& d) { return dist(w, comp_dists, d); })) {}

Mixture::Mixture(std::string name, Var w, Var comp_dist, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(w, comp_dist, d); })) {}

}  // namespace kiln::pm
