// One model called from many threads at once, each with its own point (results checked per
// thread), and no allocation in a warm call, counted with malloc replaced in this executable.
#include "bridgestan/model_library.hpp"
#include "support/counting_malloc.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <thread>

using kiln::test::ModelLibrary;

namespace {

std::vector<double> point_of(int thread) {
  std::vector<double> theta(10);
  for (std::size_t i = 0; i < 10; ++i) theta[i] = 0.05 * thread - 0.1 * static_cast<double>(i) + 0.3;
  return theta;
}

}  // namespace

TEST_CASE("8 threads x 10,000 calls on one model, each thread's results checked", "[threads]") {
  ModelLibrary lib(EIGHT_SCHOOLS_LIBRARY);
  auto model = lib.construct(EIGHT_SCHOOLS_DATA);
  constexpr int kThreads = 8, kCalls = 10000;
  std::vector<double> want_lp(kThreads);
  std::vector<std::vector<double>> want_grad(kThreads, std::vector<double>(10));
  for (int t = 0; t < kThreads; ++t) {
    const auto theta = point_of(t);
    REQUIRE(lib.bs_log_density_gradient(model.get(), false, true, theta.data(), &want_lp[t], want_grad[t].data(), nullptr) == 0);
  }
  std::atomic<int> mismatches{0}, failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      const auto theta = point_of(t);
      std::vector<double> grad(10);
      for (int k = 0; k < kCalls; ++k) {
        double lp = 0;
        if (lib.bs_log_density_gradient(model.get(), false, (k % 4) != 3, theta.data(), &lp, grad.data(), nullptr) != 0) {
          ++failures;
          continue;
        }
        if ((k % 4) != 3 && (lp != want_lp[t] || grad != want_grad[t])) ++mismatches;
      }
    });
  for (auto& th : threads) th.join();
  CHECK(failures == 0);
  CHECK(mismatches == 0);
}

TEST_CASE("Warm calls allocate nothing") {
  if (!kiln::test::kCountingMalloc) {
    WARN("malloc is the sanitizer's: allocations not counted");
    return;
  }
  setenv("KILN_BATCH_SPLIT_NS", "0", 1);  // batches split however short (the pool's path is checked too)
  ModelLibrary lib(EIGHT_SCHOOLS_LIBRARY);
  auto model = lib.construct(EIGHT_SCHOOLS_DATA);
  std::vector<double> theta(10, 0.2), grad(10);
  double lp = 0;
  std::vector<double> points(16 * 10, 0.1), lps(16), grads(16 * 10);
  auto calls = [&] {
    for (bool jacobian : {true, false}) {
      REQUIRE(lib.bs_log_density_gradient(model.get(), false, jacobian, theta.data(), &lp, grad.data(), nullptr) == 0);
      REQUIRE(lib.bs_log_density(model.get(), false, jacobian, theta.data(), &lp, nullptr) == 0);
      REQUIRE(lib.kiln_logp_callback(10, theta.data(), grad.data(), &lp, model.get()) == 0);
      REQUIRE(lib.kiln_log_density_gradient_batch(model.get(), false, jacobian, 16, points.data(), lps.data(),
                                                  grads.data(), nullptr) == 0);
    }
  };
  for (int k = 0; k < 3; ++k) calls();  // warm: compiles, specializes, grows buffers, starts the pool
  CHECK(kiln::test::allocations_during([&] {
          for (int k = 0; k < 1000; ++k) calls();
        }) == 0);
}

TEST_CASE("A batch over 8 pool threads equals single calls at every point", "[threads]") {
  setenv("KILN_NUM_THREADS", "8", 1);  // read when the pool starts; this case runs in its own process
  setenv("KILN_BATCH_SPLIT_NS", "0", 1);  // however short, a batch is split
  ModelLibrary lib(EIGHT_SCHOOLS_LIBRARY);
  auto model = lib.construct(EIGHT_SCHOOLS_DATA);
  constexpr std::size_t n = 1000;
  std::vector<double> theta(n * 10), lp(n), grad(n * 10);
  for (std::size_t i = 0; i < theta.size(); ++i) theta[i] = 0.001 * static_cast<double>(i % 997) - 0.3;
  for (int round = 0; round < 20; ++round) {
    REQUIRE(lib.kiln_log_density_gradient_batch(model.get(), false, true, n, theta.data(), lp.data(), grad.data(), nullptr) == 0);
    int mismatches = 0;
    for (std::size_t i = 0; i < n; ++i) {
      double want = 0;
      std::vector<double> want_grad(10);
      REQUIRE(lib.bs_log_density_gradient(model.get(), false, true, &theta[i * 10], &want, want_grad.data(), nullptr) == 0);
      mismatches += lp[i] != want || !std::equal(want_grad.begin(), want_grad.end(), &grad[i * 10]);
    }
    CHECK(mismatches == 0);
    std::fill(lp.begin(), lp.end(), 0.0);
  }
}

// Batches of every size from 1 to 70 back to back, from two callers at once (one runs its
// batches on its own thread while the other holds the pool): workers that wake late for a
// batch, or look at one that has ended, must neither run its points twice nor miss any.
TEST_CASE("Back-to-back batches of varying sizes from two callers equal single calls", "[threads]") {
  setenv("KILN_NUM_THREADS", "3", 1);  // read when the pool starts; this case runs in its own process
  setenv("KILN_BATCH_SPLIT_NS", "0", 1);  // however short, a batch is split
  ModelLibrary lib(EIGHT_SCHOOLS_LIBRARY);
  auto model = lib.construct(EIGHT_SCHOOLS_DATA);
  constexpr std::size_t kMax = 70;
  std::vector<double> theta(kMax * 10), want_lp(kMax), want_grad(kMax * 10);
  for (std::size_t i = 0; i < theta.size(); ++i) theta[i] = 0.002 * static_cast<double>(i % 311) - 0.25;
  for (std::size_t i = 0; i < kMax; ++i)
    REQUIRE(lib.bs_log_density_gradient(model.get(), false, true, &theta[i * 10], &want_lp[i], &want_grad[i * 10], nullptr) == 0);
  std::atomic<int> mismatches{0}, failures{0};
  auto caller = [&](std::size_t offset) {
    std::vector<double> lp(kMax), grad(kMax * 10);
    for (std::size_t k = 0; k < 3000; ++k) {
      const std::size_t n = 1 + (k + offset) % kMax;
      std::fill(lp.begin(), lp.end(), 0.0);
      std::fill(grad.begin(), grad.end(), 0.0);
      if (lib.kiln_log_density_gradient_batch(model.get(), false, true, n, theta.data(), lp.data(), grad.data(), nullptr) != 0) {
        ++failures;
        continue;
      }
      mismatches += !std::equal(lp.begin(), lp.begin() + static_cast<std::ptrdiff_t>(n), want_lp.begin()) ||
                    !std::equal(grad.begin(), grad.begin() + static_cast<std::ptrdiff_t>(n * 10), want_grad.begin());
    }
  };
  std::thread other(caller, 35);
  caller(0);
  other.join();
  CHECK(failures == 0);
  CHECK(mismatches == 0);
}
