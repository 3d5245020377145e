// The typed exceptions kiln throws. Every message names the offending input and what was wrong.
#pragma once

#include <stdexcept>
#include <string>

namespace kiln {

// Base of every kiln exception, so a host can catch them all at once.
struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Incompatible dtypes or static shapes while building a graph (or at evaluation, where
// static shapes could not tell).
struct TypeError : Error {
  using Error::Error;
};

// A function or eval was called with a missing, extra or ill-typed input.
struct InputError : Error {
  using Error::Error;
};

// A `CheckAndRaise` condition failed (e.g. `sigma > 0`), or a distribution parameter is invalid.
struct ParameterValueError : Error {
  using Error::Error;
};

// Values that do not fit at run time: shapes that do not broadcast, indices out of range.
struct ValueError : Error {
  using Error::Error;
};

// A matrix a linear algebra op cannot work with: not positive definite (cholesky), singular
// (solve, matrix_inverse), or eigenvalues that do not converge (NumPy's LinAlgError).
struct LinAlgError : ValueError {
  using ValueError::ValueError;
};

// grad was asked for the gradient with respect to a variable the cost does not depend on
// (with disconnected_inputs = raise), or of an op whose gradient is not defined.
struct GradientError : Error {
  using Error::Error;
};

// verify_grad found the symbolic gradient and finite differences disagree.
struct VerifyGradError : Error {
  using Error::Error;
};

// The model layer was misused: no active model, a duplicate or unknown variable name, a
// variable that is not one of the model's, a flat interface over discrete variables.
struct ModelError : Error {
  using Error::Error;
};

// The JIT could not compile a graph.
struct CompileError : Error {
  using Error::Error;
};

}  // namespace kiln
