// kiln.pm's distributions (PyMC's names and keyword names), transforms, logp/logcdf, draw,
// Deterministic and Potential. `_kiln.pm.X(name, ...)` registers a variable in the active
// model; `_kiln.pm.dist.X(...)` builds one outside any model (kiln.pm makes them pm.X and
// pm.X.dist).
#include "bindings.hpp"
#include "convert.hpp"

#include <pybind11/stl.h>

namespace kiln::python {

namespace {

struct TransformHandle {
  pm::TransformPtr transform;
  bool is_default = false;
};

// The transform argument's default (the distribution's own transform): kiln.pm.transforms keeps
// the object alive, this handle only points at it.
py::handle default_transform;
py::object unset_transform() { return py::reinterpret_borrow<py::object>(default_transform); }

pm::VarOptions var_options(py::handle observed, py::handle size, py::handle transform, const std::string& what) {
  pm::VarOptions o;
  if (!observed.is_none()) o.observed = to_array(observed, what + ": observed").copy();
  o.size = to_shape(size, what + ": size");
  if (transform.is_none()) {
    o.transform = pm::transforms::none;
  } else if (py::isinstance<TransformHandle>(transform)) {
    const auto& h = transform.cast<const TransformHandle&>();
    if (!h.is_default) o.transform = h.transform;
  } else {
    throw py::type_error(what + ": transform must be one of kiln.pm.transforms or None, got " + type_name(transform));
  }
  return o;
}

pm::DistOptions dist_options(py::handle size, py::handle rng, const std::string& what) {
  pm::DistOptions o;
  o.size = to_shape(size, what + ": size");
  if (!rng.is_none()) o.rng = to_var(rng, what + ": rng");
  return o;
}

#define KILN_VAR_TAIL py::handle observed, py::handle size, py::handle transform
#define KILN_VAR_ARGS py::kw_only(), py::arg("observed") = py::none(), py::arg("size") = py::none(), \
                      py::arg("transform") = unset_transform()
#define KILN_DIST_TAIL py::handle size, py::handle rng
#define KILN_DIST_ARGS py::kw_only(), py::arg("size") = py::none(), py::arg("rng") = py::none()
#define KILN_P(X, P, H) to_var(H, #X ": " #P)
#define NONE

// Each distribution twice: named in the model, and `.dist`. Parameters keep PyMC's names.
#define KILN_PM0(X)                                                                                   \
  m.def(#X, [](const std::string& name, KILN_VAR_TAIL) {                                              \
    return Var(pm::X(name, var_options(observed, size, transform, #X)));                              \
  }, py::arg("name"), KILN_VAR_ARGS);                                                                 \
  dist.def(#X, [](KILN_DIST_TAIL) { return pm::X::dist(dist_options(size, rng, #X)); }, KILN_DIST_ARGS);
#define KILN_PM1(X, P1, D1)                                                                           \
  m.def(#X, [](const std::string& name, py::handle a, KILN_VAR_TAIL) {                                \
    return Var(pm::X(name, KILN_P(X, P1, a), var_options(observed, size, transform, #X)));            \
  }, py::arg("name"), py::arg(#P1) D1, KILN_VAR_ARGS);                                                \
  dist.def(#X, [](py::handle a, KILN_DIST_TAIL) {                                                     \
    return pm::X::dist(KILN_P(X, P1, a), dist_options(size, rng, #X));                                \
  }, py::arg(#P1) D1, KILN_DIST_ARGS);
#define KILN_PM2(X, P1, D1, P2, D2)                                                                   \
  m.def(#X, [](const std::string& name, py::handle a, py::handle b, KILN_VAR_TAIL) {                  \
    return Var(pm::X(name, KILN_P(X, P1, a), KILN_P(X, P2, b), var_options(observed, size, transform, #X))); \
  }, py::arg("name"), py::arg(#P1) D1, py::arg(#P2) D2, KILN_VAR_ARGS);                               \
  dist.def(#X, [](py::handle a, py::handle b, KILN_DIST_TAIL) {                                       \
    return pm::X::dist(KILN_P(X, P1, a), KILN_P(X, P2, b), dist_options(size, rng, #X));              \
  }, py::arg(#P1) D1, py::arg(#P2) D2, KILN_DIST_ARGS);
#define KILN_PM3(X, P1, D1, P2, D2, P3, D3)                                                           \
  m.def(#X, [](const std::string& name, py::handle a, py::handle b, py::handle c, KILN_VAR_TAIL) {    \
    return Var(pm::X(name, KILN_P(X, P1, a), KILN_P(X, P2, b), KILN_P(X, P3, c),                      \
                     var_options(observed, size, transform, #X)));                                    \
  }, py::arg("name"), py::arg(#P1) D1, py::arg(#P2) D2, py::arg(#P3) D3, KILN_VAR_ARGS);              \
  dist.def(#X, [](py::handle a, py::handle b, py::handle c, KILN_DIST_TAIL) {                         \
    return pm::X::dist(KILN_P(X, P1, a), KILN_P(X, P2, b), KILN_P(X, P3, c), dist_options(size, rng, #X)); \
  }, py::arg(#P1) D1, py::arg(#P2) D2, py::arg(#P3) D3, KILN_DIST_ARGS);

void bind_distributions(py::module_& m, py::module_& dist) {
  KILN_PM2(Normal, mu, = 0.0, sigma, = 1.0)
  KILN_PM1(HalfNormal, sigma, = 1.0)
  KILN_PM3(StudentT, nu, NONE, mu, = 0.0, sigma, = 1.0)
  KILN_PM2(HalfStudentT, nu, NONE, sigma, = 1.0)
  KILN_PM2(Cauchy, alpha, NONE, beta, NONE)
  KILN_PM1(HalfCauchy, beta, NONE)
  KILN_PM2(Laplace, mu, NONE, b, NONE)
  KILN_PM2(Logistic, mu, = 0.0, s, = 1.0)
  KILN_PM2(LogNormal, mu, = 0.0, sigma, = 1.0)
  KILN_PM1(Exponential, lam, NONE)
  KILN_PM2(Gamma, alpha, NONE, beta, NONE)
  KILN_PM2(InverseGamma, alpha, NONE, beta, = 1.0)
  KILN_PM2(Beta, alpha, NONE, beta, NONE)
  KILN_PM2(Uniform, lower, = 0.0, upper, = 1.0)
  KILN_PM2(Weibull, alpha, NONE, beta, NONE)
  KILN_PM2(Pareto, alpha, NONE, m, NONE)
  KILN_PM1(ChiSquared, nu, NONE)
  KILN_PM2(Gumbel, mu, NONE, beta, NONE)
  KILN_PM0(Flat)
  KILN_PM0(HalfFlat)
  KILN_PM1(Bernoulli, p, NONE)
  KILN_PM2(Binomial, n, NONE, p, NONE)
  KILN_PM1(Poisson, mu, NONE)
  KILN_PM2(NegativeBinomial, mu, NONE, alpha, NONE)
  KILN_PM1(Geometric, p, NONE)
  KILN_PM2(DiscreteUniform, lower, NONE, upper, NONE)
  KILN_PM3(BetaBinomial, alpha, NONE, beta, NONE, n, NONE)
  KILN_PM1(Categorical, p, NONE)
  KILN_PM1(Dirichlet, a, NONE)
  KILN_PM2(Multinomial, n, NONE, p, NONE)

  const double inf = HUGE_VAL;
  m.def("TruncatedNormal", [](const std::string& name, py::handle mu, py::handle sigma, py::handle lower, py::handle upper, KILN_VAR_TAIL) {
         return Var(pm::TruncatedNormal(name, KILN_P(TruncatedNormal, mu, mu), KILN_P(TruncatedNormal, sigma, sigma),
                                        KILN_P(TruncatedNormal, lower, lower), KILN_P(TruncatedNormal, upper, upper),
                                        var_options(observed, size, transform, "TruncatedNormal")));
       }, py::arg("name"), py::arg("mu") = 0.0, py::arg("sigma") = 1.0, py::arg("lower") = -inf, py::arg("upper") = inf, KILN_VAR_ARGS);
  dist.def("TruncatedNormal", [](py::handle mu, py::handle sigma, py::handle lower, py::handle upper, KILN_DIST_TAIL) {
            return pm::TruncatedNormal::dist(KILN_P(TruncatedNormal, mu, mu), KILN_P(TruncatedNormal, sigma, sigma),
                                             KILN_P(TruncatedNormal, lower, lower), KILN_P(TruncatedNormal, upper, upper),
                                             dist_options(size, rng, "TruncatedNormal"));
          }, py::arg("mu") = 0.0, py::arg("sigma") = 1.0, py::arg("lower") = -inf, py::arg("upper") = inf, KILN_DIST_ARGS);

  // MvNormal takes exactly one of cov, chol and tau (kiln checks which).
  auto scale = [](py::handle cov, py::handle chol, py::handle tau) {
    pm::MvNormalScale s;
    if (!cov.is_none()) s.cov = to_var(cov, "MvNormal: cov");
    if (!chol.is_none()) s.chol = to_var(chol, "MvNormal: chol");
    if (!tau.is_none()) s.tau = to_var(tau, "MvNormal: tau");
    return s;
  };
  m.def("MvNormal", [scale](const std::string& name, py::handle mu, py::handle cov, py::handle chol, py::handle tau, KILN_VAR_TAIL) {
         return Var(pm::MvNormal(name, KILN_P(MvNormal, mu, mu), scale(cov, chol, tau), var_options(observed, size, transform, "MvNormal")));
       }, py::arg("name"), py::arg("mu"), py::arg("cov") = py::none(), py::kw_only(), py::arg("chol") = py::none(),
       py::arg("tau") = py::none(), py::arg("observed") = py::none(), py::arg("size") = py::none(), py::arg("transform") = unset_transform());
  dist.def("MvNormal", [scale](py::handle mu, py::handle cov, py::handle chol, py::handle tau, KILN_DIST_TAIL) {
            return pm::MvNormal::dist(KILN_P(MvNormal, mu, mu), scale(cov, chol, tau), dist_options(size, rng, "MvNormal"));
          }, py::arg("mu"), py::arg("cov") = py::none(), py::kw_only(), py::arg("chol") = py::none(), py::arg("tau") = py::none(),
          py::arg("size") = py::none(), py::arg("rng") = py::none());
}

void bind_transforms(py::module_& t) {
  py::class_<TransformHandle>(t, "Transform")
      .def_property_readonly("name", [](const TransformHandle& h) { return h.is_default ? std::string("default") : h.transform->name(); })
      .def("forward", [](const TransformHandle& h, py::handle x) { return h.transform->forward(to_var(x, "forward: x")); })
      .def("backward", [](const TransformHandle& h, py::handle y) { return h.transform->backward(to_var(y, "backward: y")); })
      .def("log_jac_det", [](const TransformHandle& h, py::handle y) { return h.transform->log_jac_det(to_var(y, "log_jac_det: y")); })
      .def("__repr__", [](const TransformHandle& h) { return h.is_default ? std::string("<default transform>") : "<transform " + h.transform->name() + ">"; });
  t.attr("_default") = TransformHandle{nullptr, true};
  default_transform = t.attr("_default");
  t.attr("log") = TransformHandle{pm::transforms::log};
  t.attr("logodds") = TransformHandle{pm::transforms::logodds};
  t.attr("simplex") = TransformHandle{pm::transforms::simplex};
  t.attr("ordered") = TransformHandle{pm::transforms::ordered};
  t.def("Interval", [](py::handle lower, py::handle upper) {
         if (lower.is_none() && upper.is_none()) throw py::type_error("Interval: give lower, upper or both");
         if (upper.is_none()) return TransformHandle{pm::transforms::lower_bound(to_var(lower, "Interval: lower"))};
         if (lower.is_none()) return TransformHandle{pm::transforms::upper_bound(to_var(upper, "Interval: upper"))};
         return TransformHandle{pm::transforms::interval(to_var(lower, "Interval: lower"), to_var(upper, "Interval: upper"))};
       }, py::arg("lower") = py::none(), py::arg("upper") = py::none());
}

}  // namespace

void bind_pm(py::module_& m) {
  auto transforms = m.def_submodule("transforms", "kiln::pm::transforms");
  bind_transforms(transforms);
  auto dist = m.def_submodule("dist", "the distributions' .dist builders");
  bind_distributions(m, dist);

  m.def("logp", [](py::handle rv, py::handle value) { return pm::logp(to_var(rv, "logp: rv"), to_var(value, "logp: value")); },
        py::arg("rv"), py::arg("value"));
  m.def("logcdf", [](py::handle rv, py::handle value) { return pm::logcdf(to_var(rv, "logcdf: rv"), to_var(value, "logcdf: value")); },
        py::arg("rv"), py::arg("value"));
  m.def("draw", [](py::handle vars, std::int64_t draws, py::object random_seed) -> py::object {
          pm::DrawOptions options;
          if (!random_seed.is_none()) options.random_seed = random_seed.cast<std::uint64_t>();
          auto vs = to_var_list(vars, "draw: vars");
          std::vector<Array> out;
          {
            py::gil_scoped_release release;
            out = pm::draw(vs, draws, options);
          }
          if (py::isinstance<Var>(vars)) return to_numpy(std::move(out[0]));
          return to_numpy_list(out);
        }, py::arg("vars"), py::arg("draws") = 1, py::arg("random_seed") = py::none());
  m.def("Deterministic", [](const std::string& name, py::handle var) { return pm::Deterministic(name, to_var(var, "Deterministic: var")); },
        py::arg("name"), py::arg("var"));
  m.def("Potential", [](const std::string& name, py::handle var) { return pm::Potential(name, to_var(var, "Potential: var")); },
        py::arg("name"), py::arg("var"));
}

}  // namespace kiln::python
