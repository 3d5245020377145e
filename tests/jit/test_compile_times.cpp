// kiln::compile_times(): the stage times a compile adds on its thread, a cache hit counted as
// one with no stages, and specialization at the call that specializes.
#include <kiln/kiln.hpp>

#include <catch2/catch.hpp>

#include <thread>

namespace kt = kiln::tensor;

TEST_CASE("a cold compile adds its stages, a cache hit only counts", "[jit][compile_times]") {
  kiln::reset_compile_times();
  auto s = kt::scalar("s");
  auto x = kt::vector("x");
  // A graph no other test compiles, of two steps (a lone step is never specialized).
  auto y = kt::exp(s + x) * 2.5 + kt::log1p(x);
  kiln::Function f = kiln::function({s, x}, y);
  const kiln::CompileTimes cold = kiln::compile_times();
  CHECK(cold.programs == 1);
  CHECK(cold.cache_hits == 0);
  CHECK(cold.rewrite_ms > 0);
  CHECK(cold.lowering_ms > 0);
  CHECK(cold.optimize_ms > 0);
  CHECK(cold.codegen_ms > 0);

  kiln::Function again = kiln::function({s, x}, y);
  const kiln::CompileTimes hit = kiln::compile_times();
  CHECK(hit.programs == 1);
  CHECK(hit.cache_hits == 1);
  CHECK(hit.rewrite_ms == cold.rewrite_ms);
  CHECK(hit.codegen_ms == cold.codegen_ms);

  f(0.5, kiln::Array{1.0, 2.0});
  f(0.5, kiln::Array{1.0, 2.0});  // the second call of the same shapes specializes
  CHECK(kiln::compile_times().specialize_ms > 0);

  kiln::reset_compile_times();
  CHECK(kiln::compile_times().programs == 0);
  CHECK(kiln::compile_times().specialize_ms == 0);
}

TEST_CASE("compile times are per thread", "[jit][compile_times]") {
  kiln::reset_compile_times();
  std::thread([] {
    auto x = kt::vector("x");
    kiln::function({x}, kt::sqrt(x) * 3.25);
    CHECK(kiln::compile_times().programs == 1);
  }).join();
  CHECK(kiln::compile_times().programs == 0);
}
