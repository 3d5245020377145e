// Special functions the log-densities and log-CDFs need beyond kiln's scalar op set: the
// regularized incomplete gamma and beta functions and the exponentially scaled modified Bessel
// functions I0, I1 (Boost.Math), and the beta-binomial log-CDF (a finite sum that no
// closed form covers). Each is one elementwise Op that broadcasts its inputs as Elemwise does.
#pragma once

#include <kiln/graph.hpp>

#include <cstdint>

namespace kiln::pm::ops {

enum class Special : std::uint8_t {
  gammainc,          // (a, x): P(a, x), the regularized lower incomplete gamma
  gammaincc,         // (a, x): Q(a, x) = 1 - P(a, x), accurate where P is near 1
  betainc,           // (a, b, x): I_x(a, b), the regularized incomplete beta
  betabinom_logcdf,  // (value, alpha, beta, n): log sum_{k <= value} BetaBinomial(k | n, alpha, beta)
  i0e,               // (x): exp(-|x|) I0(x), finite for every x (VonMises, Rice)
  i1e,               // (x): exp(-|x|) I1(x)
};

// The op: the function itself (derivative_of < 0), or its partial derivative in that input.
class SpecialFunction final : public Op {
 public:
  SpecialFunction(Special which, int derivative_of) : which_(which), derivative_of_(derivative_of) {}

  std::string name() const override;
  std::vector<TensorType> output_types(const std::vector<Var>& inputs) const override;
  void perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const override;
  std::vector<Var> grad(const Apply& node, const std::vector<Var>& output_grads) const override;
  bool equals(const Op& other) const override;
  std::size_t hash() const override { return std::hash<std::string>()(name()); }

  Special which() const { return which_; }
  int derivative_of() const { return derivative_of_; }

 private:
  Var partial(const std::vector<Var>& in, int i) const;

  Special which_;
  int derivative_of_;
};

// One element of the op: f(x) (derivative_of < 0) or its partial derivative in input
// `derivative_of`, for x holding as many values as the function's arity. The reference and the
// compiled code (a runtime call) evaluate it here.
double special_value(Special which, int derivative_of, const double* x);

// Builds the op over `inputs`, promoting ndims with DimShuffle as Elemwise does.
Var special(Special which, std::vector<Var> inputs);

inline Var gammainc(const Var& a, const Var& x) { return special(Special::gammainc, {a, x}); }
inline Var gammaincc(const Var& a, const Var& x) { return special(Special::gammaincc, {a, x}); }
inline Var betainc(const Var& a, const Var& b, const Var& x) { return special(Special::betainc, {a, b, x}); }
inline Var i0e(const Var& x) { return special(Special::i0e, {x}); }
inline Var i1e(const Var& x) { return special(Special::i1e, {x}); }

}  // namespace kiln::pm::ops
