// Truncated(dist, lower, upper), as PyMC's: the density renormalized to [lower, upper] (the
// log-mass inside subtracted, from the log-CDF at the bounds; a count's lower bound includes
// lower itself), -inf outside; draws are redrawn until inside. A bound given as a constant
// infinity does not truncate that side. Truncated(Normal) is TruncatedNormal, as in PyMC.
#include "pm/distributions/wrappable.hpp"

#include "random/rv_pymc.hpp"

#include <string>

namespace kiln::pm {

namespace detail {
namespace {

bool is_constant_inf(const Var& v, double sign) {
  if (!v.is_constant()) return false;
  const Array& a = v.constant_value();
  for (std::int64_t i = 0; i < a.size(); ++i)
    if (a.get_as_double(i) != sign * HUGE_VAL) return false;
  return true;
}

template <InfoFn Inner, bool discrete>
struct TruncatedOf {
  struct Parts {
    std::vector<Var> params;
    Var lower, upper;
    bool has_lower, has_upper;
  };
  static Parts parts(const std::vector<Var>& p) {
    const Var &lower = p[p.size() - 2], &upper = p[p.size() - 1];
    return {{p.begin(), p.end() - 2}, lower, upper, !is_constant_inf(lower, -1), !is_constant_inf(upper, 1)};
  }

  // log of the inner mass inside [lower, upper] (lower - 1 for counts, so lower is inside).
  static Var log_norm(const Parts& t, const Var& like) {
    const auto& inner = Inner();
    Var at_lower = inner.logcdf(kt::second(like, discrete ? t.lower - 1.0 : t.lower), t.params);
    Var at_upper = inner.logcdf(kt::second(like, t.upper), t.params);
    if (t.has_lower && t.has_upper) return log_diff_exp(at_upper, at_lower);
    if (t.has_lower) return kt::log1mexp(at_lower);
    if (t.has_upper) return at_upper;
    return Var(0.0);
  }

  static Var bounded(const Parts& t, const Var& value, Var res, const Var& above) {
    if (t.has_lower) res = kt::switch_(kt::lt(value, t.lower), neg_inf(), res);
    if (t.has_upper) res = kt::switch_(kt::le(value, t.upper), res, above);
    if (t.has_lower && t.has_upper)
      res = check_parameters(res, {kt::le(t.lower, t.upper)}, "lower_bound <= upper_bound");
    return res;
  }

  static Var logp(const Var& value, const std::vector<Var>& p) {
    Parts t = parts(p);
    Var like = kt::cast(value, DType::float64);
    return bounded(t, value, Inner().logp(value, t.params) - log_norm(t, like), neg_inf());
  }

  static Var logcdf(const Var& value, const std::vector<Var>& p) {
    Parts t = parts(p);
    Var like = kt::cast(value, DType::float64);
    Var numerator = Inner().logcdf(value, t.params);
    if (t.has_lower)
      numerator =
          log_diff_exp(numerator, Inner().logcdf(kt::second(like, discrete ? t.lower - 1.0 : t.lower), t.params));
    return bounded(t, value, numerator - log_norm(t, like), Var(0.0));
  }

  // PyMC's support point: the inner one where it lies inside, else (upper - lower) / 2 (as
  // PyMC writes it), lower + 1 or upper - 1.
  static Var moment(const std::vector<Var>& p) {
    const Var &lower = p[p.size() - 2], &upper = p[p.size() - 1];
    Var inner = Inner().moment({p.begin(), p.end() - 2});
    Var fallback = kt::switch_(kt::and_(kt::invert(kt::isinf(lower)), kt::invert(kt::isinf(upper))),
                               (upper - lower) / 2.0, kt::switch_(kt::isinf(upper), lower + 1.0, upper - 1.0));
    Var res = kt::switch_(kt::and_(kt::ge(inner, lower), kt::le(inner, upper)), inner, fallback);
    return discrete ? kt::cast(res, DType::int64) : res;
  }

  // Continuous: the interval transform over the finite bounds; counts: none.
  static TransformPtr transform(const std::vector<Var>& p) {
    if (discrete) return nullptr;
    Parts t = parts(p);
    if (t.has_lower && t.has_upper) return transforms::interval(t.lower, t.upper);
    if (t.has_lower) return transforms::lower_bound(t.lower);
    if (t.has_upper) return transforms::upper_bound(t.upper);
    return nullptr;
  }

  static const DistributionInfo& info() {
    static const std::string rv_name = std::string("truncated_") + Inner().rv_name;
    static const DistributionInfo record{"Truncated", "Truncated", rv_name.c_str(), logp, logcdf, moment, transform};
    return record;
  }
};

constexpr auto truncatable = wrap_all<TruncatedOf>();

}  // namespace

const DistributionInfo* truncated_distribution(const std::string& rv_name) { return find_record(truncatable, rv_name); }

}  // namespace detail

Var Truncated::dist(Var dist, Var lower, Var upper, const DistOptions& options) {
  auto inner = detail::rv_op(dist);
  if (inner->ndim_supp() > 0) throw InputError("Truncated: " + inner->name() + " is multivariate");
  std::vector<Var> params = detail::rv_params(dist);
  if (inner->rv_name() == "normal") return TruncatedNormal::dist(params[0], params[1], lower, upper, options);
  if (!detail::truncated_distribution("truncated_" + inner->rv_name()))
    throw InputError("Truncated: " + inner->rv_name() + " has no logcdf to truncate with");
  params.push_back(detail::floatx(lower));
  params.push_back(detail::floatx(upper));
  auto op = random::truncated_random_variable(
      std::dynamic_pointer_cast<const random::RandomVariable>(dist.owner()->op_ptr()));
  return detail::make_rv(std::move(op), std::move(params), options);
}

Truncated::Truncated(std::string name, Var dist, Var lower, Var upper, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options,
                              [&](const DistOptions& d) { return Truncated::dist(dist, lower, upper, d); })) {}

}  // namespace kiln::pm
