// 10^7 standard normals: through a compiled kiln function whose update advances the shared
// generator (what pm::draw runs), against a plain C++ loop over kiln::random::Generator (what
// NumPy does). Prints the median time of each over repeated runs and their ratio, in one run.
#include <kiln/kiln.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <vector>

namespace kt = kiln::tensor;

namespace {

template <class F>
double median_ms(F&& f, int runs) {
  std::vector<double> t;
  for (int i = 0; i < runs; ++i) {
    auto start = std::chrono::steady_clock::now();
    f();
    t.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  std::int64_t n = 10'000'000;
  int runs = 7;
  if (argc > 1 && std::strcmp(argv[1], "--quick") == 0) {
    n = 1'000'000;
    runs = 5;
  }
  std::vector<double> out(static_cast<std::size_t>(n));

  kiln::random::Generator direct(42);
  double loop_ms = median_ms(
      [&] {
        for (auto& v : out) v = direct.standard_normal();
      },
      runs);
  double first_direct = out[0];

  auto rng = kiln::random_generator_shared(42);
  auto draws = kt::random::normal(0.0, 1.0, {.size = {n}, .rng = rng});
  auto next_rng = draws.owner()->outputs()[0];
  kiln::Function f = kiln::function({}, draws, {.updates = {{rng, next_rng}}});
  std::vector<kiln::Array> into{kiln::Array::view(out.data(), {n})};
  f.call_into_positional(into, {});
  (void)first_direct;
  double compiled_ms = median_ms([&] { f.call_into_positional(into, {}); }, runs);

  // The compiled draws are NumPy's: a fresh function from seed 42 gives the loop's first value.
  auto rng2 = kiln::random_generator_shared(42);
  auto one = kt::random::normal(0.0, 1.0, {.size = {3}, .rng = rng2});
  kiln::Array three = kiln::function({}, one)();
  kiln::random::Generator check(42);
  bool exact = three.get_as_double(0) == check.standard_normal() && three.get_as_double(1) == check.standard_normal();

  std::printf("standard normals, n = %lld, median of %d runs (this machine, this run)\n", static_cast<long long>(n), runs);
  std::printf("  C++ loop over Generator::standard_normal   %9.2f ms  (%.2f ns/draw)\n", loop_ms, loop_ms * 1e6 / n);
  std::printf("  compiled kiln function with rng update     %9.2f ms  (%.2f ns/draw)\n", compiled_ms, compiled_ms * 1e6 / n);
  std::printf("  ratio compiled/loop %.3f (target <= 1.2); draws identical to NumPy's: %s\n", compiled_ms / loop_ms,
              exact ? "yes" : "NO");
  return exact ? 0 : 1;
}
