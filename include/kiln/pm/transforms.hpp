// Transforms map a constrained random variable to the unconstrained space samplers work in
// (PyMC's transforms): the model's value variable is forward(x), the log-density is computed
// at backward(value) and gains log |d backward / d value|, the log-Jacobian.
#pragma once

#include <kiln/graph.hpp>

#include <memory>
#include <string>

namespace kiln::pm {

class Transform {
 public:
  virtual ~Transform() = default;
  // The suffix of the value variable: `sigma_log__` for "log".
  virtual std::string name() const = 0;
  // Constrained -> unconstrained, and back.
  virtual Var forward(const Var& x) const = 0;
  virtual Var backward(const Var& y) const = 0;
  // log |det d backward / d y|: elementwise for scalar transforms; summed over the last axis
  // (one value per vector) when ndim_supp() is 1.
  virtual Var log_jac_det(const Var& y) const = 0;
  virtual int ndim_supp() const { return 0; }
  // The unconstrained length of a support axis of length n, for each of the last ndim_supp()
  // axes (simplex: n - 1).
  virtual std::int64_t unconstrained_length(std::int64_t n) const { return n; }
};

using TransformPtr = std::shared_ptr<const Transform>;

namespace transforms {

// x > 0: y = log(x).
extern const TransformPtr log;
// 0 < x < 1: y = log(x / (1 - x)).
extern const TransformPtr logodds;
// lower < x < upper, lower < x, x < upper: all named "interval", as PyMC's Interval with one
// bound or two (the one-sided forms are y = log(x - lower), y = log(upper - x)).
TransformPtr interval(Var lower, Var upper);
TransformPtr lower_bound(Var lower);
TransformPtr upper_bound(Var upper);
// x on the simplex (last axis sums to 1): PyMC's additive log-ratio with a centred shift.
extern const TransformPtr simplex;
// x increasing along the last axis: y = (x0, log(x1 - x0), ...).
extern const TransformPtr ordered;
// An angle: y = arctan2(sin x, cos x) in [-pi, pi], and back x = y (PyMC's circular).
extern const TransformPtr circular;
// Opt out of a distribution's default transform: `{.transform = pm::transforms::none}`.
inline const TransformPtr none = nullptr;

}  // namespace transforms

}  // namespace kiln::pm
