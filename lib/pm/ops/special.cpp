// The special-function Op: type rule, printed name, reference evaluation via Boost.Math and
// gradients (analytic in x; central differences in the shape parameters, where Boost.Math
// gives no derivative).
#include "pm/ops/special.hpp"

#include "tensor/elemwise.hpp"

#include <kiln/tensor.hpp>

#include <boost/math/special_functions/bessel.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/gamma.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace kiln::pm::ops {

namespace kt = kiln::tensor;

namespace {

using Quiet = boost::math::policies::policy<
    boost::math::policies::domain_error<boost::math::policies::ignore_error>,
    boost::math::policies::pole_error<boost::math::policies::ignore_error>,
    boost::math::policies::overflow_error<boost::math::policies::ignore_error>,
    boost::math::policies::evaluation_error<boost::math::policies::ignore_error>>;

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();

const char* special_name(Special which) {
  switch (which) {
    case Special::gammainc: return "gammainc";
    case Special::gammaincc: return "gammaincc";
    case Special::betainc: return "betainc";
    case Special::betabinom_logcdf: return "betabinom_logcdf";
    case Special::i0e: return "i0e";
    case Special::i1e: return "i1e";
  }
  return "?";
}

int special_arity(Special which) {
  switch (which) {
    case Special::i0e:
    case Special::i1e: return 1;
    case Special::gammainc:
    case Special::gammaincc: return 2;
    case Special::betainc: return 3;
    case Special::betabinom_logcdf: return 4;
  }
  return 0;
}

double log_add_exp(double a, double b) {
  if (a == -inf) return b;
  const double hi = std::max(a, b), lo = std::min(a, b);
  return hi + std::log1p(std::exp(lo - hi));
}

double log_beta(double a, double b) { return std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b); }

// Summed in log space from k = 0: n is a count, so the loop is as long as the support.
double betabinom_logcdf(double value, double alpha, double beta, double n) {
  if (std::isnan(value) || !(alpha > 0) || !(beta > 0) || !(n >= 0)) return nan;
  if (value < 0) return -inf;
  if (value >= n) return 0.0;
  const double norm = log_beta(alpha, beta), log_n1 = std::log(n + 1);
  double total = -inf;
  for (double k = 0; k <= std::floor(value); k += 1) {
    const double binomln = -log_n1 - log_beta(n - k + 1, k + 1);
    total = log_add_exp(total, binomln + log_beta(k + alpha, n - k + beta) - norm);
  }
  return std::min(total, 0.0);
}

// exp(-|x|) I_order(x): Boost's I below 700, where exp(x) is still finite, else Hankel's
// asymptotic series (terms shrink until k ~ 2x, so at x >= 700 it reaches full precision).
double bessel_ie(int order, double x) {
  const double ax = std::fabs(x);
  double value;
  if (ax < 700) {
    value = boost::math::cyl_bessel_i(order, ax, Quiet()) * std::exp(-ax);
  } else {
    const double mu = 4.0 * order * order;
    double term = 1, sum = 1;
    for (int k = 1; k < 60; ++k) {
      term *= -(mu - (2.0 * k - 1) * (2.0 * k - 1)) / (8.0 * k * ax);
      sum += term;
      if (std::fabs(term) < 1e-17 * std::fabs(sum)) break;
    }
    value = sum / std::sqrt(2 * std::numbers::pi * ax);
  }
  return order == 1 && x < 0 ? -value : value;  // I1 is odd
}

// A regularized incomplete function (gammainc, gammaincc, betainc), or with `complement` its
// 1 - f to full precision (Boost's complements); NaN outside its domain.
double incomplete(Special which, const double* x, bool complement) {
  if (which == Special::betainc) {
    if (!(x[0] > 0) || !(x[1] > 0) || x[2] < 0 || x[2] > 1) return nan;
    return complement ? boost::math::ibetac(x[0], x[1], x[2], Quiet()) : boost::math::ibeta(x[0], x[1], x[2], Quiet());
  }
  if (x[1] < 0 || !(x[0] > 0)) return nan;
  const bool lower = (which == Special::gammainc) != complement;
  return lower ? boost::math::gamma_p(x[0], x[1], Quiet()) : boost::math::gamma_q(x[0], x[1], Quiet());
}

double evaluate(Special which, const double* x) {
  switch (which) {
    case Special::gammainc:
    case Special::gammaincc:
    case Special::betainc: return incomplete(which, x, false);
    case Special::betabinom_logcdf: return betabinom_logcdf(x[0], x[1], x[2], x[3]);
    case Special::i0e: return bessel_ie(0, x[0]);
    case Special::i1e: return bessel_ie(1, x[0]);
  }
  return nan;
}

