// The sampler library's costs, each as a ratio measured in this run: a call through the C ABI
// against the model's LogpGradFunction called directly and against the hand-written eight
// schools (-ffast-math); a vectorised sampler's step over 64 chains with the batched call on
// KILN_NUM_THREADS threads against one thread's loop; chains on threads of their own, each
// calling bs_log_density_gradient, against one thread; how long bs_model_construct takes; and
// how long building a model library takes (kiln-model build).
//   KILN_NUM_THREADS=2 bench_bridgestan [--quick]
#include "batch_timer.hpp"
#include "hand_models.hpp"

#include <kiln/bridgestan.h>
#include <kiln/kiln.hpp>

#include <dlfcn.h>
#include <immintrin.h>
#include <pthread.h>
#include <sched.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace pm = kiln::pm;

namespace {

template <class F>
F* symbol(void* handle, const char* name) {
  void* p = dlsym(handle, name);
  if (!p) {
    std::fprintf(stderr, "missing %s\n", name);
    std::exit(1);
  }
  return reinterpret_cast<F*>(p);
}

void pin_to_cpu(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
}

void unpin() {
  cpu_set_t set;
  CPU_ZERO(&set);
  for (unsigned c = 0; c < std::thread::hardware_concurrency(); ++c) CPU_SET(c, &set);
  pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
}

// The model the example source builds, built here in-process: the direct call's baseline.
pm::LogpGradFunction eight_schools_direct() {
  const anchor::EightSchoolsData d;
  pm::Model model;
  {
    pm::ModelContext ctx(model);
    const std::int64_t J = 8;
    auto mu = pm::Normal("mu", 0.0, 5.0);
    auto tau = pm::HalfCauchy("tau", 5.0);
    auto theta_tilde = pm::Normal("theta_tilde", 0.0, 1.0, {.size = {J}});
    auto theta = pm::Deterministic("theta", mu + tau * theta_tilde);
    pm::Normal("y", theta, kiln::Array(d.sigma), {.observed = kiln::Array(d.y)});
  }
  return model.compile_logp_dlogp();
}

double ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

// This thread's CPU time: on a loaded machine, the part of a wall time this thread ran.
double thread_cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) * 1e-6;
}

// A sampler's leapfrog-like step over `points` (n x 10): the positions move with the momenta,
// the log-density and gradient are evaluated there, and the momenta follow the gradient (kept
// bounded, so the points stay near where they started and every step costs the same).
struct Chains {
  Chains(const std::vector<double>& theta, std::size_t n) : start(n * 10), points(n * 10), momenta(n * 10), lp(n), grad(n * 10) {
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t k = 0; k < 10; ++k) start[i * 10 + k] = theta[k] + 0.001 * static_cast<double>(i);
    points = start;
  }
  template <class Evaluate>
  void step(Evaluate evaluate) {
    for (std::size_t i = 0; i < points.size(); ++i) points[i] = start[i] + 0.01 * momenta[i];
    evaluate(points.data(), lp.data(), grad.data());
    for (std::size_t i = 0; i < points.size(); ++i) momenta[i] = 0.5 * momenta[i] + 0.01 * grad[i];
    anchor::escape(momenta.data());
  }
  std::vector<double> start, points, momenta, lp, grad;
};

// How long a cache line takes to go from one core to another and back: two threads, pinned to
// cores 0 and 1, hand a flag back and forth. A batch pays at least one such round trip (the
// workers see it published, the caller sees it done).
double cross_core_round_trip_ns() {
  alignas(64) static std::atomic<long> flag{0};
  constexpr long kTrips = 100000;
  flag.store(0);
  std::thread other([] {
    pin_to_cpu(1);
    for (long i = 0; i < kTrips; ++i) {
      while (flag.load(std::memory_order_acquire) != 2 * i + 1) _mm_pause();
      flag.store(2 * i + 2, std::memory_order_release);
    }
  });
  pin_to_cpu(0);
  const auto t0 = std::chrono::steady_clock::now();
  for (long i = 0; i < kTrips; ++i) {
    flag.store(2 * i + 1, std::memory_order_release);
    while (flag.load(std::memory_order_acquire) != 2 * i + 2) _mm_pause();
  }
  const double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count();
  other.join();
  unpin();
  return ns / kTrips;
}

