// The forms of draws users write beyond the distributions' own tables, each compiled and equal
// to kiln::evaluate bit for bit with no reference perform: CAR over a batch of W blocks and its
// singular precision, ICAR (no draws), CustomDist's draw graph and its own random function,
// sizes and support-shape params that are graph inputs, dtypes other than the distribution's,
// lib/pm's own scalar distributions (the generic entry), integer params given as floats, and
// Censored/Truncated around beta-binomial.
#include "draw_test_support.hpp"
#include "jit_test_support.hpp"
#include "random/rv_gaussian_fields.hpp"
#include "random/rv_matrix.hpp"
#include "random/rv_multivariate.hpp"
#include "random/rv_pymc.hpp"
#include "random/rv_scalar.hpp"
#include "random/rv_time_series.hpp"
#include "support/log_capture.hpp"

#include <kiln/pm/custom_dist.hpp>
#include <kiln/pm/distributions.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>

namespace kt = kiln::tensor;
namespace kr = kiln::random;
using kiln::Array;
using kiln::DType;
using kiln::Var;
using namespace kiln::testing::draws;

TEST_CASE("a CAR draw over a batch of W blocks uses each block's own covariance, in the reference and compiled") {
  // Block 1 of a draw over (W0, W1) takes the second three normals, as block 1 of a draw of
  // size 2 over W1 alone does: equal draws, unless block 1 reused W0's factor.
  const Array W0{{0.0, 1.0, 0.0}, {1.0, 0.0, 1.0}, {0.0, 1.0, 0.0}};
  const Array W1{{0.0, 1.0, 1.0}, {1.0, 0.0, 1.0}, {1.0, 1.0, 0.0}};
  const Array both = matrices({0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.0, 1.0, 1.0, 1.0, 0.0}, {2, 3, 3});
  auto draw = [](const Array& W, kiln::Shape size) {
    return rv(kr::car_random_variable(), kiln::random_generator_shared(21), std::move(size),
              {Var(Array{0.5, 0.0, -0.5}), Var(W), Var(0.4), Var(2.0)});
  };
  const auto first = doubles(kiln::evaluate({draw(W0, {2})})[0]), second = doubles(kiln::evaluate({draw(W1, {2})})[0]);
  Var batched = draw(both, {2});
  auto f = kiln::function({}, {batched});
  for (const Array& got : {kiln::evaluate({batched})[0], f.call_positional({})[0]}) {
    const auto values = doubles(got);
    for (std::size_t j = 0; j < 3; ++j) {
      CHECK(values[j] == first[j]);
      CHECK(values[3 + j] == second[3 + j]);
    }
    CHECK(values[3] != first[3]);  // the blocks' covariances differ
  }
}

TEST_CASE("a CAR whose precision is singular raises, in the reference and compiled") {
  auto rng = kiln::random_generator_shared(6);
  auto W = kt::matrix("W");
  Var draw = rv(kr::car_random_variable(), rng, {}, {Var(Array{0.0, 0.0, 0.0}), W, Var(0.5), Var(1.0)});
  const Array isolated{{0.0, 1.0, 0.0}, {1.0, 0.0, 0.0}, {0.0, 0.0, 0.0}};
  const std::string expected =
      "car: tau (D - alpha W) is not positive definite (alpha = 0.5, tau = 1 (a row of W without neighbours makes it singular))";
  CHECK(reference_error(draw, {{W, isolated}}) == expected);
  auto f = kiln::function({W}, {draw});
  CHECK_THROWS_MATCHES(f(isolated), kiln::ParameterValueError, Catch::Matchers::Message(expected));
}

