// Timing on a shared, noisy machine: each implementation runs in batches sized to take at least
// `min_batch_ns`, the implementations' batches are interleaved (so drifting load hits all of
// them alike), and each reports the median ns per evaluation over its batches.
#pragma once

#include <algorithm>
#include <chrono>
#include <functional>
#include <vector>

namespace anchor {

// Runs `reps` evaluations and returns the elapsed nanoseconds. One untimed evaluation runs first:
// the interleaved batches of other implementations evict this one's data from the caches.
using BatchRunner = std::function<double(long reps)>;

// Keeps the compiler from assuming it knows what *p holds, or that it is unused.
inline void escape(const void* p) { asm volatile("" : : "r"(p) : "memory"); }

// A BatchRunner for `logp_grad(theta, grad)` at a fixed point (theta and grad owned by it).
template <class F>
BatchRunner batch_runner(F logp_grad, std::vector<double> theta) {
  return [logp_grad, theta, grad = std::vector<double>(theta.size())](long reps) mutable {
    using clock = std::chrono::steady_clock;
    double total = logp_grad(theta.data(), grad.data());
    const auto start = clock::now();
    for (long r = 0; r < reps; ++r) {
      escape(theta.data());
      total += logp_grad(theta.data(), grad.data());
      escape(grad.data());
    }
    const auto stop = clock::now();
    escape(&total);
    return std::chrono::duration<double, std::nano>(stop - start).count();
  };
}

struct TimerOptions {
  double min_batch_ns = 2e5;
  int batches = 101;
  double max_seconds = 6.0;  // all implementations together; fewer batches (at least 11) if needed
};

// Median ns/eval of each runner.
inline std::vector<double> median_ns_per_eval(const std::vector<BatchRunner>& runners, const TimerOptions& o) {
  std::vector<long> reps(runners.size());
  double round_ns = 0;
  for (std::size_t k = 0; k < runners.size(); ++k) {
    long n = 1;
    double ns = runners[k](n);  // also the warm-up
    while (ns < o.min_batch_ns) {
      n = std::max(2 * n, static_cast<long>(n * 1.2 * o.min_batch_ns / std::max(ns, 1.0)));
      ns = runners[k](n);
    }
    reps[k] = n;
    round_ns += ns;
  }
  const int batches = std::max(11, std::min(o.batches, static_cast<int>(o.max_seconds * 1e9 / round_ns)));
  std::vector<std::vector<double>> per_eval(runners.size());
  for (int b = 0; b < batches; ++b)
    for (std::size_t k = 0; k < runners.size(); ++k) per_eval[k].push_back(runners[k](reps[k]) / reps[k]);
  std::vector<double> medians;
  for (auto& v : per_eval) {
    std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
    medians.push_back(v[v.size() / 2]);
  }
  return medians;
}

}  // namespace anchor
