// The RandomVariables drawn one batch element at a time (dirichlet, multinomial, categorical,
// multivariate normal, normal mixture, Censored, Truncated, beta-binomial) run as generated
// code calling their runtime entries with the generator state pointer: their draws are NumPy's
// (batch_draw_cases.json, from batch_draw_cases.py; single-vector cases from
// test_rv_numpy_values.cpp's table) in the step-by-step tier and specialized, no reference
// perform runs, and bad parameters raise the reference's error with the rng unchanged.
#include "jit_test_support.hpp"
#include "random/rv_draws.hpp"
#include "random/rv_multivariate.hpp"
#include "random/rv_pymc.hpp"
#include "random/rv_scalar.hpp"
#include "support/log_capture.hpp"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>

namespace kt = kiln::tensor;
namespace kr = kiln::random;
using kiln::Array;
using kiln::DType;
using kiln::Var;

namespace {

using Builder = std::function<Var(const Var& rng)>;

const nlohmann::json& numpy_cases() {
  static const nlohmann::json cases = [] {
    std::ifstream in(KILN_SOURCE_DIR "/tests/jit/batch_draw_cases.json");
    return nlohmann::json::parse(in).at("cases");
  }();
  return cases;
}

std::vector<double> doubles(const Array& a) {
  std::vector<double> out;
  for (std::int64_t i = 0; i < a.size(); ++i) out.push_back(a.get_as_double(i));
  return out;
}

Var rv(std::shared_ptr<const kr::RandomVariable> op, const Var& rng, kiln::Shape size, std::vector<Var> params) {
  return kr::make_random_variable(std::move(op), rng, size, std::nullopt, std::move(params), "");
}

Var censored_normal(const Var& rng, bool truncate) {
  auto normal = kr::scalar_random_variable("normal");
  auto op = truncate ? kr::truncated_random_variable(normal) : kr::censored_random_variable(normal);
  return rv(op, rng, {8}, {Var(0.0), Var(2.0), Var(-1.0), Var(1.5)});
}

struct Case {
  Case(std::string name, Builder build, std::vector<double> numpy = {}, double tolerance = 0)
      : name(std::move(name)), build(std::move(build)), numpy(std::move(numpy)), tolerance(tolerance) {}
  std::string name;
  Builder build;
  std::vector<double> numpy;  // empty: from batch_draw_cases.json (name_seed)
  double tolerance;           // the multivariate normal's products round differently from NumPy's
};

std::vector<Case> cases() {
  namespace r = kt::random;
  auto i64 = [](std::vector<std::int64_t> v) { return Array(v); };
  return {
      {"categorical_1_2_7", [](const Var& g) { return r::categorical(Array{0.1, 0.2, 0.7}, {.size = {6}, .rng = g}); },
       {2, 2, 2, 2, 0, 2}},
      {"dirichlet_1_2_3", [](const Var& g) { return r::dirichlet(Array{1.0, 2.0, 3.0}, {.size = {2}, .rng = g}); },
       {0.3174762876184857, 0.08613712680247759, 0.5963865855790367, 0.24500107525101864, 0.30985890218429035,
        0.44514002256469104}},
      {"dirichlet_small", [](const Var& g) { return r::dirichlet(Array{0.05, 0.08, 0.02}, {.size = {2}, .rng = g}); },
       {0.957324777930032, 0.042675217795279156, 4.2746888302332416e-09, 3.855775227079375e-21, 0.9998203111869517,
        0.00017968881304830653}},
      {"multinomial_10", [](const Var& g) { return r::multinomial(10, Array{0.2, 0.3, 0.5}, {.size = {3}, .rng = g}); },
       {3, 2, 5, 3, 3, 4, 0, 7, 3}},
      {"betabinom_10_2_3", [](const Var& g) { return r::betabinom(10, 2, 3, {.size = {6}, .rng = g}); },
       {3, 2, 7, 5, 5, 4}},
      {"dirichlet_batched",
       [](const Var& g) { return r::dirichlet(Array{{1.0, 2.0, 3.0}, {0.05, 0.08, 0.02}}, {.rng = g}); }},
      {"dirichlet_broadcast",
       [](const Var& g) { return r::dirichlet(Array{0.5, 1.5, 4.0}, {.size = {2, 2}, .rng = g}); }},
      {"multinomial_batched",
       [i64](const Var& g) { return r::multinomial(i64({5, 20, 0}), Array{0.2, 0.3, 0.5}, {.rng = g}); }},
      {"categorical_batched",
       [](const Var& g) { return r::categorical(Array{{0.1, 0.2, 0.7}, {0.6, 0.3, 0.1}}, {.rng = g}); }},
      {"mvnormal_batched_mean",
       [](const Var& g) {
         return r::multivariate_normal(Array{{1.0, 2.0}, {-1.0, 0.5}}, Array{{2.0, 0.5}, {0.5, 1.0}}, {.rng = g});
       },
       {}, 1e-14},
      {"mvnormal_batched_cov",
       [](const Var& g) {
         Array cov = Array{2.0, 0.5, 0.5, 1.0, 1.0, -0.3, -0.3, 0.5}.reshape({2, 2, 2});
         return r::multivariate_normal(Array{0.0, 1.0}, cov, {.rng = g});
       },
       {}, 1e-14},
      {"normal_mixture",
       [](const Var& g) {
         return rv(kr::normal_mixture_random_variable(), g, {5},
                   {Var(Array{0.2, 0.5, 0.3}), Var(Array{-5.0, 0.0, 5.0}), Var(Array{1.0, 0.5, 2.0})});
       }},
      {"censored_normal", [](const Var& g) { return censored_normal(g, false); }},
      {"truncated_normal", [](const Var& g) { return censored_normal(g, true); }},
      {"betabinom_batched", [i64](const Var& g) { return r::betabinom(i64({10, 3, 50}), 2.0, 3.0, {.rng = g}); }},
  };
}

void check_values(const Array& got, const std::vector<double>& expected, double tolerance) {
  const std::vector<double> values = doubles(got);
  REQUIRE(values.size() == expected.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    INFO("element " << i);
    if (tolerance == 0)
      CHECK(values[i] == expected[i]);
    else
      CHECK(values[i] == Approx(expected[i]).epsilon(tolerance).margin(tolerance));
  }
}

}  // namespace

