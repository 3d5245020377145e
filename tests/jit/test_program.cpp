// NativeProgram end to end: outputs that are inputs or constants, call_into, shared
// variables, reference fallbacks, dprint with execution order, the compile cache, IR dumps.
#include "jit/code_cache.hpp"
#include "jit_test_support.hpp"

#include <kiln/print.hpp>
#include <kiln/shared.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <sstream>

namespace kt = kiln::tensor;
using kiln::Array;
using kiln::DType;
using kiln::Var;
using namespace kiln::jit_test;

TEST_CASE("log of x plus y runs natively") {
  auto x = kt::scalar("x");
  auto y = kt::vector("y");
  auto f = kiln::function({x, y}, kt::log(x + y));
  kiln::Array out = f(0.0, kiln::Array{1.0, M_E});
  CHECK(kiln::repr(out) == "array([0., 1.])");
}

TEST_CASE("outputs that are inputs or constants are copies") {
  auto x = kt::vector("x");
  auto c = kt::constant(Array{1.0, 2.0});
  auto f = kiln::function({x}, {x, c, x * 2.0});
  Array in{3.0, 4.0};
  std::vector<Array> outs = f(in);
  CHECK(outs[0].raw_data() != in.raw_data());
  CHECK(outs[0].same_values(in));
  CHECK(outs[1].raw_data() != c.constant_value().raw_data());
  CHECK(outs[1].same_values(Array{1.0, 2.0}));
  CHECK(outs[2].same_values(Array{6.0, 8.0}));
}

TEST_CASE("results of repeated calls are independent arrays") {
  auto x = kt::vector("x");
  auto f = kiln::function({x}, kt::exp(x) + 1.0);
  Array first = f(Array{0.0});
  Array second = f(Array{1.0});
  CHECK(first.item<double>() == 2.0);
  CHECK(second.item<double>() == Approx(1.0 + M_E));
}

TEST_CASE("call_into writes kernel results into caller memory, strided or not") {
  auto x = kt::vector("x");
  auto y = kt::vector("y");
  auto f = kiln::function({x, y}, {x * y, x + 0.0});
  std::vector<double> dst(3, -1.0);
  std::vector<double> strided(6, -1.0);
  f.call_into({Array::view(dst.data(), {3}), Array::view_raw(DType::float64, strided.data(), {3}, {2})},
              Array{1.0, 2.0, 3.0}, Array{4.0, 5.0, 6.0});
  CHECK(dst == std::vector<double>{4.0, 10.0, 18.0});
  CHECK(strided == std::vector<double>{1.0, -1.0, 2.0, -1.0, 3.0, -1.0});
  std::vector<float> wrong(3);
  CHECK_THROWS_WITH(f.call_into({Array::view(wrong.data(), {3}), Array::view(dst.data(), {3})}, Array{1.0, 2.0, 3.0},
                                Array{4.0, 5.0, 6.0}),
                    Catch::Contains("needs dtype float64 and shape (3,)"));
}

TEST_CASE("views stay views and their outputs are copied") {
  auto m = kt::matrix("m");
  auto f = kiln::function({m}, {kt::transpose(m), kt::transpose(m) * 1.5});
  Array in{{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}};
  std::vector<Array> outs = f(in);
  CHECK(kiln::repr(outs[0]) == "array([[1., 4.],\n       [2., 5.],\n       [3., 6.]])");
  CHECK(outs[0].is_contiguous());
  CHECK(outs[1].get_as_double(1) == 6.0);
}

TEST_CASE("shared variables are read at each call") {
  auto w = kiln::shared(Array{1.0, 2.0}, "w");
  auto x = kt::vector("x");
  auto f = kiln::function({x}, x * w);
  CHECK(Array(f(Array{3.0, 3.0})).same_values(Array{3.0, 6.0}));
  kiln::set_value(w, Array{-1.0, 0.5});
  CHECK(Array(f(Array{3.0, 3.0})).same_values(Array{-3.0, 1.5}));
  auto count = kiln::shared(Array(0.0), "count");
  auto g = kiln::function({x}, count, {.updates = {{count, count + kt::sum(x)}}});
  g(Array{1.0, 2.0});
  g(Array{1.0, 2.0});
  CHECK(kiln::get_value(count).item<double>() == 6.0);
}

