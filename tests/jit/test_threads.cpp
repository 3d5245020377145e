// One compiled Function called from many threads at once: each call gets its own workspace.
#include "jit_test_support.hpp"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <thread>

namespace kt = kiln::tensor;
using kiln::Array;
using kiln::DType;
using kiln::Var;
using namespace kiln::jit_test;

TEST_CASE("8 threads x 10000 calls of one function give every result right", "[threads]") {
  auto x = kt::vector("x");
  auto y = kt::vector("y");
  std::vector<kt::ScalarNode> nodes = {{kt::ScalarOp::mul, {0, 1}, DType::float64},
                                       {kt::ScalarOp::add, {2, 0}, DType::float64}};
  Var total = composite({x, y}, nodes, {3}, kt::ReduceSpec{kt::ReduceKind::sum, {}})[0];
  auto f = kiln::function({x, y}, {x * y + x, total, kt::exp(x - y)});

  constexpr int kThreads = 8;
  constexpr int kCalls = 10000;
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int call = 0; call < kCalls; ++call) {
        std::int64_t n = 1 + (t * 7 + call) % 37;  // shapes change between calls too
        // Every third call passes b as a view with stride 2: the strided kernels, which the
        // first such calls compile concurrently.
        const bool strided = call % 3 == 0;
        Array a = Array::empty(DType::float64, {n});
        Array storage = Array::empty(DType::float64, {2 * n});
        Array b = strided ? Array::view_raw(DType::float64, storage.raw_data(), {n}, {2}, std::make_shared<Array>(storage))
                          : Array::empty(DType::float64, {n});
        for (std::int64_t i = 0; i < n; ++i) a.set_from_double(i, t + 0.001 * call + 0.5 * static_cast<double>(i));
        for (std::int64_t i = 0; i < n; ++i) b.set_from_double(i, 0.25 * static_cast<double>(i % 5) - call * 1e-4);
        std::vector<Array> outs = f(a, b);
        double sum = 0;
        bool ok = outs[0].size() == n && outs[2].size() == n;
        for (std::int64_t i = 0; ok && i < n; ++i) {
          double av = a.get_as_double(i), bv = b.get_as_double(i);
          ok = outs[0].get_as_double(i) == av * bv + av &&
               std::fabs(outs[2].get_as_double(i) - std::exp(av - bv)) <= 1e-14 * std::exp(av - bv);
          sum += av * bv + av;
        }
        ok = ok && std::fabs(outs[1].item<double>() - sum) <= 1e-12 * std::fabs(sum) + 1e-12;
        if (!ok) ++wrong;
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(wrong.load() == 0);
}

TEST_CASE("functions compile concurrently", "[threads]") {
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int k = 0; k < 5; ++k) {
        auto x = kt::vector("x");
        auto f = kiln::function({x}, x * static_cast<double>(t * 10 + k) + kt::sqrt(x));
        double got = Array(f(Array{4.0})).item<double>();
        if (got != 4.0 * (t * 10 + k) + 2.0) ++wrong;
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(wrong.load() == 0);
}

TEST_CASE("8 threads x 5000 calls of a function with an rng update use every draw once", "[threads]") {
  constexpr int kThreads = 8;
  constexpr int kCalls = 5000;
  constexpr std::int64_t kPerCall = 4;
  const std::uint64_t seed = 2024;
  auto rng = kiln::random_generator_shared(seed);
  Var draws = kt::random::normal(0.0, 1.0, {.size = {kPerCall}, .rng = rng});
  auto f = kiln::function({}, draws, {.updates = {{rng, draws.owner()->output(0)}}});

  std::vector<std::vector<double>> seen(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int call = 0; call < kCalls; ++call) {
        Array values = f();
        for (std::int64_t i = 0; i < values.size(); ++i) seen[static_cast<std::size_t>(t)].push_back(values.get_as_double(i));
      }
    });
  }
  for (auto& th : threads) th.join();

  std::vector<double> all;
  for (const auto& values : seen) all.insert(all.end(), values.begin(), values.end());
  std::sort(all.begin(), all.end());
  const auto total = static_cast<std::int64_t>(kThreads) * kCalls * kPerCall;
  REQUIRE(static_cast<std::int64_t>(all.size()) == total);
  CHECK(std::adjacent_find(all.begin(), all.end()) == all.end());  // all distinct

  // The calls ran one after the other in some order: together they drew the generator's first
  // `total` normals, and left it advanced past exactly those.
  kiln::random::Generator sequential(seed);
  std::vector<double> expected;
  for (std::int64_t i = 0; i < total; ++i) expected.push_back(sequential.normal(0.0, 1.0));
  std::sort(expected.begin(), expected.end());
  CHECK(all == expected);
  const Array words = kiln::get_value(rng);
  REQUIRE(words.size() == 6);
  kiln::random::GeneratorState after;
  std::memcpy(&after, words.data<std::uint64_t>(), sizeof after);
  CHECK(after == sequential.state());
}
