// The function compiler's program cache: equal requests built separately share one compiled
// program; requests that differ in anything the program depends on (a constant's bytes, a
// dtype, an op parameter, the input order, a shared variable, the mode, givens, names) do not;
// results stay those of the reference evaluator either way.
#include "core/logging.hpp"
#include "core/structural_hash.hpp"
#include "support/log_capture.hpp"

#include <kiln/kiln.hpp>
#include <kiln/shared.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <sstream>
#include <thread>

namespace kt = kiln::tensor;
using kiln::Array;
using kiln::DType;
using kiln::Function;
using kiln::Var;

namespace {

bool same_program(const Function& f, const Function& g) { return &f.program() == &g.program(); }

// Every element of `actual` equals the reference evaluator's value of `output` (NaN and signed
// infinities included), within a few ulps.
void check_reference(const Array& actual, const Var& output, const kiln::Givens& givens) {
  Array expected = kiln::evaluate({output}, givens)[0];
  REQUIRE(actual.dtype() == expected.dtype());
  REQUIRE(actual.shape() == expected.shape());
  for (std::int64_t i = 0; i < actual.size(); ++i) {
    double a = actual.get_as_double(i), e = expected.get_as_double(i);
    INFO("element " << i << ": " << a << " against " << e);
    if (std::isnan(e) || std::isinf(e))
      CHECK((a == e || (std::isnan(a) && std::isnan(e))));
    else
      CHECK(a == Approx(e).epsilon(1e-12));
  }
}


// A chain of `size` Elemwise nodes over vectors x and y (with the DimShuffles that broadcast
// its scalar constants).
Var elemwise_chain(const Var& x, const Var& y, int size) {
  Var v = x;
  for (int i = 0; i < size; ++i) {
    switch (i % 5) {
      case 0: v = v + y; break;
      case 1: v = v * 0.5; break;
      case 2: v = kt::tanh(v); break;
      case 3: v = v - x; break;
      default: v = kt::sin(v); break;
    }
  }
  return v;
}

}  // namespace

TEST_CASE("equal graphs built separately share one compiled program") {
  auto build = [] {
    auto x = kt::vector("x");
    auto y = kt::vector("y");
    return std::pair{std::vector<Var>{x, y}, kt::log(x + y) * kt::sum(x)};
  };
  auto [in1, out1] = build();
  auto [in2, out2] = build();
  auto f = kiln::function(in1, out1);
  auto g = kiln::function(in2, out2);
  CHECK(same_program(f, g));
  Array x{1.0, 2.0}, y{3.0, 4.0};
  check_reference(g(x, y), out2, {{in2[0], x}, {in2[1], y}});
  check_reference(f(x, y), out1, {{in1[0], x}, {in1[1], y}});
  // Each Function keeps its own inputs: a call by name uses them.
  check_reference(g.call({{"y", y}, {"x", x}}), out2, {{in2[0], x}, {in2[1], y}});
}

TEST_CASE("structural keys are equal for equal requests and differ with a constant's value") {
  auto key = [](double c) {
    auto x = kt::vector("x");
    return kiln::structural_key({x}, {kt::exp(x) + c}, kiln::Mode::FAST_RUN);
  };
  auto a = key(1.0);
  auto b = key(1.0);
  auto c = key(2.0);
  CHECK(a == b);
  CHECK(a.hash() == b.hash());
  CHECK(a.num_nodes() == b.num_nodes());
  CHECK_FALSE(a == c);
}

TEST_CASE("graphs differing in a constant's value do not share a program") {
  auto x1 = kt::vector("x");
  auto x2 = kt::vector("x");
  auto out1 = x1 + 1.0;
  auto out2 = x2 + 2.0;
  auto f = kiln::function({x1}, out1);
  auto g = kiln::function({x2}, out2);
  CHECK_FALSE(same_program(f, g));
  Array x{1.0, 2.0};
  check_reference(f(x), out1, {{x1, x}});
  check_reference(g(x), out2, {{x2, x}});
}

TEST_CASE("constants compare by their bytes: 0.0 and -0.0 do not share a program") {
  auto x1 = kt::vector("x");
  auto x2 = kt::vector("x");
  auto out1 = x1 / 0.0;
  auto out2 = x2 / -0.0;
  auto f = kiln::function({x1}, out1);
  auto g = kiln::function({x2}, out2);
  CHECK_FALSE(same_program(f, g));
  CHECK(Array(f(Array{1.0})).item<double>() == INFINITY);
  CHECK(Array(g(Array{1.0})).item<double>() == -INFINITY);
}

