// Helpers of the compiled-draw tests (test_batch_draw_lowering.cpp, test_draw_forms.cpp): a
// RandomVariable node, the bit-for-bit comparison with kiln::evaluate, the reference's error.
#pragma once

#include "jit/native_program.hpp"
#include "random/rv_op.hpp"

#include <kiln/kiln.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace kiln::testing::draws {

inline std::vector<double> doubles(const Array& a) {
  std::vector<double> out;
  for (std::int64_t i = 0; i < a.size(); ++i) out.push_back(a.get_as_double(i));
  return out;
}

inline Var rv(std::shared_ptr<const random::RandomVariable> op, const Var& rng, Shape size, std::vector<Var> params) {
  return random::make_random_variable(std::move(op), rng, size, std::nullopt, std::move(params), "");
}

inline Array matrices(std::vector<double> values, Shape shape) { return Array(std::move(values)).reshape(std::move(shape)); }

// Same shape, dtype and values (bit for bit, as doubles).
inline void check_identical(const Array& got, const Array& expected) {
  REQUIRE(got.shape() == expected.shape());
  REQUIRE(got.dtype() == expected.dtype());
  for (std::int64_t i = 0; i < got.size(); ++i) {
    INFO("element " << i);
    CHECK(got.get_as_double(i) == expected.get_as_double(i));
  }
}

// The message the reference evaluator raises for `draw` with these inputs.
inline std::string reference_error(const Var& draw, const Givens& givens) {
  try {
    evaluate({draw}, givens);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "the reference raised nothing";
}

// The draw `build(rng)` makes, compiled with its rng update (and a use of it): over three calls
// that carry the generator forward, equal to kiln::evaluate's from the same state, and its
// program specialized once.
inline void check_compiled_draw(const std::function<Var(const Var& rng)>& build, std::uint64_t seed,
                                const std::vector<Var>& inputs, const std::vector<Array>& values) {
  auto rng = random_generator_shared(seed);
  Var draw = build(rng);
  auto f = function(inputs, {draw, draw * 2}, {.updates = {{rng, draw.owner()->output(0)}}});
  Givens givens;
  for (std::size_t i = 0; i < inputs.size(); ++i) givens.emplace_back(inputs[i], values[i]);
  for (int call = 0; call < 3; ++call) {
    const Array expected = evaluate({draw}, givens)[0];  // from the generator's current state
    check_identical(f.call_positional(values)[0], expected);
  }
  CHECK(jit::specialization_count(f.program()) == 1);
}

// The draw `build(rng)` makes, compiled with its rng update (and a use of it): each of three
// calls raises ModelError `message`, and the generator is left as it was.
inline void check_compiled_draw_raises(const std::function<Var(const Var& rng)>& build, std::uint64_t seed,
                                       const std::string& message) {
  auto rng = random_generator_shared(seed);
  Var draw = build(rng);
  auto f = function({}, {draw, draw * 2}, {.updates = {{rng, draw.owner()->output(0)}}});
  const random::GeneratorState before = get_generator(rng).state();
  for (int call = 0; call < 3; ++call)
    CHECK_THROWS_MATCHES(f.call_positional({}), ModelError, Catch::Matchers::Message(message));
  CHECK(get_generator(rng).state() == before);
}

}  // namespace kiln::testing::draws
