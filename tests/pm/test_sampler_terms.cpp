// The sampler's logp+dlogp compiles other forms of the terms than Model::logp (checks that
// reject element by element, gradients without support switches, Bernoulli in logit form):
// the same values wherever logp is finite, -inf where a check fails.
#include "rewrite/function_graph.hpp"
#include "rewrite/rewriter.hpp"
#include "tensor/composite.hpp"
#include "tensor/elemwise.hpp"

#include <kiln/kiln.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

namespace kt = kiln::tensor;
namespace pm = kiln::pm;
using kiln::Array;
using kiln::Var;

namespace {

const double kNegInf = -std::numeric_limits<double>::infinity();

// s: untransformed scales that can go negative, each the sigma of one observation.
void build_scales(pm::Model& model) {
  pm::ModelContext ctx(model);
  auto s = pm::Normal("s", 1.0, 1.0, {.size = {3}});
  pm::Normal("y", 0.0, s, {.observed = Array{0.5, -1.0, 0.25}});
}

kiln::Point scales_point(const std::vector<double>& s) { return kiln::Point{{"s", Array(s)}}; }

// What a compiled function does per element: its loops over arrays (fused Composites and lone
// Elemwise ops with a non-broadcast input) and the scalar operations inside them.
struct LoopWork {
  int loops = 0, ops = 0;
};

LoopWork loop_work(const kiln::Function& f) {
  kiln::FunctionGraph fg(f.inputs(), f.outputs());
  kiln::run_rewrites(fg, kiln::RewriteDatabase::standard().query({}));
  LoopWork work;
  for (const auto& node : fg.toposort()) {
    bool per_element = false;
    for (const auto& in : node->inputs())
      for (int d = 0; d < in.ndim(); ++d) per_element = per_element || !in.type().broadcastable(d);
    if (!per_element) continue;
    if (auto* c = dynamic_cast<const kt::Composite*>(&node->op())) {
      ++work.loops;
      work.ops += static_cast<int>(c->nodes().size());
    } else if (dynamic_cast<const kt::Elemwise*>(&node->op())) {
      ++work.loops;
      ++work.ops;
    }
  }
  return work;
}

}  // namespace

TEST_CASE("a per-element check rejects the point in the sampler's logp", "[pm][sampler]") {
  pm::Model model;
  build_scales(model);
  auto f = model.compile_logp_dlogp();
  auto logp = model.compile_logp();
  auto dlogp = model.compile_dlogp();
  std::vector<double> grad(3);
  const std::vector<double> good{0.8, 1.5, 0.3};
  CHECK(f(good, grad) == Approx(logp(scales_point(good)).values()[0].item<double>()).epsilon(1e-14));
  auto want = dlogp(scales_point(good)).values()[0].to_vector<double>();
  for (std::size_t i = 0; i < 3; ++i) CHECK(grad[i] == Approx(want[i]).epsilon(1e-14));
  for (const auto& bad : {std::vector<double>{0.8, -1.5, 0.3}, std::vector<double>{-0.8, -1.5, -0.3},
                          std::vector<double>{0.8, 0.0, 0.3}}) {
    CHECK(f(bad, grad) == kNegInf);
    CHECK(logp(scales_point(bad)).values()[0].item<double>() == kNegInf);
  }
}

TEST_CASE("without check_bounds the sampler's logp has no checks either", "[pm][sampler]") {
  pm::Model model({.check_bounds = false});
  build_scales(model);
  auto f = model.compile_logp_dlogp();
  auto logp = model.compile_logp();
  std::vector<double> grad(3);
  // log(sigma) of a negative sigma is NaN, not the -inf a check would give.
  const std::vector<double> bad{0.8, -1.5, 0.3};
  CHECK(std::isnan(logp(scales_point(bad)).values()[0].item<double>()));
  CHECK(std::isnan(f(bad, grad)));
  const std::vector<double> good{0.8, 1.5, 0.3};
  CHECK(f(good, grad) == Approx(logp(scales_point(good)).values()[0].item<double>()).epsilon(1e-14));
}

TEST_CASE("a scalar log-density broadcast by its support switch keeps its gradient", "[pm][sampler]") {
  // Uniform's log-density is one number broadcast by the support condition over the values.
  pm::Model model;
  {
    pm::ModelContext ctx(model);
    auto width = pm::HalfNormal("width", 2.0);
    pm::Uniform("u", 0.0, width, {.size = {3}, .transform = pm::transforms::none});
  }
  auto f = model.compile_logp_dlogp();
  std::vector<double> theta{0.4, 0.2, 1.0, 0.7}, grad(4);
  kiln::Point point{{"width_log__", 0.4}, {"u", Array{0.2, 1.0, 0.7}}};
  const double lp = f(theta, grad);
  CHECK(lp == Approx(model.compile_logp()(point).values()[0].item<double>()).epsilon(1e-14));
  auto want = model.compile_dlogp()(point).values()[0].to_vector<double>();
  for (std::size_t i = 0; i < 4; ++i) CHECK(grad[i] == Approx(want[i]).epsilon(1e-14).margin(1e-15));
  theta[3] = 2.0;  // above exp(0.4): outside u's support
  CHECK(f(theta, grad) == kNegInf);
}

