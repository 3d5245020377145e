// kiln.pm's distributions with PyMC's call forms: `pm.X(name, params..., observed=, size=,
// shape=, dims=, transform=)` registers a variable in the active model, `pm.X.dist(params...,
// size=, shape=, rng=)` builds one outside any model. Parameters go by PyMC's names, positional
// in PyMC's order or by keyword, with PyMC's alternatives (tau, lam, logit_p, mu/sigma).
// One table row per distribution says which C++ form each combination calls.
#include "bindings.hpp"
#include "convert.hpp"
#include "pm_arguments.hpp"

#include <kiln/errors.hpp>
#include <kiln/pm/timeseries.hpp>

#include <algorithm>
#include <cmath>
#include <sstream>

namespace kiln::python {

namespace {

// One call's parameters by name, from its positional arguments (in PyMC's order) and the
// keyword arguments left once the options are taken out. None counts as not given, as in PyMC.
class Params {
 public:
  Params(std::string dist, const std::vector<const char*>& names, const py::args& args, std::size_t first,
         const py::kwargs& kwargs)
      : dist_(std::move(dist)) {
    if (args.size() - first > names.size())
      throw py::type_error(dist_ + ": takes " + std::to_string(names.size()) + " parameters (" + joined(names) + "), got " +
                           std::to_string(args.size() - first) + " positional arguments");
    for (std::size_t i = first; i < args.size(); ++i) put(names[i - first], args[i]);
    for (auto [key, value] : kwargs) {
      const auto name = py::str(key).cast<std::string>();
      auto it = std::find_if(names.begin(), names.end(), [&](const char* n) { return name == n; });
      if (it == names.end())
        throw py::type_error(dist_ + ": unexpected keyword argument '" + name + "' (parameters: " + joined(names) + ")");
      if (given(*it)) throw py::type_error(dist_ + ": parameter " + name + " given twice");
      put(*it, value);
    }
  }

  bool has(const char* name) const { return given(name) != nullptr; }
  // The parameter as a variable, or null when not given.
  Var operator[](const char* name) const {
    const py::object* v = given(name);
    return v ? to_var(*v, dist_ + ": " + name) : Var();
  }
  Var get(const char* name, double fallback) const { return has(name) ? (*this)[name] : Var(fallback); }
  // A list of variables (empty when not given), e.g. a mixture's components.
  std::vector<Var> list(const char* name) const {
    const py::object* v = given(name);
    return v ? to_var_list(*v, dist_ + ": " + name) : std::vector<Var>{};
  }
  // Whether the parameter is one variable, not a list of them.
  bool is_var(const char* name) const {
    const py::object* v = given(name);
    return v && py::isinstance<Var>(*v);
  }
  Var required(const char* name) const {
    if (!has(name)) throw py::type_error(dist_ + ": missing parameter " + name);
    return (*this)[name];
  }
  // PyMC's alternatives: at most one of a and b.
  void at_most_one(const char* a, const char* b) const {
    if (has(a) && has(b)) throw InputError(dist_ + ": give " + a + " or " + b + ", not both");
  }
  // Exactly one of two pairs: (alpha, beta) or (mu, sigma).
  bool second_pair(const char* a1, const char* a2, const char* b1, const char* b2) const {
    const bool first = has(a1) && has(a2) && !has(b1) && !has(b2);
    const bool second = has(b1) && has(b2) && !has(a1) && !has(a2);
    if (!first && !second)
      throw InputError(dist_ + ": give " + a1 + " and " + a2 + ", or " + b1 + " and " + b2);
    return second;
  }
  const std::string& dist() const { return dist_; }

  static std::string joined(const std::vector<const char*>& names) {
    std::string out;
    for (const char* n : names) out += (out.empty() ? "" : ", ") + std::string(n);
    return out;
  }

 private:
  const py::object* given(const char* name) const {
    for (const auto& [n, v] : given_)
      if (std::string_view(n) == name) return &v;
    return nullptr;
  }
  void put(const char* name, py::handle value) {
    if (!value.is_none()) given_.emplace_back(name, py::reinterpret_borrow<py::object>(value));
  }

