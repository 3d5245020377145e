// How long the rewrite pipeline takes on log-density graphs: (a) a normal model's logp and
// gradient, (b) synthetic log-densities of 1,000, 10,000 and 30,000 nodes (Normal terms sharing
// their parameters). The summary prints milliseconds per rewrite run and the growth ratios,
// which stay near linear (a quadratic engine would show ~10x per 3x nodes).
#include "rewrite/function_graph.hpp"
#include "rewrite/rewriter.hpp"

#include <kiln/kiln.hpp>

#include <benchmark/benchmark.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>

namespace kt = kiln::tensor;

namespace {

struct Model {
  std::vector<kiln::Var> inputs;
  std::vector<kiln::Var> outputs;
  std::size_t nodes = 0;
};

kiln::Var normal_logp(const kiln::Var& y, const kiln::Var& mu, const kiln::Var& sigma) {
  auto z = (y - mu) / sigma;
  return kt::sum(-0.5 * kt::pow(z, 2) - kt::log(sigma) - 0.5 * std::log(2 * M_PI));
}

// The logp and its gradient wrt (mu, log_sigma) of y ~ Normal(mu, exp(log_sigma)).
Model normal_model() {
  auto y = kt::vector("y");
  auto mu = kt::scalar("mu");
  auto log_sigma = kt::scalar("log_sigma");
  auto logp = normal_logp(y, mu, kt::exp(log_sigma)) + log_sigma;
  auto g = kiln::grad(logp, std::vector<kiln::Var>{mu, log_sigma});
  Model m{{y, mu, log_sigma}, {logp, g[0], g[1]}, 0};
  m.nodes = kiln::toposort(m.outputs).size();
  return m;
}

// Normal terms y_k ~ Normal(a + b * x_k, sigma) until the graph has `target` nodes.
Model synthetic(std::size_t target) {
  auto a = kt::scalar("a"), b = kt::scalar("b"), log_sigma = kt::scalar("log_sigma");
  auto sigma = kt::exp(log_sigma);
  Model m{{a, b, log_sigma}, {}, 0};
  kiln::Var total = kt::log(sigma) * 0.0;
  int k = 0;
  while (true) {
    auto y = kt::vector("y" + std::to_string(k));
    auto x = kt::vector("x" + std::to_string(k));
    m.inputs.push_back(y);
    m.inputs.push_back(x);
    total = total + normal_logp(y, a + b * x * (1.0 + k), sigma) + kt::log1p(kt::exp(b * k));
    ++k;
    // Counting nodes walks the whole graph: do it every 25 terms (about 600 nodes).
    if (k % 25 == 0 && kiln::toposort({total}).size() >= target) break;
  }
  m.outputs = {total};
  m.nodes = kiln::toposort(m.outputs).size();
  return m;
}

double rewrite_ms(const Model& m) {
  auto start = std::chrono::steady_clock::now();
  kiln::FunctionGraph fg(m.inputs, m.outputs);
  kiln::run_rewrites(fg, kiln::RewriteDatabase::standard().query({}));
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

std::map<std::string, const Model*>& models() {
  static Model normal = normal_model();
  static Model n1k = synthetic(1000), n10k = synthetic(10000), n30k = synthetic(30000);
  static std::map<std::string, const Model*> m = {
      {"normal_logp_grad", &normal}, {"synthetic_1k", &n1k}, {"synthetic_10k", &n10k}, {"synthetic_30k", &n30k}};
  return m;
}

void BM_rewrite(benchmark::State& state, const std::string& name) {
  const Model& m = *models().at(name);
  for (auto _ : state) benchmark::DoNotOptimize(rewrite_ms(m));
  state.counters["nodes"] = static_cast<double>(m.nodes);
}

double median_ms(const Model& m, int runs) {
  std::vector<double> t;
  for (int i = 0; i < runs; ++i) t.push_back(rewrite_ms(m));
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

}  // namespace

BENCHMARK_CAPTURE(BM_rewrite, normal_logp_grad, std::string("normal_logp_grad"))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_rewrite, synthetic_1k, std::string("synthetic_1k"))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_rewrite, synthetic_10k, std::string("synthetic_10k"))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_rewrite, synthetic_30k, std::string("synthetic_30k"))->Unit(benchmark::kMillisecond);

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  std::printf("\nrewrite summary (median of 5 runs, this machine, this run)\n");
  std::map<std::string, double> ms;
  for (const auto& [name, m] : models()) {
    ms[name] = median_ms(*m, 5);
    std::printf("  %-18s %6zu nodes  %9.2f ms per rewrite run\n", name.c_str(), m->nodes, ms[name]);
  }
  const auto& all = models();
  double per_node_1k = ms["synthetic_1k"] / static_cast<double>(all.at("synthetic_1k")->nodes);
  double per_node_30k = ms["synthetic_30k"] / static_cast<double>(all.at("synthetic_30k")->nodes);
  std::printf("  10k/1k time ratio %.2f, 30k/10k time ratio %.2f, per-node cost 30k/1k %.2f (1.0 = linear)\n",
              ms["synthetic_10k"] / ms["synthetic_1k"], ms["synthetic_30k"] / ms["synthetic_10k"],
              per_node_30k / per_node_1k);
  std::printf("  floor: synthetic_10k under 100 ms -> %s\n", ms["synthetic_10k"] < 100 ? "met" : "NOT met");
  benchmark::Shutdown();
  return 0;
}
