// RandomVariable nodes in compiled functions are loops calling each distribution's runtime
// entry: the draws equal the reference perform's and NumPy's (the reference JSON), in both
// tiers (step by step and specialized), the rng is only advanced by an update, and bad
// parameters raise the reference's error.
#include "jit/random_kernel.hpp"
#include "jit_test_support.hpp"
#include "support/log_capture.hpp"

#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <thread>

namespace kt = kiln::tensor;
namespace kr = kiln::random;
using kiln::Array;
using kiln::DType;
using kiln::Var;
using namespace kiln::jit_test;

namespace {

using Builder = std::function<Var(const kt::random::RVOptions&)>;

// The draw through a compiled function equals the reference evaluator's, bit for bit.
void check_compiled_equals_reference(const std::string& what, const Builder& build, const kiln::Shape& size) {
  Var draw = build({.size = size, .rng = kiln::random_generator_shared(7)});
  Array compiled = kiln::function({}, draw)();
  Array reference = kiln::evaluate({draw})[0];
  check_same(compiled, reference, 0, what + " size " + kiln::shape_string(size));
}

Array vector_of(const std::vector<double>& values) { return Array(values); }

}  // namespace

TEST_CASE("every scalar distribution draws through its runtime entry, as the reference does") {
  const std::vector<std::pair<std::string, Builder>> cases = {
      {"normal", [](const auto& o) { return kt::random::normal(1.5, 2.0, o); }},
      {"halfnormal", [](const auto& o) { return kt::random::halfnormal(0.0, 2.0, o); }},
      {"uniform", [](const auto& o) { return kt::random::uniform(-1.0, 3.0, o); }},
      {"exponential", [](const auto& o) { return kt::random::exponential(0.5, o); }},
      {"gamma", [](const auto& o) { return kt::random::gamma(0.7, 2.0, o); }},
      {"invgamma", [](const auto& o) { return kt::random::invgamma(3.0, 2.0, o); }},
      {"beta", [](const auto& o) { return kt::random::beta(0.5, 2.5, o); }},
      {"lognormal", [](const auto& o) { return kt::random::lognormal(0.1, 0.3, o); }},
      {"cauchy", [](const auto& o) { return kt::random::cauchy(0.0, 1.0, o); }},
      {"halfcauchy", [](const auto& o) { return kt::random::halfcauchy(0.0, 1.0, o); }},
      {"studentt", [](const auto& o) { return kt::random::studentt(4.0, 1.0, 2.0, o); }},
      {"laplace", [](const auto& o) { return kt::random::laplace(0.0, 1.0, o); }},
      {"logistic", [](const auto& o) { return kt::random::logistic(0.0, 1.0, o); }},
      {"gumbel", [](const auto& o) { return kt::random::gumbel(0.0, 1.0, o); }},
      {"weibull", [](const auto& o) { return kt::random::weibull(1.5, o); }},
      {"pareto", [](const auto& o) { return kt::random::pareto(3.0, 1.0, o); }},
      {"chisquare", [](const auto& o) { return kt::random::chisquare(3.0, o); }},
      {"triangular", [](const auto& o) { return kt::random::triangular(0.0, 1.0, 4.0, o); }},
      {"vonmises", [](const auto& o) { return kt::random::vonmises(0.5, 2.0, o); }},
      {"bernoulli", [](const auto& o) { return kt::random::bernoulli(0.3, o); }},
      {"binomial", [](const auto& o) { return kt::random::binomial(Var(Array(std::int64_t{20})), 0.4, o); }},
      {"poisson", [](const auto& o) { return kt::random::poisson(3.5, o); }},
      {"negative_binomial", [](const auto& o) { return kt::random::negative_binomial(5.0, 0.3, o); }},
      {"geometric", [](const auto& o) { return kt::random::geometric(0.2, o); }},
      {"betabinom", [](const auto& o) { return kt::random::betabinom(Var(Array(std::int64_t{10})), 2.0, 3.0, o); }},
      {"integers",
       [](const auto& o) {
         return kt::random::integers(Var(Array(std::int64_t{-5})), Var(Array(std::int64_t{17})), o);
       }},
  };
  for (const auto& [name, build] : cases) {
    Var draw = build({.size = {3}, .rng = kiln::random_generator_shared(1)});
    INFO(name);
    CHECK(kiln::jit::random_kernel_spec(*draw.owner()).has_value() == (name != "betabinom"));
    for (const kiln::Shape& size : {kiln::Shape{}, kiln::Shape{0}, kiln::Shape{1}, kiln::Shape{7}, kiln::Shape{40, 25}})
      check_compiled_equals_reference(name, build, size);
  }
}

