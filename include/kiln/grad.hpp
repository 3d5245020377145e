// Reverse-mode differentiation, symbolic as in PyTensor: grad builds new graph nodes (one
// gradient rule per op, defined beside the op), which then rewrite, fuse and compile like
// any other graph.
#pragma once

#include <kiln/array.hpp>
#include <kiln/graph.hpp>

#include <functional>
#include <initializer_list>
#include <optional>
#include <utility>
#include <vector>

namespace kiln {

enum class Disconnected { raise, warn, ignore };

struct GradOptions {
  // What to do when the cost does not depend on a wrt variable: raise GradientError, or
  // return zeros (warn logs it first).
  Disconnected disconnected_inputs = Disconnected::raise;
  // Gradients to start from: (variable, d cost / d variable). With these, cost may be null.
  std::vector<std::pair<Var, Var>> known_grads = {};
  // Variables through which no gradient flows (treated as constants).
  std::vector<Var> consider_constant = {};
};

// d cost / d wrt for a scalar cost: one gradient per wrt variable, each of wrt's type. Raises
// GradientError, naming the op and input, where the cost depends on a float input of an op
// that has no gradient rule for it (see Op::grad).
std::vector<Var> grad(const Var& cost, const std::vector<Var>& wrt, const GradOptions& options = {});
Var grad(const Var& cost, const Var& wrt, const GradOptions& options = {});
// grad(cost, {x}) is the list form (a vector of one gradient), as PyTensor's grad(cost, [x]):
// without this overload the braces would pick the Var form and grad(cost, {x})[0] would index
// the gradient instead of taking it.
std::vector<Var> grad(const Var& cost, std::initializer_list<Var> wrt, const GradOptions& options = {});

// The Jacobian of a vector (or scalar) expression: shape (len(expr), *wrt.shape).
Var jacobian(const Var& expr, const Var& wrt);
// The Hessian of a scalar cost with respect to a vector: jacobian(grad(cost, wrt), wrt).
Var hessian(const Var& cost, const Var& wrt);

struct VerifyGradOptions {
  int n_tests = 2;
  double eps = 1e-7;       // central-difference step
  double abs_tol = 1e-6;
  double rel_tol = 1e-6;
  std::uint64_t seed = 42;
};

// Checks the symbolic gradient of fn (projected on a random direction, as PyTensor's
// verify_grad) against central finite differences at `point`; throws VerifyGradError naming
// the input, element and errors of the first element where they disagree, or where either is
// NaN or infinite (a point outside the domain checks nothing).
void verify_grad(const std::function<Var(const std::vector<Var>&)>& fn, const std::vector<Array>& point,
                 const VerifyGradOptions& options = {});

}  // namespace kiln
