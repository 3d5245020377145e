// Categorical(p | logit_p): an index into a vector of (normalised) probabilities. p may be
// batched, (..., k): each element reads the vector at its batch position, as PyMC's
// pm.Categorical("y", p=theta[group]) with an (N, k) p.
#include "pm/distributions/distribution.hpp"

#include "random/rv_multivariate.hpp"
#include "rewrite/match.hpp"

namespace kiln::pm {

namespace detail {
namespace {

// z when p = exp(z) (as Categorical builds p from logit_p): null otherwise.
Var log_of(const Var& p) {
  auto owner = rewrite::owner_if(p, tensor::ScalarOp::exp);
  return owner ? owner->inputs()[0] : Var();
}

// log(p / sum(p)) along the last axis; from the logits z - logsumexp(z) when p = exp(z), which
// stays finite where exp(z) underflows.
Var log_probabilities(const Var& p) {
  const int last = p.ndim() - 1;
  if (Var z = log_of(p)) {
    Var m = kt::max(z, last, true);
    return z - (m + kt::log(kt::sum(kt::exp(z - m), last, true)));
  }
  return kt::log(p / kt::sum(p, last, true));
}

// Values outside 0..k-1 gather a clipped index, then the switch gives them -inf. A batched
// table is read through a one-hot mask over its k categories.
Var logp(const Var& value, const std::vector<Var>& p) {
  if (p[0].ndim() < 1) throw TypeError("Categorical: p must have at least one dim, got " + p[0].type().str());
  Var table = log_probabilities(p[0]);
  Var k = kt::shape(p[0])[p[0].ndim() - 1];
  Var index = kt::cast(kt::clip(value, Var(0), k - 1), DType::int64);
  Var res;
  if (p[0].ndim() == 1) {
    res = table[index];
  } else {
    const auto categories = p[0].type().shape().back();
    if (!categories)
      throw TypeError("Categorical: a batched p needs a known number of categories, got " + p[0].type().str());
    std::vector<std::int64_t> range(static_cast<std::size_t>(*categories));
    for (std::size_t j = 0; j < range.size(); ++j) range[j] = static_cast<std::int64_t>(j);
    std::vector<int> column;
    for (int axis = 0; axis < index.ndim(); ++axis) column.push_back(axis);
    column.push_back(-1);
    Var hit = kt::eq(kt::dimshuffle(index, column), kt::constant(Array(range)));
    res = kt::sum(kt::switch_(hit, table, Var(0.0)), -1);
  }
  res = in_support(kt::and_(kt::ge(value, 0), kt::lt(value, k)), res);
  return check_parameters(res, {kt::ge(p[0], 0), kt::le(p[0], 1)}, "0 <= p <= 1");
}

// The most probable category, as PyMC's: argmax of p along its last axis.
Var moment(const std::vector<Var>& p) { return kt::argmax(p[0], -1); }

}  // namespace

const DistributionInfo& categorical_info() {
  static const DistributionInfo info{"Categorical", "Cat", "categorical", logp, nullptr, moment, nullptr};
  return info;
}

}  // namespace detail

Var Categorical::dist(Var p, const DistOptions& options) {
  return detail::make_rv(random::categorical_random_variable(), {detail::floatx(p)}, options);
}

Categorical::Categorical(std::string name, Var p, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(p, d); })) {}

// p = exp(log_softmax(logit_p)), whose log the log-density reads back exactly.
Var Categorical::dist(const ProbOrLogit& params, const DistOptions& options) {
  const Var& given = detail::one_of("Categorical", "p", params.p, "logit_p", params.logit_p);
  if (params.p) return dist(given, options);
  Var z = detail::floatx(given);
  const int last = z.ndim() - 1;
  Var m = kt::max(z, last, true);
  return dist(kt::exp(z - (m + kt::log(kt::sum(kt::exp(z - m), last, true)))), options);
}

Categorical::Categorical(std::string name, const ProbOrLogit& params, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(params, d); })) {}

}  // namespace kiln::pm
