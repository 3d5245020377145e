// The RandomVariables drawn one batch element at a time (dirichlet, multinomial, categorical,
// multivariate normal, normal mixture, Censored, Truncated, beta-binomial) run as generated
// code calling their runtime entries with the generator state pointer: their draws are NumPy's
// (batch_draw_cases.json, from batch_draw_cases.py; single-vector cases from
// test_rv_numpy_values.cpp's table) in the step-by-step tier and specialized, no reference
// perform runs, and bad parameters raise the reference's error with the rng unchanged. PyMC's
// ops drawn in passes (MvStudentT, Wishart, MatrixNormal, LKJ, Mixture, the time series,
// ZeroSumNormal, CAR, DirichletMultinomial, StickBreakingWeights) are checked bit for bit
// against kiln::evaluate (itself checked against NumPy in tests/pm); test_draw_forms.cpp has the
// other forms of draws (dtypes, sizes as inputs, CustomDist, lib/pm's own distributions).
#include "draw_test_support.hpp"
#include "jit_test_support.hpp"
#include "random/rv_draws.hpp"
#include "random/rv_gaussian_fields.hpp"
#include "random/rv_matrix.hpp"
#include "random/rv_multivariate.hpp"
#include "random/rv_pymc.hpp"
#include "random/rv_scalar.hpp"
#include "random/rv_time_series.hpp"
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
using namespace kiln::testing::draws;