TEST_CASE("a compiled draw of ICAR raises the reference's ModelError, with no reference perform") {
  kiln::testing::LogCapture log("jit");
  const Array path3 = Array{{0.0, 1.0, 0.0}, {1.0, 0.0, 1.0}, {0.0, 1.0, 0.0}};
  check_compiled_draw_raises(
      [&](const Var& rng) {
        return rv(kr::icar_random_variable(), rng, {}, {Var(path3), Var(1.0), Var(0.001)});
      },
      5, "ICAR: Cannot sample from ICAR prior");
  CHECK(log.count("no native lowering") == 0);
}

TEST_CASE("a CustomDist with a draw graph passes the graph's draws through compiled code") {
  namespace pm = kiln::pm;
  for (const bool counts : {false, true}) {
    INFO((counts ? "int64" : "float64"));
    pm::CustomDistSpec spec;
    spec.logp = [](const Var& x, const std::vector<Var>&) { return -x; };
    spec.dtype = counts ? DType::int64 : DType::float64;
    spec.dist = [counts](const std::vector<Var>& p, const kiln::Shape& size) {
      return counts ? pm::Poisson::dist(p[0], {.size = size}) : kt::abs(pm::Normal::dist(0.0, p[0], {.size = size}));
    };
    Var h = pm::CustomDist::dist({Var(1.5)}, spec, {.size = {6}});
    kiln::testing::LogCapture log("jit");
    const std::string dir = "kiln_custom_dist_ir_dump";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    ::setenv("KILN_DUMP_IR", dir.c_str(), 1);
    auto f = kiln::function({}, {h, h * 2});
    for (int call = 0; call < 3; ++call) check_identical(f.call_positional({})[0], kiln::evaluate({h})[0]);
    ::unsetenv("KILN_DUMP_IR");
    CHECK(kiln::jit::specialization_count(f.program()) == 1);
    CHECK(log.count("no native lowering") == 0);
    const std::string call = std::string("call i32 @kiln_rv_custom_dist") + (counts ? "_int(ptr" : "(ptr");
    bool called = false;
    for (const auto& file : std::filesystem::directory_iterator(dir)) {
      std::ifstream in(file.path());
      const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      if (file.path().filename().string().rfind("kiln_p", 0) == 0 && text.find(call) != std::string::npos) called = true;
    }
    CHECK(called);
    std::filesystem::remove_all(dir);
  }
}

TEST_CASE("a CustomDist's random function runs from compiled code, once per call, with the generator it holds") {
  namespace pm = kiln::pm;
  pm::CustomDistSpec spec;
  spec.logp = [](const Var& x, const std::vector<Var>&) { return -x; };
  int calls = 0;
  // Normals around mu, then one exponential per element: numbers taken across the batch in an
  // order no per-element entry could follow.
  spec.random = [&calls](kr::Generator& rng, const std::vector<Array>& params, const kiln::Shape& size) {
    ++calls;
    Array out = Array::empty(DType::float64, size);
    for (std::int64_t i = 0; i < out.size(); ++i) out.set_from_double(i, rng.normal(params[0].get_as_double(i), 1.0));
    for (std::int64_t i = 0; i < out.size(); ++i) out.set_from_double(i, out.get_as_double(i) + rng.exponential(1.0));
    return out;
  };
  kiln::testing::LogCapture log("jit");
  auto rng = kiln::random_generator_shared(8);
  auto mu = kt::vector("mu");
  Var h = pm::CustomDist::dist({mu}, spec, {.size = {4}, .rng = rng});
  const std::string dir = "kiln_custom_random_ir_dump";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  ::setenv("KILN_DUMP_IR", dir.c_str(), 1);
  auto f = kiln::function({mu}, {h, h * 2}, {.updates = {{rng, h.owner()->output(0)}}});
  const Array m{0.0, 10.0, -5.0, 2.5};
  for (int call = 0; call < 3; ++call) {
    const Array expected = kiln::evaluate({h}, {{mu, m}})[0];  // from the generator's current state
    const int before = calls;
    check_identical(f(m)[0], expected);
    CHECK(calls == before + 1);  // one call of the function per compiled call
  }
  ::unsetenv("KILN_DUMP_IR");
  CHECK(kiln::jit::specialization_count(f.program()) == 1);
  CHECK(log.count("no native lowering") == 0);
  bool called = false;
  for (const auto& file : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(file.path());
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (file.path().filename().string().rfind("kiln_p", 0) == 0 &&
        text.find("call i32 @kiln_rt_custom_dist_random(ptr") != std::string::npos)
      called = true;
  }
  CHECK(called);
  std::filesystem::remove_all(dir);

  // The function's own exception reaches the caller as it raised it, the generator unchanged.
  pm::CustomDistSpec failing = spec;
  failing.random = [](kr::Generator& g, const std::vector<Array>& params, const kiln::Shape& size) -> Array {
    g.normal(0.0, 1.0);
    if (params[0].get_as_double(0) < 0) throw kiln::ValueError("my_random: mu[0] < 0");
    return Array::zeros(DType::float64, size);
  };
  Var bad = pm::CustomDist::dist({mu}, failing, {.size = {4}, .rng = rng});
  auto g = kiln::function({mu}, {bad}, {.updates = {{rng, bad.owner()->output(0)}}});
  for (int call = 0; call < 2; ++call) g(m);
  const kr::GeneratorState state = kiln::get_generator(rng).state();
  for (int call = 0; call < 3; ++call)
    CHECK_THROWS_MATCHES(g(Array{-1.0, 0.0, 0.0, 0.0}), kiln::ValueError, Catch::Matchers::Message("my_random: mu[0] < 0"));
  CHECK(kiln::get_generator(rng).state() == state);
  CHECK(kiln::jit::specialization_count(g.program()) == 1);
}