TEST_CASE("ops without a lowering run their reference perform") {
  auto m = kt::matrix("m");
  auto v = kt::vector("v");
  auto out = kt::exp(kt::dot(m, v)) + kt::sum(v);
  check_against_reference({m, v}, {out}, {Array{{1.0, 2.0}, {3.0, 4.0}}, Array{0.5, -0.25}}, 4, "dot and sum");
}

TEST_CASE("a missing input is named at call time") {
  auto x = kt::vector("x");
  auto y = kt::vector("y");
  auto f = kiln::function({x}, x + y);
  CHECK_THROWS_AS(f(Array{1.0}), kiln::InputError);
  CHECK_THROWS_WITH(f(Array{1.0}), Catch::Contains("missing input: y"));
}

TEST_CASE("dprint of a compiled function shows execution order") {
  auto x = kt::vector("x");
  auto y = kt::vector("y");
  auto f = kiln::function({x, y}, kt::log(x + y) * kt::sum(x));
  std::ostringstream os;
  kiln::dprint(f, os);
  INFO(os.str());
  CHECK(os.str().find("Composite{") != std::string::npos);
  CHECK(os.str().find("] 0\n") != std::string::npos);
  CHECK(os.str().find("] 1\n") != std::string::npos);
}

TEST_CASE("an equal graph compiles from the cache") {
  auto build = [] {
    auto a = kt::vector("a");
    auto b = kt::vector("b");
    std::vector<kt::ScalarNode> nodes = {{kt::ScalarOp::mul, {0, 1}, DType::float64},
                                         {kt::ScalarOp::arctan2, {2, 0}, DType::float64}};
    return std::pair{std::vector<Var>{a, b}, composite({a, b}, nodes, {3})};
  };
  auto [in1, out1] = build();
  auto [in2, out2] = build();
  auto f1 = kiln::function(in1, out1);
  auto start = std::chrono::steady_clock::now();
  auto f2 = kiln::function(in2, out2);
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  CHECK(ms < 5.0);
  CHECK(Array(f2(Array{1.0}, Array{2.0})).same_values(Array(f1(Array{1.0}, Array{2.0}))));

  kiln::jit::KernelSpec spec;
  spec.ndim = 1;
  spec.inputs = {{DType::float64, false}};
  spec.nodes = {{kt::ScalarOp::sinh, {0}, DType::float64, DType::float64, false}};
  spec.outputs = {1};
  spec.output_dtypes = {DType::float64};
  bool hit = true;
  auto code = kiln::jit::cached_compile({spec}, &hit);
  CHECK_FALSE(hit);
  auto again = kiln::jit::cached_compile({spec}, &hit);
  CHECK(hit);
  CHECK(again == code);
}

TEST_CASE("KILN_DUMP_IR writes the IR before and after optimization") {
  // The flat module is optimized at compile time; the strided one when first used.
  auto dir = std::filesystem::temp_directory_path() / "kiln_dump_ir_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  setenv("KILN_DUMP_IR", dir.c_str(), 1);
  auto x = kt::vector("x");
  auto f = kiln::function({x}, kt::cosh(x) * 3.25 - kt::tanh(x) * 1.125);  // a graph no other test compiles
  auto count = [&](const std::string& suffix) {
    int n = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) n += entry.path().filename().string().ends_with(suffix);
    return n;
  };
  CHECK(count("_flat.ll") == 1);
  CHECK(count("_strided.ll") == 1);
  CHECK(count("_flat.opt.ll") == 1);
  CHECK(count("_strided.opt.ll") == 0);
  std::vector<double> storage = {1.0, 0.0, 2.0, 0.0};
  f(Array::view_raw(DType::float64, storage.data(), {2}, {2}));  // strided: compiles that variant
  unsetenv("KILN_DUMP_IR");
  CHECK(count("_strided.opt.ll") == 1);
  std::filesystem::remove_all(dir);
}
