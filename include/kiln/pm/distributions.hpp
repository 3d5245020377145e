// PyMC's distributions, with PyMC's names and parameter order. `pm::X::dist(params...)` builds
// a random variable outside any model; `pm::X("name", params..., {options})` builds one and
// registers it in the innermost active pm::Model (see model.hpp). Both give a kiln::Var whose
// owner is the distribution's RandomVariable node, which pm::logp / pm::logcdf read.
//
//   auto z = pm::Normal::dist(0, 1);
//   double lp = pm::logp(z, 1.25).eval().item<double>();  // -1.7001885332046727
#pragma once

#include <kiln/graph.hpp>
#include <kiln/pm/transforms.hpp>

#include <cmath>
#include <optional>
#include <string>
#include <vector>

namespace kiln::pm {

struct DistOptions {
  Shape size = {};  // the batch shape; empty: the parameters' broadcast shape
  Var rng = {};     // null: a fresh RandomGeneratorSharedVariable
};

struct VarOptions {
  // Data (an Array, or a pm::Data variable): the variable is observed, not free.
  std::optional<Var> observed = std::nullopt;
  Shape size = {};  // the batch shape; empty: the dims', the observed data's, else the parameters'
  // The model's coords naming each axis (PyMC's dims): they give the shape, batch and support.
  std::vector<std::string> dims = {};
  // Unset: the distribution's default transform; transforms::none opts out.
  std::optional<TransformPtr> transform = std::nullopt;
};

// The log-density (log-mass for discrete distributions) and log-CDF of a distribution's
// random variable at `value`, as graphs named `<rv name>_logprob` / `_logcdf`. Invalid
// parameters raise ParameterValueError (a Check node) when evaluated; values outside the
// support give -inf.
Var logp(const Var& rv, const Var& value);
Var logcdf(const Var& rv, const Var& value);

// A named distribution variable is a Var (of the random variable) built inside a model.
#define KILN_PM_DISTRIBUTION_1(X, P1, D1)                                                     \
  class X : public Var {                                                                       \
   public:                                                                                     \
    X(std::string name, Var P1 D1, const VarOptions& options = {});                            \
    static Var dist(Var P1 D1, const DistOptions& options = {});                               \
  };
#define KILN_PM_DISTRIBUTION_2(X, P1, D1, P2, D2)                                             \
  class X : public Var {                                                                       \
   public:                                                                                     \
    X(std::string name, Var P1 D1, Var P2 D2, const VarOptions& options = {});                 \
    static Var dist(Var P1 D1, Var P2 D2, const DistOptions& options = {});                    \
  };
#define KILN_PM_DISTRIBUTION_3(X, P1, D1, P2, D2, P3, D3)                                     \
  class X : public Var {                                                                       \
   public:                                                                                     \
    X(std::string name, Var P1 D1, Var P2 D2, Var P3 D3, const VarOptions& options = {});      \
    static Var dist(Var P1 D1, Var P2 D2, Var P3 D3, const DistOptions& options = {});         \
  };
#define KILN_NO_DEFAULT

// A scale given as sigma or as a precision (PyMC's tau, StudentT's lam): sigma = tau^-1/2.
struct SigmaOrTau {
  Var sigma = {};
  Var tau = {};
};
struct SigmaOrLam {
  Var sigma = {};
  Var lam = {};
};
// A probability given as p or as its logit (PyMC's logit_p): p = sigmoid(logit_p), or for
// Categorical's vectors softmax(logit_p) along the last axis.
struct ProbOrLogit {
  Var p = {};
  Var logit_p = {};
};
// Gamma's and Beta's shapes, or their mean and standard deviation (PyMC's mu, sigma).
struct AlphaBetaOrMuSigma {
  Var alpha = {};
  Var beta = {};
  Var mu = {};
  Var sigma = {};
};

// A distribution with one alternative parameterization: `pm::Normal("x", 0, {.tau = 4})`.
#define KILN_PM_ALTERNATIVE_1(X, S)                                     \
  X(std::string name, const S& params, const VarOptions& options = {}); \
  static Var dist(const S& params, const DistOptions& options = {});
#define KILN_PM_ALTERNATIVE_2(X, P1, S)                                         \
  X(std::string name, Var P1, const S& params, const VarOptions& options = {}); \
  static Var dist(Var P1, const S& params, const DistOptions& options = {});
#define KILN_PM_ALTERNATIVE_3(X, P1, P2, S)                                             \
  X(std::string name, Var P1, Var P2, const S& params, const VarOptions& options = {}); \
  static Var dist(Var P1, Var P2, const S& params, const DistOptions& options = {});

#define KILN_PM_DISTRIBUTION_1_OR(X, P1, D1, ALT)                   \
  class X : public Var {                                            \
   public:                                                          \
    X(std::string name, Var P1 D1, const VarOptions& options = {}); \
    static Var dist(Var P1 D1, const DistOptions& options = {});    \
    ALT                                                             \
  };
#define KILN_PM_DISTRIBUTION_2_OR(X, P1, D1, P2, D2, ALT)                      \
  class X : public Var {                                                       \
   public:                                                                     \
    X(std::string name, Var P1 D1, Var P2 D2, const VarOptions& options = {}); \
    static Var dist(Var P1 D1, Var P2 D2, const DistOptions& options = {});    \
    ALT                                                                        \
  };
#define KILN_PM_DISTRIBUTION_3_OR(X, P1, D1, P2, D2, P3, D3, ALT)                         \
  class X : public Var {                                                                  \
   public:                                                                                \
    X(std::string name, Var P1 D1, Var P2 D2, Var P3 D3, const VarOptions& options = {}); \
    static Var dist(Var P1 D1, Var P2 D2, Var P3 D3, const DistOptions& options = {});    \
    ALT                                                                                   \
  };

// Continuous
KILN_PM_DISTRIBUTION_2_OR(Normal, mu, = 0.0, sigma, = 1.0, KILN_PM_ALTERNATIVE_2(Normal, mu, SigmaOrTau))
KILN_PM_DISTRIBUTION_1_OR(HalfNormal, sigma, = 1.0, KILN_PM_ALTERNATIVE_1(HalfNormal, SigmaOrTau))
KILN_PM_DISTRIBUTION_3_OR(StudentT, nu, KILN_NO_DEFAULT, mu, = 0.0, sigma, = 1.0,
                          KILN_PM_ALTERNATIVE_3(StudentT, nu, mu, SigmaOrLam))
KILN_PM_DISTRIBUTION_2(HalfStudentT, nu, KILN_NO_DEFAULT, sigma, = 1.0)
KILN_PM_DISTRIBUTION_2(Cauchy, alpha, KILN_NO_DEFAULT, beta, KILN_NO_DEFAULT)
KILN_PM_DISTRIBUTION_1(HalfCauchy, beta, KILN_NO_DEFAULT)
KILN_PM_DISTRIBUTION_2(Laplace, mu, KILN_NO_DEFAULT, b, KILN_NO_DEFAULT)
KILN_PM_DISTRIBUTION_2(Logistic, mu, = 0.0, s, = 1.0)
KILN_PM_DISTRIBUTION_2_OR(LogNormal, mu, = 0.0, sigma, = 1.0, KILN_PM_ALTERNATIVE_2(LogNormal, mu, SigmaOrTau))
KILN_PM_DISTRIBUTION_1(Exponential, lam, KILN_NO_DEFAULT)
KILN_PM_DISTRIBUTION_2_OR(Gamma, alpha, KILN_NO_DEFAULT, beta, KILN_NO_DEFAULT,
                          KILN_PM_ALTERNATIVE_1(Gamma, AlphaBetaOrMuSigma))
KILN_PM_DISTRIBUTION_2(InverseGamma, alpha, KILN_NO_DEFAULT, beta, = 1.0)
KILN_PM_DISTRIBUTION_2_OR(Beta, alpha, KILN_NO_DEFAULT, beta, KILN_NO_DEFAULT,
                          KILN_PM_ALTERNATIVE_1(Beta, AlphaBetaOrMuSigma))
KILN_PM_DISTRIBUTION_2(Uniform, lower, = 0.0, upper, = 1.0)
KILN_PM_DISTRIBUTION_2(Weibull, alpha, KILN_NO_DEFAULT, beta, KILN_NO_DEFAULT)
KILN_PM_DISTRIBUTION_2(Pareto, alpha, KILN_NO_DEFAULT, m, KILN_NO_DEFAULT)
KILN_PM_DISTRIBUTION_1(ChiSquared, nu, KILN_NO_DEFAULT)
KILN_PM_DISTRIBUTION_2(Gumbel, mu, KILN_NO_DEFAULT, beta, KILN_NO_DEFAULT)
KILN_PM_DISTRIBUTION_3(Triangular, lower, = 0.0, c, = 0.5, upper, = 1.0)
// Asymmetric about mu: mass kappa^2 / (1 + kappa^2) below it, rate b.
KILN_PM_DISTRIBUTION_3(AsymmetricLaplace, kappa, KILN_NO_DEFAULT, mu, KILN_NO_DEFAULT, b, KILN_NO_DEFAULT)
// Normal(mu, sigma) plus an exponential of mean nu.
KILN_PM_DISTRIBUTION_3(ExGaussian, mu, KILN_NO_DEFAULT, sigma, KILN_NO_DEFAULT, nu, KILN_NO_DEFAULT)
KILN_PM_DISTRIBUTION_2(Kumaraswamy, a, KILN_NO_DEFAULT, b, KILN_NO_DEFAULT)
// sigmoid(Normal(mu, sigma)).
KILN_PM_DISTRIBUTION_2(LogitNormal, mu, = 0.0, sigma, = 1.0)
KILN_PM_DISTRIBUTION_2(Moyal, mu, = 0.0, sigma, = 1.0)
// The length of a 2-vector Normal((nu cos t, nu sin t), sigma^2 I).
KILN_PM_DISTRIBUTION_2(Rice, nu, KILN_NO_DEFAULT, sigma, = 1.0)
KILN_PM_DISTRIBUTION_3(SkewNormal, alpha, = 1.0, mu, = 0.0, sigma, = 1.0)
// An angle in [-pi, pi] (circular transform in a model).
KILN_PM_DISTRIBUTION_2(VonMises, mu, = 0.0, kappa, = 1.0)
// The inverse Gaussian of mean mu and shape lam, shifted by alpha.
KILN_PM_DISTRIBUTION_3(Wald, mu, KILN_NO_DEFAULT, lam, KILN_NO_DEFAULT, alpha, = 0.0)

// Jones and Faddy's skewed Student t: a, b > 0 shape the tails (a == b: a StudentT with 2a
// degrees of freedom, scaled).
class SkewStudentT : public Var {
 public:
  SkewStudentT(std::string name, Var a, Var b, Var mu = 0.0, Var sigma = 1.0, const VarOptions& options = {});
  static Var dist(Var a, Var b, Var mu = 0.0, Var sigma = 1.0, const DistOptions& options = {});
};

// Normal(mu, sigma) restricted to [lower, upper] (infinite bounds: no truncation on that side).
class TruncatedNormal : public Var {
 public:
  TruncatedNormal(std::string name, Var mu = 0.0, Var sigma = 1.0, Var lower = -HUGE_VAL, Var upper = HUGE_VAL,
                  const VarOptions& options = {});
  static Var dist(Var mu = 0.0, Var sigma = 1.0, Var lower = -HUGE_VAL, Var upper = HUGE_VAL,
                  const DistOptions& options = {});
};

// Improper uniform densities on the real line and on [0, inf): no draws; the log-density is 0.
class Flat : public Var {
 public:
  explicit Flat(std::string name, const VarOptions& options = {});
  static Var dist(const DistOptions& options = {});
};
class HalfFlat : public Var {
 public:
  explicit HalfFlat(std::string name, const VarOptions& options = {});
  static Var dist(const DistOptions& options = {});
};

// Discrete
KILN_PM_DISTRIBUTION_1_OR(Bernoulli, p, KILN_NO_DEFAULT, KILN_PM_ALTERNATIVE_1(Bernoulli, ProbOrLogit))
KILN_PM_DISTRIBUTION_2_OR(Binomial, n, KILN_NO_DEFAULT, p, KILN_NO_DEFAULT,
                          KILN_PM_ALTERNATIVE_2(Binomial, n, ProbOrLogit))
KILN_PM_DISTRIBUTION_1(Poisson, mu, KILN_NO_DEFAULT)
KILN_PM_DISTRIBUTION_2(NegativeBinomial, mu, KILN_NO_DEFAULT, alpha, KILN_NO_DEFAULT)
KILN_PM_DISTRIBUTION_1(Geometric, p, KILN_NO_DEFAULT)
KILN_PM_DISTRIBUTION_2(DiscreteUniform, lower, KILN_NO_DEFAULT, upper, KILN_NO_DEFAULT)
KILN_PM_DISTRIBUTION_3(BetaBinomial, alpha, KILN_NO_DEFAULT, beta, KILN_NO_DEFAULT, n, KILN_NO_DEFAULT)
// p may be batched, (..., k): one category vector per element.
KILN_PM_DISTRIBUTION_1_OR(Categorical, p, KILN_NO_DEFAULT, KILN_PM_ALTERNATIVE_1(Categorical, ProbOrLogit))

// All mass at c (an integer c makes an integer variable).
KILN_PM_DISTRIBUTION_1(DiracDelta, c, KILN_NO_DEFAULT)
// Counts with pmf q^(x^beta) - q^((x+1)^beta), 0 < q < 1, beta > 0.
KILN_PM_DISTRIBUTION_2(DiscreteWeibull, q, KILN_NO_DEFAULT, beta, KILN_NO_DEFAULT)
// Successes among n items drawn without replacement from N items, k of them successes (ints).
KILN_PM_DISTRIBUTION_3(HyperGeometric, N, KILN_NO_DEFAULT, k, KILN_NO_DEFAULT, n, KILN_NO_DEFAULT)

// Ordinal regressions, as PyMC builds them: a Categorical over len(cutpoints) + 1 classes whose
// p come from eta and the (increasing) cutpoints along the last axis; with keep_p the model
// also keeps p as the Deterministic `<name>_probs` (PyMC's compute_p).
class OrderedLogistic : public Var {
 public:
  OrderedLogistic(std::string name, Var eta, Var cutpoints, const VarOptions& options = {}, bool keep_p = true);
  static Var dist(Var eta, Var cutpoints, const DistOptions& options = {});
  static Var compute_p(Var eta, Var cutpoints);  // differences of sigmoid(cutpoints - eta)
};
class OrderedProbit : public Var {
 public:
  OrderedProbit(std::string name, Var eta, Var cutpoints, Var sigma = 1.0, const VarOptions& options = {},
                bool keep_p = true);
  static Var dist(Var eta, Var cutpoints, Var sigma = 1.0, const DistOptions& options = {});
  static Var compute_p(Var eta, Var cutpoints, Var sigma);  // normal mass between cutpoints around eta
};

// Mixtures with a zero (PyMC's Mixture of DiracDelta(0), weight 1 - psi, and the count).
KILN_PM_DISTRIBUTION_2(ZeroInflatedPoisson, psi, KILN_NO_DEFAULT, mu, KILN_NO_DEFAULT)
KILN_PM_DISTRIBUTION_3(ZeroInflatedBinomial, psi, KILN_NO_DEFAULT, n, KILN_NO_DEFAULT, p, KILN_NO_DEFAULT)
KILN_PM_DISTRIBUTION_3(ZeroInflatedNegativeBinomial, psi, KILN_NO_DEFAULT, mu, KILN_NO_DEFAULT, alpha, KILN_NO_DEFAULT)
// Hurdles: 0 with probability 1 - psi, else the distribution truncated to >= 1 (counts) or to
// >= the float epsilon (PyMC's Mixture of DiracDelta(0) and Truncated(dist)).
KILN_PM_DISTRIBUTION_2(HurdlePoisson, psi, KILN_NO_DEFAULT, mu, KILN_NO_DEFAULT)
KILN_PM_DISTRIBUTION_3(HurdleNegativeBinomial, psi, KILN_NO_DEFAULT, mu, KILN_NO_DEFAULT, alpha, KILN_NO_DEFAULT)
KILN_PM_DISTRIBUTION_3(HurdleGamma, psi, KILN_NO_DEFAULT, alpha, KILN_NO_DEFAULT, beta, KILN_NO_DEFAULT)
KILN_PM_DISTRIBUTION_3(HurdleLogNormal, psi, KILN_NO_DEFAULT, mu, = 0.0, sigma, = 1.0)

// A mixture of normals: weights w, means mu, scales sigma, each with the components along the
// last axis (..., k); a draw picks a component by w, then draws its normal.
KILN_PM_DISTRIBUTION_3(NormalMixture, w, KILN_NO_DEFAULT, mu, KILN_NO_DEFAULT, sigma, = 1.0)

// `dist` (a scalar distribution's `.dist(...)` with a logcdf) censored to [lower, upper]: a value
// at a bound stands for every value beyond it; draws are dist's clipped. Infinite bounds censor
// one side only.
class Censored : public Var {
 public:
  Censored(std::string name, Var dist, Var lower, Var upper, const VarOptions& options = {});
  static Var dist(Var dist, Var lower, Var upper, const DistOptions& options = {});
};

// `dist` restricted to [lower, upper] and renormalized (a constant infinite bound leaves that
// side open); draws redraw until inside. Truncated(Normal::dist(...)) is a TruncatedNormal.
class Truncated : public Var {
 public:
  Truncated(std::string name, Var dist, Var lower = -HUGE_VAL, Var upper = HUGE_VAL, const VarOptions& options = {});
  static Var dist(Var dist, Var lower = -HUGE_VAL, Var upper = HUGE_VAL, const DistOptions& options = {});
};

// Multivariate
KILN_PM_DISTRIBUTION_1(Dirichlet, a, KILN_NO_DEFAULT)
KILN_PM_DISTRIBUTION_2(Multinomial, n, KILN_NO_DEFAULT, p, KILN_NO_DEFAULT)
// Counts from Multinomial(n, p) with p ~ Dirichlet(a), a along the last axis.
KILN_PM_DISTRIBUTION_2(DirichletMultinomial, n, KILN_NO_DEFAULT, a, KILN_NO_DEFAULT)
// A Multinomial of n trials over OrderedLogistic's classes; compute_p keeps p as the
// Deterministic `<name>_probs` (PyMC's OrderedMultinomial(name, eta, cutpoints, n, compute_p)).
class OrderedMultinomial : public Var {
 public:
  OrderedMultinomial(std::string name, Var eta, Var cutpoints, Var n, const VarOptions& options = {},
                     bool compute_p = true);
  static Var dist(Var eta, Var cutpoints, Var n, const DistOptions& options = {});
};
// The K + 1 weights of a stick-breaking process with Beta(1, alpha) fractions; K a constant int.
KILN_PM_DISTRIBUTION_2(StickBreakingWeights, alpha, KILN_NO_DEFAULT, K, KILN_NO_DEFAULT)

// MvNormal takes exactly one of the covariance, its lower Cholesky factor, or the precision.
// chol's lower triangle is the factor its log-density solves with (PyMC tags chol
// lower_triangular): no Cholesky of chol chol', and a diagonal entry <= 0 fails "posdef".
struct MvNormalScale {
  Var cov = {};
  Var chol = {};
  Var tau = {};
};
class MvNormal : public Var {
 public:
  MvNormal(std::string name, Var mu, Var cov, const VarOptions& options = {});
  MvNormal(std::string name, Var mu, const MvNormalScale& scale, const VarOptions& options = {});
  static Var dist(Var mu, Var cov, const DistOptions& options = {});
  static Var dist(Var mu, const MvNormalScale& scale, const DistOptions& options = {});
};

#undef KILN_PM_DISTRIBUTION_1
#undef KILN_PM_DISTRIBUTION_2
#undef KILN_PM_DISTRIBUTION_3
#undef KILN_PM_DISTRIBUTION_1_OR
#undef KILN_PM_DISTRIBUTION_2_OR
#undef KILN_PM_DISTRIBUTION_3_OR
#undef KILN_PM_ALTERNATIVE_1
#undef KILN_PM_ALTERNATIVE_2
#undef KILN_PM_ALTERNATIVE_3
#undef KILN_NO_DEFAULT

}  // namespace kiln::pm
