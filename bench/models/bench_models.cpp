// The anchor models (shared/baselines/README.md) five ways, checked and timed in one run:
// hand-written C++ (strict and -ffast-math builds), a hand-built kiln graph over theta's parts,
// the same graph over one flat theta vector split by index and slice (the form samplers write,
// called through the variadic call_into), and kiln's model layer. Prints ns per logp+gradient
// evaluation, the ratios against the hand-written code and the model layer's overhead over the
// hand-built graph, and the model layer's cold compile time.
//   bench_models [--quick] [--only NAME-PART]
// Exits 1 when an implementation differs from reference_values.txt by more than 1e-10 relative.
#include "anchor_data.hpp"
#include "batch_timer.hpp"
#include "hand_models.hpp"
#include "kiln_models.hpp"
#include "reference_values.hpp"

#include <kiln/kiln.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <string>

namespace {

using anchor::BatchRunner;
using LogpGrad = std::function<double(const double* theta, double* grad)>;

constexpr double kTolerance = 1e-10;
constexpr double kFloorHand = 2.0, kGoalHand = 1.2, kFloorModelLayer = 1.1;
constexpr double kFloorFast = 1.3, kGoalFast = 1.0;  // issue #14: every kiln form vs -ffast-math

enum Impl { kHandStrict, kHandFast, kGraph, kFlat, kModelLayer, kImpls };
const char* const kImplNames[kImpls] = {"hand strict", "hand fast-math", "kiln graph", "kiln flat", "kiln model layer"};

struct ModelRun {
  std::string name;
  std::vector<double> point;
  LogpGrad call[kImpls];
  BatchRunner runner[kImpls];
  double compile_ms = 0;        // model layer: building the pm::Model and compile_logp_dlogp
  double graph_compile_ms = 0;  // the hand-built graph, compiled after (may hit kiln's cache)
};

double ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

template <class F>
void set_impl(ModelRun& run, Impl impl, F f) {
  run.call[impl] = f;
  run.runner[impl] = anchor::batch_runner(f, run.point);
}

void set_kiln_impl(ModelRun& run, Impl impl, kiln::pm::LogpGradFunction compiled) {
  auto f = std::make_shared<kiln::pm::LogpGradFunction>(std::move(compiled));
  const std::size_t dim = run.point.size();
  set_impl(run, impl, [f, dim](const double* theta, double* grad) { return (*f)({theta, dim}, {grad, dim}); });
}

// The model layer is compiled first, so its compile is cold; the data outlives the run.
template <class Data>
ModelRun make_run(std::string name, std::shared_ptr<const Data> data, std::vector<double> point,
                  kiln::pm::LogpGradFunction (*graph)(const Data&), anchor::FlatLogpGrad (*flat)(const Data&),
                  kiln::pm::LogpGradFunction (*model_layer)(const Data&)) {
  ModelRun run{std::move(name), std::move(point), {}, {}};
  auto start = std::chrono::steady_clock::now();
  auto compiled_model = model_layer(*data);
  run.compile_ms = ms_since(start);
  start = std::chrono::steady_clock::now();
  auto compiled_graph = graph(*data);
  run.graph_compile_ms = ms_since(start);
  set_kiln_impl(run, kModelLayer, std::move(compiled_model));
  set_kiln_impl(run, kGraph, std::move(compiled_graph));
  set_impl(run, kFlat, flat(*data));

  auto layout = std::make_shared<const decltype(anchor::layout(*data))>(anchor::layout(*data));
  set_impl(run, kHandStrict,
           [data, layout](const double* t, double* g) { return anchor::strict::logp_grad(*layout, t, g); });
  set_impl(run, kHandFast,
           [data, layout](const double* t, double* g) { return anchor::fast::logp_grad(*layout, t, g); });
  return run;
}

// Compiles one small function so LLVM's one-time start-up is not charged to the first model.
void warm_up_jit() {
  namespace kt = kiln::tensor;
  kiln::Var x = kt::vector("x");
  kiln::function({x}, kt::sum(kt::exp(x) * 2.0))(kiln::Array{1.0, 2.0});
}

bool check(const std::vector<ModelRun>& runs, const std::map<std::string, anchor::Reference>& refs) {
  bool ok = true;
  std::printf("Correctness at the README's fixed points: max relative error vs reference_values.txt\n");
  std::printf("%-24s", "model");
  for (const char* impl : kImplNames) std::printf(" %17s", impl);
  std::printf("\n");
  for (const auto& run : runs) {
    const auto ref = refs.find(run.name);
    if (ref == refs.end()) {
      std::printf("%-24s no reference value: FAIL\n", run.name.c_str());
      ok = false;
      continue;
    }
    std::printf("%-24s", run.name.c_str());
    for (int impl = 0; impl < kImpls; ++impl) {
      std::vector<double> grad(run.point.size());
      const double logp = run.call[impl](run.point.data(), grad.data());
      const double err = anchor::max_relative_error(ref->second, logp, grad);
      ok = ok && err <= kTolerance;
      std::printf("      %8.1e %s", err, err <= kTolerance ? " ok" : "BAD");
    }
    std::printf("\n");
  }
  std::printf("%s (tolerance %.0e)\n\n", ok ? "all match" : "MISMATCH", kTolerance);
  return ok;
}

void time_and_report(const std::vector<ModelRun>& runs, const anchor::TimerOptions& options) {
  std::printf("Median ns per logp+gradient evaluation (batches >= %.1f ms, interleaved), and ratios\n",
              options.min_batch_ns * 1e-6);
  std::printf("%-24s %10s %10s %10s %10s %10s | %11s %11s %11s %11s %11s | %11s | %10s\n", "model", "hand", "hand-fast",
              "graph", "flat", "model", "graph/hand", "graph/fast", "flat/fast", "model/hand", "model/fast",
              "model/graph", "compile ms");
  double worst_hand = 0, worst_layer = 0, worst_fast = 0;
  for (const auto& run : runs) {
    const auto ns = anchor::median_ns_per_eval({run.runner, run.runner + kImpls}, options);
    const double graph_hand = ns[kGraph] / ns[kHandStrict], graph_fast = ns[kGraph] / ns[kHandFast];
    const double model_hand = ns[kModelLayer] / ns[kHandStrict], model_fast = ns[kModelLayer] / ns[kHandFast];
    const double flat_fast = ns[kFlat] / ns[kHandFast];
    const double layer = ns[kModelLayer] / ns[kGraph];
    worst_hand = std::max({worst_hand, graph_hand, model_hand});
    worst_layer = std::max(worst_layer, layer);
    worst_fast = std::max({worst_fast, graph_fast, flat_fast, model_fast});
    std::printf("%-24s %10.1f %10.1f %10.1f %10.1f %10.1f | %11.2f %11.2f %11.2f %11.2f %11.2f | %11.2f | %10.1f\n",
                run.name.c_str(), ns[kHandStrict], ns[kHandFast], ns[kGraph], ns[kFlat], ns[kModelLayer], graph_hand,
                graph_fast, flat_fast, model_hand, model_fast, layer, run.compile_ms);
    std::fflush(stdout);
  }
  std::printf("\nkiln/hand-written (strict), worst: %.2f  (floor %.1f: %s; goal %.1f: %s)\n", worst_hand, kFloorHand,
              worst_hand <= kFloorHand ? "met" : "NOT met", kGoalHand, worst_hand <= kGoalHand ? "met" : "not met");
  std::printf("kiln (graph, flat, model layer)/hand fast-math, worst: %.2f  (floor %.1f: %s; goal %.1f: %s)\n",
              worst_fast, kFloorFast, worst_fast <= kFloorFast ? "met" : "NOT met", kGoalFast,
              worst_fast <= kGoalFast ? "met" : "not met");
  std::printf("model layer / hand-built graph, worst: %.2f  (floor %.1f: %s)\n", worst_layer, kFloorModelLayer,
              worst_layer <= kFloorModelLayer ? "met" : "NOT met");
  std::printf("compile ms: model layer, cold (pm::Model built + compile_logp_dlogp); hand-built graphs took");
  for (const auto& run : runs) std::printf(" %.0f", run.graph_compile_ms);
  std::printf(" ms after it\n");
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false;
  std::string only;  // run the models whose name contains this
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--quick")) {
      quick = true;
    } else if (!std::strcmp(argv[i], "--only") && i + 1 < argc) {
      only = argv[++i];
    } else {
      std::fprintf(stderr, "usage: %s [--quick] [--only NAME-PART]\n", argv[0]);
      return 2;
    }
  }
  if (const std::string bad = anchor::checksum_mismatch(); !bad.empty()) {
    std::fprintf(stderr, "bench_models: generated data does not match the README's checksums: %s\n", bad.c_str());
    std::abort();
  }
  const auto refs = anchor::read_reference_values(KILN_SHARED_DIR "/baselines/reference_values.txt");

  warm_up_jit();
  using namespace anchor;
  std::vector<ModelRun> runs;
  auto iid = [](int n) { return std::make_shared<const NormalIIDData>(normal_iid_data(n)); };
  auto lr = [](int n, int k) { return std::make_shared<const LogisticData>(logistic_data(n, k)); };
  runs.push_back(make_run("normal_iid_N1000", iid(1000), normal_iid_point(), graph::normal_iid, flat::normal_iid,
                          model_layer::normal_iid));
  runs.push_back(make_run("normal_iid_N100000", iid(100000), normal_iid_point(), graph::normal_iid, flat::normal_iid,
                          model_layer::normal_iid));
  runs.push_back(make_run("logistic_N1000_K5", lr(1000, 5), logistic_point(5), graph::logistic, flat::logistic,
                          model_layer::logistic));
  runs.push_back(make_run("logistic_N10000_K20", lr(10000, 20), logistic_point(20), graph::logistic, flat::logistic,
                          model_layer::logistic));
  runs.push_back(make_run("eight_schools_nc", std::make_shared<const EightSchoolsData>(), eight_schools_point(),
                          graph::eight_schools, flat::eight_schools, model_layer::eight_schools));
  runs.push_back(make_run("hier_linear_N5000_J50",
                          std::make_shared<const HierarchicalData>(hierarchical_data(5000, 50)), hierarchical_point(50),
                          graph::hierarchical, flat::hierarchical, model_layer::hierarchical));

  std::erase_if(runs, [&](const ModelRun& run) { return run.name.find(only) == std::string::npos; });
  const bool ok = check(runs, refs);
  TimerOptions options;
  if (quick) {
    options.batches = 21;
    options.max_seconds = 1.0;
  }
  time_and_report(runs, options);
  return ok ? 0 : 1;
}
