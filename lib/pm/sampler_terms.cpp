// The forms of a distribution's log-density that compile_logp_dlogp compiles instead of the
// checked graph Model::logp returns. The sampler's logp is only ever a sum of the terms, and
// its gradient only matters where that sum is finite, so neither needs PyMC's graph as it is:
// a parameter check can reject element by element, and a support switch can be left out of
// the gradient.
#include "pm/model_impl.hpp"

#include "pm/distributions/distribution.hpp"
#include "tensor/check.hpp"
#include "tensor/elemwise.hpp"
#include "tensor/join.hpp"
#include "tensor/reduce.hpp"

#include <cmath>

namespace kiln::pm {

namespace {

std::shared_ptr<Apply> check_node(const Var& v) {
  auto owner = v.owner();
  return owner && dynamic_cast<const kt::CheckAndRaise*>(&owner->op()) ? owner : nullptr;
}

bool all_neg_inf(const Var& v) {
  if (!v.is_constant() || v.constant_value().size() == 0) return false;
  const Array& a = v.constant_value();
  for (std::int64_t i = 0; i < a.size(); ++i)
    if (a.get_as_double(i) != -INFINITY) return false;
  return true;
}

// switch(condition, logp, -inf): a distribution's support switch (detail::in_support).
std::shared_ptr<Apply> support_switch(const Var& v) {
  auto owner = v.owner();
  auto* e = owner ? dynamic_cast<const kt::Elemwise*>(&owner->op()) : nullptr;
  if (!e || e->scalar() != kt::ScalarOp::switch_ || !all_neg_inf(owner->inputs()[2])) return nullptr;
  return owner;
}

// The input of a full All reduction, or null.
Var all_of(const Var& v) {
  auto owner = v.owner();
  auto* r = owner ? dynamic_cast<const kt::Reduce*>(&owner->op()) : nullptr;
  if (!r || r->kind() != kt::ReduceKind::all) return Var();
  Var in = owner->inputs()[0];
  return !r->axis() || static_cast<int>(r->axis()->size()) == in.ndim() ? in : Var();
}

// The conditions of a check, with check_parameters' gathering All(MakeVector(All(c1), ...))
// taken apart into c1, ...
std::vector<Var> check_conditions(const Apply& check) {
  std::vector<Var> out;
  for (std::size_t i = 1; i < check.inputs().size(); ++i) {
    const Var& c = check.inputs()[i];
    Var gathered = all_of(c);
    auto mv = gathered ? gathered.owner() : nullptr;
    if (!mv || !dynamic_cast<const kt::MakeVector*>(&mv->op())) {
      out.push_back(c);
      continue;
    }
    for (const auto& part : mv->inputs()) {
      Var inner = all_of(part);
      out.push_back(inner ? inner : part);
    }
  }
  return out;
}

// True when broadcasting `c` against `value` cannot change value's shape, as far as the types
// know (an unknown dim that could broadcast is not taken on trust).
bool fits_within(const TensorType& c, const TensorType& value) {
  if (c.ndim() > value.ndim()) return false;
  const int offset = value.ndim() - c.ndim();
  for (int d = 0; d < c.ndim(); ++d) {
    const auto& cd = c.shape()[static_cast<std::size_t>(d)];
    const auto& vd = value.shape()[static_cast<std::size_t>(d + offset)];
    if (cd && *cd == 1) continue;
    if (!cd || !vd || *cd != *vd) return false;
  }
  return true;
}

bool same_pattern(const TensorType& a, const TensorType& b) {
  if (a.ndim() != b.ndim()) return false;
  for (int d = 0; d < a.ndim(); ++d)
    if (a.broadcastable(d) != b.broadcastable(d)) return false;
  return true;
}

Var as_bool(const Var& c) { return c.dtype() == DType::bool_ ? c : kt::neq(c, Var(0)); }
Var both(const Var& a, const Var& b) { return a ? kt::and_(a, b) : b; }

}  // namespace

// Check{...}(logp, conditions) -> switch(conditions, logp, -inf), where a condition that lines
// up with the elements of logp rejects just its own elements (in the sum, the same -inf, with
// no separate pass over the parameters) and the others reject the whole term. A term whose
// other elements are +inf or NaN then sums to NaN rather than -inf: either way the sampler
// sees a point it must reject.
Var summed_form(const Var& logp, bool check_bounds) {
  auto check = check_node(logp);
  if (!check) return logp;
  Var value = check->inputs()[0];
  if (!check_bounds) return value;
  Var per_element, whole;
  for (const auto& c : check_conditions(*check)) {
    if (c.ndim() == 0)
      whole = both(whole, as_bool(c));
    else if (fits_within(c.type(), value.type()))
      per_element = both(per_element, as_bool(c));
    else
      whole = both(whole, kt::all(c));
  }
  if (per_element) value = kt::switch_(per_element, value, detail::neg_inf());
  if (whole) value = kt::switch_(whole, value, detail::neg_inf());
  return value;
}

// The log-density with its checks and support switches left out: the gradient of the sampler's
// logp. Where a switch would choose -inf the logp is -inf and the point is rejected whatever
// the gradient; elsewhere the switch passes the gradient through unchanged, so computing it
// (and the condition it reads) buys nothing. Checks do not enter gradients at all.
Var differentiated_form(const Var& logp) {
  if (auto check = check_node(logp)) return differentiated_form(check->inputs()[0]);
  auto sw = support_switch(logp);
  if (!sw) return logp;
  Var inner = differentiated_form(sw->inputs()[1]);
  if (inner.dtype() != logp.dtype()) inner = kt::cast(inner, logp.dtype());
  // Keep the switch's shape: its condition may broadcast a scalar log-density over the values.
  if (!same_pattern(inner.type(), logp.type())) inner = kt::second(sw->inputs()[0], inner);
  return same_pattern(inner.type(), logp.type()) ? inner : kt::second(logp, inner);
}

}  // namespace kiln::pm