TEST_CASE("compiled draws are NumPy's") {
  const std::int64_t n = 1000;
  auto compiled = [&](const Builder& build) {
    return Array(kiln::function({}, build({.size = {n}, .rng = kiln::random_generator_shared(42)}))());
  };
  CHECK(compiled([](const auto& o) {
          return kt::random::normal(1.5, 2.0, o);
        }).same_values(kr::Generator(42).normal(1.5, 2.0, n)));
  CHECK(compiled([](const auto& o) {
          return kt::random::uniform(-1.0, 3.0, o);
        }).same_values(kr::Generator(42).uniform(-1.0, 3.0, n)));
  CHECK(compiled([](const auto& o) {
          return kt::random::exponential(0.5, o);
        }).same_values(kr::Generator(42).exponential(0.5, n)));
  CHECK(compiled([](const auto& o) {
          return kt::random::gamma(0.7, 2.0, o);
        }).same_values(kr::Generator(42).gamma(0.7, 2.0, n)));

  auto elementwise = [&](auto draw_one) {
    kr::Generator g(42);
    std::vector<double> values;
    for (std::int64_t i = 0; i < n; ++i) values.push_back(static_cast<double>(draw_one(g)));
    return values;
  };
  auto same = [](const Array& a, const std::vector<double>& b) {
    for (std::int64_t i = 0; i < a.size(); ++i)
      if (a.get_as_double(i) != b[static_cast<std::size_t>(i)]) return false;
    return a.size() == static_cast<std::int64_t>(b.size());
  };
  CHECK(same(compiled([](const auto& o) { return kt::random::beta(0.5, 2.5, o); }),
             elementwise([](kr::Generator& g) { return g.beta(0.5, 2.5); })));
  CHECK(same(compiled([](const auto& o) { return kt::random::poisson(3.5, o); }),
             elementwise([](kr::Generator& g) { return g.poisson(3.5); })));
  CHECK(same(compiled([](const auto& o) { return kt::random::binomial(Var(Array(std::int64_t{20})), 0.4, o); }),
             elementwise([](kr::Generator& g) { return g.binomial(20, 0.4); })));
  CHECK(same(compiled([](const auto& o) {
               return kt::random::integers(Var(Array(std::int64_t{-5})), Var(Array(std::int64_t{17})), o);
             }),
             elementwise([](kr::Generator& g) { return g.integers(-5, 17); })));
}

TEST_CASE("broadcast params draw in C order, one runtime call per element") {
  // loc varies along rows in runs (equal neighbours), scale along columns.
  Array loc = Array::empty(DType::float64, {6, 1});
  for (std::int64_t i = 0; i < 6; ++i) loc.set_from_double(i, static_cast<double>(i / 2) * 10.0);
  Array scale = vector_of({1.0, 1.0, 1.0, 2.0});
  Var draw = kt::random::normal(Var(loc), Var(scale), {.rng = kiln::random_generator_shared(3)});
  Array compiled = kiln::function({}, draw)();
  check_same(compiled, kiln::evaluate({draw})[0], 0, "normal (6, 1) x (4,)");
  kr::Generator g(3);
  bool numpy = compiled.shape() == kiln::Shape{6, 4};
  for (std::int64_t i = 0; numpy && i < 6; ++i)
    for (std::int64_t j = 0; j < 4; ++j)
      numpy = numpy && compiled.get_as_double(i * 4 + j) == g.normal(loc.get_as_double(i), scale.get_as_double(j));
  CHECK(numpy);

  // Params given at call time, broadcast against size.
  auto lam = kt::vector("lam");
  Var counts = kt::random::poisson(lam, {.size = {3, 4}, .rng = kiln::random_generator_shared(5)});
  auto f = kiln::function({lam}, counts);
  Array lams = vector_of({1.0, 1.0, 30.0, 0.5});
  check_same(f(lams), kiln::evaluate({counts}, {{lam, lams}})[0], 0, "poisson (4,) to size (3, 4)");

  // Beta-binomial draws every beta first: it runs the reference, with its values.
  Var bb = kt::random::betabinom(Var(Array(std::int64_t{10})), Var(vector_of({1.0, 2.0, 3.0})), 2.0,
                                 {.rng = kiln::random_generator_shared(9)});
  check_same(kiln::function({}, bb)(), kiln::evaluate({bb})[0], 0, "betabinom (3,)");

  // A dtype other than the runtime's runs the reference too.
  Var narrow =
      kt::random::normal(0.0, 1.0, {.size = {5}, .rng = kiln::random_generator_shared(2), .dtype = DType::float32});
  check_same(kiln::function({}, narrow)(), kiln::evaluate({narrow})[0], 0, "normal float32");
}