namespace {

using Builder = std::function<Var(const Var& rng)>;

const nlohmann::json& numpy_cases() {
  static const nlohmann::json cases = [] {
    std::ifstream in(KILN_SOURCE_DIR "/tests/jit/batch_draw_cases.json");
    return nlohmann::json::parse(in).at("cases");
  }();
  return cases;
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

// ---- The PyMC ops drawn in passes over the batch (MvStudentT, Wishart, MatrixNormal, the LKJ
// family, Mixture, the time series): compiled draws equal the reference evaluator's bit for bit,
// over calls that carry the generator forward, with batched and per-element params.

namespace {

std::vector<Case> pymc_cases() {
  auto i64 = [](std::vector<std::int64_t> v) { return Var(Array(v)); };
  const Array cov2 = Array{{2.0, 0.5}, {0.5, 1.0}};
  const Array path3 = Array{{0.0, 1.0, 0.0}, {1.0, 0.0, 1.0}, {0.0, 1.0, 0.0}};
  const Array paths3 = matrices({0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.0, 1.0, 1.0, 1.0, 0.0}, {2, 3, 3});
  const Array covs3 = matrices({2.0, 0.5, 0.1, 0.5, 1.0, 0.2, 0.1, 0.2, 3.0, 1.0, 0.0, 0.0, 0.0, 0.5, -0.1, 0.0, -0.1, 2.0},
                               {2, 3, 3});
  return {
      {"mv_studentt_per_element_nu",
       [=](const Var& g) {
         return rv(kr::mv_studentt_random_variable(), g, {},
                   {Var(Array{3.0, 5.0, 8.0}), Var(Array{{0.0, 1.0}, {2.0, 3.0}, {-1.0, 0.5}}), Var(cov2)});
       }},
      {"mv_studentt_batched_scale",
       [=](const Var& g) { return rv(kr::mv_studentt_random_variable(), g, {2, 2}, {Var(4.0), Var(Array{1.0}), Var(covs3)}); }},
      {"wishart_per_element",
       [=](const Var& g) { return rv(kr::wishart_random_variable(), g, {}, {Var(Array{4.0, 6.5}), Var(covs3)}); }},
      {"wishart_broadcast_V", [=](const Var& g) { return rv(kr::wishart_random_variable(), g, {4}, {Var(3.0), Var(cov2)}); }},
      {"matrix_normal",
       [=](const Var& g) {
         return rv(kr::matrix_normal_random_variable(), g, {3},
                   {Var(Array{{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}}), Var(Array{{1.0, 0.0}, {0.5, 2.0}}),
                    Var(matrices({1.0, 0.0, 0.0, 0.3, 1.0, 0.0, -0.2, 0.4, 0.5}, {3, 3}))});
       }},
      {"matrix_normal_batched_mu",
       [=](const Var& g) {
         return rv(kr::matrix_normal_random_variable(), g, {},
                   {Var(matrices({1.0, -1.0, 2.0, 0.0}, {2, 1, 2})), Var(Array{{1.0, 0.0}, {0.5, 2.0}}), Var(cov2)});
       }},
      {"lkj_corr_per_element_eta",
       [=](const Var& g) { return rv(kr::lkj_corr_random_variable(), g, {}, {i64({4, 4, 4}), Var(Array{1.0, 2.5, 0.7})}); }},
      {"lkj_corr_n2", [=](const Var& g) { return rv(kr::lkj_corr_random_variable(), g, {3}, {Var(Array(std::int64_t{2})), Var(1.5)}); }},
      {"lkj_corr_n5_size",
       [=](const Var& g) { return rv(kr::lkj_corr_random_variable(), g, {2, 2}, {Var(Array(std::int64_t{5})), Var(2.0)}); }},
      {"lkj_cholesky_cov_per_element_sd",
       [=](const Var& g) {
         return rv(kr::lkj_cholesky_cov_random_variable(), g, {},
                   {Var(Array(std::int64_t{3})), Var(Array{2.0, 0.8}), Var(Array{{1.0, 2.0, 3.0}, {0.5, 0.5, 4.0}})});
       }},
      {"mixture_per_element_w",
       [=](const Var& g) {
         return rv(kr::mixture_random_variable(2, false, DType::float64), g, {},
                   {Var(Array{{0.3, 0.7}, {0.5, 0.5}, {0.9, 0.1}, {0.0, 1.0}}), Var(Array{1.0, 2.0, 3.0, 4.0}),
                    Var(Array{-1.0, -2.0, -3.0, -4.0})});
       }},
      {"stacked_mixture_counts",
       [=](const Var& g) {
         Array comps = Array(std::vector<std::int64_t>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}).reshape({5, 3});
         return rv(kr::mixture_random_variable(1, true, DType::int64), g, {}, {Var(Array{0.2, 0.3, 0.5}), Var(comps)});
       }},
      {"random_walk",
       [=](const Var& g) {
         return rv(kr::random_walk_random_variable("gaussian_random_walk", 0), g, {},
                   {Var(Array{0.0, 1.0}), Var(matrices({0.1, 0.2, 0.3, 0.4, -1.0, 0.5, 0.25, 2.0}, {2, 4}))});
       }},
      {"mv_random_walk",
       [=](const Var& g) {
         return rv(kr::random_walk_random_variable("mv_gaussian_random_walk", 1), g, {},
                   {Var(Array{{0.0, 1.0}, {2.0, 3.0}}),
                    Var(matrices({0.1, 0.2, 0.3, 0.4, -1.0, 0.5, 0.25, 2.0, 1.5, 0.7, -0.3, 0.9}, {2, 3, 2}))});
       }},
      {"matrix_random_walk",
       [=](const Var& g) {
         // Innovations of support 2 (a 2 x 2 matrix per step), init broadcast over the batch.
         return rv(kr::random_walk_random_variable("matrix_random_walk", 2), g, {3},
                   {Var(matrices({0.0, 1.0, 2.0, 3.0}, {2, 2})),
                    Var(matrices({0.1, 0.2, 0.3, 0.4, -1.0, 0.5, 0.25, 2.0, 1.5, 0.7, -0.3, 0.9}, {3, 2, 2}))});
       }},
      {"ar_per_element",
       [=](const Var& g) {
         return rv(kr::ar_random_variable(), g, {},
                   {Var(Array{0.5, -0.2}), Var(Array{{0.6, 0.3}, {-0.4, 0.1}}), Var(Array{{1.0, 0.5}, {-1.0, 0.0}}),
                    Var(matrices({0.1, -0.3, 0.2, 0.7, -0.5, 0.05, 0.3, 1.1, -0.9, 0.4}, {2, 5}))});
       }},
      {"zero_sum_normal_per_element_sigma",
       [=](const Var& g) {
         return rv(kr::zero_sum_normal_random_variable(1), g, {},
                   {Var(matrices({0.5, 1.0, 2.5}, {3, 1})), i64({4})});
       }},
      {"zero_sum_normal_two_axes",
       [=](const Var& g) { return rv(kr::zero_sum_normal_random_variable(2), g, {2}, {Var(matrices({1.5}, {1, 1})), i64({3, 2})}); }},
      {"car_per_element_alpha",
       [=](const Var& g) {
         return rv(kr::car_random_variable(), g, {},
                   {Var(Array{1.0, 0.0, -1.0}), Var(path3), Var(Array{0.5, -0.3, 0.5, 0.9}), Var(2.0)});
       }},
      {"car_batched_W",
       [=](const Var& g) {
         return rv(kr::car_random_variable(), g, {3, 2},
                   {Var(Array{0.5}), Var(paths3), Var(0.4), Var(Array{1.0, 3.0})});
       }},
      {"dirichlet_multinomial_per_element_n",
       [=](const Var& g) {
         return rv(kr::dirichlet_multinomial_random_variable(), g, {}, {i64({5, 20, 0, 7}), Var(Array{0.5, 2.0, 1.0})});
       }},
      {"dirichlet_multinomial_batched_a",
       [=](const Var& g) {
         return rv(kr::dirichlet_multinomial_random_variable(), g, {2, 2},
                   {Var(Array(std::int64_t{12})), Var(Array{{0.05, 0.08, 0.02, 0.01}, {3.0, 1.0, 2.0, 0.5}})});
       }},
      {"stick_breaking_per_element_alpha",
       [=](const Var& g) {
         return rv(kr::stick_breaking_weights_random_variable(), g, {}, {Var(Array{1.0, 2.5, 0.5}), Var(Array(std::int64_t{4}))});
       }},
      {"stick_breaking_size_K0",
       [=](const Var& g) { return rv(kr::stick_breaking_weights_random_variable(), g, {2}, {Var(3.0), Var(Array(std::int64_t{0}))}); }},
      {"garch11_per_element",
       [=](const Var& g) {
         return rv(kr::garch11_random_variable(), g, {},
                   {Var(0.1), Var(Array{0.2, 0.3}), Var(0.5), Var(Array{1.0, 0.4}),
                    Var(matrices({0.1, -0.3, 0.2, 0.7, -0.5, 0.05, 0.3, 1.1, -0.9, 0.4, 1.2, -2.0}, {2, 6}))});
       }},
  };
}

}  // namespace

TEST_CASE("PyMC's multivariate, LKJ, mixture and time series draws run compiled, equal to the reference") {
  for (const Case& c : pymc_cases()) {
    INFO(c.name);
    kiln::testing::LogCapture log("jit");
    check_compiled_draw(c.build, 11, {}, {});
    CHECK(log.count("no native lowering") == 0);
  }
}

TEST_CASE("bad PyMC-op parameters raise the reference's error from compiled code, the rng unchanged") {
  auto rng = kiln::random_generator_shared(4);
  auto nu = kt::vector("nu");
  auto check = [&](const Var& draw, const std::vector<Var>& inputs, const std::vector<Array>& bad, const std::vector<Array>& good) {
    auto f = kiln::function(inputs, {draw, draw * 2}, {.updates = {{rng, draw.owner()->output(0)}}});
    kiln::Givens givens;
    for (std::size_t i = 0; i < inputs.size(); ++i) givens.emplace_back(inputs[i], bad[i]);
    const std::string expected = reference_error(draw, givens);
    INFO(expected);
    CHECK(expected.find("raised nothing") == std::string::npos);
    for (int call = 0; call < 2; ++call) f.call_positional(good);
    CHECK(kiln::jit::specialization_count(f.program()) == 1);  // the bad calls reach its code first
    const kr::GeneratorState before = kiln::get_generator(rng).state();
    for (int call = 0; call < 3; ++call) CHECK_THROWS_WITH(f.call_positional(bad), expected);
    CHECK(kiln::get_generator(rng).state() == before);
  };
  const Array cov2 = Array{{2.0, 0.5}, {0.5, 1.0}};
  check(rv(kr::mv_studentt_random_variable(), rng, {}, {nu, Var(Array{0.0, 1.0}), Var(cov2)}), {nu},
        {Array{3.0, -1.0}}, {Array{3.0, 4.0}});
  auto V = kt::matrix("V");
  check(rv(kr::wishart_random_variable(), rng, {2}, {Var(3.0), V}), {V}, {Array{{1.0, 2.0}, {2.0, 1.0}}}, {cov2});
  check(rv(kr::wishart_random_variable(), rng, {}, {nu, Var(cov2)}), {nu}, {Array{3.0, 0.5}}, {Array{3.0, 2.5}});
  auto eta = kt::vector("eta");
  check(rv(kr::lkj_corr_random_variable(), rng, {}, {Var(Array(std::int64_t{3})), eta}), {eta}, {Array{1.0, 0.0}},
        {Array{1.0, 2.0}});
  auto sd = kt::matrix("sd");
  check(rv(kr::lkj_cholesky_cov_random_variable(), rng, {}, {Var(Array(std::int64_t{3})), Var(1.0), sd}), {sd},
        {Array{{1.0, 2.0, 3.0}, {1.0, 0.0, 1.0}}}, {Array{{1.0, 2.0, 3.0}, {1.0, 0.5, 1.0}}});
  auto w = kt::matrix("w");
  check(rv(kr::mixture_random_variable(2, false, DType::float64), rng, {}, {w, Var(Array{1.0, 2.0}), Var(Array{3.0, 4.0})}),
        {w}, {Array{{0.5, 0.5}, {0.5, 0.6}}}, {Array{{0.5, 0.5}, {0.4, 0.6}}});
  auto alpha = kt::vector("alpha");
  check(rv(kr::garch11_random_variable(), rng, {}, {Var(0.1), alpha, Var(0.5), Var(1.0), Var(Array{{0.1, 0.2}, {0.3, 0.4}})}),
        {alpha}, {Array{0.2, -0.1}}, {Array{0.2, 0.1}});
  auto sigma = kt::matrix("sigma");
  check(rv(kr::zero_sum_normal_random_variable(1), rng, {}, {sigma, Var(Array(std::vector<std::int64_t>{3}))}), {sigma},
        {matrices({1.0, -0.5}, {2, 1})}, {matrices({1.0, 0.5}, {2, 1})});
  const Array path3 = Array{{0.0, 1.0, 0.0}, {1.0, 0.0, 1.0}, {0.0, 1.0, 0.0}};
  check(rv(kr::car_random_variable(), rng, {}, {Var(Array{0.0, 0.0, 0.0}), Var(path3), nu, Var(1.0)}), {nu},
        {Array{0.5, 1.5}}, {Array{0.5, 0.2}});
  auto W = kt::matrix("W");
  const Array isolated = Array{{0.0, 1.0, 0.0}, {1.0, 0.0, 0.0}, {0.0, 0.0, 0.0}};
  check(rv(kr::car_random_variable(), rng, {}, {Var(Array{0.0, 0.0, 0.0}), W, Var(0.5), Var(1.0)}), {W}, {isolated}, {path3});
  auto a = kt::vector("a");
  check(rv(kr::dirichlet_multinomial_random_variable(), rng, {2}, {Var(Array(std::int64_t{5})), a}), {a},
        {Array{1.0, 0.0, 2.0}}, {Array{1.0, 0.5, 2.0}});
  check(rv(kr::stick_breaking_weights_random_variable(), rng, {}, {nu, Var(Array(std::int64_t{3}))}), {nu},
        {Array{1.0, -2.0}}, {Array{1.0, 2.0}});
  auto rho = kt::vector("rho");
  check(rv(kr::ar_random_variable(), rng, {}, {Var(0.0), rho, Var(Array{1.0, 0.5}), Var(Array{0.1, 0.2, 0.3})}), {rho},
        {Array{0.5, 0.2, 0.1}}, {Array{0.5, 0.2}});
}

TEST_CASE("KILN_DUMP_IR shows the PyMC ops' draws as calls of their runtime entries") {
  const std::string dir = "kiln_pymc_draw_ir_dump";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  ::setenv("KILN_DUMP_IR", dir.c_str(), 1);
  for (const Case& c : pymc_cases()) {
    auto rng = kiln::random_generator_shared(2);
    Var draw = c.build(rng);
    auto f = kiln::function({}, {draw, draw * 2}, {.updates = {{rng, draw.owner()->output(0)}}});
    for (int call = 0; call < 2; ++call) f.call_positional({});
  }
  ::unsetenv("KILN_DUMP_IR");
  const std::vector<std::string> entries = {
      "kiln_rv_mv_studentt_normals", "kiln_rv_mv_studentt_chisquares", "kiln_rv_wishart_normals",
      "kiln_rv_wishart_chisquares",  "kiln_rv_wishart_product",        "kiln_rv_matrix_normal_normals",
      "kiln_rv_matrix_normal_product", "kiln_rv_lkj_start",            "kiln_rv_lkj_betas",
      "kiln_rv_lkj_normals",         "kiln_rv_lkj_corr",               "kiln_rv_lkj_cholesky_cov",
      "kiln_rv_mixture",             "kiln_rv_stacked_mixture_int",
      "kiln_rv_ar",                  "kiln_rv_garch11",                "kiln_rv_zero_sum_normal",
      "kiln_rv_car",                 "kiln_rv_dirichlet_multinomial_p", "kiln_rv_dirichlet_multinomial_counts",
      "kiln_rv_stick_breaking_weights"};
  std::set<std::string> specialized_calls;
  for (const auto& file : std::filesystem::directory_iterator(dir)) {
    if (file.path().filename().string().rfind("kiln_p", 0) != 0) continue;  // the specialized programs
    std::ifstream in(file.path());
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (const auto& entry : entries)
      if (text.find("call i32 @" + entry + "(ptr") != std::string::npos) specialized_calls.insert(entry);
  }
  for (const auto& entry : entries) {
    INFO(entry);
    CHECK(specialized_calls.count(entry) == 1);
  }
  std::filesystem::remove_all(dir);
}