TEST_CASE("Bernoulli with p = sigmoid(x) is computed in logit form", "[pm][sampler]") {
  auto x = kt::vector("x");
  auto value = kt::vector("value", kiln::DType::int64);
  Var logp = pm::logp(pm::Bernoulli::dist(kt::sigmoid(x)), value);
  const Array xs{-40.0, -2.0, 0.0, 3.0, 40.0, 800.0};
  const Array ones(std::vector<std::int64_t>{1, 1, 1, 1, 1, 1}), zeros(std::vector<std::int64_t>{0, 0, 0, 0, 0, 0});
  auto at_one = logp.eval({{x, xs}, {value, ones}}).to_vector<double>();
  auto at_zero = logp.eval({{x, xs}, {value, zeros}}).to_vector<double>();
  for (std::size_t i = 0; i < 6; ++i) {
    const double xi = xs.get_as_double(static_cast<std::int64_t>(i));
    INFO("x = " << xi);
    // log sigmoid(x) = -log1p(exp(-x)), log(1 - sigmoid(x)) = -log1p(exp(x)): finite at +-40.
    const double log_p = xi > 0 ? -std::log1p(std::exp(-xi)) : xi - std::log1p(std::exp(xi));
    const double log_q = xi > 0 ? -xi - std::log1p(std::exp(-xi)) : -std::log1p(std::exp(xi));
    CHECK(at_one[i] == Approx(log_p).epsilon(1e-15).margin(1e-300));
    CHECK(at_zero[i] == Approx(log_q).epsilon(1e-15));
  }
  CHECK(logp.eval({{x, Array{0.5}}, {value, Array(std::vector<std::int64_t>{2})}}).item<double>() == kNegInf);
  CHECK_THROWS_WITH(logp.eval({{x, Array{NAN}}, {value, Array(std::vector<std::int64_t>{1})}}),
                    Catch::Contains("0 <= p <= 1"));
  // Its gradient is value - p.
  Var g = kiln::grad(kt::sum(logp), x);
  auto grads = g.eval({{x, Array{-1.0, 2.0}}, {value, Array(std::vector<std::int64_t>{1, 0})}}).to_vector<double>();
  CHECK(grads[0] == Approx(1.0 - 1.0 / (1.0 + std::exp(1.0))).epsilon(1e-14));
  CHECK(grads[1] == Approx(-1.0 / (1.0 + std::exp(-2.0))).epsilon(1e-14));
}

TEST_CASE("a logistic regression's sampler logp rejects a NaN logit", "[pm][sampler]") {
  pm::Model model;
  {
    pm::ModelContext ctx(model);
    auto beta = pm::Normal("beta", 0.0, 1.0, {.size = {2}});
    // With beta[1] = 0 the first logit is inf * 0 = NaN: p = sigmoid(NaN) fails 0 <= p <= 1.
    Array x{{1.0, INFINITY}, {-0.3, 2.0}, {0.7, -1.1}};
    pm::Bernoulli("y", kt::sigmoid(kt::dot(kt::constant(x, "X"), beta)),
                  {.observed = Array(std::vector<std::int64_t>{1, 0, 1})});
  }
  auto f = model.compile_logp_dlogp();
  std::vector<double> grad(2);
  const std::vector<double> beta{0.4, 0.2};  // the first logit is inf: p = 1 for y = 1
  CHECK(std::isfinite(f(beta, grad)));
  CHECK(f(beta, grad) ==
        Approx(model.compile_logp()(kiln::Point{{"beta", Array(beta)}}).values()[0].item<double>()).epsilon(1e-14));
  const std::vector<double> nan_logit{0.4, 0.0};
  CHECK(f(nan_logit, grad) == kNegInf);
  CHECK(model.compile_logp()(kiln::Point{{"beta", Array(nan_logit)}}).values()[0].item<double>() == kNegInf);
}

TEST_CASE("the model layer's normal model does no more per-element work than a hand-built graph", "[pm][sampler]") {
  std::vector<double> data;
  for (int i = 0; i < 50; ++i) data.push_back(std::sin(i * 0.7) * 3.0 + 1.0);
  pm::Model model;
  {
    pm::ModelContext ctx(model);
    auto mu = pm::Normal("mu", 0.0, 10.0);
    auto sigma = pm::HalfNormal("sigma", 5.0);
    pm::Normal("y", mu, sigma, {.observed = Array(data)});
  }
  auto layer = model.compile_logp_dlogp();
  // The same log-density by hand (shared/baselines' normal_iid), with its gradient, in the form
  // the layer compiles: one theta vector, its parameters taken by index.
  Var theta = kt::vector("theta");
  Var mu = theta[0], log_sigma = theta[1];
  Var sigma = kt::exp(log_sigma);
  auto normal = [](const Var& x, const Var& m, const Var& s) {
    return -0.5 * std::log(2 * M_PI) - kt::log(s) - 0.5 * kt::sqr((x - m) / s);
  };
  Var logp = normal(mu, Var(0.0), Var(10.0)) + std::log(2.0) + normal(sigma, Var(0.0), Var(5.0)) + log_sigma +
             kt::sum(normal(kt::constant(Array(data), "y"), mu, sigma));
  kiln::Function hand = kiln::function({theta}, {logp, kiln::grad(logp, theta)});

  const LoopWork by_layer = loop_work(layer.function()), by_hand = loop_work(hand);
  CHECK(by_layer.loops <= by_hand.loops);
  CHECK(by_layer.ops <= by_hand.ops);
  std::vector<double> grad(2);
  auto want = hand.call_positional({Array{0.4, 0.2}}).values();
  CHECK(layer(std::vector<double>{0.4, 0.2}, grad) == Approx(want[0].item<double>()).epsilon(1e-13));
  CHECK(grad[0] == Approx(want[1].get_as_double(0)).epsilon(1e-13));
  CHECK(grad[1] == Approx(want[1].get_as_double(1)).epsilon(1e-13));
}
