// kiln.tensor.random: random variables with NumPy's (or Aesara's) argument names, and the
// shared generator variables they draw from.
#include "bindings.hpp"
#include "convert.hpp"

namespace kiln::python {

namespace kr = kiln::tensor::random;

namespace {

kr::RVOptions rv_options(py::handle size, py::handle name, py::handle rng, py::handle dtype, const std::string& fn) {
  kr::RVOptions o;
  o.size = to_shape(size, fn + ": size");
  if (!name.is_none()) o.name = name.cast<std::string>();
  if (!rng.is_none()) o.rng = to_var(rng, fn + ": rng");
  if (!dtype.is_none()) o.dtype = dtype_argument(dtype, fn + ": dtype");
  return o;
}

#define KILN_RV_OPTIONS py::kw_only(), py::arg("size") = py::none(), py::arg("name") = py::none(), \
                        py::arg("rng") = py::none(), py::arg("dtype") = py::none()
#define KILN_RV_TAIL py::handle size, py::handle name, py::handle rng, py::handle dtype
#define KILN_RV_OPTS(FN) rv_options(size, name, rng, dtype, FN)

// One builder per parameter count: each parameter by its name, with its default when it has one.
#define KILN_RV1(FN, P1, ...)                                                                     \
  m.def(#FN, [](py::handle a, KILN_RV_TAIL) {                                                     \
    return kr::FN(to_var(a, #FN ": " #P1), KILN_RV_OPTS(#FN));                                    \
  }, py::arg(#P1) __VA_ARGS__, KILN_RV_OPTIONS);
#define KILN_RV2(FN, P1, D1, P2, D2)                                                              \
  m.def(#FN, [](py::handle a, py::handle b, KILN_RV_TAIL) {                                       \
    return kr::FN(to_var(a, #FN ": " #P1), to_var(b, #FN ": " #P2), KILN_RV_OPTS(#FN));           \
  }, py::arg(#P1) D1, py::arg(#P2) D2, KILN_RV_OPTIONS);
#define KILN_RV3(FN, P1, P2, P3, D2, D3)                                                          \
  m.def(#FN, [](py::handle a, py::handle b, py::handle c, KILN_RV_TAIL) {                         \
    return kr::FN(to_var(a, #FN ": " #P1), to_var(b, #FN ": " #P2), to_var(c, #FN ": " #P3),      \
                  KILN_RV_OPTS(#FN));                                                             \
  }, py::arg(#P1), py::arg(#P2) D2, py::arg(#P3) D3, KILN_RV_OPTIONS);
#define NONE

}  // namespace

void bind_random(py::module_& m) {
  KILN_RV2(normal, loc, = 0.0, scale, = 1.0)
  KILN_RV2(halfnormal, loc, = 0.0, scale, = 1.0)
  KILN_RV2(uniform, low, = 0.0, high, = 1.0)
  KILN_RV1(exponential, scale, = 1.0)
  KILN_RV2(gamma, shape, NONE, scale, = 1.0)
  KILN_RV2(invgamma, shape, NONE, scale, = 1.0)
  KILN_RV2(beta, a, NONE, b, NONE)
  KILN_RV2(lognormal, mean, = 0.0, sigma, = 1.0)
  KILN_RV2(cauchy, loc, = 0.0, scale, = 1.0)
  KILN_RV2(halfcauchy, loc, = 0.0, scale, = 1.0)
  KILN_RV3(studentt, df, loc, scale, = 0.0, = 1.0)
  KILN_RV2(laplace, loc, = 0.0, scale, = 1.0)
  KILN_RV2(logistic, loc, = 0.0, scale, = 1.0)
  KILN_RV2(gumbel, loc, = 0.0, scale, = 1.0)
  KILN_RV1(weibull, a)
  KILN_RV2(pareto, b, NONE, scale, = 1.0)
  KILN_RV1(chisquare, df)
  KILN_RV3(triangular, left, mode, right, NONE, NONE)
  KILN_RV2(vonmises, mu, NONE, kappa, NONE)
  KILN_RV1(bernoulli, p)
  KILN_RV2(binomial, n, NONE, p, NONE)
  KILN_RV1(poisson, lam, = 1.0)
  KILN_RV2(negative_binomial, n, NONE, p, NONE)
  KILN_RV1(geometric, p)
  KILN_RV3(betabinom, n, a, b, NONE, NONE)
  KILN_RV1(categorical, p)
  KILN_RV2(integers, low, NONE, high, NONE)
  KILN_RV1(dirichlet, alpha)
  KILN_RV2(multinomial, n, NONE, p, NONE)
  KILN_RV2(multivariate_normal, mean, NONE, cov, NONE)

  m.def("random_generator_shared", [](py::object seed, py::object name) {
          std::string n = name.is_none() ? std::string() : name.cast<std::string>();
          return seed.is_none() ? random_generator_shared() : random_generator_shared(seed.cast<std::uint64_t>(), n);
        }, py::arg("seed") = py::none(), py::arg("name") = py::none(),
        "A RandomGeneratorSharedVariable holding numpy.random.default_rng(seed) (fresh entropy without a seed).");
}

}  // namespace kiln::python