TEST_CASE("vector, bounded and beta-binomial draws call their runtime entries, with NumPy's values") {
  for (const Case& c : cases()) {
    for (std::uint64_t seed : {42u, 7u}) {
      if (!c.numpy.empty() && seed != 42) continue;
      INFO(c.name << " seed " << seed);
      const std::vector<double> expected =
          c.numpy.empty() ? numpy_cases().at(c.name + "_" + std::to_string(seed)).get<std::vector<double>>() : c.numpy;
      kiln::testing::LogCapture log("jit");
      Var draw = c.build(kiln::random_generator_shared(seed));
      // Two outputs: a program of more than one step, which specializes after its first call.
      auto f = kiln::function({}, {draw, draw * 2});
      for (int call = 0; call < 3; ++call) check_values(f.call_positional({})[0], expected, c.tolerance);
      CHECK(kiln::jit::specialization_count(f.program()) == 1);
      CHECK(log.count("no native lowering") == 0);
      check_values(kiln::evaluate({draw})[0], expected, c.tolerance);  // the reference agrees
    }
  }
}

TEST_CASE("a function with an rng update advances the generator by exactly the batch draws") {
  auto rng = kiln::random_generator_shared(5);
  auto alpha = kt::matrix("alpha");
  Var draw = kt::random::dirichlet(alpha, {.rng = rng});
  auto f = kiln::function({alpha}, {draw, draw * 2}, {.updates = {{rng, draw.owner()->output(0)}}});
  const Array a = Array{{1.0, 2.0, 3.0}, {0.05, 0.08, 0.02}, {4.0, 0.5, 0.7}};
  // The expected values from lib/random's sampler over one state carried across the calls (its
  // values are NumPy's: the test above).
  kr::GeneratorState state = kr::Generator(5).state();
  for (int call = 0; call < 4; ++call) {
    const std::vector<double> got = doubles(f(a)[0]);
    std::vector<double> expected(9);
    const std::vector<double> rows = doubles(a);
    for (int b = 0; b < 3; ++b) kr::dirichlet(state, rows.data() + 3 * b, 3, expected.data() + 3 * b);
    CHECK(got == expected);
  }
  CHECK(kiln::get_generator(rng).state() == state);
}