TEST_CASE("draws whose size or support shape is a graph input run compiled, specialized to each call's values") {
  // A size or a shape-setting param that is not a constant: code specialized to one call's
  // values runs only calls with the same values; others run step by step, still compiled.
  kiln::testing::LogCapture log("jit");
  auto n = kt::tensor("n", DType::int64, {1});
  auto K = kt::scalar("K", DType::int64);
  auto i64 = [](std::int64_t v) { return Var(Array(std::vector<std::int64_t>{v})); };
  const std::vector<std::pair<std::string, std::function<Var(const Var& rng)>>> sized = {
      {"normal", [](const Var& g) { return kt::random::normal(0.0, 1.0, {.size = {3}, .rng = g}); }},
      {"dirichlet", [](const Var& g) { return kt::random::dirichlet(Array{1.0, 2.0}, {.size = {3}, .rng = g}); }},
      {"zero_sum_normal", [&](const Var& g) { return rv(kr::zero_sum_normal_random_variable(1), g, {3}, {Var(Array{1.0}), i64(4)}); }},
  };
  for (const auto& [name, build] : sized) {
    INFO(name);
    Var draw = build(kiln::random_generator_shared(8));
    Var resized = kiln::clone_replace({draw}, {{draw.owner()->inputs()[1], n}})[0];
    auto f = kiln::function({n}, {resized});
    for (std::int64_t k : {3, 3, 3, 5, 2, 5, 5}) {
      INFO("size " << k);
      Array size(std::vector<std::int64_t>{k});
      check_identical(f(size)[0], kiln::evaluate({resized}, {{n, size}})[0]);
    }
  }
  const std::vector<std::pair<std::string, std::function<Var(const Var& rng)>>> shaped = {
      {"stick_breaking", [&](const Var& g) { return rv(kr::stick_breaking_weights_random_variable(), g, {2}, {Var(2.0), K}); }},
      {"zero_sum_normal", [&](const Var& g) {
         return rv(kr::zero_sum_normal_random_variable(1), g, {2}, {Var(Array{1.0}), kt::stack({K})});
       }},
      {"lkj_corr", [&](const Var& g) { return rv(kr::lkj_corr_random_variable(), g, {2}, {K, Var(1.5)}); }},
  };
  for (const auto& [name, build] : shaped) {
    INFO(name);
    Var draw = build(kiln::random_generator_shared(8));
    auto f = kiln::function({K}, {draw});
    for (std::int64_t k : {3, 3, 3, 5, 2, 5, 5}) {
      INFO("K " << k);
      check_identical(f(Array(k))[0], kiln::evaluate({draw}, {{K, Array(k)}})[0]);
    }
    CHECK(kiln::jit::specialization_count(f.program()) >= 1);
  }
  CHECK(log.count("no native lowering") == 0);
}

