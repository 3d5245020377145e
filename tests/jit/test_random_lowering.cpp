// RandomVariable nodes in compiled functions draw through lib/random's batched runtime: the
// draws equal the reference perform's and NumPy's (kiln::random::Generator), the rng is only
// advanced by an update, and bad parameters raise the reference's error.
#include "jit/random_step.hpp"
#include "jit_test_support.hpp"

#include <atomic>
#include <cstring>
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

TEST_CASE("every scalar distribution draws through the runtime, as the reference does") {
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
    CHECK(kiln::jit::random_draw(*draw.owner()).has_value());
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

TEST_CASE("broadcast params draw in C order, one runtime call per run of equal params") {
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

  // Beta-binomial draws every beta first: varying params run the reference, with its values.
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