TEST_CASE("bad batch-draw parameters raise the reference's error, step by step and specialized") {
  auto rng = kiln::random_generator_shared(3);
  auto alpha = kt::vector("alpha");
  Var draw = kt::random::dirichlet(alpha, {.size = {2}, .rng = rng});
  auto f = kiln::function({alpha}, {draw, draw * 2}, {.updates = {{rng, draw.owner()->output(0)}}});
  const kr::GeneratorState before = kiln::get_generator(rng).state();
  // The first call runs step by step, the later ones specialized.
  for (int call = 0; call < 3; ++call)
    CHECK_THROWS_WITH(f(Array{1.0, -2.0, 3.0}), "dirichlet: alpha <= 0 (alpha[1] = -2)");
  CHECK(kiln::get_generator(rng).state() == before);
  f(Array{1.0, 2.0, 3.0});
  CHECK_THROWS_AS(f(Array{1.0, std::nan(""), 3.0}), kiln::ParameterValueError);

  auto cov = kt::matrix("cov");
  Var mv = kt::random::multivariate_normal(Array{0.0, 0.0}, cov, {.size = {3}, .rng = rng});
  auto g = kiln::function({cov}, {mv, mv * 2});
  for (int call = 0; call < 3; ++call)
    CHECK_THROWS_WITH(g(Array{{1.0, 2.0}, {2.0, 1.0}}), Catch::Contains("multivariate_normal: cov is not positive definite"));
  CHECK_THROWS_WITH(g(Array{{1.0, 0.0, 0.0}, {0.0, 1.0, 0.0}}), Catch::Contains("cov must be square"));

  // Truncated to an interval its distribution never reaches: the reference's ValueError.
  auto normal = kr::scalar_random_variable("normal");
  Var far = rv(kr::truncated_random_variable(normal), rng, {2}, {Var(0.0), Var(1.0), Var(50.0), Var(51.0)});
  auto h = kiln::function({}, {far, far * 2});
  for (int call = 0; call < 2; ++call)
    CHECK_THROWS_WITH(h.call_positional({}), "truncated_normal: truncation did not converge in 10000 steps");
}

TEST_CASE("KILN_DUMP_IR shows the batch draws as calls of their runtime entries, in both tiers") {
  const std::string dir = "kiln_batch_draw_ir_dump";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  ::setenv("KILN_DUMP_IR", dir.c_str(), 1);
  auto rng = kiln::random_generator_shared(3);
  auto alpha = kt::vector("alpha");
  Var draw = kt::random::dirichlet(alpha, {.size = {4}, .rng = rng});
  Var counts = kt::random::betabinom(Var(Array(std::int64_t{10})), 2.0, 3.0, {.size = {4}, .rng = draw.owner()->output(0)});
  auto f = kiln::function({alpha}, {draw * 2.0, counts}, {.updates = {{rng, counts.owner()->output(0)}}});
  for (int call = 0; call < 3; ++call) f(Array{1.0, 2.0, 3.0});
  ::unsetenv("KILN_DUMP_IR");
  // Each entry is called from the step-by-step tier's code and from the specialized program's.
  const std::vector<std::string> entries = {"call i32 @kiln_rv_dirichlet(ptr", "call i32 @kiln_rv_betabinom_betas(ptr",
                                            "call i32 @kiln_rv_betabinom_binomials(ptr"};
  std::set<std::string> step_calls, specialized_calls;
  for (const auto& file : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(file.path());
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const bool specialized = file.path().filename().string().rfind("kiln_p", 0) == 0;
    for (const auto& entry : entries)
      if (text.find(entry) != std::string::npos) (specialized ? specialized_calls : step_calls).insert(entry);
  }
  CHECK(step_calls.size() == entries.size());
  CHECK(specialized_calls.size() == entries.size());
  std::filesystem::remove_all(dir);
}