// The median time of `work` on one core (a virtual machine's cores need not run at one speed).
template <class Work>
double on_cpu_ns(int cpu, Work work) {
  double ns = 0;
  std::thread([&] {
    pin_to_cpu(cpu);
    std::vector<double> times;
    for (int r = 0; r < 2000; ++r) {
      const auto t0 = std::chrono::steady_clock::now();
      work();
      times.push_back(std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count());
    }
    std::nth_element(times.begin(), times.begin() + 1000, times.end());
    ns = times[1000];
  }).join();
  return ns;
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  anchor::TimerOptions timer;
  if (quick) timer.max_seconds = 2.0;

  // Model library build time: the kiln-model command, as a user without CMake runs it.
  const std::string out = "bench_bridgestan_eight_schools_model.so";
  const std::string build = std::string(KILN_MODEL_COMMAND) + " build " + KILN_EIGHT_SCHOOLS_SOURCE + " -o " + out;
  auto start = std::chrono::steady_clock::now();
  if (std::system(build.c_str()) != 0) return 1;
  const double build_ms = ms_since(start);

  void* lib = dlopen(("./" + out).c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    std::fprintf(stderr, "dlopen: %s\n", dlerror());
    return 1;
  }
  auto construct = symbol<decltype(bs_model_construct)>(lib, "bs_model_construct");
  auto destruct = symbol<decltype(bs_model_destruct)>(lib, "bs_model_destruct");
  auto log_density_gradient = symbol<decltype(bs_log_density_gradient)>(lib, "bs_log_density_gradient");
  auto callback = symbol<decltype(kiln_logp_callback)>(lib, "kiln_logp_callback");
  auto batch = symbol<decltype(kiln_log_density_gradient_batch)>(lib, "kiln_log_density_gradient_batch");

  // Construct latency: the first in this process compiles; later ones hit kiln's compile cache.
  start = std::chrono::steady_clock::now();
  const double cpu_start = thread_cpu_ms();
  bs_model* model = construct(KILN_EIGHT_SCHOOLS_DATA, 0, nullptr);
  const double construct_ms = ms_since(start), construct_cpu_ms = thread_cpu_ms() - cpu_start;
  if (!model) return 1;
  start = std::chrono::steady_clock::now();
  destruct(construct(KILN_EIGHT_SCHOOLS_DATA, 0, nullptr));
  const double construct_again_ms = ms_since(start);

  const anchor::EightSchoolsData data;
  const auto layout = anchor::layout(data);
  std::vector<double> theta{4.0, 1.0};
  for (int j = 0; j < 8; ++j) theta.push_back((j - 3.5) / 4);
  const auto direct = eight_schools_direct();

  std::vector<anchor::BatchRunner> runners{
      anchor::batch_runner([&](const double* t, double* g) { return anchor::fast::logp_grad(layout, t, g); }, theta),
      anchor::batch_runner([&](const double* t, double* g) { return direct({t, 10}, {g, 10}); }, theta),
      anchor::batch_runner(
          [&](const double* t, double* g) {
            double lp;
            log_density_gradient(model, false, true, t, &lp, g, nullptr);
            return lp;
          },
          theta),
      anchor::batch_runner(
          [&](const double* t, double* g) {
            double lp;
            callback(10, t, g, &lp, model);
            return lp;
          },
          theta),
  };
  const auto ns = anchor::median_ns_per_eval(runners, timer);

  // A vectorised sampler's steps over n chains: each point through bs_log_density_gradient in
  // one thread's loop, against one kiln_log_density_gradient_batch call (KILN_NUM_THREADS, set
  // to 2 here). Steps run back to back, as a sampler's do, with its own work between the calls.
  // 64 chains take ~1.5 us, which the pool keeps on the caller (KILN_BATCH_SPLIT_NS, 10 us by
  // default); 1024 chains are split.
  // Idle workers sleep after 200 us; batches of 5 ms make the one wake-up at a batch's start
  // negligible, as it is in a sampler's run.
  anchor::TimerOptions batch_timer = timer;
  batch_timer.min_batch_ns = 5e6;
  auto loop_of = [&](std::size_t n) {
    return [&, n](const double* points, double* lp, double* grad) {
      for (std::size_t i = 0; i < n; ++i)
        log_density_gradient(model, false, true, points + i * 10, lp + i, grad + i * 10, nullptr);
    };
  };
  auto batch_figures = [&](std::size_t n) {
    auto steps = [&](auto evaluate) {
      return [evaluate, chains = Chains(theta, n)](long reps) mutable {
        chains.step(evaluate);  // untimed: the other runner's batch evicted this one's data
        const auto t0 = std::chrono::steady_clock::now();
        for (long r = 0; r < reps; ++r) chains.step(evaluate);
        return std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count();
      };
    };
    auto loop = loop_of(n);
    auto batched = [&, n](const double* points, double* lp, double* grad) {
      batch(model, false, true, n, points, lp, grad, nullptr);
    };
    // Also the calls alone, over the same points again and again: the pool's own cost, without
    // the points and results moving between cores that a sampler's own work makes them do.
    auto repeated = [&](auto evaluate) {
      return [evaluate, chains = Chains(theta, n)](long reps) mutable {
        evaluate(chains.points.data(), chains.lp.data(), chains.grad.data());
        const auto t0 = std::chrono::steady_clock::now();
        for (long r = 0; r < reps; ++r) {
          evaluate(chains.points.data(), chains.lp.data(), chains.grad.data());
          anchor::escape(chains.grad.data());
        }
        return std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count();
      };
    };
    return anchor::median_ns_per_eval({steps(loop), steps(batched), repeated(loop), repeated(batched)}, batch_timer);
  };
  constexpr std::size_t n = 64, n_large = 1024;
  const auto batch_ns = batch_figures(n), large_ns = batch_figures(n_large);

  // A multi-chain sampler with a thread per chain: each thread steps its own chain, calling
  // bs_log_density_gradient on the one model. ns per evaluation over all threads, timed from
  // when every thread has started (and at least 100,000 steps: starting threads on a loaded
  // machine takes milliseconds, which would otherwise set the timer's batch size).
  auto chains_on_threads = [&](int threads) {
    return [&, threads](long reps) {
      const long steps = std::max(reps, 100000L);
      std::atomic<int> started{0};
      std::chrono::steady_clock::time_point t0;  // when the last thread started
      std::vector<std::thread> pool;
      for (int t = 0; t < threads; ++t)
        pool.emplace_back([&, t] {
          Chains chain(theta, 1);
          chain.start[0] += 0.01 * t;
          if (started.fetch_add(1) + 1 == threads) t0 = std::chrono::steady_clock::now();
          while (started.load() < threads) std::this_thread::yield();
          for (long r = t; r < steps; r += threads)
            chain.step([&](const double* p, double* lp, double* g) { log_density_gradient(model, false, true, p, lp, g, nullptr); });
        });
      for (auto& th : pool) th.join();
      const double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count();
      return ns * static_cast<double>(reps) / static_cast<double>(steps);
    };
  };
  const auto concurrent_ns = anchor::median_ns_per_eval({chains_on_threads(1), chains_on_threads(2), chains_on_threads(8)}, batch_timer);

  std::printf("eight schools (non-centred), logp + gradient, median ns per call:\n");
  std::printf("  hand-written C++ (-ffast-math)        %8.1f\n", ns[0]);
  std::printf("  LogpGradFunction called directly      %8.1f\n", ns[1]);
  std::printf("  bs_log_density_gradient (C ABI)       %8.1f   %+.1f ns vs direct (floor: <= +10), %.2fx hand-written (floor: <= 1.5x)\n",
              ns[2], ns[2] - ns[1], ns[2] / ns[0]);
  std::printf("  kiln_logp_callback                    %8.1f   %+.1f ns vs direct\n", ns[3], ns[3] - ns[1]);
  std::printf("sampler steps over %zu chains: one thread's loop %.0f ns, kiln_log_density_gradient_batch on %s threads %.0f ns: %.2fx throughput (floor: >= 1.8x)\n",
              n, batch_ns[0], std::getenv("KILN_NUM_THREADS") ? std::getenv("KILN_NUM_THREADS") : "(hardware)", batch_ns[1],
              batch_ns[0] / batch_ns[1]);
  std::printf("  the calls alone on the same %zu points: loop %.0f ns, batch %.0f ns: %.2fx\n", n, batch_ns[2], batch_ns[3],
              batch_ns[2] / batch_ns[3]);
  std::printf(
      "sampler steps over %zu chains: one thread's loop %.0f ns, the batch %.0f ns: %.2fx; the calls alone %.2fx\n",
      n_large, large_ns[0], large_ns[1], large_ns[0] / large_ns[1], large_ns[2] / large_ns[3]);
  if (std::thread::hardware_concurrency() >= 2) {
    // What this machine allows a 64-point batch on its first two cores: the loop's work split
    // between them as their speeds give, plus one round trip between them.
    Chains chains(theta, n);
    auto run_loop = [&, loop = loop_of(n)] { loop(chains.points.data(), chains.lp.data(), chains.grad.data()); };
    const double cpu0 = on_cpu_ns(0, run_loop), cpu1 = on_cpu_ns(1, run_loop), trip = cross_core_round_trip_ns();
    const double best = 1.0 / (1.0 / cpu0 + 1.0 / cpu1) + trip;
    std::printf("  this machine's bound: the loop takes %.0f ns on core 0 and %.0f ns on core 1, a cache line's round trip "
                "between them %.0f ns, so a batch split over both takes >= %.0f ns: <= %.2fx core 0's loop\n",
                cpu0, cpu1, trip, best, cpu0 / best);
  }
  std::printf("chains on threads of their own, ns per step over all threads: 1 thread %.1f, 2 threads %.1f (%.2fx), 8 threads %.1f (%.2fx)\n",
              concurrent_ns[0], concurrent_ns[1], concurrent_ns[0] / concurrent_ns[1], concurrent_ns[2],
              concurrent_ns[0] / concurrent_ns[2]);
  std::printf("bs_model_construct: %.1f ms first (floor: <= 100 ms; %.1f ms of it on this thread's CPU), %.1f ms again (compile cache)\n",
              construct_ms, construct_cpu_ms, construct_again_ms);
  std::printf("kiln-model build eight_schools.cpp: %.0f ms\n", build_ms);
  double load[3] = {0, 0, 0};
  if (getloadavg(load, 3) > 0) std::printf("load average while it ran: %.1f on %u hardware threads\n", load[0], std::thread::hardware_concurrency());
  destruct(model);
  return 0;
}
