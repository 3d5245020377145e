// ScalarRandomVariable: per-param constraints, joint checks over broadcast params, and the
// C-order loop that draws one element at a time, and the draw-failure flag of the entries.
#include "random/rv_scalar.hpp"

#include "random/parameter_checks.hpp"

#include <kiln/errors.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <type_traits>
#include <utility>

namespace kiln::random {

namespace {

thread_local bool draw_failed = false;
thread_local std::exception_ptr draw_exception;

// The record's draw of one element, checked; a failure flagged (and its exception kept).
template <class R>
R generic_draw(const ScalarDistribution& d, GeneratorState& s, ParamValues v) noexcept {
  try {
    check_scalar_parameters(d, v);
    if constexpr (std::is_integral_v<R>)
      return d.draw_integer(s, v);
    else
      return d.draw_real(s, v);
  } catch (...) {
    draw_exception = std::current_exception();
    draw_failed = true;
    return R{};
  }
}

void check_constraint(const char* dist, const ScalarParam& param, double value) {
  switch (param.constraint) {
    case Constraint::any: return;
    case Constraint::non_negative: return require_non_negative(dist, param.name, value);
    case Constraint::positive: return require_positive(dist, param.name, value);
    case Constraint::unit_interval: return require_unit_interval(dist, param.name, value);
    case Constraint::positive_unit_interval:
      if (!(value > 0 && value <= 1)) {
        const std::string n(param.name);
        throw_parameter_error(dist, n + " <= 0, " + n + " > 1 or " + n + " is NaN",
                              n + " = " + format_parameter(value));
      }
      return;
  }
}

// Calls f(values) for each element of the params broadcast together, in C order.
template <class F>
void for_each_element(const std::vector<Array>& params, const Shape& shape, F f) {
  std::vector<double> real(params.size());
  std::vector<std::int64_t> integer(params.size());
  const std::int64_t n = shape_size(shape);
  // Scalar parameters (the common case: normal(0, 1, size=n)) are read once.
  if (std::all_of(params.begin(), params.end(), [](const Array& p) { return p.size() == 1; })) {
    for (std::size_t i = 0; i < params.size(); ++i) {
      real[i] = params[i].get_as_double(0);
      integer[i] = is_float(params[i].dtype()) ? static_cast<std::int64_t>(real[i]) : params[i].get_as_int(0);
    }
    for (std::int64_t k = 0; k < n; ++k) f(ParamValues{real.data(), integer.data()}, k);
    return;
  }
  std::vector<Array> views;
  for (const auto& p : params) views.push_back(p.broadcast_to(shape));
  for (std::int64_t k = 0; k < n; ++k) {
    for (std::size_t i = 0; i < views.size(); ++i) {
      real[i] = views[i].get_as_double(k);
      integer[i] = is_float(views[i].dtype()) ? static_cast<std::int64_t>(real[i]) : views[i].get_as_int(k);
    }
    f(ParamValues{real.data(), integer.data()}, k);
  }
}

Shape broadcast_shape(const std::vector<Array>& params, const char* dist) {
  std::size_t ndim = 0;
  for (const auto& p : params) ndim = std::max(ndim, static_cast<std::size_t>(p.ndim()));
  Shape out(ndim, 1);
  for (const auto& p : params) {
    const std::size_t lead = ndim - static_cast<std::size_t>(p.ndim());
    for (std::size_t i = 0; i < p.shape().size(); ++i) {
      const std::int64_t d = p.shape()[i];
      if (d == 1) continue;
      if (out[lead + i] != 1 && out[lead + i] != d)
        throw ValueError(std::string(dist) + ": shape mismatch: the parameters cannot be broadcast together");
      out[lead + i] = d;
    }
  }
  return out;
}

}  // namespace

void flag_draw_failure() noexcept { draw_failed = true; }

bool take_draw_failure() noexcept {
  const bool failed = draw_failed;
  draw_failed = false;
  return failed;
}

std::exception_ptr take_draw_exception() noexcept { return std::exchange(draw_exception, nullptr); }

void check_scalar_parameters(const ScalarDistribution& distribution, ParamValues values) {
  for (std::size_t i = 0; i < distribution.params.size(); ++i)
    check_constraint(distribution.name, distribution.params[i], values.real[i]);
  if (distribution.check) distribution.check(values);
}

ScalarRandomVariable::ScalarRandomVariable(const ScalarDistribution& distribution)
    : RandomVariable(distribution.op_name, 0, std::vector<int>(distribution.params.size(), 0), distribution.dtype,
                     is_float(distribution.dtype),
                     [&] {
                       std::vector<std::string> names;
                       for (const auto& p : distribution.params) names.emplace_back(p.name);
                       return names;
                     }()),
      distribution_(distribution) {}

void ScalarRandomVariable::check_parameters(const std::vector<Array>& params) const {
  for (std::size_t i = 0; i < params.size(); ++i)
    for (std::int64_t k = 0; k < params[i].size(); ++k)
      check_constraint(distribution_.name, distribution_.params[i], params[i].get_as_double(k));
  if (distribution_.check)
    for_each_element(params, broadcast_shape(params, distribution_.name),
                     [&](ParamValues values, std::int64_t) { distribution_.check(values); });
}

void ScalarRandomVariable::check_constant_parameters(const std::vector<Var>& params) const {
  bool all_constant = true;
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (!params[i].is_constant()) {
      all_constant = false;
      continue;
    }
    const Array& value = params[i].constant_value();
    for (std::int64_t k = 0; k < value.size(); ++k)
      check_constraint(distribution_.name, distribution_.params[i], value.get_as_double(k));
  }
  if (all_constant) RandomVariable::check_constant_parameters(params);
}

void ScalarRandomVariable::draw(GeneratorState& s, const std::vector<Array>& params, Array& out) const {
  if (distribution_.fill) return distribution_.fill(s, params, out);
  if (out.dtype() == DType::float64) {
    double* data = out.data<double>();
    for_each_element(params, out.shape(),
                     [&](ParamValues v, std::int64_t k) { data[k] = distribution_.draw_real(s, v); });
  } else {
    std::int64_t* data = out.data<std::int64_t>();
    for_each_element(params, out.shape(),
                     [&](ParamValues v, std::int64_t k) { data[k] = distribution_.draw_integer(s, v); });
  }
}

std::shared_ptr<const RandomVariable> scalar_random_variable(std::string_view name) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const RandomVariable>, std::less<>> ops;
  std::lock_guard lock(mutex);
  auto it = ops.find(name);
  if (it == ops.end())
    it = ops.emplace(std::string(name), std::make_shared<ScalarRandomVariable>(scalar_distribution(name))).first;
  return it->second;
}

}  // namespace kiln::random

extern "C" double kiln_rv_scalar_real(const kiln::random::ScalarDistribution* d, kiln::random::GeneratorState* s,
                                      const double* real, const std::int64_t* integer) noexcept {
  return kiln::random::generic_draw<double>(*d, *s, {real, integer});
}

extern "C" std::int64_t kiln_rv_scalar_integer(const kiln::random::ScalarDistribution* d, kiln::random::GeneratorState* s,
                                               const double* real, const std::int64_t* integer) noexcept {
  return kiln::random::generic_draw<std::int64_t>(*d, *s, {real, integer});
}
