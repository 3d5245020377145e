// The PyMC models of issue 17 through kiln's model layer, written as PyMC users write them
// (coords, dims, pm::Data), against their log-densities written by hand: checked at a point
// (logp and gradient to 1e-10 relative), then timed interleaved in one run. Prints ns per
// logp+gradient evaluation and the ratio model layer / hand-written against the floor.
//   bench_pymc_models [--quick]
// Exits 1 when the model layer differs from the hand-written code.
#include "censored_regression.hpp"
#include "normal_mixture.hpp"
#include "zip_regression.hpp"

#include "models/batch_timer.hpp"

#include <kiln/kiln.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

namespace {

namespace kt = kiln::tensor;
namespace pm = kiln::pm;
using kiln::Array;
using kiln::Var;

constexpr double kTolerance = 1e-10, kFloor = 1.5;

// The regressions' "coef" coordinate (the intercept first) and their n x k design matrix.
std::vector<std::string> coef_names(int k) {
  std::vector<std::string> coef{"intercept"};
  for (int c = 1; c < k; ++c) coef.push_back("x" + std::to_string(c));
  return coef;
}

Array design_matrix(const std::vector<double>& values, std::int64_t n, std::int64_t k) {
  Array x = Array::empty(kiln::DType::float64, {n, k});
  std::copy(values.begin(), values.end(), x.data<double>());
  return x;
}

// y as pm::Data too (as users write PyMC 5 models), or as a constant the compiler folds.
pm::LogpGradFunction zip_model(const pymc_models::ZipData& d, bool y_as_data) {
  Array x = design_matrix(d.x, d.n, d.k);
  pm::Model model({.coords = {{"coef", coef_names(d.k)}}});
  {
    pm::ModelContext ctx(model);
    Var xd = pm::Data("X", x, {.dims = {"obs", "coef"}});
    Var y = y_as_data ? pm::Data("y", Array(d.y), {.dims = {"obs"}}) : Var(Array(d.y));
    Var beta = pm::Normal("beta", 0, 1, {.dims = {"coef"}});
    Var psi = pm::Beta("psi", 2, 2);
    pm::ZeroInflatedPoisson("y_obs", psi, kt::exp(kt::dot(xd, beta)), {.observed = y, .dims = {"obs"}});
  }
  return model.compile_logp_dlogp();
}

pm::LogpGradFunction mixture_model(const std::vector<double>& y) {
  pm::Model model({.coords = {{"component", {"low", "high"}}}});
  {
    pm::ModelContext ctx(model);
    Var yd = pm::Data("y", Array(y), {.dims = {"obs"}});
    Var w1 = pm::Beta("w1", 2, 2);
    Var mu = pm::Normal("mu", 0, 5, {.dims = {"component"}});
    Var sigma = pm::HalfNormal("sigma", 2, {.dims = {"component"}});
    pm::NormalMixture("y_obs", kt::stack({w1, 1.0 - w1}), mu, sigma, {.observed = yd, .dims = {"obs"}});
  }
  return model.compile_logp_dlogp();
}

pm::LogpGradFunction censored_model(const pymc_models::CensoredData& d) {
  Array x = design_matrix(d.x, d.n, d.k);
  pm::Model model({.coords = {{"coef", coef_names(d.k)}}});
  {
    pm::ModelContext ctx(model);
    Var xd = pm::Data("X", x, {.dims = {"obs", "coef"}});
    Var yd = pm::Data("y", Array(d.y), {.dims = {"obs"}});
    Var beta = pm::Normal("beta", 0, 2, {.dims = {"coef"}});
    Var sigma = pm::HalfNormal("sigma", 1);
    pm::Censored("y_obs", pm::Normal::dist(kt::dot(xd, beta), sigma), d.lower, d.upper,
                 {.observed = yd, .dims = {"obs"}});
  }
  return model.compile_logp_dlogp();
}

double relative_error(double got, double want) { return std::fabs(got - want) / std::max(std::fabs(want), 1e-300); }

struct Run {
  std::string name;
  std::vector<double> point;
  std::function<double(const double*, double*)> hand, model;
  bool floored = false;  // issue 17 sets the 1.5x floor for the ZIP regression (and LKJ, not here)
};

}  // namespace

