// The varying-slopes model with LKJCholeskyCov (85 counties, 919 households, as the radon data):
// kiln's model layer against the hand-written -ffast-math log-density and gradient, checked and
// timed in one run. Floor (issue #17): kiln / hand <= 1.5.
//   bench_varying_slopes [--quick]
// Exits 1 when kiln and the hand-written code disagree beyond 1e-9 relative, or the hand-written
// gradient disagrees with central finite differences.
#include "batch_timer.hpp"
#include "varying_slopes.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>

int main(int argc, char** argv) {
  const bool quick = argc > 1 && !std::strcmp(argv[1], "--quick");
  using namespace varying_slopes;
  const Data data = make_data(85, 919);
  const std::vector<double> point = make_point(data);
  const std::size_t dim = point.size();

  const auto start = std::chrono::steady_clock::now();
  auto compiled = std::make_shared<kiln::pm::LogpGradFunction>(kiln_model(data));
  const double compile_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  auto hand = std::make_shared<Hand>(data);
  auto kiln_f = [compiled, dim](const double* t, double* g) { return (*compiled)({t, dim}, {g, dim}); };
  auto hand_f = [hand](const double* t, double* g) { return (*hand)(t, g); };

  std::vector<double> g_hand(dim), g_kiln(dim), scratch(dim);
  const double lp_hand = hand_f(point.data(), g_hand.data()), lp_kiln = kiln_f(point.data(), g_kiln.data());
  auto relative = [](double a, double b) { return std::fabs(a - b) / std::max(1.0, std::fabs(b)); };
  double agree = relative(lp_kiln, lp_hand), fd = 0;
  for (std::size_t i = 0; i < dim; ++i) {
    agree = std::max(agree, relative(g_kiln[i], g_hand[i]));
    std::vector<double> t = point;
    const double h = 1e-6;
    t[i] += h;
    const double up = hand_f(t.data(), scratch.data());
    t[i] -= 2 * h;
    const double down = hand_f(t.data(), scratch.data());
    fd = std::max(fd, relative((up - down) / (2 * h), g_hand[i]));
  }
  const bool ok = agree <= 1e-9 && fd <= 1e-6;
  std::printf("varying_slopes J85 N919  logp %.12g  kiln vs hand %.1e  hand gradient vs finite differences %.1e  %s\n",
              lp_hand, agree, fd, ok ? "ok" : "BAD");

  anchor::TimerOptions options;
  if (quick) {
    options.batches = 21;
    options.max_seconds = 1.0;
  }
  const auto ns = anchor::median_ns_per_eval({anchor::batch_runner(hand_f, point), anchor::batch_runner(kiln_f, point)}, options);
  std::printf("median ns per logp+gradient: hand %.1f  kiln %.1f  ratio %.2f (floor 1.5: %s)  compile %.1f ms\n", ns[0],
              ns[1], ns[1] / ns[0], ns[1] / ns[0] <= 1.5 ? "met" : "NOT met", compile_ms);
  return ok ? 0 : 1;
}
