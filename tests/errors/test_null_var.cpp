// A null Var (default-constructed or moved from) anywhere in the public API is an InputError
// naming where it was found, never a segfault.
#include "errors/exact_error.hpp"

#include <kiln/kiln.hpp>

#include <sstream>

namespace kt = kiln::tensor;
using kiln::InputError;

TEST_CASE("a null Var in an elementwise builder is an InputError naming the op and operand") {
  kiln::Var null;
  auto x = kt::vector("x");
  CHECK_ERROR(InputError, x + null, "add: input 1 is a null Var");
  CHECK_ERROR(InputError, null * x, "mul: input 0 is a null Var");
  CHECK_ERROR(InputError, kt::log(null), "log: input 0 is a null Var");
  CHECK_ERROR(InputError, kt::switch_(null, x, x), "switch: input 0 is a null Var");
}

TEST_CASE("a null Var in reductions, dot, join and stack is an InputError") {
  kiln::Var null;
  auto x = kt::vector("x");
  CHECK_ERROR(InputError, kt::sum(null), "Sum: input 0 is a null Var");
  CHECK_ERROR(InputError, kt::max(null), "Max: input 0 is a null Var");
  CHECK_ERROR(InputError, kt::dot(x, null), "dot: input 1 is a null Var");
  CHECK_ERROR(InputError, kt::concatenate({x, null}), "join: input 1 is a null Var");
  CHECK_ERROR(InputError, kt::stack({null, x}), "stack: input 0 is a null Var");
}

TEST_CASE("a null Var's accessors throw InputError instead of dereferencing") {
  kiln::Var null;
  const std::string message = "a null Var (default-constructed or moved from) was used where a variable is needed";
  CHECK_ERROR(InputError, null.type(), message);
  CHECK_ERROR(InputError, null.ndim(), message);
  CHECK_ERROR(InputError, null.dtype(), message);
  CHECK_ERROR(InputError, null.name(), message);
  CHECK_ERROR(InputError, null.is_constant(), message);
  CHECK_ERROR(InputError, null[0], "Subtensor{0}: input 0 is a null Var");
  CHECK_ERROR(InputError, kt::reshape(null, std::vector<std::int64_t>{2, 3}), "Reshape{2}: input 0 is a null Var");
  CHECK(kiln::to_string(null) == "<null>");
}

TEST_CASE("a null Var in graph traversal, clone_replace and printing is an InputError") {
  kiln::Var null;
  auto x = kt::scalar("x");
  auto y = kt::exp(x);
  CHECK_ERROR(InputError, kiln::graph_inputs({y, null}), "graph_inputs: output 1 is a null Var");
  CHECK_ERROR(InputError, kiln::graph_inputs({y}, {null}), "graph_inputs: blocker 0 is a null Var");
  CHECK_ERROR(InputError, kiln::ancestors({null}), "ancestors: output 0 is a null Var");
  CHECK_ERROR(InputError, kiln::toposort({null}), "toposort: output 0 is a null Var");
  CHECK_ERROR(InputError, kiln::clone_replace({null}, {}), "clone_replace: output 0 is a null Var");
  CHECK_ERROR(InputError, kiln::clone_replace({y}, {{x, null}}), "clone_replace: a replacement pair holds a null Var");
  std::ostringstream os;
  CHECK_ERROR(InputError, kiln::dprint(null, os), "dprint: variable 0 is a null Var");
  CHECK_ERROR(InputError, kiln::debug_string(null), "dprint: variable 0 is a null Var");
  CHECK_ERROR(InputError, kiln::to_dot({null}), "to_dot: output 0 is a null Var");
  CHECK(os.str().empty());
  CHECK(kiln::graph_inputs({y}).size() == 1);
}

TEST_CASE("a null Var in function, eval, evaluate and grad is an InputError") {
  kiln::Var null;
  auto x = kt::scalar("x");
  auto y = kt::exp(x);
  CHECK_ERROR(InputError, kiln::function({null}, y), "function: input 0 is a null Var");
  CHECK_ERROR(InputError, kiln::function({x}, null), "function: an output is a null Var");
  CHECK_ERROR(InputError, kiln::function({x}, {y, null}), "function: an output is a null Var");
  CHECK_ERROR(InputError, null.eval(), "eval: called on a null Var");
  CHECK_ERROR(InputError, y.eval({{null, 1.0}}), "eval: a given variable is a null Var");
  CHECK_ERROR(InputError, kiln::evaluate({null}), "evaluate: output 0 is a null Var");
  CHECK_ERROR(InputError, kiln::evaluate({y}, {{null, 1.0}}), "evaluate: a given variable is a null Var");
  CHECK_ERROR(InputError, kiln::grad(null, x), "grad: the cost is a null Var and no known_grads are given");
  CHECK_ERROR(InputError, kiln::grad(y, null), "grad: wrt variable 0 is a null Var");
  CHECK_ERROR(InputError, kiln::grad(y, {x}, {.consider_constant = {null}}), "grad: consider_constant 0 is a null Var");
  CHECK_ERROR(InputError, kiln::jacobian(null, x), "jacobian: the expression is a null Var");
  CHECK_ERROR(InputError, kiln::hessian(y, null), "hessian: wrt is a null Var");
  // The graph is untouched: it still compiles and differentiates.
  CHECK(kiln::Array(kiln::function({x}, kiln::grad(y, x))(0.0)).item<double>() == 1.0);
}
