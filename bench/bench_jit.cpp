// JIT benchmarks: (a) log(x + y) and (b) a summed normal log-density, kiln against the
// hand-written loops of baselines.hpp with and without -ffast-math, at N = 1e3, 1e6, 1e7;
// (c) compile times (cold, 50-node graphs, equal graphs from the cache); (d) RSS after
// compiling and dropping 10,000 distinct functions; (e) special functions (gammaln, digamma)
// per element. After the Google Benchmark run, a summary measures the same things again and
// prints ratios (absolute times are noise on shared machines). `--summary_only` skips the
// Google Benchmark part; KILN_BENCH_FUNCTIONS sets (d)'s count.
#include "baselines.hpp"
#include "jit/code_cache.hpp"
#include "jit/engine.hpp"
#include "tensor/composite.hpp"
#include "tensor/elemwise.hpp"

#include <kiln/kiln.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <string>
#include <math.h>
#include <unistd.h>

namespace kt = kiln::tensor;
using kiln::Array;
using kiln::DType;
using kiln::Var;
using kt::ScalarOp;

namespace {

Array uniform(std::int64_t n, double lo, double hi, unsigned seed) {
  Array a = Array::empty(DType::float64, {n});
  double* p = a.data<double>();
  std::uint64_t s = seed * 0x9E3779B97F4A7C15ull + 1;
  for (std::int64_t i = 0; i < n; ++i) {
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    p[i] = lo + (hi - lo) * static_cast<double>(s >> 11) * 0x1.0p-53;
  }
  return a;
}

// (a) log(x + y), fused by the rewrites into one Composite.
kiln::Function log_add_function() {
  auto x = kt::vector("x");
  auto y = kt::vector("y");
  return kiln::function({x, y}, kt::log(x + y));
}

// (a') the same graph over float32 vectors (issue #15: float32 graphs at <= 0.6x float64's time).
kiln::Function log_add_function_f32() {
  auto x = kt::vector("x", DType::float32);
  auto y = kt::vector("y", DType::float32);
  return kiln::function({x, y}, kt::log(x + y));
}

// (b) sum(-0.5 * ((y - mu) / sigma)**2 - log(sigma) - 0.5 * log(2 pi)), written as a user
// writes it: the rewrites fuse it with its sum into one Composite and turn the division by the
// broadcast sigma into a multiplication by its reciprocal, computed once.
kiln::Function normal_logp_function() {
  auto y = kt::vector("y");
  auto mu = kt::scalar("mu");
  auto sigma = kt::scalar("sigma");
  auto z = (y - mu) / sigma;
  return kiln::function({y, mu, sigma}, kt::sum(-0.5 * kt::sqr(z) - kt::log(sigma) - 0.5 * std::log(2 * M_PI)));
}

// A Composite of `size` nodes over two inputs; `variant`'s bits pick the ops, so distinct
// variants are distinct kernels.
Var fused_chain(const Var& x, const Var& y, int size, std::uint64_t variant) {
  const ScalarOp ops[] = {ScalarOp::add, ScalarOp::mul, ScalarOp::sub, ScalarOp::maximum};
  const ScalarOp unary[] = {ScalarOp::exp, ScalarOp::log1p, ScalarOp::tanh, ScalarOp::sqrt};
  std::vector<kt::ScalarNode> nodes;
  for (int i = 0; i < size; ++i) {
    int prev = 2 + i - 1;
    if (i % 5 == 4) {
      nodes.push_back({unary[(variant >> (i % 60)) & 3 ? 1 : (i / 5) % 4], {prev}, DType::float64});
    } else {
      ScalarOp op = ops[((variant >> (2 * (i % 30))) & 3)];
      nodes.push_back({op, {i == 0 ? 0 : prev, i % 2}, DType::float64});
    }
  }
  auto op = std::make_shared<kt::Composite>(std::vector<DType>{DType::float64, DType::float64}, nodes,
                                            std::vector<int>{1 + size});
  return kiln::apply_op(op, {x, y});
}

// A chain of `size` Elemwise nodes as a user builds it (the rewrites fuse it into one loop);
// its compile-cache key walks every node.
Var elemwise_chain(const Var& x, const Var& y, int size) {
  Var v = x;
  for (int i = 0; i < size; ++i) {
    switch (i % 5) {
      case 0: v = v + y; break;
      case 1: v = v * 0.5; break;
      case 2: v = kt::tanh(v); break;
      case 3: v = v - x; break;
      default: v = kt::sin(v); break;
    }
  }
  return v;
}

struct Data {
  explicit Data(std::int64_t n) : x(uniform(n, 0.1, 100, 1)), y(uniform(n, 0.1, 100, 2)), out(Array::empty(DType::float64, {n})) {}
  Array x, y, out;
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Median seconds per call of `fn`, over `reps` timed batches of `inner` calls.
double time_per_call(const std::function<void()>& fn, int reps, int inner) {
  std::vector<double> samples;
  fn();
  for (int r = 0; r < reps; ++r) {
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < inner; ++i) fn();
    samples.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / inner);
  }
  return median(samples);
}

