// Random variables, as Aesara's `at.random`: each builder adds a RandomVariable node with
// inputs (rng, size, dtype, *params) and outputs (next_rng, draw), and returns the draw.
// `y.eval()` reads the rng without advancing it, so it repeats; kiln::pm::draw and functions
// with `.updates = {{rng, y.owner()->output(0)}}` advance it.
//
//   auto y = kt::random::normal(0, 1, {.name = "y"});
//   auto z = kt::random::normal(Array{0.0, 10.0}, 1, {.size = {3, 2}, .rng = kiln::random_generator_shared(42)});
#pragma once

#include <kiln/graph.hpp>
#include <kiln/random/generator.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace kiln {

// A RandomGeneratorSharedVariable: a shared variable of TensorType::random_generator() whose
// value is the six-word GeneratorState of `Generator(seed)` (NumPy's default_rng(seed)).
Var random_generator_shared(std::uint64_t seed, std::string name = {});
Var random_generator_shared(const random::Generator& generator, std::string name = {});
// A fresh generator seeded from a process-wide std::random_device-based sequence, as Aesara
// gives each RandomVariable built without an rng its own default_rng(): two builders draw
// different values.
Var random_generator_shared();

// The generator a RandomGeneratorSharedVariable holds now, and replacing it.
random::Generator get_generator(const Var& rng);
void set_generator(const Var& rng, const random::Generator& generator);

}  // namespace kiln

namespace kiln::tensor::random {

struct RVOptions {
  Shape size = {};                            // the batch shape; empty: the params' broadcast shape
  std::string name = {};                      // the draw's name
  Var rng = {};                               // null: a fresh RandomGeneratorSharedVariable
  std::optional<DType> dtype = std::nullopt;  // null: the op's (float64 or int64)
};

// Continuous, in NumPy's (or, where NumPy lacks it, Aesara's) argument order.
Var normal(Var loc = 0.0, Var scale = 1.0, const RVOptions& options = {});
Var halfnormal(Var loc = 0.0, Var scale = 1.0, const RVOptions& options = {});
Var uniform(Var low = 0.0, Var high = 1.0, const RVOptions& options = {});
Var exponential(Var scale = 1.0, const RVOptions& options = {});
Var gamma(Var shape, Var scale = 1.0, const RVOptions& options = {});  // NumPy's: scale, not rate
Var invgamma(Var shape, Var scale = 1.0, const RVOptions& options = {});
Var beta(Var a, Var b, const RVOptions& options = {});
Var lognormal(Var mean = 0.0, Var sigma = 1.0, const RVOptions& options = {});
Var cauchy(Var loc = 0.0, Var scale = 1.0, const RVOptions& options = {});
Var halfcauchy(Var loc = 0.0, Var scale = 1.0, const RVOptions& options = {});
Var studentt(Var df, Var loc = 0.0, Var scale = 1.0, const RVOptions& options = {});  // Aesara's `t`
Var laplace(Var loc = 0.0, Var scale = 1.0, const RVOptions& options = {});
Var logistic(Var loc = 0.0, Var scale = 1.0, const RVOptions& options = {});
Var gumbel(Var loc = 0.0, Var scale = 1.0, const RVOptions& options = {});
Var weibull(Var a, const RVOptions& options = {});                  // NumPy's one-parameter weibull
Var pareto(Var b, Var scale = 1.0, const RVOptions& options = {});  // SciPy's: support [scale, inf)
Var chisquare(Var df, const RVOptions& options = {});
Var triangular(Var left, Var mode, Var right, const RVOptions& options = {});
Var vonmises(Var mu, Var kappa, const RVOptions& options = {});

// Discrete (int64 draws).
Var bernoulli(Var p, const RVOptions& options = {});
Var binomial(Var n, Var p, const RVOptions& options = {});
Var poisson(Var lam = 1.0, const RVOptions& options = {});
Var negative_binomial(Var n, Var p, const RVOptions& options = {});
Var geometric(Var p, const RVOptions& options = {});
Var betabinom(Var n, Var a, Var b, const RVOptions& options = {});
Var categorical(Var p, const RVOptions& options = {});
Var integers(Var low, Var high, const RVOptions& options = {});  // high exclusive

// Multivariate: `size` is the batch shape, the support dims follow it.
Var dirichlet(Var alpha, const RVOptions& options = {});
Var multinomial(Var n, Var p, const RVOptions& options = {});
// Draws mean + L z with L the Cholesky factor of cov (NumPy's method="cholesky").
Var multivariate_normal(Var mean, Var cov, const RVOptions& options = {});

}  // namespace kiln::tensor::random
