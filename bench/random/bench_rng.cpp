// Draws through a compiled kiln function with an rng update (what pm::draw runs) against a
// plain C++ loop over kiln::random::Generator (what NumPy does), N = 10^6 per call: normals
// with scalar and with per-element params, and the rejection samplers (gamma, beta, poisson,
// binomial) with per-element params. Prints the median of repeated runs of each and their ratio,
// measured in one run, and checks that the compiled draws equal the loop's.
#include <kiln/kiln.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

namespace kt = kiln::tensor;
namespace kr = kiln::random;

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

std::vector<double> ramp(std::int64_t n, double lo, double hi) {
  std::vector<double> v(static_cast<std::size_t>(n));
  for (std::int64_t i = 0; i < n; ++i)
    v[static_cast<std::size_t>(i)] = lo + (hi - lo) * static_cast<double>(i % 1000) / 999.0;
  return v;
}

struct Case {
  std::string name;
  double floor;
  // The graph: the draw from the inputs (per-element params, or none) on this rng.
  std::function<kiln::Var(const std::vector<kiln::Var>&, const kiln::Var& rng)> build;
  std::vector<std::vector<double>> params;  // per input, N values (empty: scalar params)
  // The loop's draw i from a generator.
  std::function<double(kr::Generator&, std::size_t i)> loop;
  bool integer = false;
};

bool run_case(const Case& c, std::int64_t n, int runs) {
  std::vector<double> loop_out(static_cast<std::size_t>(n));
  kr::Generator direct(42);
  const double loop_ms = median_ms(
      [&] {
        for (std::size_t i = 0; i < loop_out.size(); ++i) loop_out[i] = c.loop(direct, i);
      },
      runs);

  auto rng = kiln::random_generator_shared(42);
  std::vector<kiln::Var> inputs;
  std::vector<kiln::Array> args;
  for (std::size_t k = 0; k < c.params.size(); ++k) {
    inputs.push_back(kt::vector("p" + std::to_string(k)));
    args.push_back(kiln::Array::view(const_cast<double*>(c.params[k].data()), {n}));
  }
  kiln::Var draws = c.build(inputs, rng);
  kiln::Function f = kiln::function(inputs, draws, {.updates = {{rng, draws.owner()->output(0)}}});
  std::vector<double> real(static_cast<std::size_t>(n));
  std::vector<std::int64_t> ints(static_cast<std::size_t>(n));
  std::vector<kiln::Array> into{c.integer ? kiln::Array::view(ints.data(), {n}) : kiln::Array::view(real.data(), {n})};
  // Exactness: the first compiled call from seed 42 equals the loop's first N draws.
  f.call_into_positional(into, args);
  kr::Generator check(42);
  bool exact = true;
  for (std::size_t i = 0; i < real.size(); ++i) {
    const double expected = c.loop(check, i);
    exact = exact && (c.integer ? static_cast<double>(ints[i]) : real[i]) == expected;
  }
  for (int warm = 0; warm < 2; ++warm) f.call_into_positional(into, args);  // specialized by now
  const double compiled_ms = median_ms([&] { f.call_into_positional(into, args); }, runs);
  const double ratio = compiled_ms / loop_ms;
  std::printf("  %-34s loop %8.2f ms  compiled %8.2f ms  ratio %.3f (floor %.2f) %s%s\n", c.name.c_str(), loop_ms,
              compiled_ms, ratio, c.floor, ratio <= c.floor ? "" : "ABOVE FLOOR ", exact ? "" : "DRAWS DIFFER");
  return exact;
}

