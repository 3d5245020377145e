// pm::draw: shapes, joint draws that share upstream values, seeding, and how the variables'
// own generators advance.
#include <kiln/kiln.hpp>

#include "support/log_capture.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <thread>

namespace kt = kiln::tensor;
namespace pm = kiln::pm;
using kiln::Array;
using kiln::Shape;

TEST_CASE("draw of one variable gives its own shape or a stack of draws", "[random][draw]") {
  auto x = kt::random::normal(0, 1);
  CHECK(pm::draw(x).shape() == Shape{});
  CHECK(pm::draw(x, 1000).shape() == Shape{1000});
  auto v = kt::random::normal(Array{0.0, 1.0, 2.0}, 1);
  CHECK(pm::draw(v).shape() == Shape{3});
  CHECK(pm::draw(v, 4).shape() == Shape{4, 3});
  auto k = kt::random::poisson(3, {.size = {2, 2}});
  const Array counts = pm::draw(k, 5);
  CHECK(counts.shape() == Shape{5, 2, 2});
  CHECK(counts.dtype() == kiln::int64);
}

TEST_CASE("draw gives ten different values where eval repeats", "[random][draw][seed]") {
  auto x = kt::random::normal(0, 1);
  const Array samples = pm::draw(x, 10);
  std::set<double> distinct;
  for (std::int64_t i = 0; i < 10; ++i) distinct.insert(samples.get_as_double(i));
  CHECK(distinct.size() == 10);
}

TEST_CASE("draw of several variables returns one array each", "[random][draw]") {
  auto a = kt::random::normal(0, 1);
  auto b = kt::random::poisson(2, {.size = {3}});
  const std::vector<Array> out = pm::draw({a, b}, 7);
  REQUIRE(out.size() == 2);
  CHECK(out[0].shape() == Shape{7});
  CHECK(out[1].shape() == Shape{7, 3});
  const std::vector<Array> single = pm::draw({a});
  CHECK(single.size() == 1);
}

TEST_CASE("variables drawn together share the draws they depend on", "[random][draw]") {
  auto mu = kt::random::normal(0, 1, {.name = "mu"});
  auto x = kt::random::normal(mu, 0.0, {.name = "x"});  // scale 0: x is exactly its mu
  const std::vector<Array> out = pm::draw({mu, x}, 20);
  CHECK(out[0].same_values(out[1]));
  std::set<double> distinct;
  for (std::int64_t i = 0; i < 20; ++i) distinct.insert(out[0].get_as_double(i));
  CHECK(distinct.size() == 20);

  auto y = kt::random::normal(mu, 1, {.name = "y"});
  const std::vector<Array> joint = pm::draw({mu, y}, 2000, {.random_seed = 3});
  double sum_diff = 0, sum_sq = 0;
  for (std::int64_t i = 0; i < 2000; ++i) {
    const double d = joint[1].get_as_double(i) - joint[0].get_as_double(i);
    sum_diff += d;
    sum_sq += d * d;
  }
  // y - mu ~ N(0, 1) only if the same mu fed y; independent draws would give variance 2.
  CHECK(sum_sq / 2000 == Approx(1.0).margin(0.1));
  CHECK(sum_diff / 2000 == Approx(0.0).margin(0.1));
}

TEST_CASE("the same random_seed gives the same draws", "[random][draw][seed]") {
  auto mu = kt::random::normal(0, 1);
  auto x = kt::random::normal(mu, 1, {.size = {2}});
  const auto a = pm::draw({mu, x}, 5, {.random_seed = 42});
  const auto b = pm::draw({mu, x}, 5, {.random_seed = 42});
  const auto c = pm::draw({mu, x}, 5, {.random_seed = 43});
  CHECK(a[0].same_values(b[0]));
  CHECK(a[1].same_values(b[1]));
  CHECK(!a[0].same_values(c[0]));
  CHECK(pm::draw(mu, 1, {.random_seed = 7}).same_values(pm::draw(mu, 1, {.random_seed = 7})));
}

TEST_CASE("a seeded draw leaves the variables' generators alone", "[random][draw][seed]") {
  auto rng = kiln::random_generator_shared(1);
  auto x = kt::random::normal(0, 1, {.rng = rng});
  const double before = x.eval().item<double>();
  pm::draw(x, 3, {.random_seed = 5});
  CHECK(x.eval().item<double>() == before);
  CHECK(kiln::get_generator(rng).state() == kiln::random::Generator(1).state());
}

TEST_CASE("an unseeded draw advances the generators and eval sees it", "[random][draw]") {
  auto rng = kiln::random_generator_shared(1);
  auto x = kt::random::normal(0, 1, {.rng = rng});
  kiln::random::Generator g(1);
  CHECK(x.eval().item<double>() == g.standard_normal());
  const Array drawn = pm::draw(x, 3);
  kiln::random::Generator replay(1);
  for (std::int64_t i = 0; i < 3; ++i) CHECK(drawn.get_as_double(i) == replay.standard_normal());
  CHECK(x.eval().item<double>() == replay.standard_normal());
  CHECK(kiln::get_generator(rng).state() != kiln::random::Generator(1).state());
}