double rss_mb() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

// ---- Google Benchmark ------------------------------------------------------------------

void BM_log_add_kiln(benchmark::State& state) {
  auto f = log_add_function();
  Data d(state.range(0));
  std::vector<Array> outs = {d.out}, ins = {d.x, d.y};
  for (auto _ : state) f.call_into_positional(outs, ins);
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
void BM_log_add_plain(benchmark::State& state) {
  Data d(state.range(0));
  for (auto _ : state) kiln::bench::plain::log_add(d.x.data<double>(), d.y.data<double>(), d.out.data<double>(), state.range(0));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
void BM_log_add_fast_math(benchmark::State& state) {
  Data d(state.range(0));
  for (auto _ : state) kiln::bench::fast_math::log_add(d.x.data<double>(), d.y.data<double>(), d.out.data<double>(), state.range(0));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
void BM_normal_logp_kiln(benchmark::State& state) {
  auto f = normal_logp_function();
  Data d(state.range(0));
  Array result = Array::empty(DType::float64, {});
  std::vector<Array> outs = {result}, ins = {d.y, Array(1.5), Array(2.5)};
  for (auto _ : state) f.call_into_positional(outs, ins);
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
void BM_normal_logp_plain(benchmark::State& state) {
  Data d(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(kiln::bench::plain::normal_logp_sum(d.y.data<double>(), 1.5, 2.5, state.range(0)));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
void BM_normal_logp_fast_math(benchmark::State& state) {
  Data d(state.range(0));
  for (auto _ : state)
    benchmark::DoNotOptimize(kiln::bench::fast_math::normal_logp_sum(d.y.data<double>(), 1.5, 2.5, state.range(0)));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

void BM_compile_cold_log_add(benchmark::State& state) {
  kiln::jit::set_compile_cache_enabled(false);
  for (auto _ : state) benchmark::DoNotOptimize(log_add_function());
  kiln::jit::set_compile_cache_enabled(true);
}
void BM_compile_cold_fused50(benchmark::State& state) {
  kiln::jit::set_compile_cache_enabled(false);
  for (auto _ : state) {
    auto x = kt::vector("x");
    auto y = kt::vector("y");
    benchmark::DoNotOptimize(kiln::function({x, y}, fused_chain(x, y, 50, 0x5DEECE66Dull)));
  }
  kiln::jit::set_compile_cache_enabled(true);
}
void BM_compile_equal_graph(benchmark::State& state) {
  auto keep = log_add_function();
  for (auto _ : state) benchmark::DoNotOptimize(log_add_function());
}
// Building the graph is part of each iteration, as in BM_compile_equal_graph.
void BM_compile_equal_graph50(benchmark::State& state) {
  auto x = kt::vector("x");
  auto y = kt::vector("y");
  auto keep = kiln::function({x, y}, elemwise_chain(x, y, 50));
  for (auto _ : state) {
    auto x2 = kt::vector("x");
    auto y2 = kt::vector("y");
    benchmark::DoNotOptimize(kiln::function({x2, y2}, elemwise_chain(x2, y2, 50)));
  }
}

#define KILN_SIZES ->Arg(1000)->Arg(1000000)->Arg(10000000)->Unit(benchmark::kMicrosecond)
BENCHMARK(BM_log_add_kiln) KILN_SIZES;
BENCHMARK(BM_log_add_plain) KILN_SIZES;
BENCHMARK(BM_log_add_fast_math) KILN_SIZES;
BENCHMARK(BM_normal_logp_kiln) KILN_SIZES;
BENCHMARK(BM_normal_logp_plain) KILN_SIZES;
BENCHMARK(BM_normal_logp_fast_math) KILN_SIZES;
BENCHMARK(BM_compile_cold_log_add)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_compile_cold_fused50)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_compile_equal_graph)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_compile_equal_graph50)->Unit(benchmark::kMicrosecond);

// ---- Summary: ratios measured in this run ----------------------------------------------

void summarize_throughput() {
  std::printf("\n== throughput (median ns/element; ratio = kiln / baseline, lower is better)\n");
  std::printf("%-14s %10s %10s %10s %10s %12s %14s\n", "kernel", "N", "kiln", "-O3", "fast-math", "kiln/-O3",
              "kiln/fast-math");
  for (std::int64_t n : {1000, 1000000, 10000000}) {
    Data d(n);
    int reps = n >= 10000000 ? 15 : (n >= 1000000 ? 41 : 101);
    int inner = n >= 1000000 ? 1 : 200;
    auto per_elem = [&](double seconds) { return seconds * 1e9 / static_cast<double>(n); };
    {
      auto f = log_add_function();
      std::vector<Array> outs = {d.out}, ins = {d.x, d.y};
      double k = per_elem(time_per_call([&] { f.call_into_positional(outs, ins); }, reps, inner));
      double p = per_elem(time_per_call([&] { kiln::bench::plain::log_add(d.x.data<double>(), d.y.data<double>(), d.out.data<double>(), n); }, reps, inner));
      double q = per_elem(time_per_call([&] { kiln::bench::fast_math::log_add(d.x.data<double>(), d.y.data<double>(), d.out.data<double>(), n); }, reps, inner));
      std::printf("%-14s %10lld %10.3f %10.3f %10.3f %12.3f %14.3f\n", "log(x+y)", static_cast<long long>(n), k, p, q, k / p, k / q);
    }
    {
      auto f = normal_logp_function();
      Array result = Array::empty(DType::float64, {});
      std::vector<Array> outs = {result}, ins = {d.y, Array(1.5), Array(2.5)};
      volatile double sink = 0;
      double k = per_elem(time_per_call([&] { f.call_into_positional(outs, ins); }, reps, inner));
      double p = per_elem(time_per_call([&] { sink = kiln::bench::plain::normal_logp_sum(d.y.data<double>(), 1.5, 2.5, n); }, reps, inner));
      double q = per_elem(time_per_call([&] { sink = kiln::bench::fast_math::normal_logp_sum(d.y.data<double>(), 1.5, 2.5, n); }, reps, inner));
      double expected = kiln::bench::plain::normal_logp_sum(d.y.data<double>(), 1.5, 2.5, n);
      f.call_into_positional(outs, ins);
      std::printf("%-14s %10lld %10.3f %10.3f %10.3f %12.3f %14.3f   (rel. diff vs -O3 loop %.1e)\n", "normal logp", static_cast<long long>(n), k, p,
                  q, k / p, k / q, std::fabs(outs[0].item<double>() - expected) / std::fabs(expected));
      (void)sink;
    }
  }
  // float32 against float64, both through kiln, at N = 1e6.
  const std::int64_t n = 1000000;
  Data d(n);
  Array x32 = d.x.astype(DType::float32), y32 = d.y.astype(DType::float32), out32 = Array::empty(DType::float32, {n});
  auto f64 = log_add_function();
  auto f32 = log_add_function_f32();
  std::vector<Array> outs64 = {d.out}, ins64 = {d.x, d.y}, outs32 = {out32}, ins32 = {x32, y32};
  double t64 = time_per_call([&] { f64.call_into_positional(outs64, ins64); }, 41, 1);
  double t32 = time_per_call([&] { f32.call_into_positional(outs32, ins32); }, 41, 1);
  std::printf("log(x+y) float32 / float64 at N = 1e6: %.3f (floor 0.6)\n", t32 / t64);
}

// Median milliseconds of compiling `build()`'s graph; the graph is built outside the timing.
double median_compile_ms(int reps, const std::function<std::pair<std::vector<Var>, Var>()>& build) {
  std::vector<double> samples;
  for (int i = 0; i < reps; ++i) {
    auto [inputs, output] = build();
    auto start = std::chrono::steady_clock::now();
    auto f = kiln::function(inputs, output);
    samples.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  return median(samples);
}

// Cold compiles disable the native code cache; the function compiler's program cache cannot
// serve them either, since each Function is dropped before the next compile and the cache holds
// a program only while a Function does.
void summarize_compile() {
  std::printf("\n== compile time (median)\n");
  kiln::jit::set_compile_cache_enabled(false);
  std::vector<double> cold, cold50;
  for (int i = 0; i < 21; ++i) {
    auto start = std::chrono::steady_clock::now();
    auto f = log_add_function();
    cold.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  for (int i = 0; i < 11; ++i) {
    auto x = kt::vector("x");
    auto y = kt::vector("y");
    auto start = std::chrono::steady_clock::now();
    auto f = kiln::function({x, y}, fused_chain(x, y, 50, 0x5DEECE66Dull));
    cold50.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  kiln::jit::set_compile_cache_enabled(true);
  auto keep = log_add_function();
  std::vector<double> equal;
  for (int i = 0; i < 201; ++i) {
    auto start = std::chrono::steady_clock::now();
    auto f = log_add_function();
    equal.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  std::printf("cold compile of log(x+y):        %8.3f ms   (floor 10 ms)\n", median(cold));
  std::printf("cold compile of a 50-node graph: %8.3f ms\n", median(cold50));
  std::printf("equal graph again (cache hit):   %8.3f ms   (floor 0.5 ms)\n", median(equal));

  auto chain = [] {
    auto x = kt::vector("x");
    auto y = kt::vector("y");
    return std::pair{std::vector<Var>{x, y}, elemwise_chain(x, y, 50)};
  };
  auto fused = [] {
    auto x = kt::vector("x");
    auto y = kt::vector("y");
    return std::pair{std::vector<Var>{x, y}, fused_chain(x, y, 50, 0x5DEECE66Dull)};
  };
  kiln::jit::set_compile_cache_enabled(false);
  double chain_cold = median_compile_ms(11, chain);
  kiln::jit::set_compile_cache_enabled(true);
  double chain_dropped = median_compile_ms(21, chain);  // the previous Function is gone: native code cached
  auto [chain_in, chain_out] = chain();
  auto keep_chain = kiln::function(chain_in, chain_out);
  double chain_equal = median_compile_ms(201, chain);
  auto [fused_in, fused_out] = fused();
  auto keep_fused = kiln::function(fused_in, fused_out);
  double fused_equal = median_compile_ms(201, fused);
  std::printf("equal 50-node fused graph again:  %8.3f ms   (floor 0.5 ms; cold / this = %.0f)\n", fused_equal,
              median(cold50) / fused_equal);
  std::printf(
      "chain of 50 Elemwise nodes: cold %.3f ms, after its Function was dropped %.3f ms, equal graph again "
      "%.3f ms   (floor 0.5 ms; cold / equal = %.0f)\n",
      chain_cold, chain_dropped, chain_equal, chain_cold / chain_equal);
}

// Special functions run as runtime calls inside fused loops: ns per element of a compiled
// sum(f(x)) over x in [0.1, 100), against a plain loop over glibc's lgamma_r for gammaln.
void summarize_special_functions() {
  constexpr std::int64_t n = 100000;
  Data d(n);
  std::printf("\n== special functions in a fused sum, N = %lld (median ns/element; floor 20)\n", static_cast<long long>(n));
  auto per_elem = [&](double seconds) { return seconds * 1e9 / static_cast<double>(n); };
  volatile double sink = 0;
  const double glibc = per_elem(time_per_call(
      [&] {
        double s = 0;
        int sign;
        for (std::int64_t i = 0; i < n; ++i) s += ::lgamma_r(d.x.data<double>()[i], &sign);
        sink = s;
      },
      41, 5));
  std::printf("%-10s %10.2f\n", "lgamma_r loop", glibc);
  using Unary = Var (*)(const Var&);
  const std::pair<const char*, Unary> ops[] = {{"gammaln", kt::gammaln}, {"digamma", kt::digamma}};
  for (auto [name, op] : ops) {
    Var x = kt::vector("x");
    auto f = kiln::function({x}, kt::sum(op(x)));
    Array result = Array::empty(DType::float64, {});
    std::vector<Array> outs = {result}, ins = {d.x};
    const double k = per_elem(time_per_call([&] { f.call_into_positional(outs, ins); }, 41, 5));
    std::printf("%-10s %10.2f   (kiln / lgamma_r loop %.2f)\n", name, k, k / glibc);
  }
  (void)sink;
}

void summarize_memory() {
  int count = 10000;
  if (const char* env = std::getenv("KILN_BENCH_FUNCTIONS")) count = std::atoi(env);
  std::printf("\n== memory: compiling and dropping %d distinct functions\n", count);
  double before = rss_mb();
  double after_first = 0;
  Data d(16);
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < count; ++i) {
    auto x = kt::vector("x");
    auto y = kt::vector("y");
    auto f = kiln::function({x, y}, fused_chain(x, y, 8, 0x100000ull + static_cast<std::uint64_t>(i) * 0x9E3779B97ull));
    std::vector<Array> outs = {d.out};
    f.call_into(outs, d.x, d.y);
    if (i == 0) after_first = rss_mb();
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  double after = rss_mb();
  std::printf("RSS before %.1f MB, after the first %.1f MB, after all %.1f MB: growth %.1f MB (floor 50 MB); %.2f ms per compile\n",
              before, after_first, after, after - before, seconds * 1e3 / count);
}

}  // namespace

int main(int argc, char** argv) {
  bool summary_only = false;
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    if (std::strcmp(argv[i], "--summary_only") == 0) summary_only = true;
    else args.push_back(argv[i]);
  }
  int n = static_cast<int>(args.size());
  auto info = kiln::jit::engine_info();
  std::printf("kiln JIT on %s: avx512 %s, prefer-vector-width %d, %d extra vector-function mappings\n", info.cpu.c_str(),
              info.avx512 ? "yes" : "no", info.prefer_vector_width, info.vector_functions);
  if (!summary_only) {
    benchmark::Initialize(&n, args.data());
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
  }
  summarize_throughput();
  summarize_special_functions();
  summarize_compile();
  summarize_memory();
  return 0;
}
