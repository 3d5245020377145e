// A compiled log-density called repeatedly with the same shapes allocates nothing for its
// intermediates: counted with malloc (which operator new and Array storage go through)
// replaced in this executable.
#include "jit_test_support.hpp"
#include "support/counting_malloc.hpp"

#include <cstdlib>

namespace kt = kiln::tensor;
using kiln::Array;
using kiln::DType;
using kiln::Var;
using kt::ScalarOp;
using namespace kiln::jit_test;

namespace {

// sum(-0.5 * ((y - mu) / sigma)**2 - log(sigma) - 0.5 * log(2 pi)) as one fused Composite,
// plus the elementwise density as a second function output of another Composite.
Var normal_logp_sum(const Var& y, const Var& mu, const Var& sigma) {
  auto half = kt::expand_to_ndim(kt::constant(Array(-0.5)), 1);
  auto norm = kt::expand_to_ndim(kt::constant(Array(0.5 * std::log(2 * M_PI))), 1);
  std::vector<kt::ScalarNode> nodes = {
      {ScalarOp::sub, {0, 1}, DType::float64},   // 5: y - mu
      {ScalarOp::true_div, {5, 2}, DType::float64},  // 6: / sigma
      {ScalarOp::sqr, {6}, DType::float64},      // 7
      {ScalarOp::mul, {3, 7}, DType::float64},   // 8: -0.5 * z^2
      {ScalarOp::log, {2}, DType::float64},      // 9
      {ScalarOp::sub, {8, 9}, DType::float64},   // 10
      {ScalarOp::sub, {10, 4}, DType::float64},  // 11
  };
  auto mu_b = kt::expand_to_ndim(mu, 1);
  auto sigma_b = kt::expand_to_ndim(sigma, 1);
  return composite({y, mu_b, sigma_b, half, norm}, nodes, {11}, kt::ReduceSpec{kt::ReduceKind::sum, {}})[0];
}

}  // namespace

TEST_CASE("repeated calls with the same shapes allocate nothing for intermediates") {
  if (!kiln::test::kCountingMalloc) {
    WARN("allocation counting is off under sanitizers");
    return;
  }
  auto y = kt::vector("y");
  auto mu = kt::scalar("mu");
  auto sigma = kt::scalar("sigma");
  Var logp = normal_logp_sum(y, mu, sigma);
  auto f = kiln::function({y, mu, sigma}, {logp, kt::exp(y * sigma) * mu + kt::log(y + 1.0)});

  Array data = Array::empty(DType::float64, {1000});
  for (std::int64_t i = 0; i < 1000; ++i) data.set_from_double(i, 0.01 * static_cast<double>(i));
  Array mu_v(0.3), sigma_v(1.7);
  Array out0 = Array::empty(DType::float64, {});
  Array out1 = Array::empty(DType::float64, {1000});
  std::vector<Array> outs = {out0, out1};
  std::vector<Array> ins = {data, mu_v, sigma_v};

  // The program alone (what the JIT owns): no allocation at all once warm.
  for (int warm = 0; warm < 3; ++warm) f.program().run(ins, outs, true);
  const long program_allocations = kiln::test::allocations_during([&] {
    for (int call = 0; call < 1000; ++call) f.program().run(ins, outs, true);
  });
  CHECK(program_allocations == 0);

  // Through Function::call_into_positional with the caller's vectors, checks included: nothing.
  f.call_into_positional(outs, ins);
  const long call_allocations = kiln::test::allocations_during([&] {
    for (int call = 0; call < 1000; ++call) f.call_into_positional(outs, ins);
  });
  CHECK(call_allocations == 0);

  // The variadic call_into refers to the caller's Arrays (no copies, no argument vectors):
  // nothing either.
  f.call_into(outs, data, mu_v, sigma_v);
  const long variadic_allocations = kiln::test::allocations_during([&] {
    for (int call = 0; call < 100; ++call) f.call_into(outs, data, mu_v, sigma_v);
  });
  CHECK(variadic_allocations == 0);

  double expected = 0;
  for (std::int64_t i = 0; i < 1000; ++i) {
    double z = (data.get_as_double(i) - 0.3) / 1.7;
    expected += -0.5 * z * z - std::log(1.7) - 0.5 * std::log(2 * M_PI);
  }
  CHECK(outs[0].item<double>() == Approx(expected).epsilon(1e-12));
  check_same(outs[1], kiln::evaluate({kt::exp(y * sigma) * mu + kt::log(y + 1.0)}, {{y, data}, {mu, mu_v}, {sigma, sigma_v}})[0],
             4, "second output");
}

TEST_CASE("a sampler's logp and gradient call allocates nothing once warm") {
  if (!kiln::test::kCountingMalloc) {
    WARN("allocation counting is off under sanitizers");
    return;
  }
  kiln::pm::Model model;
  {
    kiln::pm::ModelContext ctx(model);
    auto mu = kiln::pm::Normal("mu", 0, 10);
    auto sigma = kiln::pm::HalfNormal("sigma", 5);
    std::vector<double> data(500);
    for (std::size_t i = 0; i < data.size(); ++i) data[i] = 0.01 * static_cast<double>(i);
    kiln::pm::Normal("y", mu, sigma, {.observed = Array(data)});
  }
  auto f = model.compile_logp_dlogp();
  std::vector<double> theta{0.5, 0.2}, grad(2);
  double first = f(theta, grad);
  for (int warm = 0; warm < 3; ++warm) f(theta, grad);
  double last = 0;
  const long allocations = kiln::test::allocations_during([&] {
    for (int call = 0; call < 1000; ++call) last = f(theta, grad);
  });
  CHECK(allocations == 0);
  CHECK(last == first);
}

