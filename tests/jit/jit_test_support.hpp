// Helpers for the JIT tests: building Composite nodes directly, and comparing native results
// with the reference evaluator.
#pragma once

#include "jit/native_program.hpp"
#include "tensor/composite.hpp"
#include "tensor/elemwise.hpp"

#include <kiln/kiln.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

namespace kiln::jit_test {

// Applies a Composite to `inputs` (dtypes taken from them).
inline std::vector<Var> composite(const std::vector<Var>& inputs, std::vector<tensor::ScalarNode> nodes,
                                  std::vector<int> outputs, std::optional<tensor::ReduceSpec> reduce = std::nullopt) {
  std::vector<DType> dtypes;
  for (const auto& in : inputs) dtypes.push_back(in.dtype());
  auto op = std::make_shared<tensor::Composite>(dtypes, std::move(nodes), std::move(outputs), std::move(reduce));
  return Apply::make(op, inputs)->outputs();
}

// True when a and b agree: equal, both NaN, or within `ulps` units in the last place of the
// dtype, for floats (relative; among subnormals, whose ulp is the smallest subnormal, absolute).
inline bool close(double a, double b, DType dtype, double ulps) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  if (a == b) return std::signbit(a) == std::signbit(b) || ulps > 0;
  if (std::isinf(a) || std::isinf(b)) return false;
  const bool f32 = dtype == DType::float32;
  const double eps = f32 ? 1.1920929e-07 : 2.220446049250313e-16;
  const double subnormal_ulp = f32 ? 1.401298464324817e-45 : 4.9406564584124654e-324;
  return std::fabs(a - b) <= ulps * std::max(eps * std::max(std::fabs(a), std::fabs(b)), subnormal_ulp);
}

// Every element of `native` agrees with `reference` (dtype and shape equal too).
inline void check_same(const Array& native, const Array& reference, double ulps, const std::string& what) {
  INFO(what);
  REQUIRE(native.dtype() == reference.dtype());
  REQUIRE(native.shape() == reference.shape());
  for (std::int64_t i = 0; i < native.size(); ++i) {
    double a = native.get_as_double(i), b = reference.get_as_double(i);
    if (!close(a, b, native.dtype(), ulps)) {
      INFO("element " << i << ": native " << a << " reference " << b);
      CHECK(close(a, b, native.dtype(), ulps));
      return;
    }
  }
}

// Runs outputs through a compiled function and through the reference evaluator. With
// `rewrite` false the graph goes to the JIT as built (no rewrite phases), so every node of it
// is lowered as it stands.
inline void check_against_reference(const std::vector<Var>& inputs, const std::vector<Var>& outputs,
                                    const std::vector<Array>& values, double ulps, const std::string& what,
                                    bool rewrite = true) {
  std::vector<Array> native(outputs.size());
  if (rewrite) {
    native = function(inputs, outputs).call_positional(values).values();
  } else {
    jit::compile_program(inputs, outputs)->run(values, native, false);
  }
  Givens givens;
  for (std::size_t i = 0; i < inputs.size(); ++i) givens.emplace_back(inputs[i], values[i]);
  std::vector<Array> reference = evaluate(outputs, givens);
  for (std::size_t i = 0; i < outputs.size(); ++i) check_same(native[i], reference[i], ulps, what + " output " + std::to_string(i));
}

// Calls f three times (the step-by-step tier, then the call that specializes, then the
// specialized program) and checks every call against kiln::evaluate. `specialized`: whether
// the program must have specialized (a second output makes it more than the one step that a
// program does not specialize). That output is exact arithmetic: a vectorized loop's exp
// (libmvec's) may differ from the reference's std::exp in the last bit.
inline void check_tiers(const std::vector<Var>& inputs, std::vector<Var> outputs, const std::vector<Array>& values,
                 const std::string& what, bool specialized = true) {
  outputs.push_back(tensor::sum(inputs[0] * 0.5 + 1.0));
  kiln::Function f = kiln::function(inputs, outputs);
  kiln::Givens givens;
  for (std::size_t i = 0; i < inputs.size(); ++i) givens.emplace_back(inputs[i], values[i]);
  const std::vector<Array> reference = evaluate(outputs, givens);
  for (int call = 0; call < 3; ++call) {
    auto native = f.call_positional(values).values();
    for (std::size_t o = 0; o < outputs.size(); ++o)
      check_same(native[o], reference[o], 0, what + " call " + std::to_string(call) + " output " + std::to_string(o));
  }
  if (specialized) CHECK(jit::specialization_count(f.program()) >= 1);
}

}  // namespace kiln::jit_test