// pm::draw of a variable 10,000 times (one compile, then one call per draw) against the same
// draws in a C++ loop: what the calls cost beyond the draws themselves.
bool run_pm_draw(int runs) {
  constexpr std::int64_t kDraws = 10'000;
  auto rng = kiln::random_generator_shared(7);
  auto mu = kt::random::normal(0.0, 1.0, {.rng = rng});
  auto y = kt::random::normal(mu, 2.0, {.size = {5}, .rng = mu.owner()->output(0)});
  std::vector<double> loop_out(5 * kDraws);
  const double loop_ms = median_ms(
      [&] {
        kr::Generator g(7);
        for (std::int64_t d = 0; d < kDraws; ++d) {
          const double m = g.normal(0.0, 1.0);
          for (std::int64_t i = 0; i < 5; ++i) loop_out[static_cast<std::size_t>(5 * d + i)] = g.normal(m, 2.0);
        }
      },
      runs);
  kiln::Array drawn;
  const double draw_ms = median_ms([&] { drawn = kiln::pm::draw(y, kDraws, {.random_seed = 1}); }, runs);
  // pm::draw(y, 2): the compile, the specialization and two calls.
  const double compile_ms = median_ms([&] { kiln::pm::draw(y, 2, {.random_seed = 1}); }, runs);
  std::printf(
      "  pm::draw(y, %lld), y = normal(normal(0, 1), 2, size=5): %.2f ms; the same draws in a C++ loop %.3f ms;\n"
      "    pm::draw(y, 2) (compile, specialization, two calls) %.3f ms; per draw beyond it and the loop: %.3f us\n",
      static_cast<long long>(kDraws), draw_ms, loop_ms, compile_ms, (draw_ms - loop_ms - compile_ms) * 1e3 / kDraws);
  return drawn.shape() == kiln::Shape{kDraws, 5};
}

// multivariate_normal(mean[b], cov) for B = N / 4 batch elements of k = 4 (a per-element mean,
// one covariance) through a compiled function with an rng update, against a C++ loop over a
// Generator: four standard normals, then mean + L z with L the covariance's Cholesky factor
// (computed once, as the compiled draw factors a covariance shared by the batch once per call).
bool run_multivariate_normal(std::int64_t n, int runs) {
  constexpr std::int64_t k = 4;
  const std::int64_t batch = n / k;
  const double cov[k][k] = {{4.0, 1.0, 0.5, 0.2}, {1.0, 3.0, 0.4, 0.1}, {0.5, 0.4, 2.0, 0.3}, {0.2, 0.1, 0.3, 1.0}};
  double chol[k][k] = {};
  for (std::int64_t i = 0; i < k; ++i)
    for (std::int64_t j = 0; j <= i; ++j) {
      double sum = cov[i][j];
      for (std::int64_t m = 0; m < j; ++m) sum -= chol[i][m] * chol[j][m];
      chol[i][j] = i == j ? std::sqrt(sum) : sum / chol[j][j];
    }
  const auto mean = ramp(batch * k, -2.0, 2.0);
  std::vector<double> loop_out(static_cast<std::size_t>(batch * k));
  auto loop = [&](kr::Generator& g) {
    double z[k];
    for (std::int64_t b = 0; b < batch; ++b) {
      for (double& v : z) v = g.standard_normal();
      for (std::int64_t i = 0; i < k; ++i) {
        double sum = 0.0;
        for (std::int64_t j = 0; j <= i; ++j) sum += z[j] * chol[i][j];
        loop_out[static_cast<std::size_t>(b * k + i)] = sum + mean[static_cast<std::size_t>(b * k + i)];
      }
    }
  };
  kr::Generator direct(42);
  const double loop_ms = median_ms([&] { loop(direct); }, runs);

  auto rng = kiln::random_generator_shared(42);
  auto mu = kt::matrix("mean");
  kiln::Array cov_array = kiln::Array::empty(kiln::float64, {k, k});
  for (std::int64_t i = 0; i < k; ++i)
    for (std::int64_t j = 0; j < k; ++j) cov_array.data<double>()[i * k + j] = cov[i][j];
  kiln::Var draws = kt::random::multivariate_normal(mu, cov_array, {.rng = rng});
  kiln::Function f = kiln::function({mu}, draws, {.updates = {{rng, draws.owner()->output(0)}}});
  std::vector<double> out(static_cast<std::size_t>(batch * k));
  std::vector<kiln::Array> into{kiln::Array::view(out.data(), {batch, k})};
  const std::vector<kiln::Array> args{kiln::Array::view(const_cast<double*>(mean.data()), {batch, k})};
  // The first compiled call from seed 42 against the loop's first draws (the factors may round
  // apart in the last bit: LAPACK's dpotrf against the loop above).
  f.call_into_positional(into, args);
  kr::Generator check(42);
  loop(check);
  bool close = true;
  for (std::size_t i = 0; i < out.size(); ++i) close = close && std::fabs(out[i] - loop_out[i]) <= 1e-12 * (1 + std::fabs(out[i]));
  for (int warm = 0; warm < 2; ++warm) f.call_into_positional(into, args);
  const double compiled_ms = median_ms([&] { f.call_into_positional(into, args); }, runs);
  std::printf("  %-34s loop %8.2f ms  compiled %8.2f ms  ratio %.3f (%lld draws of 4) %s\n",
              "multivariate_normal(mean[b], cov)", loop_ms, compiled_ms, compiled_ms / loop_ms,
              static_cast<long long>(batch), close ? "" : "DRAWS DIFFER");
  return close;
}

}  // namespace

