// PyMC's time series distributions. Each variable is a whole series along its last axis (after
// the batch dims; MvGaussianRandomWalk's vectors add one more axis). `steps` is the number of
// innovations: a random walk has steps + 1 values, an AR(p) p + steps. Left at -1, steps comes
// from the last of the variable's dims, or the observed data's length.
//
//   pm::Model m({.coords = {{"time", 100}}});
//   auto trend = pm::GaussianRandomWalk("trend", {.mu = 0.0, .sigma = 0.1}, {.dims = {"time"}});
//   auto y = pm::AR("y", {.rho = rho, .sigma = s, .constant = true}, {.observed = data});
#pragma once

#include <kiln/pm/distributions.hpp>

#include <cstdint>

namespace kiln::pm {

// x[0] ~ init_dist (default Normal(0, 100)), x[t] - x[t-1] ~ Normal(mu, sigma).
struct GaussianRandomWalkParams {
  Var mu = 0.0;
  Var sigma = 1.0;
  Var init_dist = {};  // a scalar distribution's `.dist(...)`, outside any model
  std::int64_t steps = -1;
};
class GaussianRandomWalk : public Var {
 public:
  GaussianRandomWalk(std::string name, const GaussianRandomWalkParams& params, const VarOptions& options = {});
  static Var dist(const GaussianRandomWalkParams& params, const DistOptions& options = {});
};

// x[0] ~ init_dist, x[t] - x[t-1] ~ innovation_dist: any scalar continuous distributions.
struct RandomWalkParams {
  Var init_dist = {};
  Var innovation_dist = {};
  std::int64_t steps = -1;
};
class RandomWalk : public Var {
 public:
  RandomWalk(std::string name, const RandomWalkParams& params, const VarOptions& options = {});
  static Var dist(const RandomWalkParams& params, const DistOptions& options = {});
};

// Vectors: x[0] ~ init_dist (default MvNormal(0, 100 I)), x[t] - x[t-1] ~ MvNormal(mu, scale).
struct MvGaussianRandomWalkParams {
  Var mu = {};
  MvNormalScale scale = {};
  Var init_dist = {};
  std::int64_t steps = -1;
};
class MvGaussianRandomWalk : public Var {
 public:
  MvGaussianRandomWalk(std::string name, const MvGaussianRandomWalkParams& params, const VarOptions& options = {});
  static Var dist(const MvGaussianRandomWalkParams& params, const DistOptions& options = {});
};

// AR(p): x[t] = constant + sum_i rho[i] * x[t - 1 - i] + Normal(0, sigma) noise, the first p
// values ~ init_dist (default Normal(0, 100)). With `constant`, rho[..., 0] is the constant and
// the lags follow; p is ar_order, or the length of rho's last axis (minus one with a constant).
struct ARParams {
  Var rho = {};
  Var sigma = {};
  Var tau = {};  // the precision, instead of sigma
  bool constant = false;
  std::int64_t ar_order = -1;
  Var init_dist = {};
  std::int64_t steps = -1;
};
class AR : public Var {
 public:
  AR(std::string name, const ARParams& params, const VarOptions& options = {});
  static Var dist(const ARParams& params, const DistOptions& options = {});
};

// GARCH(1,1): y[t] ~ Normal(0, vol[t]), vol[0] = initial_vol,
// vol[t]^2 = omega + alpha_1 * y[t-1]^2 + beta_1 * vol[t-1]^2.
struct GARCH11Params {
  Var omega = {};
  Var alpha_1 = {};
  Var beta_1 = {};
  Var initial_vol = {};
  std::int64_t steps = -1;
};
class GARCH11 : public Var {
 public:
  GARCH11(std::string name, const GARCH11Params& params, const VarOptions& options = {});
  static Var dist(const GARCH11Params& params, const DistOptions& options = {});
};

}  // namespace kiln::pm
