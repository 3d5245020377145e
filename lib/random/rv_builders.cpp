// The kt::random builders and RandomGeneratorSharedVariable: each builder finds its op and
// hands the params to make_random_variable.
#include <kiln/random/variables.hpp>
#include <kiln/shared.hpp>

#include "random/rv_multivariate.hpp"
#include "random/rv_op.hpp"
#include "random/rv_scalar.hpp"

#include <atomic>
#include <random>

namespace kiln {

namespace {

// Entropy drawn once per process; each fresh generator takes the next seed after it, and
// SeedSequence mixes the seeds into unrelated streams.
std::uint64_t next_fresh_seed() {
  static const std::uint64_t base = [] {
    std::random_device device;
    return (std::uint64_t{device()} << 32) ^ device();
  }();
  static std::atomic<std::uint64_t> counter{0};
  return base + counter.fetch_add(1);
}

void require_generator(const Var& rng, const char* what) {
  if (!rng.is_shared() || rng.type().kind() != TensorType::Kind::RandomGenerator)
    throw TypeError(std::string(what) + ": " + to_string(rng) + " is not a RandomGeneratorSharedVariable");
}

}  // namespace

Var random_generator_shared(const random::Generator& generator, std::string name) {
  auto node = std::make_shared<VariableNode>();
  node->type = TensorType::random_generator();
  node->kind = VariableNode::Kind::Shared;
  node->name = std::move(name);
  node->shared = std::make_shared<SharedValue>();
  node->shared->value = random::state_to_array(generator.state());
  return Var(node);
}

Var random_generator_shared(std::uint64_t seed, std::string name) {
  return random_generator_shared(random::Generator(seed), std::move(name));
}

Var random_generator_shared() { return random_generator_shared(next_fresh_seed()); }

random::Generator get_generator(const Var& rng) {
  require_generator(rng, "get_generator");
  return random::Generator(random::state_from_array(get_value(rng)));
}

void set_generator(const Var& rng, const random::Generator& generator) {
  require_generator(rng, "set_generator");
  set_value(rng, random::state_to_array(generator.state()));
}

}  // namespace kiln

namespace kiln::tensor::random {

namespace {

Var scalar_rv(const char* name, std::vector<Var> params, const RVOptions& o) {
  return kiln::random::make_random_variable(kiln::random::scalar_random_variable(name), o.rng, o.size, o.dtype,
                                            std::move(params), o.name);
}

Var vector_rv(std::shared_ptr<const kiln::random::RandomVariable> op, std::vector<Var> params, const RVOptions& o) {
  return kiln::random::make_random_variable(std::move(op), o.rng, o.size, o.dtype, std::move(params), o.name);
}

}  // namespace

Var normal(Var loc, Var scale, const RVOptions& o) { return scalar_rv("normal", {loc, scale}, o); }
Var halfnormal(Var loc, Var scale, const RVOptions& o) { return scalar_rv("halfnormal", {loc, scale}, o); }
Var uniform(Var low, Var high, const RVOptions& o) { return scalar_rv("uniform", {low, high}, o); }
Var exponential(Var scale, const RVOptions& o) { return scalar_rv("exponential", {scale}, o); }
Var gamma(Var shape, Var scale, const RVOptions& o) { return scalar_rv("gamma", {shape, scale}, o); }
Var invgamma(Var shape, Var scale, const RVOptions& o) { return scalar_rv("invgamma", {shape, scale}, o); }
Var beta(Var a, Var b, const RVOptions& o) { return scalar_rv("beta", {a, b}, o); }
Var lognormal(Var mean, Var sigma, const RVOptions& o) { return scalar_rv("lognormal", {mean, sigma}, o); }
Var cauchy(Var loc, Var scale, const RVOptions& o) { return scalar_rv("cauchy", {loc, scale}, o); }
Var halfcauchy(Var loc, Var scale, const RVOptions& o) { return scalar_rv("halfcauchy", {loc, scale}, o); }
Var studentt(Var df, Var loc, Var scale, const RVOptions& o) { return scalar_rv("studentt", {df, loc, scale}, o); }
Var laplace(Var loc, Var scale, const RVOptions& o) { return scalar_rv("laplace", {loc, scale}, o); }
Var logistic(Var loc, Var scale, const RVOptions& o) { return scalar_rv("logistic", {loc, scale}, o); }
Var gumbel(Var loc, Var scale, const RVOptions& o) { return scalar_rv("gumbel", {loc, scale}, o); }
Var weibull(Var a, const RVOptions& o) { return scalar_rv("weibull", {a}, o); }
Var pareto(Var b, Var scale, const RVOptions& o) { return scalar_rv("pareto", {b, scale}, o); }
Var chisquare(Var df, const RVOptions& o) { return scalar_rv("chisquare", {df}, o); }
Var triangular(Var left, Var mode, Var right, const RVOptions& o) {
  return scalar_rv("triangular", {left, mode, right}, o);
}
Var vonmises(Var mu, Var kappa, const RVOptions& o) { return scalar_rv("vonmises", {mu, kappa}, o); }

Var bernoulli(Var p, const RVOptions& o) { return scalar_rv("bernoulli", {p}, o); }
Var binomial(Var n, Var p, const RVOptions& o) { return scalar_rv("binomial", {n, p}, o); }
Var poisson(Var lam, const RVOptions& o) { return scalar_rv("poisson", {lam}, o); }
Var negative_binomial(Var n, Var p, const RVOptions& o) { return scalar_rv("negative_binomial", {n, p}, o); }
Var geometric(Var p, const RVOptions& o) { return scalar_rv("geometric", {p}, o); }
Var betabinom(Var n, Var a, Var b, const RVOptions& o) { return scalar_rv("betabinom", {n, a, b}, o); }
Var categorical(Var p, const RVOptions& o) { return vector_rv(kiln::random::categorical_random_variable(), {p}, o); }
Var integers(Var low, Var high, const RVOptions& o) { return scalar_rv("integers", {low, high}, o); }

Var dirichlet(Var alpha, const RVOptions& o) {
  return vector_rv(kiln::random::dirichlet_random_variable(), {alpha}, o);
}
Var multinomial(Var n, Var p, const RVOptions& o) {
  return vector_rv(kiln::random::multinomial_random_variable(), {n, p}, o);
}
Var multivariate_normal(Var mean, Var cov, const RVOptions& o) {
  return vector_rv(kiln::random::multivariate_normal_random_variable(), {mean, cov}, o);
}

}  // namespace kiln::tensor::random