TEST_CASE("without an update a function and eval repeat the same draw") {
  auto rng = kiln::random_generator_shared(11);
  Var draw = kt::random::normal(0.0, 1.0, {.size = {50}, .rng = rng});
  const kr::GeneratorState before = kiln::get_generator(rng).state();
  auto f = kiln::function({}, {draw, draw.owner()->output(0)});
  std::vector<Array> first = f();
  std::vector<Array> second = f();
  CHECK(first[0].same_values(second[0]));
  CHECK(first[0].same_values(draw.eval()));
  CHECK(kiln::get_generator(rng).state() == before);
  // next_rng is the state after the 50 draws, and the rng's stored value is not it.
  kr::Generator g(11);
  g.normal(0.0, 1.0, 50);
  REQUIRE(first[1].size() == 6);
  kr::GeneratorState next;
  std::memcpy(&next, first[1].raw_data(), sizeof next);
  CHECK(next == g.state());
}

TEST_CASE("a function with the update advances the rng on each call") {
  auto rng = kiln::random_generator_shared(42);
  Var draw = kt::random::normal(0.0, 1.0, {.size = {100}, .rng = rng});
  auto f = kiln::function({}, draw, {.updates = {{rng, draw.owner()->output(0)}}});
  kr::Generator g(42);
  CHECK(Array(f()).same_values(g.normal(0.0, 1.0, 100)));
  CHECK(Array(f()).same_values(g.normal(0.0, 1.0, 100)));
  CHECK(kiln::get_generator(rng).state() == g.state());

  // call_into writes the draws straight into the caller's array, contiguous or strided.
  std::vector<double> buffer(200);
  std::vector<Array> into{Array::view(buffer.data(), {100})};
  f.call_into_positional(into, {});
  CHECK(into[0].raw_data() == buffer.data());
  CHECK(into[0].same_values(g.normal(0.0, 1.0, 100)));
  std::vector<Array> strided{Array::view_raw(DType::float64, buffer.data(), {100}, {2})};
  f.call_into_positional(strided, {});
  Array expected = g.normal(0.0, 1.0, 100);
  bool same = true;
  for (std::size_t i = 0; i < 100; ++i)
    same = same && buffer[2 * i] == expected.get_as_double(static_cast<std::int64_t>(i));
  CHECK(same);
  CHECK(kiln::get_generator(rng).state() == g.state());
}

