// Every spelled form of ../shared/API.md in one program (a copy of ../shared/api_examples.cpp):
// programs written against kiln use exactly these forms, so each must compile and behave as the
// comments say. Built with assertions on, whatever the build type.
#include <kiln/kiln.hpp>

#include <cassert>
#include <cmath>
#include <iostream>

namespace kt = kiln::tensor;
namespace pm = kiln::pm;

int main() {
  // Graphs, names, printing
  kiln::Var x = kt::scalar("x");
  kiln::Var y = kt::vector("y");
  kiln::Var m = kt::matrix("m");
  kiln::Var t = kt::tensor("t", kiln::float64, {std::nullopt, 3});
  auto z = x + y;
  z.set_name("x + y");
  auto w = kt::log(z);
  std::cout << x.type() << " " << x.name() << "\n";  // TensorType(float64, ()) x
  kiln::dprint(w);
  std::string s = kiln::debug_string(w);
  assert(z.owner() != nullptr && x.owner() == nullptr);
  auto ins = kiln::graph_inputs({w});                  // [x, y]
  auto w2 = kiln::clone_replace({w}, {{z, kt::exp(z)}})[0];
  std::string dot = kiln::to_dot({w});

  // Values and eval
  kiln::Array a{1.0, M_E};
  kiln::Array a2{{1.0, 2.0}, {3.0, 4.0}};              // 2-D
  std::vector<double> buf(4, 0.5);
  kiln::Array v = kiln::Array::view(buf.data(), {4});  // zero-copy view of caller memory
  kiln::Array owned = v.copy();
  std::cout << w.eval({{x, 0.0}, {y, a}}) << "\n";     // array([0., 1.])
  std::cout << w.eval({{z, a}}) << "\n";               // array([0., 1.])
  double first = w.eval({{x, 0.0}, {y, a}}).to_vector<double>()[1];
  assert(std::fabs(first - 1.0) < 1e-15);
  assert(a2.ndim() == 2 && a2.shape()[1] == 2 && a2.size() == 4 && owned.data<double>()[0] == 0.5);

  // Operators, indexing, functions
  auto u = kt::switch_(kt::gt(y, x), kt::pow(y, 2), -y) / (1 + x) - kt::sqrt(kt::exp(y));
  auto first_two = y[kt::slice(0, 2)] + y[0];
  kiln::Var idx = kiln::Var(kiln::Array(int64_t{1}));
  auto gathered = y[idx];
  kiln::Function f = kiln::function({x, y}, w);
  kiln::Array out = f(0.0, a);                          // one output: an Array
  std::vector<kiln::Array> both = kiln::function({x, y}, {w, u})(0.0, a);  // several: a vector
  kiln::Array r = f.call({{"x", 0.0}, {"y", a}});       // by name
  std::vector<double> dst(2);
  f.call_into({kiln::Array::view(dst.data(), {2})}, 0.0, a);  // no allocation by kiln
  kiln::dprint(f);
  auto g = kiln::function({x, y}, kt::sum(u), {.mode = kiln::Mode::FAST_RUN, .trust_input = false});

  // Differentiation
  auto cost = kt::sum(kt::log(z));
  auto dy = kiln::grad(cost, y);
  auto dxy = kiln::grad(cost, std::vector<kiln::Var>{x, y});
  auto H = kiln::hessian(cost, y);

  // Random variables and the generator
  auto rv = kt::random::normal(0, 1, {.name = "rv"});
  double e1 = rv.eval().item<double>(), e2 = rv.eval().item<double>();
  assert(e1 == e2);                                     // eval does not advance the generator
  kiln::Array draws = pm::draw(rv, 1000);               // shape (1000,)
  kiln::random::Generator gen(42);                      // as numpy.random.default_rng(42)
  double n0 = gen.standard_normal();                    // 0.30471707975443135 for seed 42
  uint64_t raw = kiln::random::Generator(42).random_raw();
  int64_t k = gen.poisson(3.5) + gen.binomial(10, 0.3) + gen.integers(0, 10);

  // Models
  pm::Model model;
  {
    pm::ModelContext ctx(model);
    auto mu = pm::Normal("mu", 0, 2);
    auto sigma = pm::HalfNormal("sigma", 3);
    auto obs = pm::Normal("obs", mu, sigma, {.observed = kiln::Array{0.1, -0.3, 0.2}});
  }
  auto vals = model.value_vars();                       // [mu, sigma_log__]
  kiln::Point p = model.initial_point();                // {'mu': array(0.), 'sigma_log__': array(...)}
  auto terms = model.compile_logp({.sum = false})(p);   // one Array per variable
  auto total = model.compile_logp()(p);                 // one summed Array
  auto d = pm::Normal::dist(0, 1);
  double lp = pm::logp(d, kiln::Var(1.25)).eval().item<double>();  // -1.7001885332046727
  double lc = pm::logcdf(d, kiln::Var(-40.0)).eval().item<double>();
  try {
    pm::logp(pm::Normal::dist(0, -1), kiln::Var(0.0)).eval();
  } catch (const kiln::ParameterValueError& err) {
    std::cout << err.what() << "\n";                    // mentions sigma > 0
  }
  (void)t; (void)ins; (void)w2; (void)s; (void)dot; (void)r; (void)both; (void)first_two; (void)gathered;
  (void)g; (void)dy; (void)dxy; (void)H; (void)draws; (void)n0; (void)raw; (void)k; (void)vals; (void)terms;
  (void)total; (void)lp; (void)lc; (void)out;
  return 0;
}