TEST_CASE("draws of a dtype other than the distribution's run compiled, converted as perform's astype") {
  kiln::testing::LogCapture log("jit");
  namespace r = kt::random;
  auto mu = kt::vector("mu");
  const std::vector<std::pair<std::string, std::function<Var(const Var& rng)>>> cases = {
      {"normal float32", [&](const Var& g) { return r::normal(mu, 2.0, {.size = {3}, .rng = g, .dtype = DType::float32}); }},
      {"poisson int32", [&](const Var& g) { return r::poisson(kt::exp(mu), {.size = {3}, .rng = g, .dtype = DType::int32}); }},
      {"poisson float64", [&](const Var& g) { return r::poisson(kt::exp(mu), {.size = {3}, .rng = g, .dtype = DType::float64}); }},
      {"dirichlet float32", [&](const Var& g) { return r::dirichlet(kt::exp(mu), {.size = {2}, .rng = g, .dtype = DType::float32}); }},
      {"multinomial int16",
       [&](const Var& g) { return r::multinomial(20, Array{0.2, 0.3, 0.5}, {.size = {2}, .rng = g, .dtype = DType::int16}); }},
      {"random_walk float32",
       [&](const Var& g) {
         return kr::make_random_variable(kr::random_walk_random_variable("gaussian_random_walk", 0), g, {}, DType::float32,
                                         {Var(Array{0.1, 0.2}), Var(Array{{1e-9, 0.3, 0.7}, {2.0, -1.0, 0.5}})}, "");
       }},
      {"mv_studentt float32",
       [&](const Var& g) {
         return kr::make_random_variable(kr::mv_studentt_random_variable(), g, {2}, DType::float32,
                                         {Var(4.0), mu, Var(Array{{2.0, 0.5, 0.0}, {0.5, 1.0, 0.0}, {0.0, 0.0, 1.0}})}, "");
       }},
  };
  for (const auto& [name, build] : cases) {
    INFO(name);
    check_compiled_draw(build, 13, {mu}, {Array{0.5, -1.0, 2.0}});  // its dtype checked too
  }
  CHECK(log.count("no native lowering") == 0);
}

TEST_CASE("lib/pm's own scalar distributions draw from compiled code through the generic entry") {
  namespace pm = kiln::pm;
  kiln::testing::LogCapture log("jit");
  auto mu = kt::vector("mu");
  const std::vector<std::pair<std::string, std::function<Var(const Var& rng)>>> cases = {
      {"HalfStudentT", [&](const Var& g) { return pm::HalfStudentT::dist(3.0, kt::exp(mu), {.size = {3}, .rng = g}); }},
      {"TruncatedNormal", [&](const Var& g) { return pm::TruncatedNormal::dist(mu, 2.0, -1.0, 3.0, {.size = {3}, .rng = g}); }},
      {"Weibull", [&](const Var& g) { return pm::Weibull::dist(1.5, kt::exp(mu), {.size = {3}, .rng = g}); }},
      {"DiscreteUniform",
       [&](const Var& g) {
         return pm::DiscreteUniform::dist(Var(Array(std::int64_t{-2})), kt::cast(3.0 * kt::exp(mu), DType::int64),
                                          {.size = {3}, .rng = g});
       }},
  };
  for (const auto& [name, build] : cases) {
    INFO(name);
    check_compiled_draw(build, 17, {mu}, {Array{0.5, -1.0, 2.0}});
  }
  // Flat has no draws: the draw's own error, from compiled code, the generator unchanged.
  check_compiled_draw_raises([](const Var& rng) { return pm::Flat::dist({.size = {2}, .rng = rng}); }, 3,
                             "Flat: an improper distribution has no random draws");
  CHECK(log.count("no native lowering") == 0);
}