TEST_CASE("bad parameters raise the reference's error and leave the rng unchanged") {
  auto rng = kiln::random_generator_shared(4);
  auto scale = kt::vector("scale");
  Var draw = kt::random::normal(0.0, scale, {.rng = rng});
  auto f = kiln::function({scale}, draw, {.updates = {{rng, draw.owner()->output(0)}}});
  const kr::GeneratorState before = kiln::get_generator(rng).state();
  auto message = [&](const Array& s) {
    try {
      f(s);
    } catch (const kiln::ParameterValueError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  auto reference_message = [&](const Array& s) {
    try {
      kiln::evaluate({draw}, {{scale, s}});
    } catch (const kiln::ParameterValueError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(message(vector_of({-1.0})) == "normal: scale < 0 (scale = -1)");
  CHECK(message(vector_of({1.0, 2.0, -3.0})) == reference_message(vector_of({1.0, 2.0, -3.0})));
  CHECK_THAT(message(vector_of({1.0, 2.0, -3.0})), Catch::Contains("scale = -3"));
  CHECK(kiln::get_generator(rng).state() == before);

  auto p = kt::scalar("p");
  Var flips = kt::random::binomial(Var(Array(std::int64_t{10})), p, {.size = {4}, .rng = rng});
  auto g = kiln::function({p}, flips, {.updates = {{rng, flips.owner()->output(0)}}});
  CHECK_THROWS_AS(g(Array(1.5)), kiln::ParameterValueError);
  CHECK_THROWS_WITH(g(Array(1.5)), Catch::Contains("p = 1.5"));
  CHECK(kiln::get_generator(rng).state() == before);
}

TEST_CASE("4 threads calling one function with the update", "[threads]") {
  auto rng = kiln::random_generator_shared(8);
  Var draw = kt::random::normal(0.0, 1.0, {.size = {1000}, .rng = rng});
  auto f = kiln::function({}, draw, {.updates = {{rng, draw.owner()->output(0)}}});
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int call = 0; call < 500; ++call) {
        Array out = f();
        if (out.size() != 1000 || !std::isfinite(out.get_as_double(999))) ++wrong;
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(wrong.load() == 0);
  CHECK_FALSE(kiln::get_generator(rng).state() == kr::Generator(8).state());
}

namespace {

nlohmann::json numpy_case(std::uint64_t seed) {
  std::ifstream in(KILN_SHARED_DIR "/reference/numpy_pcg64.json");
  REQUIRE(in);
  const auto reference = nlohmann::json::parse(in);
  for (const auto& c : reference.at("cases"))
    if (c.at("seed").get<std::uint64_t>() == seed) return c;
  FAIL("no NumPy case for seed " << seed);
  return {};
}

std::vector<double> doubles(const nlohmann::json& values) {
  std::vector<double> out;
  for (const auto& v : values) out.push_back(v.get<double>());
  return out;
}

std::vector<double> doubles(const Array& a) {
  std::vector<double> out;
  for (std::int64_t i = 0; i < a.size(); ++i) out.push_back(a.get_as_double(i));
  return out;
}

}  // namespace

TEST_CASE("compiled draws with per-element params are NumPy's, step by step and specialized") {
  for (std::uint64_t seed : {0, 42, 12345}) {
    const auto c = numpy_case(seed);
    INFO("seed " << seed);
    const auto n = static_cast<std::int64_t>(c.at("normal_loc1_scale2").size());
    auto mu = kt::vector("mu"), sigma = kt::vector("sigma");
    auto lam = kt::vector("lam"), a = kt::vector("a"), b = kt::vector("b");
    auto trials = kt::vector("trials", DType::int64);
    auto full = [&](double v) { return Array(std::vector<double>(static_cast<std::size_t>(n), v)); };
    // Every call from a fresh generator at `seed` (no update): each gives NumPy's values, the
    // first step by step, the later ones specialized (a program of two steps: the draw, and
    // elementwise work on it).
    auto check = [&](const char* key, std::vector<Var> inputs, Var draw, std::vector<Array> args) {
      INFO(key);
      auto f = kiln::function(inputs, {draw, draw * 2.0});
      for (int call = 0; call < 3; ++call) CHECK(doubles(f.call_positional(args)[0]) == doubles(c.at(key)));
      CHECK(kiln::jit::specialization_count(f.program()) == 1);
    };
    auto rng = [&] { return kiln::random_generator_shared(seed); };
    check("normal_loc1_scale2", {mu, sigma}, kt::random::normal(mu, sigma, {.rng = rng()}), {full(1.0), full(2.0)});
    check("gamma_0p5_scale2", {a, b}, kt::random::gamma(a, b, {.rng = rng()}), {full(0.5), full(2.0)});
    check("beta_2_3", {a, b}, kt::random::beta(a, b, {.rng = rng()}), {full(2.0), full(3.0)});
    check("poisson_40", {lam}, kt::random::poisson(lam, {.rng = rng()}), {full(40.0)});
    Array tens = Array(std::vector<std::int64_t>(static_cast<std::size_t>(n), 10));
    check("binomial_10_0p3", {trials, b}, kt::random::binomial(trials, b, {.rng = rng()}), {tens, full(0.3)});
    check("uniform_m1_3", {}, kt::random::uniform(-1.0, 3.0, {.size = {n}, .rng = rng()}), {});
  }
}

TEST_CASE("a function with an rng update is specialized and keeps NumPy's sequence") {
  auto rng = kiln::random_generator_shared(42);
  auto mu = kt::vector("mu"), sigma = kt::vector("sigma");
  Var draw = kt::random::normal(mu, sigma, {.rng = rng});
  auto f = kiln::function({mu, sigma}, {draw, draw * 2.0}, {.updates = {{rng, draw.owner()->output(0)}}});
  Array m = Array{0.0, 1.0, -2.0, 3.0, 0.5}, s = Array{1.0, 0.5, 2.0, 1e-3, 4.0};
  kr::Generator g(42);
  for (int call = 0; call < 5; ++call) {
    Array got = f(m, s)[0];
    bool same = true;
    for (std::int64_t i = 0; i < 5; ++i) same = same && got.get_as_double(i) == g.normal(m.get_as_double(i), s.get_as_double(i));
    CHECK(same);
  }
  CHECK(kiln::jit::specialization_count(f.program()) == 1);
  CHECK(kiln::get_generator(rng).state() == g.state());
  // A bad sigma in the specialized program: the reference's error, the rng unchanged.
  CHECK_THROWS_WITH(f(m, Array{1.0, 1.0, -1.0, 1.0, 1.0}), "normal: scale < 0 (scale = -1)");
  CHECK(kiln::get_generator(rng).state() == g.state());
}

TEST_CASE("programs reading a shared variable are specialized, and see its new values") {
  auto data = kiln::shared(Array{1.0, 2.0, 3.0}, "data");
  auto x = kt::vector("x");
  auto f = kiln::function({x}, {kt::sum(kt::exp(x) * data), kt::sum(kt::sqr(data))});
  auto total = [&](const Array& arg) { return f(arg)[0].item<double>(); };
  for (int call = 0; call < 3; ++call) CHECK(total(Array{0.0, 0.0, 0.0}) == 6.0);
  CHECK(kiln::jit::specialization_count(f.program()) == 1);
  kiln::set_value(data, Array{1.0, 1.0, 1.0});
  CHECK(total(Array{0.0, 0.0, 0.0}) == 3.0);
  kiln::set_value(data, Array{1.0, 1.0, 1.0, 1.0});  // another shape: the program follows
  CHECK(total(Array{0.0, 0.0, 0.0, 0.0}) == 4.0);
  CHECK(total(Array{0.0, 0.0, 0.0, 0.0}) == 4.0);
  CHECK(kiln::jit::specialization_count(f.program()) == 2);
}

TEST_CASE("KILN_DUMP_IR shows the draws as calls of the runtime entries") {
  const std::string dir = "kiln_rng_ir_dump";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  ::setenv("KILN_DUMP_IR", dir.c_str(), 1);
  auto rng = kiln::random_generator_shared(3);
  auto mu = kt::vector("mu");
  Var draw = kt::random::normal(mu, 1.5, {.rng = rng});
  Var counts = kt::random::poisson(kt::exp(mu), {.rng = draw.owner()->output(0)});
  auto f = kiln::function({mu}, {draw * 2.0, counts}, {.updates = {{rng, counts.owner()->output(0)}}});
  for (int call = 0; call < 3; ++call) f(Array{0.0, 1.0, 2.0});
  ::unsetenv("KILN_DUMP_IR");
  bool step_call = false, specialized_call = false;
  for (const auto& file : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(file.path());
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const bool calls = text.find("call double @kiln_rv_normal(ptr") != std::string::npos &&
                       text.find("call i64 @kiln_rv_poisson(ptr") != std::string::npos;
    if (file.path().filename().string().rfind("kiln_p", 0) == 0) specialized_call = specialized_call || calls;
    else step_call = step_call || calls;
  }
  CHECK(step_call);
  CHECK(specialized_call);
  std::filesystem::remove_all(dir);
}

TEST_CASE("a draw feeding elementwise work is drawn inside that loop, with NumPy's values") {
  auto rng = kiln::random_generator_shared(42);
  auto mu = kt::vector("mu"), sigma = kt::vector("sigma"), x = kt::vector("x");
  Var draw = kt::random::normal(mu, sigma, {.rng = rng});
  auto f = kiln::function({mu, sigma, x}, draw * 2.0 + x, {.updates = {{rng, draw.owner()->output(0)}}});
  const std::int64_t n = 100;
  Array m = Array::empty(DType::float64, {n}), s = Array::empty(DType::float64, {n}), xs = Array::empty(DType::float64, {n});
  for (std::int64_t i = 0; i < n; ++i) {
    m.set_from_double(i, 0.1 * static_cast<double>(i));
    s.set_from_double(i, 1.0 + 0.01 * static_cast<double>(i));
    xs.set_from_double(i, -0.5 * static_cast<double>(i));
  }
  kiln::testing::LogCapture log("jit");
  kr::Generator g(42);
  for (int call = 0; call < 4; ++call) {
    Array got = f(m, s, xs);
    Array expected = Array::empty(DType::float64, {n});
    for (std::int64_t i = 0; i < n; ++i) {
      const double twice = g.normal(m.get_as_double(i), s.get_as_double(i)) * 2.0;
      expected.set_from_double(i, twice + xs.get_as_double(i));
    }
    check_same(got, expected, 1, "normal(mu, sigma) * 2 + x, call " + std::to_string(call));
  }
  CHECK(kiln::jit::specialization_count(f.program()) == 1);
  INFO(log.text());
  CHECK(log.count("1 draws, 0 gathers and") == 1);
  CHECK(log.count("1 loops over 100 elements") == 1);
  CHECK(kiln::get_generator(rng).state() == g.state());
}