TEST_CASE("graphs differing in a dtype do not share a program") {
  auto x1 = kt::vector("x", DType::float64);
  auto x2 = kt::vector("x", DType::float32);
  auto out1 = kt::exp(x1) * x1;
  auto out2 = kt::exp(x2) * x2;
  auto f = kiln::function({x1}, out1);
  auto g = kiln::function({x2}, out2);
  CHECK_FALSE(same_program(f, g));
  Array x64{0.5, 1.5};
  Array x32 = x64.astype(DType::float32);
  Array r64 = f(x64);
  Array r32 = g(x32);
  CHECK(r64.dtype() == DType::float64);
  CHECK(r32.dtype() == DType::float32);
  check_reference(r64, out1, {{x1, x64}});
  Array expected32 = kiln::evaluate({out2}, {{x2, x32}})[0];
  for (std::int64_t i = 0; i < r32.size(); ++i)
    CHECK(r32.get_as_double(i) == Approx(expected32.get_as_double(i)).epsilon(1e-6));
}

TEST_CASE("graphs differing in an op parameter (a reduction axis) do not share a program") {
  auto m1 = kt::matrix("m");
  auto m2 = kt::matrix("m");
  auto out1 = kt::sum(m1, 0);
  auto out2 = kt::sum(m2, 1);
  auto f = kiln::function({m1}, out1);
  auto g = kiln::function({m2}, out2);
  CHECK_FALSE(same_program(f, g));
  Array m{{1.0, 2.0}, {3.0, 4.0}};
  CHECK(Array(f(m)).same_values(Array{4.0, 6.0}));
  CHECK(Array(g(m)).same_values(Array{3.0, 7.0}));
}

TEST_CASE("the order of the inputs is part of the key") {
  auto x = kt::vector("x");
  auto y = kt::vector("y");
  auto d = x - y;
  auto f = kiln::function({x, y}, d);
  auto g = kiln::function({y, x}, d);
  CHECK_FALSE(same_program(f, g));
  CHECK(Array(f(Array{1.0}, Array{3.0})).same_values(Array{-2.0}));
  CHECK(Array(g(Array{1.0}, Array{3.0})).same_values(Array{2.0}));
}

TEST_CASE("a shared variable is part of the key by identity, and its value is read at each call") {
  auto s1 = kiln::shared(Array{1.0}, "s");
  auto s2 = kiln::shared(Array{1.0}, "s");
  auto build = [](const Var& s) {
    auto x = kt::vector("x");
    return std::pair{x, x + s};
  };
  auto [x1, out1] = build(s1);
  auto [x2, out2] = build(s2);
  auto [x3, out3] = build(s1);
  auto f = kiln::function({x1}, out1);
  auto g = kiln::function({x2}, out2);
  auto h = kiln::function({x3}, out3);
  CHECK_FALSE(same_program(f, g));
  CHECK(same_program(f, h));
  kiln::set_value(s1, Array{10.0});
  kiln::set_value(s2, Array{5.0});
  CHECK(Array(f(Array{1.0})).same_values(Array{11.0}));
  CHECK(Array(h(Array{1.0})).same_values(Array{11.0}));
  CHECK(Array(g(Array{1.0})).same_values(Array{6.0}));
}

TEST_CASE("functions with equal updates share a program and update the same shared variable") {
  auto counter = kiln::shared(Array(0.0), "counter");
  auto build = [&] { return kiln::function({}, counter * 2.0, {.updates = {{counter, counter + 1.0}}}); };
  auto f = build();
  auto g = build();
  auto plain = kiln::function({}, counter * 2.0);
  CHECK(same_program(f, g));
  CHECK_FALSE(same_program(f, plain));  // its program has one output fewer
  CHECK(Array(f()).item<double>() == 0.0);
  CHECK(Array(g()).item<double>() == 2.0);
  CHECK(Array(plain()).item<double>() == 4.0);
  CHECK(kiln::get_value(counter).item<double>() == 2.0);
}

TEST_CASE("the mode is part of the key") {
  auto x = kt::vector("x");
  auto out = kt::log(kt::exp(x) + 1.0);
  auto f = kiln::function({x}, out, {.mode = kiln::Mode::FAST_RUN});
  auto g = kiln::function({x}, out, {.mode = kiln::Mode::FAST_COMPILE});
  CHECK_FALSE(same_program(f, g));
  Array v{-1.0, 0.0, 2.0};
  check_reference(f(v), out, {{x, v}});
  check_reference(g(v), out, {{x, v}});
}

