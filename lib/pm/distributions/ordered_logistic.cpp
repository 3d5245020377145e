// OrderedLogistic(eta, cutpoints): PyMC builds it as a Categorical over len(cutpoints) + 1
// classes whose p are differences of sigmoid(cutpoints - eta) (the cumulative probabilities
// padded with 0 and 1), and keeps p as the Deterministic `<name>_probs`.
#include "pm/distributions/distribution.hpp"

#include <kiln/pm/model.hpp>

namespace kiln::pm {

namespace detail {

// a[..., from:to] along the last axis.
Var last_axis_slice(const Var& a, std::optional<std::int64_t> from, std::optional<std::int64_t> to) {
  std::vector<kt::Index> index(static_cast<std::size_t>(a.ndim() - 1), kt::Index(Slice{}));
  index.emplace_back(Slice{from, to, std::nullopt});
  return kt::subtensor(a, index);
}

// x[..., None]
Var pad_right(const Var& x) {
  std::vector<int> order;
  for (int i = 0; i < x.ndim(); ++i) order.push_back(i);
  order.push_back(-1);
  return kt::dimshuffle(x, order);
}

}  // namespace detail

Var OrderedLogistic::compute_p(Var eta, Var cutpoints) {
  Var pa = kt::sigmoid(detail::floatx(cutpoints) - detail::pad_right(detail::floatx(eta)));
  Var first = detail::last_axis_slice(pa, 0, 1);
  Var p_cum = kt::concatenate({kt::zeros_like(first), pa, kt::ones_like(first)}, pa.ndim() - 1);
  return detail::last_axis_slice(p_cum, 1, std::nullopt) - detail::last_axis_slice(p_cum, std::nullopt, -1);
}

Var OrderedLogistic::dist(Var eta, Var cutpoints, const DistOptions& options) {
  return Categorical::dist(compute_p(std::move(eta), std::move(cutpoints)), options);
}

OrderedLogistic::OrderedLogistic(std::string name, Var eta, Var cutpoints, const VarOptions& options, bool keep_p)
    : Var([&] {
        Var p = compute_p(eta, cutpoints);
        if (keep_p) p = Deterministic(name + "_probs", p);
        return Categorical(name, p, options);
      }()) {}

}  // namespace kiln::pm