  std::string dist_;
  std::vector<std::pair<const char*, py::object>> given_;
};

using Build = Var (*)(const Params&, const Target&);

struct Distribution {
  const char* name;
  std::vector<const char*> params;  // PyMC's order; alternatives after the usual form
  int support_ndim;                 // trailing dims of `shape` that the parameters give
  Build build;
};

Var probability(const Params& p, auto make_p, auto make_logit) {
  p.at_most_one("p", "logit_p");
  if (p.has("logit_p")) return make_logit(pm::ProbOrLogit{{}, p["logit_p"]});
  return make_p(p.required("p"));
}

// A Python int (or bool) parameter, `fallback` when not given (time series' steps, ar_order).
std::int64_t int_param(const Params& p, const char* name, std::int64_t fallback) {
  if (!p.has(name)) return fallback;
  const Var v = p[name];
  if (!v.is_constant() || v.ndim() != 0 || is_float(v.dtype()))
    throw InputError(p.dist() + ": " + name + " must be an int, got " + v.type().str());
  return v.constant_value().get_as_int(0);
}

// ZeroSumNormal's support_shape: the parameter, else the last n_zerosum_axes of shape (dims and
// observed data give it in C++); the batch is what shape has before those.
Var zero_sum_normal(const Params& p, const Target& t) {
  const std::int64_t n = int_param(p, "n_zerosum_axes", 1);
  Shape support;
  if (p.has("support_shape")) {
    const Var s = p["support_shape"];
    if (!s.is_constant() || s.ndim() > 1 || is_float(s.dtype()))
      throw InputError(p.dist() + ": support_shape must be a tuple of ints, got " + s.type().str());
    support = s.constant_value().reshape({-1}).to_vector<std::int64_t>();
  }
  Target u = t;
  if (t.shape && n > 0) {
    if (static_cast<std::int64_t>(t.shape->size()) < n)
      throw InputError(p.dist() + ": shape has fewer dims than n_zerosum_axes = " + std::to_string(n));
    const auto split = t.shape->end() - n;
    if (support.empty()) support.assign(split, t.shape->end());
    u.var.size = u.dist.size = Shape(t.shape->begin(), split);
  }
  return u.make<pm::ZeroSumNormal>(p.get("sigma", 1.0), static_cast<int>(n), support);
}

// Each distribution kiln has, under PyMC's name and parameter names.
const std::vector<Distribution>& distributions() {
  static const std::vector<Distribution> table = {
      {"Normal", {"mu", "sigma", "tau"}, 0, [](const Params& p, const Target& t) {
         p.at_most_one("sigma", "tau");
         if (p.has("tau")) return t.make<pm::Normal>(p.get("mu", 0.0), pm::SigmaOrTau{{}, p["tau"]});
         return t.make<pm::Normal>(p.get("mu", 0.0), p.get("sigma", 1.0));
       }},
      {"HalfNormal", {"sigma", "tau"}, 0, [](const Params& p, const Target& t) {
         p.at_most_one("sigma", "tau");
         if (p.has("tau")) return t.make<pm::HalfNormal>(pm::SigmaOrTau{{}, p["tau"]});
         return t.make<pm::HalfNormal>(p.get("sigma", 1.0));
       }},
      {"StudentT", {"nu", "mu", "sigma", "lam"}, 0, [](const Params& p, const Target& t) {
         p.at_most_one("sigma", "lam");
         if (p.has("lam")) return t.make<pm::StudentT>(p.required("nu"), p.get("mu", 0.0), pm::SigmaOrLam{{}, p["lam"]});
         return t.make<pm::StudentT>(p.required("nu"), p.get("mu", 0.0), p.get("sigma", 1.0));
       }},
      {"HalfStudentT", {"nu", "sigma"}, 0, [](const Params& p, const Target& t) {
         return t.make<pm::HalfStudentT>(p.required("nu"), p.get("sigma", 1.0));
       }},
      {"Cauchy", {"alpha", "beta"}, 0, [](const Params& p, const Target& t) {
         return t.make<pm::Cauchy>(p.required("alpha"), p.required("beta"));
       }},
      {"HalfCauchy", {"beta"}, 0, [](const Params& p, const Target& t) { return t.make<pm::HalfCauchy>(p.required("beta")); }},
      {"Laplace", {"mu", "b"}, 0, [](const Params& p, const Target& t) {
         return t.make<pm::Laplace>(p.required("mu"), p.required("b"));
       }},
      {"Logistic", {"mu", "s"}, 0, [](const Params& p, const Target& t) {
         return t.make<pm::Logistic>(p.get("mu", 0.0), p.get("s", 1.0));
       }},
      {"LogNormal", {"mu", "sigma", "tau"}, 0, [](const Params& p, const Target& t) {
         p.at_most_one("sigma", "tau");
         if (p.has("tau")) return t.make<pm::LogNormal>(p.get("mu", 0.0), pm::SigmaOrTau{{}, p["tau"]});
         return t.make<pm::LogNormal>(p.get("mu", 0.0), p.get("sigma", 1.0));
       }},
      {"Exponential", {"lam"}, 0, [](const Params& p, const Target& t) { return t.make<pm::Exponential>(p.required("lam")); }},
      {"Gamma", {"alpha", "beta", "mu", "sigma"}, 0, [](const Params& p, const Target& t) {
         if (p.second_pair("alpha", "beta", "mu", "sigma"))
           return t.make<pm::Gamma>(pm::AlphaBetaOrMuSigma{{}, {}, p["mu"], p["sigma"]});
         return t.make<pm::Gamma>(p["alpha"], p["beta"]);
       }},
      {"InverseGamma", {"alpha", "beta"}, 0, [](const Params& p, const Target& t) {
         return t.make<pm::InverseGamma>(p.required("alpha"), p.get("beta", 1.0));
       }},
      {"Beta", {"alpha", "beta", "mu", "sigma"}, 0, [](const Params& p, const Target& t) {
         if (p.second_pair("alpha", "beta", "mu", "sigma"))
           return t.make<pm::Beta>(pm::AlphaBetaOrMuSigma{{}, {}, p["mu"], p["sigma"]});
         return t.make<pm::Beta>(p["alpha"], p["beta"]);
       }},
      {"Uniform", {"lower", "upper"}, 0, [](const Params& p, const Target& t) {
         return t.make<pm::Uniform>(p.get("lower", 0.0), p.get("upper", 1.0));
       }},
      {"Weibull", {"alpha", "beta"}, 0, [](const Params& p, const Target& t) {
         return t.make<pm::Weibull>(p.required("alpha"), p.required("beta"));
       }},
      {"Pareto", {"alpha", "m"}, 0, [](const Params& p, const Target& t) {
         return t.make<pm::Pareto>(p.required("alpha"), p.required("m"));
       }},
      {"ChiSquared", {"nu"}, 0, [](const Params& p, const Target& t) { return t.make<pm::ChiSquared>(p.required("nu")); }},
      {"Gumbel", {"mu", "beta"}, 0, [](const Params& p, const Target& t) {
         return t.make<pm::Gumbel>(p.required("mu"), p.required("beta"));
       }},
      {"Triangular", {"lower", "c", "upper"}, 0, [](const Params& p, const Target& t) {
         return t.make<pm::Triangular>(p.get("lower", 0.0), p.get("c", 0.5), p.get("upper", 1.0));
       }},
      {"TruncatedNormal", {"mu", "sigma", "lower", "upper"}, 0, [](const Params& p, const Target& t) {
         return t.make<pm::TruncatedNormal>(p.get("mu", 0.0), p.get("sigma", 1.0), p.get("lower", -HUGE_VAL),
                                            p.get("upper", HUGE_VAL));
       }},
      {"Flat", {}, 0, [](const Params&, const Target& t) { return t.make<pm::Flat>(); }},
      {"HalfFlat", {}, 0, [](const Params&, const Target& t) { return t.make<pm::HalfFlat>(); }},
      {"Bernoulli", {"p", "logit_p"}, 0, [](const Params& p, const Target& t) {
         return probability(p, [&](Var prob) { return t.make<pm::Bernoulli>(prob); },
                            [&](const pm::ProbOrLogit& l) { return t.make<pm::Bernoulli>(l); });
       }},
      {"Binomial", {"n", "p", "logit_p"}, 0, [](const Params& p, const Target& t) {
         const Var n = p.required("n");
         return probability(p, [&](Var prob) { return t.make<pm::Binomial>(n, prob); },
                            [&](const pm::ProbOrLogit& l) { return t.make<pm::Binomial>(n, l); });
       }},
      {"Poisson", {"mu"}, 0, [](const Params& p, const Target& t) { return t.make<pm::Poisson>(p.required("mu")); }},
      {"NegativeBinomial", {"mu", "alpha"}, 0, [](const Params& p, const Target& t) {
         return t.make<pm::NegativeBinomial>(p.required("mu"), p.required("alpha"));
       }},
      {"Geometric", {"p"}, 0, [](const Params& p, const Target& t) { return t.make<pm::Geometric>(p.required("p")); }},
      {"DiscreteUniform", {"lower", "upper"}, 0, [](const Params& p, const Target& t) {
         return t.make<pm::DiscreteUniform>(p.required("lower"), p.required("upper"));
       }},
      {"BetaBinomial", {"alpha", "beta", "n"}, 0, [](const Params& p, const Target& t) {
         return t.make<pm::BetaBinomial>(p.required("alpha"), p.required("beta"), p.required("n"));
       }},
      {"Categorical", {"p", "logit_p"}, 0, [](const Params& p, const Target& t) {
         return probability(p, [&](Var prob) { return t.make<pm::Categorical>(prob); },
                            [&](const pm::ProbOrLogit& l) { return t.make<pm::Categorical>(l); });
       }},
      {"ZeroInflatedPoisson", {"psi", "mu"}, 0, [](const Params& p, const Target& t) {
         return t.make<pm::ZeroInflatedPoisson>(p.required("psi"), p.required("mu"));
       }},
      {"ZeroInflatedBinomial", {"psi", "n", "p"}, 0, [](const Params& p, const Target& t) {
         return t.make<pm::ZeroInflatedBinomial>(p.required("psi"), p.required("n"), p.required("p"));
       }},
      {"ZeroInflatedNegativeBinomial", {"psi", "mu", "alpha", "p", "n"}, 0, [](const Params& p, const Target& t) {
         if (p.has("p") || p.has("n"))
           throw InputError(p.dist() + ": kiln has the (mu, alpha) form only, not (n, p)");
         return t.make<pm::ZeroInflatedNegativeBinomial>(p.required("psi"), p.required("mu"), p.required("alpha"));
       }},
      // Issue #17 part d.
      {"HyperGeometric", {"N", "k", "n"}, 0, [](const Params& p, const Target& t) {
         return t.make<pm::HyperGeometric>(p.required("N"), p.required("k"), p.required("n"));
       }},
      {"Dirichlet", {"a"}, 1, [](const Params& p, const Target& t) { return t.make<pm::Dirichlet>(p.required("a")); }},
      {"Multinomial", {"n", "p"}, 1, [](const Params& p, const Target& t) {
         return t.make<pm::Multinomial>(p.required("n"), p.required("p"));
       }},
      {"MvNormal", {"mu", "cov", "tau", "chol"}, 1, [](const Params& p, const Target& t) {
         const int given = p.has("cov") + p.has("tau") + p.has("chol");
         if (given != 1) throw InputError(p.dist() + ": give exactly one of cov, tau and chol");
         return t.make<pm::MvNormal>(p.required("mu"), pm::MvNormalScale{p["cov"], p["chol"], p["tau"]});
       }},
      // Time series (issue #17e): init_dist and innovation_dist are `.dist(...)` variables; steps
      // (the innovations' count) comes from steps=, dims= or observed= (not from shape=).
      {"GaussianRandomWalk", {"mu", "sigma", "init_dist", "steps"}, 1, [](const Params& p, const Target& t) {
         return t.make<pm::GaussianRandomWalk>(pm::GaussianRandomWalkParams{
             p.get("mu", 0.0), p.get("sigma", 1.0), p["init_dist"], int_param(p, "steps", -1)});
       }},
      {"RandomWalk", {"init_dist", "innovation_dist", "steps"}, 1, [](const Params& p, const Target& t) {
         return t.make<pm::RandomWalk>(
             pm::RandomWalkParams{p.required("init_dist"), p.required("innovation_dist"), int_param(p, "steps", -1)});
       }},
      {"MvGaussianRandomWalk", {"mu", "cov", "tau", "chol", "init_dist", "steps"}, 2, [](const Params& p, const Target& t) {
         return t.make<pm::MvGaussianRandomWalk>(pm::MvGaussianRandomWalkParams{
             p.required("mu"), pm::MvNormalScale{p["cov"], p["chol"], p["tau"]}, p["init_dist"], int_param(p, "steps", -1)});
       }},
      {"AR", {"rho", "sigma", "tau", "constant", "init_dist", "ar_order", "steps"}, 1, [](const Params& p, const Target& t) {
         return t.make<pm::AR>(pm::ARParams{p.required("rho"), p["sigma"], p["tau"], int_param(p, "constant", 0) != 0,
                                            int_param(p, "ar_order", -1), p["init_dist"], int_param(p, "steps", -1)});
       }},
      {"GARCH11", {"omega", "alpha_1", "beta_1", "initial_vol", "steps"}, 1, [](const Params& p, const Target& t) {
         return t.make<pm::GARCH11>(pm::GARCH11Params{p.required("omega"), p.required("alpha_1"), p.required("beta_1"),
                                                      p.required("initial_vol"), int_param(p, "steps", -1)});
       }},
      // issue 17c: the LKJ family and the matrix-valued multivariates. LKJCholeskyCov builds the
      // packed factor only: kiln.pm.LKJCholeskyCov adds compute_corr's (chol, corr, stds).
      {"LKJCorr", {"n", "eta"}, 1, [](const Params& p, const Target& t) {
         return t.make<pm::LKJCorr>(p.required("n"), p.required("eta"));
       }},
      {"LKJCholeskyCov", {"eta", "n", "sd_dist"}, 1, [](const Params& p, const Target& t) -> Var {
         if (t.name) return pm::LKJCholeskyCov(*t.name, p.required("eta"), p.required("n"), p.required("sd_dist"), t.var, false);
         return pm::LKJCholeskyCov::dist(p.required("eta"), p.required("n"), p.required("sd_dist"), t.dist);
       }},
      {"MvStudentT", {"nu", "mu", "scale", "tau", "chol"}, 1, [](const Params& p, const Target& t) {
         return t.make<pm::MvStudentT>(p.required("nu"), p.required("mu"), pm::MvStudentTScale{p["scale"], p["chol"], p["tau"]});
       }},
      {"Wishart", {"nu", "V"}, 2, [](const Params& p, const Target& t) {
         return t.make<pm::Wishart>(p.required("nu"), p.required("V"));
       }},
      {"MatrixNormal", {"mu", "rowcov", "rowchol", "colcov", "colchol"}, 2, [](const Params& p, const Target& t) {
         return t.make<pm::MatrixNormal>(p.required("mu"), pm::MatrixNormalScale{p["rowcov"], p["rowchol"], p["colcov"], p["colchol"]});
       }},
      // comp_dists: a list of .dist variables, or one whose last axis holds the components.
      {"Mixture", {"w", "comp_dists"}, 0, [](const Params& p, const Target& t) {
         if (!p.has("comp_dists")) throw py::type_error(p.dist() + ": missing parameter comp_dists");
         if (p.is_var("comp_dists")) return t.make<pm::Mixture>(p.required("w"), p["comp_dists"]);
         return t.make<pm::Mixture>(p.required("w"), p.list("comp_dists"));
       }},
      {"KroneckerNormal", {"mu", "covs", "chols", "sigma"}, 1, [](const Params& p, const Target& t) {
         if (p.has("covs") == p.has("chols")) throw InputError(p.dist() + ": give exactly one of covs and chols");
         return t.make<pm::KroneckerNormal>(p.required("mu"), pm::KroneckerNormalScale{p.list("covs"), p.list("chols"), p["sigma"]});
       }},
      // Issue #17 part f. ZeroSumNormal's support dims (n_zerosum_axes) come off shape in its builder.
      {"ZeroSumNormal", {"sigma", "n_zerosum_axes", "support_shape"}, 0, zero_sum_normal},
      {"ICAR", {"W", "sigma", "zero_sum_stdev"}, 1, [](const Params& p, const Target& t) {
         return t.make<pm::ICAR>(p.required("W"), p.get("sigma", 1.0), p.get("zero_sum_stdev", 0.001));
       }},
      {"CAR", {"mu", "W", "alpha", "tau"}, 1, [](const Params& p, const Target& t) {
         return t.make<pm::CAR>(p.required("mu"), p.required("W"), p.required("alpha"), p.required("tau"));
       }},
  };
  return table;
}

std::string shape_text(const Shape& s) {
  std::ostringstream os;
  os << "(";
  for (std::size_t i = 0; i < s.size(); ++i) os << (i ? ", " : "") << s[i];
  os << (s.size() == 1 ? ",)" : ")");
  return os.str();
}

// PyMC's shape is the whole shape, kiln's size the batch shape: the support dims drop off.
// `shape` given, the variable's own shape is checked against it (a .dist built first, so a
// variable that does not fit is never registered).
std::optional<Shape> batch_size(const Distribution& d, py::handle size, py::handle shape, bool has_dims) {
  const std::string dist = d.name;
  if (!size.is_none() && !shape.is_none()) throw InputError(dist + ": give size or shape, not both");
  if (has_dims && !(size.is_none() && shape.is_none())) throw InputError(dist + ": give dims, or size or shape, not both");
  if (!size.is_none()) return to_shape(size, dist + ": size");
  if (shape.is_none()) return std::nullopt;
  Shape full = to_shape(shape, dist + ": shape");
  if (static_cast<int>(full.size()) < d.support_ndim)
    throw InputError(dist + ": shape " + shape_text(full) + " has fewer dims than the " + std::to_string(d.support_ndim) +
                     " of a " + dist + " draw");
  return Shape(full.begin(), full.end() - d.support_ndim);
}

void check_shape(const Distribution& d, const Var& rv, const Shape& shape) {
  const auto& have = rv.type().shape();
  bool fits = have.size() == shape.size();
  for (std::size_t i = 0; fits && i < shape.size(); ++i) fits = !have[i] || *have[i] == shape[i];
  if (!fits) throw InputError(std::string(d.name) + ": shape " + shape_text(shape) + " does not fit its parameters, which give " + rv.type().str());
}

Var build(const Distribution& d, const py::args& args, py::kwargs kwargs, bool named) {
  const std::string dist = d.name;
  std::size_t first = 0;
  Target target = take_target(dist, args, kwargs, named, first);
  py::object shape = take(kwargs, "shape");
  auto size = batch_size(d, take(kwargs, "size"), shape, !target.var.dims.empty());
  if (size) target.var.size = target.dist.size = *size;
  Params params(dist, d.params, args, first, kwargs);
  if (shape.is_none()) return d.build(params, target);
  const Shape full = to_shape(shape, dist + ": shape");
  target.shape = full;
  if (named && d.support_ndim > 0) check_shape(d, d.build(params, Target{std::nullopt, {}, target.dist}), full);
  Var rv = d.build(params, target);
  check_shape(d, rv, full);
  return rv;
}

std::string signature(const Distribution& d, bool named) {
  std::string params = Params::joined(d.params);
  if (named) return std::string(d.name) + "(name" + (params.empty() ? "" : ", " + params) +
                    ", *, observed=None, size=None, shape=None, dims=None, transform=<default>)";
  return std::string(d.name) + ".dist(" + params + (params.empty() ? "" : ", ") + "*, size=None, shape=None, rng=None)";
}

}  // namespace

void bind_pm_distributions(py::module_& m, py::module_& dist) {
  for (const Distribution& d : distributions()) {
    m.def(d.name, [&d](const py::args& args, const py::kwargs& kwargs) { return build(d, args, kwargs, true); },
          signature(d, true).c_str());
    dist.def(d.name, [&d](const py::args& args, const py::kwargs& kwargs) { return build(d, args, kwargs, false); },
             signature(d, false).c_str());
  }
}

}  // namespace kiln::python
