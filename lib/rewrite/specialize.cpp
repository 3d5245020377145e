// specialize: cheaper forms of what canonicalize left: multiplying by one or adding zero is
// nothing, multiplying by -1 is a negation, dividing by a power of two is an exact multiplication.
// (`x * 2 -> x + x` buys nothing on current CPUs, where both are one vector instruction.)
#include "rewrite/match.hpp"
#include "rewrite/pattern.hpp"
#include "rewrite/rewrite_sets.hpp"

#include <kiln/tensor.hpp>

#include <algorithm>
#include <cmath>

namespace kiln::rewrite {
namespace kt = kiln::tensor;
namespace {

using Result = std::optional<std::vector<Var>>;

// mul(-1, x) -> neg(x), for two-factor products.
Result mul_minus_one(FunctionGraph&, Apply& node) {
  if (!is_elemwise(node, ScalarOp::mul) || node.inputs().size() != 2 || !is_float(node.output(0).dtype()))
    return std::nullopt;
  for (int i = 0; i < 2; ++i) {
    auto c = scalar_constant(node.inputs()[static_cast<std::size_t>(i)]);
    if (c && *c == -1.0) {
      Var x = as_dtype(node.inputs()[static_cast<std::size_t>(1 - i)], node.output(0).dtype());
      auto r = fit_to(kt::neg(x), node.output(0), node.inputs());
      if (r) return std::vector<Var>{*r};
    }
  }
  return std::nullopt;
}

// x / 2^k -> x * 2^-k: exact, and a multiplication is cheaper than a division.
Result div_power_of_two(FunctionGraph&, Apply& node) {
  if (!is_elemwise(node, ScalarOp::true_div) || !is_float(node.output(0).dtype())) return std::nullopt;
  auto c = scalar_constant(node.inputs()[1]);
  if (!c || *c == 0 || !std::isfinite(*c)) return std::nullopt;
  int exp = 0;
  if (std::frexp(std::fabs(*c), &exp) != 0.5) return std::nullopt;
  Var out = node.output(0);
  auto r = fit_to(kt::mul(node.inputs()[0], kt::literal(1.0 / *c, out)), out, node.inputs());
  if (!r) return std::nullopt;
  return std::vector<Var>{*r};
}

// x / s -> x * (1 / s) when s is a scalar (or one element) broadcast over a larger x: one division hoisted out
// of the loop instead of one per element (a division costs several multiplications). The result
// may differ from the division in the last bit, as Stan's normal_lpdf (which multiplies by
// inv_sigma) does; exact divisions by powers of two are handled above.
Result div_by_broadcast_scalar(FunctionGraph&, Apply& node) {
  if (!is_elemwise(node, ScalarOp::true_div) || !is_float(node.output(0).dtype())) return std::nullopt;
  Var x = node.inputs()[0];
  Var s = node.inputs()[1];
  Var scalar = strip_broadcast_dimshuffle(s);
  // A divisor of one element: a scalar made a vector, or any value whose every dim is 1.
  const auto& dims = s.type().shape();
  bool one_element = std::all_of(dims.begin(), dims.end(), [](const auto& d) { return d == 1; });
  if ((scalar.ndim() != 0 && !one_element) || scalar_constant(s) || x.ndim() == 0) return std::nullopt;
  Var out = node.output(0);
  auto r = fit_to(kt::mul(x, kt::reciprocal(as_dtype(scalar.ndim() == 0 ? scalar : s, out.dtype()))), out, node.inputs());
  if (!r) return std::nullopt;
  return std::vector<Var>{*r};
}

// x / C -> x * C' with C' = 1 / C computed now, for a constant array C (the data of a model:
// eight schools' sigma): a multiplication per element instead of a division, last-bit
// differences as above.
Result div_by_constant_array(FunctionGraph&, Apply& node) {
  if (!is_elemwise(node, ScalarOp::true_div) || !is_float(node.output(0).dtype())) return std::nullopt;
  Var c = node.inputs()[1];
  if (!c.is_constant() || c.dtype() != DType::float64 || scalar_constant(c)) return std::nullopt;
  Array inverse = c.constant_value().copy();
  for (std::int64_t i = 0; i < inverse.size(); ++i) inverse.data<double>()[i] = 1.0 / inverse.data<double>()[i];
  Var out = node.output(0);
  auto r = fit_to(kt::mul(node.inputs()[0], kt::constant(inverse)), out, node.inputs());
  if (!r) return std::nullopt;
  return std::vector<Var>{*r};
}

}  // namespace

void add_specialize(RewriteDatabase& db) {
  db.add("specialize", NodeRewrite{"local_div_by_constant_array", {"fast_run", "specialize"}, div_by_constant_array});
  db.add("specialize", NodeRewrite{"local_div_by_broadcast_scalar", {"fast_run", "specialize"}, div_by_broadcast_scalar});
  const std::vector<std::string> tags = {"fast_run", "specialize"};
  db.add("specialize", NodeRewrite{"local_mul_minus_one", tags, mul_minus_one});
  db.add("specialize", NodeRewrite{"local_div_power_of_two", tags, div_power_of_two});
  db.add("specialize", pattern_rewrite("local_mul_one", tags, "mul(x, 1)", "x"));
  db.add("specialize", pattern_rewrite("local_add_zero", tags, "add(x, 0)", "x"));
}

}  // namespace kiln::rewrite
