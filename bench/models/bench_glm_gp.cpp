// The negative-binomial regression (N = 500, K = 3) and the 50-point latent GP of glm_gp.hpp:
// kiln's model layer against the hand-written -ffast-math baseline, checked and timed in one
// run. Floor (issue #14): kiln / hand <= 1.5 for each.
//   bench_glm_gp [--quick]
// Exits 1 when kiln and the hand-written code disagree (logp or gradient beyond 1e-9 relative)
// or the hand-written gradient disagrees with central finite differences.
#include "batch_timer.hpp"
#include "glm_gp.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <string>

namespace {

using LogpGrad = std::function<double(const double* theta, double* grad)>;

constexpr double kAgreement = 1e-9, kFiniteDifference = 1e-6, kFloor = 1.5;

struct Run {
  std::string name;
  std::vector<double> point;
  LogpGrad hand, kiln;
  double compile_ms = 0;
};

LogpGrad wrap(kiln::pm::LogpGradFunction compiled, std::size_t dim) {
  auto f = std::make_shared<kiln::pm::LogpGradFunction>(std::move(compiled));
  return [f, dim](const double* theta, double* grad) { return (*f)({theta, dim}, {grad, dim}); };
}

double relative(double a, double b) { return std::fabs(a - b) / std::max(1.0, std::fabs(b)); }

// The largest relative difference of kiln from the hand-written code, and of the hand-written
// gradient from central finite differences of its logp.
bool check(const Run& run) {
  const std::size_t dim = run.point.size();
  std::vector<double> g_hand(dim), g_kiln(dim), g_scratch(dim);
  const double lp_hand = run.hand(run.point.data(), g_hand.data());
  const double lp_kiln = run.kiln(run.point.data(), g_kiln.data());
  double agree = relative(lp_kiln, lp_hand), fd = 0;
  for (std::size_t i = 0; i < dim; ++i) {
    agree = std::max(agree, relative(g_kiln[i], g_hand[i]));
    std::vector<double> t = run.point;
    const double h = 1e-6 * std::max(1.0, std::fabs(t[i]));
    t[i] = run.point[i] + h;
    const double up = run.hand(t.data(), g_scratch.data());
    t[i] = run.point[i] - h;
    const double down = run.hand(t.data(), g_scratch.data());
    fd = std::max(fd, relative((up - down) / (2 * h), g_hand[i]));
  }
  const bool ok = agree <= kAgreement && fd <= kFiniteDifference;
  std::printf(
      "%-22s logp %.12g  kiln vs hand %.1e (tol %.0e)  hand gradient vs finite differences %.1e (tol %.0e)  %s\n",
      run.name.c_str(), lp_hand, agree, kAgreement, fd, kFiniteDifference, ok ? "ok" : "BAD");
  return ok;
}

// Compiles kiln's model first (a cold compile, timed), then builds the hand-written baseline.
template <class Data, class Hand>
Run make_run(std::string name, std::shared_ptr<const Data> data, std::vector<double> point,
             kiln::pm::LogpGradFunction (*model)(const Data&)) {
  const auto start = std::chrono::steady_clock::now();
  auto compiled = model(*data);
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  const std::size_t dim = point.size();
  auto hand = std::make_shared<const Hand>(*data);
  return {std::move(name), std::move(point), [hand](const double* t, double* g) { return (*hand)(t, g); },
          wrap(std::move(compiled), dim), ms};
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--quick")) {
      quick = true;
    } else {
      std::fprintf(stderr, "usage: %s [--quick]\n", argv[0]);
      return 2;
    }
  }
  using namespace glm_gp;
  std::vector<Run> runs;
  auto negbin = std::make_shared<const NegBinData>(negbin_data(500, 3));
  runs.push_back(make_run<NegBinData, NegBinHand>("negbin_N500_K3", negbin, negbin_point(3), negbin_model));
  auto gp = std::make_shared<const LatentGPData>(latent_gp_data(50));
  runs.push_back(make_run<LatentGPData, LatentGPHand>("latent_gp_N50", gp, latent_gp_point(*gp), latent_gp_model));

  bool ok = true;
  for (const Run& run : runs) ok = check(run) && ok;

  anchor::TimerOptions options;
  if (quick) {
    options.batches = 21;
    options.max_seconds = 1.0;
  }
  std::printf("\nMedian ns per logp+gradient (interleaved batches); ratio = kiln model layer / hand -ffast-math\n");
  std::printf("%-22s %12s %12s %8s %12s\n", "model", "hand", "kiln", "ratio", "compile ms");
  double worst = 0;
  for (const Run& run : runs) {
    const auto ns = anchor::median_ns_per_eval(
        {anchor::batch_runner(run.hand, run.point), anchor::batch_runner(run.kiln, run.point)}, options);
    worst = std::max(worst, ns[1] / ns[0]);
    std::printf("%-22s %12.1f %12.1f %8.2f %12.1f\n", run.name.c_str(), ns[0], ns[1], ns[1] / ns[0], run.compile_ms);
  }
  std::printf("worst kiln / hand: %.2f  (floor %.1f: %s)\n", worst, kFloor, worst <= kFloor ? "met" : "NOT met");
  return ok ? 0 : 1;
}