int main(int argc, char** argv) {
  anchor::TimerOptions options;
  if (argc > 1 && !std::strcmp(argv[1], "--quick")) {
    options.batches = 21;
    options.max_seconds = 1.0;
  }
  std::vector<Run> runs;
  for (int n : {1000, 20000}) {
    auto data = std::make_shared<const pymc_models::ZipData>(pymc_models::zip_data(n, 4));
    auto hand = std::make_shared<const pymc_models::ZipHand>(*data);
    for (bool y_as_data : {true, false}) {
      auto f = std::make_shared<pm::LogpGradFunction>(zip_model(*data, y_as_data));
      const std::size_t dim = f->size();
      runs.push_back({"zip_regression_N" + std::to_string(n) + (y_as_data ? " (X, y Data)" : " (X Data)"),
                      {0.4, 0.7, -0.3, 0.1, 0.6},
                      [hand](const double* t, double* g) { return (*hand)(t, g); },
                      [f, dim](const double* t, double* g) {
                        return (*f)({t, dim}, {g, dim});
                      },
                      true});
    }
  }
  for (int n : {1000, 20000}) {
    auto hand = std::make_shared<const pymc_models::MixtureHand>(pymc_models::mixture_data(n));
    auto f = std::make_shared<pm::LogpGradFunction>(mixture_model(hand->y));
    const std::size_t dim = f->size();
    runs.push_back({"normal_mixture_N" + std::to_string(n) + " (y Data)",
                    {0.3, -0.9, 1.8, -0.5, 0.1},
                    [hand](const double* t, double* g) { return (*hand)(t, g); },
                    [f, dim](const double* t, double* g) { return (*f)({t, dim}, {g, dim}); }});
  }
  for (int n : {1000, 20000}) {
    auto data = std::make_shared<const pymc_models::CensoredData>(pymc_models::censored_data(n, 3));
    auto hand = std::make_shared<const pymc_models::CensoredHand>(*data);
    auto f = std::make_shared<pm::LogpGradFunction>(censored_model(*data));
    const std::size_t dim = f->size();
    runs.push_back({"censored_regression_N" + std::to_string(n) + " (X, y Data)",
                    {0.4, 0.7, -0.2, -0.3},
                    [hand](const double* t, double* g) { return (*hand)(t, g); },
                    [f, dim](const double* t, double* g) { return (*f)({t, dim}, {g, dim}); }});
  }
  bool ok = true;
  std::printf("Correctness: max relative error of logp and gradient, model layer vs hand-written\n");
  for (const auto& run : runs) {
    std::vector<double> gh(run.point.size()), gm(run.point.size());
    double err = relative_error(run.model(run.point.data(), gm.data()), run.hand(run.point.data(), gh.data()));
    for (std::size_t i = 0; i < gh.size(); ++i) err = std::max(err, relative_error(gm[i], gh[i]));
    ok = ok && err <= kTolerance;
    std::printf("  %-36s %8.1e %s\n", run.name.c_str(), err, err <= kTolerance ? "ok" : "BAD");
  }
  std::printf("\nMedian ns per logp+gradient evaluation (interleaved batches), model layer / hand-written\n");
  std::printf("  %-36s %12s %12s %8s\n", "model", "hand", "model", "ratio");
  double worst = 0;
  for (const auto& run : runs) {
    const auto ns = anchor::median_ns_per_eval(
        {anchor::batch_runner(run.hand, run.point), anchor::batch_runner(run.model, run.point)}, options);
    if (run.floored) worst = std::max(worst, ns[1] / ns[0]);
    std::printf("  %-36s %12.1f %12.1f %8.2f\n", run.name.c_str(), ns[0], ns[1], ns[1] / ns[0]);
    std::fflush(stdout);
  }
  std::printf("\nmodel layer / hand-written, worst of the floored (ZIP) runs: %.2f (floor %.1f: %s)\n", worst, kFloor,
              worst <= kFloor ? "met" : "NOT met");
  return ok ? 0 : 1;
}