// The derivative in input `i` by a fourth-order central difference (error ~h^4). For a shape
// parameter of an incomplete function (a probability, far in a tail like p^a, whose higher
// derivatives in a grow as (log p)^k), the difference is taken of the log of the function or of
// its complement, whichever is below 1/2: nearly linear in the parameter there, so the error
// stays ~1e-12 relative where a difference of the function itself would keep 3 digits.
double numeric_derivative(Special which, const double* x, int i) {
  double y[4];
  std::copy(x, x + special_arity(which), y);
  const bool shape_of_incomplete =
      which == Special::gammainc || which == Special::gammaincc || which == Special::betainc;
  // Shape parameters are positive: a step relative to them keeps x - 2h inside the domain.
  const double h = 1e-3 * (shape_of_incomplete ? std::fabs(x[i]) : std::max(1.0, std::fabs(x[i])));
  auto difference = [&](auto f) {
    auto at = [&](double step) {
      y[i] = x[i] + step;
      return f(y);
    };
    return (8 * (at(h) - at(-h)) - (at(2 * h) - at(-2 * h))) / (12 * h);
  };
  const double value = evaluate(which, x);
  if (!shape_of_incomplete || !(value > 0) || !(h > 0))
    return difference([&](const double* z) { return evaluate(which, z); });
  if (value <= 0.5) return value * difference([&](const double* z) { return std::log(evaluate(which, z)); });
  const double rest = incomplete(which, x, true);
  if (!(rest > 0)) return 0.0;  // the function is 1 to double precision around x
  return -rest * difference([&](const double* z) { return std::log(incomplete(which, z, true)); });
}

}  // namespace

double special_value(Special which, int derivative_of, const double* x) {
  return derivative_of < 0 ? evaluate(which, x) : numeric_derivative(which, x, derivative_of);
}

std::string SpecialFunction::name() const {
  std::string n = special_name(which_);
  if (derivative_of_ >= 0) n += "_grad" + std::to_string(derivative_of_);
  return n;
}

std::vector<TensorType> SpecialFunction::output_types(const std::vector<Var>& inputs) const {
  if (static_cast<int>(inputs.size()) != special_arity(which_))
    throw TypeError(name() + ": takes " + std::to_string(special_arity(which_)) + " inputs, got " +
                    std::to_string(inputs.size()));
  return {TensorType(DType::float64, kt::broadcast_static_shapes(inputs, name()))};
}

void SpecialFunction::perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const {
  std::vector<Shape> shapes;
  for (const auto& a : inputs) shapes.push_back(a.shape());
  const Shape shape = kt::broadcast_shapes(shapes, name());
  std::vector<Array> args;
  for (const auto& a : inputs) args.push_back(a.broadcast_to(shape));
  Array out = Array::empty(DType::float64, shape);
  double* data = out.data<double>();
  double x[4];
  for (std::int64_t k = 0; k < out.size(); ++k) {
    for (std::size_t j = 0; j < args.size(); ++j) x[j] = args[j].get_as_double(k);
    data[k] = special_value(which_, derivative_of_, x);
  }
  outputs[0] = std::move(out);
}

std::vector<Var> SpecialFunction::grad(const Apply& node, const std::vector<Var>& output_grads) const {
  if (derivative_of_ >= 0) throw GradientError(name() + ": second derivatives are not implemented");
  const auto& in = node.inputs();
  std::vector<Var> grads(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (!is_float(in[i].dtype())) continue;  // counts and discrete values carry no gradient
    Var d = partial(in, static_cast<int>(i));
    grads[i] = kt::sum_to_broadcast_pattern(output_grads[0] * d, in[i]);
  }
  return grads;
}

bool SpecialFunction::equals(const Op& other) const {
  const auto* o = dynamic_cast<const SpecialFunction*>(&other);
  return o != nullptr && o->which_ == which_ && o->derivative_of_ == derivative_of_;
}

// d f / d input i: closed forms in x, central differences elsewhere.
Var SpecialFunction::partial(const std::vector<Var>& in, int i) const {
  if (which_ == Special::gammainc && i == 1)
    return kt::exp((in[0] - 1.0) * kt::log(in[1]) - in[1] - kt::gammaln(in[0]));
  if (which_ == Special::gammaincc && i == 1)
    return -kt::exp((in[0] - 1.0) * kt::log(in[1]) - in[1] - kt::gammaln(in[0]));
  if (which_ == Special::betainc && i == 2)
    return kt::exp((in[0] - 1.0) * kt::log(in[2]) + (in[1] - 1.0) * kt::log1p(-in[2]) - kt::gammaln(in[0]) -
                   kt::gammaln(in[1]) + kt::gammaln(in[0] + in[1]));
  // i0e' = i1e - sign(x) i0e; i1e' = i0e - (sign(x) + 1 / x) i1e (its limit 1/2 at 0).
  if (which_ == Special::i0e) return special(Special::i1e, {in[0]}) - kt::sign(in[0]) * special(Special::i0e, {in[0]});
  if (which_ == Special::i1e)
    return kt::switch_(kt::eq(in[0], 0.0), Var(0.5),
                       special(Special::i0e, {in[0]}) -
                           (kt::sign(in[0]) + kt::reciprocal(in[0])) * special(Special::i1e, {in[0]}));
  return apply_op(std::make_shared<SpecialFunction>(which_, i), in);
}

Var special(Special which, std::vector<Var> inputs) {
  int ndim = 0;
  for (const auto& v : inputs) ndim = std::max(ndim, v.ndim());
  for (auto& v : inputs) v = kt::expand_to_ndim(v, ndim);
  return apply_op(std::make_shared<SpecialFunction>(which, -1), std::move(inputs));
}

}  // namespace kiln::pm::ops
