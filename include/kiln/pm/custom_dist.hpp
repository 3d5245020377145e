// pm::CustomDist, as PyMC's: a univariate distribution from a user's log-density built from
// kiln ops, with an optional log-CDF, moment and draws (a function of a Generator, or a graph of
// kiln random variables), usable observed and unobserved in a model.
//
//   pm::CustomDistSpec spec{.logp = [](const Var& x, const std::vector<Var>& p) {
//     return -kt::log(p[0]) - x / p[0];  // Exponential with scale p[0], x >= 0
//   }, .default_transform = pm::transforms::log};
//   Var y = pm::CustomDist("y", {scale}, spec, {.observed = data});
#pragma once

#include <kiln/pm/distributions.hpp>
#include <kiln/random/generator.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace kiln::pm {

struct CustomDistSpec {
  // Elementwise over the value and the (broadcasting) params.
  std::function<Var(const Var& value, const std::vector<Var>& params)> logp;
  std::function<Var(const Var& value, const std::vector<Var>& params)> logcdf = {};
  // The initial point (PyMC's moment); unset: zeros of the variable's shape.
  std::function<Var(const std::vector<Var>& params)> moment = {};
  // Draws, one of: a function filling `size` values (C order) from the params' values, drawing
  // from `rng` (PyMC's random=); or a graph of kiln random variables of the params with batch
  // shape `size` (PyMC's dist=). Neither: drawing raises ModelError.
  std::function<Array(random::Generator& rng, const std::vector<Array>& params, const Shape& size)> random = {};
  std::function<Var(const std::vector<Var>& params, const Shape& size)> dist = {};
  // The transform a model puts on an unobserved variable (VarOptions::transform overrides it).
  TransformPtr default_transform = nullptr;
  DType dtype = DType::float64;  // int64 for counts
  std::string class_name = "CustomDist";
};

class CustomDist : public Var {
 public:
  CustomDist(std::string name, const std::vector<Var>& params, const CustomDistSpec& spec, const VarOptions& options = {});
  static Var dist(const std::vector<Var>& params, const CustomDistSpec& spec, const DistOptions& options = {});
};

}  // namespace kiln::pm