TEST_CASE("an integer param given as floats draws compiled, read as the reference reads it") {
  kiln::testing::LogCapture log("jit");
  auto rng = kiln::random_generator_shared(19);
  auto n = kt::vector("n");
  Var draw = kt::random::binomial(n, 0.3, {.rng = rng});
  auto f = kiln::function({n}, {draw, draw * 2}, {.updates = {{rng, draw.owner()->output(0)}}});
  const Array good{10.0, 3.7, 0.0};
  for (int call = 0; call < 3; ++call) {
    const Array expected = kiln::evaluate({draw}, {{n, good}})[0];
    check_identical(f(good)[0], expected);
  }
  CHECK(kiln::jit::specialization_count(f.program()) == 1);
  const Array bad{10.0, -1.5, 1.0};  // n is the value truncated, as the reference reads it
  const std::string expected = reference_error(draw, {{n, bad}});
  CHECK(expected.find("binomial: n < 0") == 0);
  const kr::GeneratorState before = kiln::get_generator(rng).state();
  CHECK_THROWS_WITH(f(bad), expected);
  CHECK(kiln::get_generator(rng).state() == before);
  CHECK(log.count("no native lowering") == 0);
}

TEST_CASE("Censored beta-binomial draws its betas, then its binomials, then clips; Truncated refuses, compiled too") {
  kiln::testing::LogCapture log("jit");
  auto betabinom = kr::scalar_random_variable("betabinom");
  auto n = kt::vector("n", DType::int64);
  auto bounded = [&](bool truncate, const Var& g) {
    auto op = truncate ? kr::truncated_random_variable(betabinom) : kr::censored_random_variable(betabinom);
    return rv(op, g, {}, {n, Var(2.0), Var(3.0), Var(2.0), Var(6.0)});
  };
  const Array counts(std::vector<std::int64_t>{10, 3, 50, 8});
  // The oracle: the same generator's beta-binomial draw, clipped to [2, 6].
  const auto plain = doubles(kt::random::betabinom(n, 2.0, 3.0, {.rng = kiln::random_generator_shared(23)}).eval({{n, counts}}));
  auto rng = kiln::random_generator_shared(23);
  Var censored = bounded(false, rng);
  const auto reference = doubles(kiln::evaluate({censored}, {{n, counts}})[0]);
  REQUIRE(reference.size() == plain.size());
  for (std::size_t i = 0; i < plain.size(); ++i) CHECK(reference[i] == std::clamp(plain[i], 2.0, 6.0));
  auto f = kiln::function({n}, {censored, censored * 2}, {.updates = {{rng, censored.owner()->output(0)}}});
  for (int call = 0; call < 3; ++call) {
    const Array expected = kiln::evaluate({censored}, {{n, counts}})[0];
    check_identical(f(counts)[0], expected);
  }
  CHECK(kiln::jit::specialization_count(f.program()) == 1);

  auto rng2 = kiln::random_generator_shared(23);
  Var truncated = bounded(true, rng2);
  const std::string expected = reference_error(truncated, {{n, counts}});
  CHECK(expected == "truncated_beta_binomial: the inner distribution's draws are not element by element, so they cannot be "
                    "redrawn one at a time");
  auto g = kiln::function({n}, {truncated});
  for (int call = 0; call < 3; ++call) CHECK_THROWS_MATCHES(g(counts), kiln::ValueError, Catch::Matchers::Message(expected));
  CHECK(log.count("no native lowering") == 0);
}
