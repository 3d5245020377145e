// The anchor models through kiln's model layer, as a PyMC user writes them: priors with their
// default log transforms (whose log-Jacobians and normalizing constants give exactly the
// README's formulas), observed likelihoods, and Model::compile_logp_dlogp.
#include "kiln_models.hpp"

#include <algorithm>

namespace anchor::model_layer {

namespace {

namespace kt = kiln::tensor;
namespace pm = kiln::pm;
using kiln::Array;
using kiln::Var;

// The README's theta is the value variables in creation order; this checks it, so a change
// in the model layer's ordering fails loudly instead of scrambling the gradient.
pm::LogpGradFunction compile_in_order(const pm::Model& model, const std::vector<std::string>& readme_order) {
  std::vector<std::string> names;
  for (const Var& v : model.value_vars()) names.push_back(v.name());
  if (names != readme_order) {
    auto join = [](const std::vector<std::string>& v) {
      std::string s;
      for (const auto& n : v) s += (s.empty() ? "" : ", ") + n;
      return s;
    };
    throw kiln::Error("model-layer parameter order (" + join(names) + ") differs from the README's (" +
                      join(readme_order) + ")");
  }
  return model.compile_logp_dlogp();
}

}  // namespace

pm::LogpGradFunction normal_iid(const NormalIIDData& d) {
  pm::Model model;
  {
    pm::ModelContext ctx(model);
    Var mu = pm::Normal("mu", 0.0, 10.0);
    Var sigma = pm::HalfNormal("sigma", 5.0);
    pm::Normal("y", mu, sigma, {.observed = Array(d.y)});
  }
  return compile_in_order(model, {"mu", "sigma_log__"});
}

pm::LogpGradFunction logistic(const LogisticData& d) {
  Array x = Array::empty(kiln::DType::float64, {d.n, d.k});
  std::copy(d.x.begin(), d.x.end(), x.data<double>());
  std::vector<std::int64_t> y(d.y.begin(), d.y.end());
  pm::Model model;
  {
    pm::ModelContext ctx(model);
    Var alpha = pm::Normal("alpha", 0.0, 1.0);
    Var beta = pm::Normal("beta", 0.0, 1.0, {.size = {d.k}});
    pm::Bernoulli("y", kt::sigmoid(alpha + kt::dot(kt::constant(x, "X"), beta)), {.observed = Array(y)});
  }
  return compile_in_order(model, {"alpha", "beta"});
}

pm::LogpGradFunction eight_schools(const EightSchoolsData& d) {
  pm::Model model;
  {
    pm::ModelContext ctx(model);
    Var mu = pm::Normal("mu", 0.0, 5.0);
    Var tau = pm::HalfCauchy("tau", 5.0);
    Var theta_tilde = pm::Normal("theta_tilde", 0.0, 1.0, {.size = {8}});
    pm::Normal("y", mu + tau * theta_tilde, kt::constant(Array(d.sigma), "sigma"), {.observed = Array(d.y)});
  }
  return compile_in_order(model, {"mu", "tau_log__", "theta_tilde"});
}

pm::LogpGradFunction hierarchical(const HierarchicalData& d) {
  pm::Model model;
  {
    pm::ModelContext ctx(model);
    Var mu_a = pm::Normal("mu_a", 0.0, 10.0);
    Var sigma_a = pm::HalfNormal("sigma_a", 5.0);
    Var b = pm::Normal("b", 0.0, 1.0);
    Var sigma_y = pm::HalfNormal("sigma_y", 5.0);
    Var a = pm::Normal("a", mu_a, sigma_a, {.size = {d.j}});
    Var mean = a[kt::constant(Array(d.group), "group")] + b * kt::constant(Array(d.x), "x");
    pm::Normal("y", mean, sigma_y, {.observed = Array(d.y)});
  }
  return compile_in_order(model, {"mu_a", "sigma_a_log__", "b", "sigma_y_log__", "a"});
}

}  // namespace anchor::model_layer
