// Points of a model: the moment-based initial point, per-variable log-densities at a point,
// and debug(), which says which variable's term is -inf or NaN there and why.
#include "pm/model_impl.hpp"

#include "pm/distributions/distribution.hpp"

#include <kiln/random/generator.hpp>
#include <kiln/traversal.hpp>

#include <cmath>
#include <random>
#include <sstream>

namespace kiln::pm {

namespace kt = kiln::tensor;

namespace {

// The random variable's shape, drawing it (with upstream variables fixed) when the type
// does not say.
Shape rv_shape(const Var& rv, const std::vector<std::pair<Var, Var>>& known) {
  if (auto shape = known_shape(rv.type())) return *shape;
  Var shape = kt::shape(clone_replace({rv}, known)[0]);
  return shape.eval().to_vector<std::int64_t>();
}

bool all_finite(const Array& a) {
  for (double x : a.to_vector<double>())
    if (!std::isfinite(x)) return false;
  return true;
}

Givens point_givens(const std::vector<Var>& values, const Point& point) {
  Givens givens;
  for (const auto& v : values) givens.emplace_back(v, point.at(v.name()).astype(v.dtype()));
  return givens;
}

}  // namespace

std::optional<Shape> known_shape(const TensorType& type) {
  if (!type.fully_known()) return std::nullopt;
  Shape shape;
  for (const auto& d : type.shape()) shape.push_back(*d);
  return shape;
}

Point Model::initial_point(const InitialPointOptions& options) const {
  std::optional<random::Generator> jitter;
  if (options.jitter) jitter.emplace(options.random_seed.value_or(std::random_device{}()));
  std::vector<std::pair<Var, Var>> known;  // each variable -> its constrained initial value
  Point point;
  for (const auto& v : impl_->variables) {
    if (v.observed) {
      known.emplace_back(v.rv, v.value);
      continue;
    }
    const auto& info = detail::distribution_of(v.rv);
    Array moment = clone_replace({info.moment(detail::rv_params(v.rv))}, known)[0].eval();
    Array constrained = moment.broadcast_to(rv_shape(v.rv, known)).astype(v.rv.dtype());
    known.emplace_back(v.rv, make_constant(constrained));
    Array value = (v.transform ? v.transform->forward(Var(constrained)).eval() : constrained).astype(v.value.dtype());
    if (jitter && is_float(value.dtype()))
      for (std::int64_t i = 0; i < value.size(); ++i) value.set_from_double(i, value.get_as_double(i) + jitter->uniform(-1.0, 1.0));
    point[v.value.name()] = value;
  }
  return point;
}

Point Model::point_logps(const Point& point) const {
  auto terms = replace_checks(logp({.sum = false}), impl_->options.check_bounds);
  auto values = evaluate(terms, point_givens(value_vars(), point));
  Point out;
  const auto names = impl_->term_names();
  for (std::size_t i = 0; i < terms.size(); ++i) {
    double total = 0;
    for (double x : values[i].to_vector<double>()) total += x;
    out[names[i]] = Array(total);
  }
  return out;
}

std::string Model::debug(const Point& point) const {
  std::ostringstream report;
  const auto givens = point_givens(value_vars(), point);
  for (const auto& [var, value] : givens)
    if (is_float(value.dtype()) && !all_finite(value))
      report << "The value of " << var.name() << " is not finite: " << repr(value) << "\n";
  auto terms = logp({.sum = false});
  auto bounded = evaluate(replace_checks(terms, true), givens);
  const auto names = impl_->term_names();
  for (std::size_t i = 0; i < terms.size(); ++i) {
    if (all_finite(bounded[i])) continue;
    const std::string& name = names[i];
    std::string why;
    try {
      Array raw = evaluate({terms[i]}, givens)[0];
      bool has_nan = false;
      for (double x : raw.to_vector<double>()) has_nan = has_nan || std::isnan(x);
      why = has_nan ? "its log-density is NaN" : "its value is outside the support of the distribution";
    } catch (const ParameterValueError& e) {
      why = std::string("a parameter check failed: ") + e.what();
    }
    report << "The logp of " << name << " is " << repr(bounded[i]) << ": " << why << "\n";
  }
  return report.str();
}

}  // namespace kiln::pm
