// Censored(dist, lower, upper), as PyMC's: values at a bound carry the mass beyond it (the
// log-CDF at lower, the log survival function at upper), values between carry the density, and
// draws are the distribution's clipped to [lower, upper]. One record per distribution with a
// logcdf, made from that distribution's record (rv_name "censored_<its rv_name>").
#include "pm/distributions/wrappable.hpp"

#include "random/rv_pymc.hpp"

#include <string>

namespace kiln::pm {

namespace detail {
namespace {

std::vector<Var> inner_params(const std::vector<Var>& p) { return {p.begin(), p.end() - 2}; }

// PyMC's support point: from the bounds only (0, upper - 1, lower + 1 or the midpoint).
Var censored_moment(const std::vector<Var>& p) {
  const Var &lower = p[p.size() - 2], &upper = p[p.size() - 1];
  const Var inf(HUGE_VAL);
  return kt::switch_(kt::eq(lower, -inf), kt::switch_(kt::isinf(upper), Var(0.0), upper - 1.0),
                     kt::switch_(kt::eq(upper, inf), lower + 1.0, (lower + upper) / 2.0));
}

template <InfoFn Inner, bool discrete>
struct CensoredOf {
  static Var logp(const Var& value, const std::vector<Var>& p) {
    const auto& inner = Inner();
    const Var &lower = p[p.size() - 2], &upper = p[p.size() - 1];
    const std::vector<Var> params = inner_params(p);
    // A run-time test: the sanitizer builds do not fold a comparison of two functions' addresses
    // to a constant, so `if constexpr` does not compile there.
    if (Inner == normal_info) {
      // P(X >= v) = Phi(-z): one log-CDF per element serves both bounds, where the general
      // log1mexp(logcdf) adds a second special function (and its gradient) to every element.
      const Var &mu = params[0], &sigma = params[1];
      const Var z = (value - mu) / sigma;
      Var bound = check_parameters(normal_lcdf(kt::switch_(kt::eq(value, upper), -z, z)), {sigma > 0}, "sigma > 0");
      Var res = kt::switch_(kt::or_(kt::eq(value, lower), kt::eq(value, upper)), bound, inner.logp(value, params));
      return in_support(kt::and_(kt::ge(value, lower), kt::le(value, upper)), res);
    }
    // P(X >= upper): 1 - F(upper - 1) for counts, 1 - F(upper) otherwise.
    Var log_sf = kt::log1mexp(inner.logcdf(discrete ? value - 1 : value, params));
    Var res = kt::switch_(kt::eq(value, lower), inner.logcdf(value, params),
                          kt::switch_(kt::eq(value, upper), log_sf, inner.logp(value, params)));
    return in_support(kt::and_(kt::ge(value, lower), kt::le(value, upper)), res);
  }

  static Var logcdf(const Var& value, const std::vector<Var>& p) {
    const Var &lower = p[p.size() - 2], &upper = p[p.size() - 1];
    return kt::switch_(kt::lt(value, lower), neg_inf(),
                       kt::switch_(kt::ge(value, upper), Var(0.0), Inner().logcdf(value, inner_params(p))));
  }

  static Var moment(const std::vector<Var>& p) {
    return discrete ? kt::cast(censored_moment(p), DType::int64) : censored_moment(p);
  }

  static const DistributionInfo& info() {
    static const std::string rv_name = std::string("censored_") + Inner().rv_name;
    static const DistributionInfo record{"Censored", "Censored", rv_name.c_str(), logp, logcdf, moment, nullptr};
    return record;
  }
};

constexpr auto censorable = wrap_all<CensoredOf>();

}  // namespace

const DistributionInfo* censored_distribution(const std::string& rv_name) { return find_record(censorable, rv_name); }

}  // namespace detail

Var Censored::dist(Var dist, Var lower, Var upper, const DistOptions& options) {
  auto inner = detail::rv_op(dist);
  if (inner->ndim_supp() > 0) throw InputError("Censored: " + inner->name() + " is multivariate");
  const std::string name = "censored_" + inner->rv_name();
  if (!detail::censored_distribution(name))
    throw InputError("Censored: " + inner->rv_name() + " has no logcdf to censor with");
  std::vector<Var> params = detail::rv_params(dist);
  params.push_back(detail::floatx(lower));
  params.push_back(detail::floatx(upper));
  auto op =
      random::censored_random_variable(std::dynamic_pointer_cast<const random::RandomVariable>(dist.owner()->op_ptr()));
  return detail::make_rv(std::move(op), std::move(params), options);
}

Censored::Censored(std::string name, Var dist, Var lower, Var upper, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options,
                              [&](const DistOptions& d) { return Censored::dist(dist, lower, upper, d); })) {}

}  // namespace kiln::pm
