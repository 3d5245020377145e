// OrderedProbit(eta, cutpoints, sigma): PyMC's Categorical whose p are the normal's mass
// between consecutive cutpoints around eta, computed in log space (the upper tail of the first
// class, log differences of normal cdfs, the lower tail of the last), kept as `<name>_probs`.
#include "pm/distributions/distribution.hpp"

#include <kiln/pm/model.hpp>

namespace kiln::pm {

namespace detail {
Var last_axis_slice(const Var& a, std::optional<std::int64_t> from, std::optional<std::int64_t> to);
Var pad_right(const Var& x);
}  // namespace detail

Var OrderedProbit::compute_p(Var eta, Var cutpoints, Var sigma) {
  using detail::last_axis_slice;
  Var s = detail::pad_right(detail::floatx(sigma));
  // (eta - c_k) / sigma for each cutpoint; class k lies between cutpoints k - 1 and k.
  Var z = (detail::pad_right(detail::floatx(eta)) - detail::floatx(cutpoints)) / s;
  Var upper = last_axis_slice(z, std::nullopt, -1), lower = last_axis_slice(z, 1, std::nullopt);
  // log(Phi(upper) - Phi(lower)), each side from its tail: Phi(u) - Phi(l) = Phi(-l) - Phi(-u).
  Var middle =
      kt::switch_(kt::gt(lower, 0.0), detail::log_diff_exp(detail::normal_lcdf(-lower), detail::normal_lcdf(-upper)),
                  detail::log_diff_exp(detail::normal_lcdf(upper), detail::normal_lcdf(lower)));
  Var log_p = kt::concatenate({detail::normal_lcdf(-last_axis_slice(z, 0, 1)), middle,
                               detail::normal_lcdf(last_axis_slice(z, -1, std::nullopt))},
                              z.ndim() - 1);
  return kt::exp(log_p);
}

Var OrderedProbit::dist(Var eta, Var cutpoints, Var sigma, const DistOptions& options) {
  return Categorical::dist(compute_p(std::move(eta), std::move(cutpoints), std::move(sigma)), options);
}

OrderedProbit::OrderedProbit(std::string name, Var eta, Var cutpoints, Var sigma, const VarOptions& options,
                             bool keep_p)
    : Var([&] {
        Var p = compute_p(eta, cutpoints, sigma);
        if (keep_p) p = Deterministic(name + "_probs", p);
        return Categorical(name, p, options);
      }()) {}

}  // namespace kiln::pm