int main(int argc, char** argv) {
  std::int64_t n = 1'000'000;
  int runs = 9;
  if (argc > 1 && std::strcmp(argv[1], "--quick") == 0) {
    n = 100'000;
    runs = 5;
  }
  const auto mu = ramp(n, -2.0, 2.0), sigma = ramp(n, 0.5, 3.0), shape = ramp(n, 0.3, 6.0), scale = ramp(n, 0.5, 2.0),
             a = ramp(n, 0.4, 4.0), b = ramp(n, 0.6, 5.0), lam = ramp(n, 0.5, 60.0), p = ramp(n, 0.05, 0.95);
  const std::vector<Case> cases = {
      {"normal, scalar params",
       1.1,
       [&](const auto&, const kiln::Var& rng) { return kt::random::normal(0.5, 2.0, {.size = {n}, .rng = rng}); },
       {},
       [](kr::Generator& g, std::size_t) { return g.normal(0.5, 2.0); }},
      {"normal(mu[i], sigma[i])",
       1.3,
       [](const auto& in, const kiln::Var& rng) { return kt::random::normal(in[0], in[1], {.rng = rng}); },
       {mu, sigma},
       [&](kr::Generator& g, std::size_t i) { return g.normal(mu[i], sigma[i]); }},
      {"gamma(shape[i], scale[i])",
       1.3,
       [](const auto& in, const kiln::Var& rng) { return kt::random::gamma(in[0], in[1], {.rng = rng}); },
       {shape, scale},
       [&](kr::Generator& g, std::size_t i) { return g.gamma(shape[i], scale[i]); }},
      {"beta(a[i], b[i])",
       1.3,
       [](const auto& in, const kiln::Var& rng) { return kt::random::beta(in[0], in[1], {.rng = rng}); },
       {a, b},
       [&](kr::Generator& g, std::size_t i) { return g.beta(a[i], b[i]); }},
      {"poisson(lam[i])",
       1.3,
       [](const auto& in, const kiln::Var& rng) { return kt::random::poisson(in[0], {.rng = rng}); },
       {lam},
       [&](kr::Generator& g, std::size_t i) { return static_cast<double>(g.poisson(lam[i])); },
       true},
      {"binomial(20, p[i])",
       1.3,
       [](const auto& in, const kiln::Var& rng) {
         return kt::random::binomial(kiln::Var(kiln::Array(std::int64_t{20})), in[0], {.rng = rng});
       },
       {p},
       [&](kr::Generator& g, std::size_t i) { return static_cast<double>(g.binomial(20, p[i])); },
       true},
  };
  std::printf("N = %lld draws per call, median of %d runs (this machine, this run)\n", static_cast<long long>(n), runs);
  bool exact = true;
  for (const auto& c : cases) exact = run_case(c, n, runs) && exact;
  exact = run_multivariate_normal(n, runs) && exact;
  exact = run_pm_draw(runs) && exact;
  std::printf("draws identical to the Generator loop's (NumPy's): %s\n", exact ? "yes" : "NO");
  return exact ? 0 : 1;
}
