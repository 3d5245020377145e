// The negative-binomial regression and the latent GP through kiln's model layer, as a PyMC
// user writes them: priors with their default transforms, a deterministic linear predictor,
// observed likelihoods, and Model::compile_logp_dlogp.
#include "glm_gp.hpp"

#include <algorithm>

namespace glm_gp {

namespace kt = kiln::tensor;
namespace pm = kiln::pm;
using kiln::Array;
using kiln::Var;

pm::LogpGradFunction negbin_model(const NegBinData& d) {
  Array x = Array::empty(kiln::DType::float64, {d.n, d.k});
  std::copy(d.x.begin(), d.x.end(), x.data<double>());
  pm::Model model;
  {
    pm::ModelContext ctx(model);
    Var intercept = pm::Normal("intercept", 0.0, 5.0);
    Var beta = pm::Normal("beta", 0.0, 1.0, {.size = {d.k}});
    Var alpha = pm::Exponential("alpha", 1.0);
    Var mu = kt::exp(intercept + kt::dot(kt::constant(x, "X"), beta));
    pm::NegativeBinomial("y", mu, alpha, {.observed = Array(d.y)});
  }
  return model.compile_logp_dlogp();
}

pm::LogpGradFunction latent_gp_model(const LatentGPData& d) {
  Array cov = Array::empty(kiln::DType::float64, {d.n, d.n});
  std::copy(d.cov.begin(), d.cov.end(), cov.data<double>());
  pm::Model model;
  {
    pm::ModelContext ctx(model);
    Var f = pm::MvNormal("f", kt::constant(Array::zeros(kiln::DType::float64, {d.n}), "zeros"), kt::constant(cov, "K"));
    Var sigma = pm::HalfNormal("sigma", 1.0);
    pm::Normal("y", f, sigma, {.observed = Array(d.y)});
  }
  return model.compile_logp_dlogp();
}

}  // namespace glm_gp
