// The RandomVariables drawn one batch element at a time (dirichlet, multinomial, categorical,
// multivariate normal, normal mixture, Censored, Truncated, beta-binomial) run as generated
// code calling their runtime entries with the generator state pointer: their draws are NumPy's
// (batch_draw_cases.json, from batch_draw_cases.py; single-vector cases from
// test_rv_numpy_values.cpp's table) in the step-by-step tier and specialized, no reference
// perform runs, and bad parameters raise the reference's error with the rng unchanged. PyMC's
// ops drawn in passes (MvStudentT, Wishart, MatrixNormal, LKJ, Mixture, the time series,
// ZeroSumNormal, CAR, DirichletMultinomial, StickBreakingWeights, CustomDist's draw graph) are
// checked bit for bit against kiln::evaluate (itself checked against NumPy in tests/pm).
#include "jit_test_support.hpp"
#include "random/rv_draws.hpp"
#include "random/rv_gaussian_fields.hpp"
#include "random/rv_matrix.hpp"
#include "random/rv_multivariate.hpp"
#include "random/rv_pymc.hpp"
#include "random/rv_scalar.hpp"
#include "random/rv_time_series.hpp"
#include "support/log_capture.hpp"

#include <kiln/pm/custom_dist.hpp>
#include <kiln/pm/distributions.hpp>

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

// ---- The PyMC ops drawn in passes over the batch (MvStudentT, Wishart, MatrixNormal, the LKJ
// family, Mixture, the time series): compiled draws equal the reference evaluator's bit for bit,
// over calls that carry the generator forward, with batched and per-element params.

namespace {

Array matrices(std::vector<double> values, kiln::Shape shape) { return Array(std::move(values)).reshape(std::move(shape)); }

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

void check_identical(const Array& got, const Array& expected) {
  REQUIRE(got.shape() == expected.shape());
  REQUIRE(got.dtype() == expected.dtype());
  for (std::int64_t i = 0; i < got.size(); ++i) {
    INFO("element " << i);
    CHECK(got.get_as_double(i) == expected.get_as_double(i));
  }
}

// The message the reference evaluator raises for `draw` with these inputs.
std::string reference_error(const Var& draw, const kiln::Givens& givens) {
  try {
    kiln::evaluate({draw}, givens);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "the reference raised nothing";
}

}  // namespace

TEST_CASE("PyMC's multivariate, LKJ, mixture and time series draws run compiled, equal to the reference") {
  for (const Case& c : pymc_cases()) {
    INFO(c.name);
    kiln::testing::LogCapture log("jit");
    auto rng = kiln::random_generator_shared(11);
    Var draw = c.build(rng);
    auto f = kiln::function({}, {draw, draw * 2}, {.updates = {{rng, draw.owner()->output(0)}}});
    for (int call = 0; call < 3; ++call) {
      const Array expected = kiln::evaluate({draw})[0];  // from the generator's current state
      check_identical(f.call_positional({})[0], expected);
    }
    CHECK(kiln::jit::specialization_count(f.program()) == 1);
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
  auto rng = kiln::random_generator_shared(5);
  const Array path3 = Array{{0.0, 1.0, 0.0}, {1.0, 0.0, 1.0}, {0.0, 1.0, 0.0}};
  Var draw = rv(kr::icar_random_variable(), rng, {}, {Var(path3), Var(1.0), Var(0.001)});
  auto f = kiln::function({}, {draw * 2}, {.updates = {{rng, draw.owner()->output(0)}}});
  const kr::GeneratorState before = kiln::get_generator(rng).state();
  for (int call = 0; call < 3; ++call)
    CHECK_THROWS_MATCHES(f.call_positional({}), kiln::ModelError,
                         Catch::Matchers::Message("ICAR: Cannot sample from ICAR prior"));
  CHECK(kiln::get_generator(rng).state() == before);
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
  const Array m{0.5, -1.0, 2.0};
  for (const auto& [name, build] : cases) {
    INFO(name);
    auto rng = kiln::random_generator_shared(13);
    Var draw = build(rng);
    auto f = kiln::function({mu}, {draw, draw * 2}, {.updates = {{rng, draw.owner()->output(0)}}});
    for (int call = 0; call < 3; ++call) {
      const Array expected = kiln::evaluate({draw}, {{mu, m}})[0];
      const Array got = f(m)[0];
      CHECK(got.dtype() == draw.dtype());
      check_identical(got, expected);
    }
    CHECK(kiln::jit::specialization_count(f.program()) == 1);
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
  const Array m{0.5, -1.0, 2.0};
  for (const auto& [name, build] : cases) {
    INFO(name);
    auto rng = kiln::random_generator_shared(17);
    Var draw = build(rng);
    auto f = kiln::function({mu}, {draw, draw * 2}, {.updates = {{rng, draw.owner()->output(0)}}});
    for (int call = 0; call < 3; ++call) {
      const Array expected = kiln::evaluate({draw}, {{mu, m}})[0];
      check_identical(f(m)[0], expected);
    }
    CHECK(kiln::jit::specialization_count(f.program()) == 1);
  }
  // Flat has no draws: the draw's own error, from compiled code, the generator unchanged.
  auto rng = kiln::random_generator_shared(3);
  Var flat = pm::Flat::dist({.size = {2}, .rng = rng});
  auto f = kiln::function({}, {flat}, {.updates = {{rng, flat.owner()->output(0)}}});
  const kr::GeneratorState before = kiln::get_generator(rng).state();
  for (int call = 0; call < 3; ++call)
    CHECK_THROWS_MATCHES(f.call_positional({}), kiln::ModelError,
                         Catch::Matchers::Message("Flat: an improper distribution has no random draws"));
  CHECK(kiln::get_generator(rng).state() == before);
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