// The form a sampler writes: one theta vector split by index and slice, logp and its gradient
// as two outputs, called through the variadic call_into with the caller's Arrays. Once warm,
// kiln allocates nothing per call (the fast path straight to the specialized code).
TEST_CASE("a flat-theta logp and gradient through the variadic call_into allocates nothing once warm") {
  if (!kiln::test::kCountingMalloc) {
    WARN("allocation counting is off under sanitizers");
    return;
  }
  auto theta = kt::vector("theta");
  Var mu = theta[0], tau = kt::exp(theta[1]), z = theta[kt::slice(2, 6)];
  Var y = kt::constant(Array{28.0, 8.0, -3.0, 7.0}, "y");
  Var logp = -0.5 * kt::sqr(mu / 5.0) + theta[1] - 0.5 * kt::sum(kt::sqr(z)) -
             0.5 * kt::sum(kt::sqr((y - (mu + tau * z)) / 10.0));
  auto f = kiln::function({theta}, {logp, kiln::grad(logp, theta)});

  std::vector<double> t{1.0, 0.5, 0.1, -0.2, 0.3, 0.4}, g(6);
  double lp = 0;
  Array theta_v = Array::view(t.data(), {6});
  Array lp_v = Array::view(&lp, {});
  Array g_v = Array::view(g.data(), {6});
  for (int warm = 0; warm < 3; ++warm) f.call_into({lp_v, g_v}, theta_v);
  const long allocations = kiln::test::allocations_during([&] {
    for (int call = 0; call < 1000; ++call) f.call_into({lp_v, g_v}, theta_v);
  });
  CHECK(allocations == 0);
  std::vector<Array> outs{lp_v, g_v}, ins{theta_v};
  const long positional = kiln::test::allocations_during([&] {
    for (int call = 0; call < 1000; ++call) f.call_into_positional(outs, ins);
  });
  CHECK(positional == 0);

  // As samplers call it with raw pointers: views of the caller's buffers built per call
  // (their shapes and strides are held inline, so building them allocates nothing either).
  const long per_call_views = kiln::test::allocations_during([&] {
    for (int call = 0; call < 1000; ++call)
      f.call_into({Array::view(&lp, {}), Array::view(g.data(), {6})}, Array::view(t.data(), {6}));
  });
  CHECK(per_call_views == 0);

  // Against the reference evaluator (an independent path).
  const auto expected = kiln::evaluate({logp, kiln::grad(logp, theta)}, {{theta, Array(t)}});
  CHECK(lp == Approx(expected[0].item<double>()).epsilon(1e-13));
  for (std::size_t i = 0; i < g.size(); ++i)
    CHECK(g[i] == Approx(expected[1].get_as_double(static_cast<std::int64_t>(i))).epsilon(1e-13));

  // Outputs that overlap the input leave the fast path: the result is as if computed first.
  std::vector<double> shared = t;
  Array in_place = Array::view(shared.data(), {6});
  f.call_into({lp_v, in_place}, in_place);
  for (std::size_t i = 0; i < g.size(); ++i) CHECK(shared[i] == g[i]);
}

// The varying-intercepts form: coefficients gathered by a data container's group indices (read at
// run time, so the gradient's scatter checks them per call): no allocation once warm, and the
// values the hand-written log-density and gradient give.
TEST_CASE("a logp and gradient gathering by a data container's indices allocates nothing once warm") {
  if (!kiln::test::kCountingMalloc) {
    WARN("allocation counting is off under sanitizers");
    return;
  }
  const std::vector<std::int64_t> group{0, 2, 1, 2, 0, 2};
  const std::vector<double> y{0.3, -1.2, 0.8, 2.0, -0.4, 1.1};
  kiln::pm::Model model;
  {
    kiln::pm::ModelContext ctx(model);
    Var a = kiln::pm::Normal("a", 0, 1, {.size = {3}});
    Var g = kiln::pm::Data("group", Array(group));
    kiln::pm::Normal("y", a[g], 1, {.observed = Array(y)});
  }
  auto f = model.compile_logp_dlogp();
  const std::vector<double> theta{0.5, -0.25, 1.5};
  std::vector<double> grad(3);
  for (int warm = 0; warm < 3; ++warm) f(theta, grad);
  double lp = 0;
  const long allocations = kiln::test::allocations_during([&] {
    for (int call = 0; call < 1000; ++call) lp = f(theta, grad);
  });
  CHECK(allocations == 0);
  double expected = 0;
  std::vector<double> expected_grad(3);
  for (std::size_t k = 0; k < 3; ++k) {
    expected += -0.5 * theta[k] * theta[k] - 0.5 * std::log(2 * M_PI);
    expected_grad[k] = -theta[k];
  }
  for (std::size_t i = 0; i < y.size(); ++i) {
    const double r = y[i] - theta[static_cast<std::size_t>(group[i])];
    expected += -0.5 * r * r - 0.5 * std::log(2 * M_PI);
    expected_grad[static_cast<std::size_t>(group[i])] += r;
  }
  CHECK(lp == Approx(expected).epsilon(1e-14));
  for (std::size_t k = 0; k < 3; ++k) CHECK(grad[k] == Approx(expected_grad[k]).epsilon(1e-14));
}