TEST_CASE("a generator chained through two variables is updated once at the end", "[random][draw]") {
  auto rng = kiln::random_generator_shared(2);
  auto a = kt::random::normal(0, 1, {.rng = rng});
  auto b = kt::random::normal(0, 1, {.rng = a.owner()->output(0)});
  const auto updates = pm::random_generator_updates({a, b});
  REQUIRE(updates.size() == 1);
  CHECK(updates[0].first == rng);
  CHECK(updates[0].second == b.owner()->output(0));
  const auto out = pm::draw({a, b}, 2);
  kiln::random::Generator g(2);
  for (std::int64_t i = 0; i < 2; ++i) {
    CHECK(out[0].get_as_double(i) == g.standard_normal());
    CHECK(out[1].get_as_double(i) == g.standard_normal());
  }
}

TEST_CASE("draw needs at least one draw", "[random][draw][error]") {
  CHECK_THROWS_WITH(pm::draw(kt::random::normal(0, 1), 0), Catch::Contains("draws must be at least 1"));
}

TEST_CASE("draw compiles one function, runs it specialized, and keeps the sequential draws", "[random][draw]") {
  auto mu = kt::random::normal(0.0, 1.0, {.rng = kiln::random_generator_shared(5)});
  auto y = kt::random::normal(mu, 2.0, {.size = {5}, .rng = mu.owner()->output(0)});
  kiln::testing::LogCapture log("jit");
  const Array drawn = kiln::pm::draw(y, 1000, {.random_seed = 3});
  INFO(log.text());
  CHECK(log.count("specialized a program") == 1);
  REQUIRE(drawn.shape() == kiln::Shape{1000, 5});
  // The seeded draw's generator, as draw seeds it; each call draws mu, then the five y.
  kiln::random::Generator master(3);
  kiln::random::Generator g(master.random_raw());
  bool same = true;
  for (std::int64_t d = 0; d < 1000; ++d) {
    const double m = g.normal(0.0, 1.0);
    for (std::int64_t i = 0; i < 5; ++i) same = same && drawn.get_as_double(d * 5 + i) == g.normal(m, 2.0);
  }
  CHECK(same);
}

TEST_CASE("concurrent unseeded draws of one variable use each draw once", "[random][draw][threads]") {
  auto rng = kiln::random_generator_shared(9);
  auto x = kt::random::normal(0.0, 1.0, {.size = {3}, .rng = rng});
  std::vector<Array> drawn(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < drawn.size(); ++t) threads.emplace_back([&, t] { drawn[t] = kiln::pm::draw(x, 500); });
  for (auto& th : threads) th.join();
  std::vector<double> all;
  for (const auto& a : drawn)
    for (std::int64_t i = 0; i < a.size(); ++i) all.push_back(a.get_as_double(i));
  kiln::random::Generator sequential(9);
  std::vector<double> expected;
  for (std::size_t i = 0; i < all.size(); ++i) expected.push_back(sequential.normal(0.0, 1.0));
  std::sort(all.begin(), all.end());
  std::sort(expected.begin(), expected.end());
  CHECK(all == expected);
  CHECK(kiln::get_generator(rng).state() == sequential.state());
}

TEST_CASE("draw of vector, mixture, bounded and beta-binomial variables runs specialized, as the reference draws",
          "[random][draw]") {
  const std::vector<std::pair<std::string, kiln::Var>> vars = {
      {"Dirichlet", pm::Dirichlet::dist(Array{1.0, 2.0, 0.5})},
      {"MvNormal", pm::MvNormal::dist(Array{0.0, 1.0}, Array{{2.0, 0.5}, {0.5, 1.0}})},
      {"Categorical", pm::Categorical::dist(Array{0.2, 0.3, 0.5})},
      {"Multinomial", pm::Multinomial::dist(10, Array{0.2, 0.3, 0.5})},
      {"NormalMixture", pm::NormalMixture::dist(Array{0.3, 0.7}, Array{-2.0, 2.0}, Array{1.0, 0.5})},
      {"Censored", pm::Censored::dist(pm::Normal::dist(0.0, 2.0), -1.0, 1.5)},
      {"Truncated", pm::Truncated::dist(pm::Gamma::dist(2.0, 1.0), 0.5, 3.0)},
      {"BetaBinomial", pm::BetaBinomial::dist(2.0, 3.0, 10)},
  };
  constexpr std::int64_t draws = 200;
  for (const auto& [name, var] : vars) {
    INFO(name);
    kiln::testing::LogCapture log("jit");
    const Array drawn = pm::draw(var, draws, {.random_seed = 9});
    INFO(log.text());
    CHECK(log.count("specialized a program") == 1);
    CHECK(log.count("no native lowering") == 0);
    // The reference evaluator from the generator draw seeds, each draw from the state the
    // previous one left.
    const auto updates = pm::random_generator_updates({var});
    REQUIRE(updates.size() == 1);
    kiln::random::Generator master(9);
    Array state = kiln::get_value(kiln::random_generator_shared(master.random_raw()));
    const std::int64_t row = drawn.size() / draws;
    bool same = true;
    for (std::int64_t d = 0; d < draws; ++d) {
      const auto values = kiln::evaluate({var, updates[0].second}, {{updates[0].first, state}});
      for (std::int64_t i = 0; i < row; ++i) same = same && values[0].get_as_double(i) == drawn.get_as_double(d * row + i);
      state = values[1];
    }
    CHECK(same);
  }
}