TEST_CASE("givens are applied before the key is taken") {
  auto build = [](double offset) {
    auto x = kt::vector("x");
    auto y = kt::vector("y");
    return kiln::function({x}, y * 2.0, {.givens = {{y, x + offset}}});
  };
  auto f = build(1.0);
  auto g = build(1.0);
  auto h = build(2.0);
  CHECK(same_program(f, g));
  CHECK_FALSE(same_program(f, h));
  CHECK(Array(g(Array{1.0})).same_values(Array{4.0}));
  CHECK(Array(h(Array{1.0})).same_values(Array{6.0}));
}

TEST_CASE("names are part of the key, so a compiled dprint shows its own graph") {
  auto a = kt::vector("a");
  auto b = kt::vector("b");
  auto f = kiln::function({a}, kt::exp(a));
  auto g = kiln::function({b}, kt::exp(b));
  CHECK_FALSE(same_program(f, g));
  std::ostringstream os;
  kiln::dprint(g, os);
  INFO(os.str());
  CHECK(os.str().find("|b [id") != std::string::npos);
  CHECK(os.str().find("|a [id") == std::string::npos);
}

TEST_CASE("a request with an intermediate input compiles without the program cache") {
  auto build = [] {
    auto x = kt::vector("x");
    auto z = x + 1.0;
    return std::pair{z, z * 2.0};
  };
  auto [z1, out1] = build();
  auto [z2, out2] = build();
  auto f = kiln::function({z1}, out1);
  auto g = kiln::function({z2}, out2);
  CHECK_FALSE(same_program(f, g));
  CHECK(Array(g(Array{3.0})).same_values(Array{6.0}));
}

TEST_CASE("a 50-node graph built again compiles by lookup") {
  auto x1 = kt::vector("x"), y1 = kt::vector("y");
  auto x2 = kt::vector("x"), y2 = kt::vector("y");
  auto out1 = elemwise_chain(x1, y1, 50);
  auto out2 = elemwise_chain(x2, y2, 50);
  kiln::testing::LogCapture log("jit");
  auto f = kiln::function({x1, y1}, out1);
  auto g = kiln::function({x2, y2}, out2);
  CHECK(same_program(f, g));
  CHECK(log.count("program cache miss") == 1);
  CHECK(log.count("program cache hit") == 1);
  Array x{0.25, -1.0, 3.0}, y{1.0, 2.0, -0.5};
  check_reference(g(x, y), out2, {{x2, x}, {y2, y}});
}

TEST_CASE("eval of an equal graph built again finds its program in the program cache") {
  kiln::testing::LogCapture log("jit");
  auto x1 = kt::vector("x");
  auto w1 = kt::log1p(kt::exp(x1)) * 3.0;
  check_reference(w1.eval({{x1, Array{0.5, 2.0}}}), w1, {{x1, Array{0.5, 2.0}}});
  auto x2 = kt::vector("x");
  auto w2 = kt::log1p(kt::exp(x2)) * 3.0;
  check_reference(w2.eval({{x2, Array{-1.0, 1.0}}}), w2, {{x2, Array{-1.0, 1.0}}});
  CHECK(log.count("program cache miss") == 1);
  CHECK(log.count("program cache hit") == 1);
}

TEST_CASE("a program no Function holds any more is compiled again") {
  auto build = [] {
    auto x = kt::vector("x");
    return kiln::function({x}, kt::cosh(x) - 0.75);
  };
  kiln::testing::LogCapture log("jit");
  { auto f = build(); }
  auto g = build();
  CHECK(log.count("program cache miss") == 2);
  CHECK(log.count("program cache hit") == 0);
  CHECK(Array(g(Array{0.0})).same_values(Array{0.25}));
}

TEST_CASE("equal graphs compiled from many threads at once compute correct results", "[threads]") {
  constexpr int kThreads = 8;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([t, &failures] {
      for (int i = 0; i < 20; ++i) {
        auto x = kt::vector("x");
        auto f = kiln::function({x}, kt::exp(x) * 2.0 + 1.0);
        double v = t + 0.01 * i;
        double result = Array(f(Array{v})).item<double>();
        if (std::fabs(result - (std::exp(v) * 2.0 + 1.0)) > 1e-9 * std::exp(v)) ++failures;
      }
    });
  for (auto& th : threads) th.join();
  CHECK(failures == 0);
}
