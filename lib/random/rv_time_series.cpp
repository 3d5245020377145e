// The time series ops: each draw assembles the series from draws its parameters already hold.
#include "random/rv_time_series.hpp"

#include "random/parameter_checks.hpp"

#include <kiln/errors.hpp>

#include <cmath>
#include <map>
#include <mutex>
#include <vector>

namespace kiln::random {

namespace {

std::int64_t product(const Shape& shape, std::size_t from) {
  std::int64_t n = 1;
  for (std::size_t i = from; i < shape.size(); ++i) n *= shape[i];
  return n;
}

// init (batch + support), innovations (batch + (steps,) + support) -> batch + (steps + 1,) + support.
class RandomWalkRV final : public RandomVariable {
 public:
  RandomWalkRV(const std::string& rv_name, int supp)
      : RandomVariable(rv_name, supp + 1, {supp, supp + 1}, DType::float64, true, {"init_dist", "innovation_dist"}),
        supp_(supp) {}

  // The init and innovation ops checked their own parameters when they drew.
  void check_parameters(const std::vector<Array>&) const override {}

 protected:
  StaticShape support_static_shape(const std::vector<Var>& params) const override {
    const StaticShape& innov = params[1].type().shape();
    StaticShape out(innov.end() - supp_ - 1, innov.end());
    if (out[0]) out[0] = *out[0] + 1;
    return out;
  }
  Shape support_shape(const std::vector<Array>& params) const override {
    const Shape& innov = params[1].shape();
    Shape out(innov.end() - supp_ - 1, innov.end());
    out[0] += 1;
    return out;
  }
  void draw(GeneratorState&, const std::vector<Array>& params, Array& out) const override {
    const Shape& shape = out.shape();
    const std::size_t time_axis = shape.size() - static_cast<std::size_t>(supp_) - 1;
    const std::int64_t k = product(shape, time_axis + 1), length = shape[time_axis];
    const std::int64_t batch = length * k == 0 ? 0 : out.size() / (length * k);
    double* x = out.data<double>();
    for (std::int64_t b = 0; b < batch; ++b) {
      double* series = x + b * length * k;
      for (std::int64_t j = 0; j < k; ++j) series[j] = params[0].get_as_double(b * k + j);
      for (std::int64_t t = 1; t < length; ++t)
        for (std::int64_t j = 0; j < k; ++j)
          series[t * k + j] = series[(t - 1) * k + j] + params[1].get_as_double((b * (length - 1) + t - 1) * k + j);
    }
  }

 private:
  int supp_;
};

class AutoRegressiveRV final : public RandomVariable {
 public:
  AutoRegressiveRV()
      : RandomVariable("ar", 1, {0, 1, 1, 1}, DType::float64, true, {"constant", "rho", "init_dist", "innovation_dist"}) {}

  // rho and constant may be any reals; init and innovations were checked by their own ops.
  void check_parameters(const std::vector<Array>&) const override {}

 protected:
  StaticShape support_static_shape(const std::vector<Var>& params) const override {
    const auto p = params[2].type().shape().back(), steps = params[3].type().shape().back();
    return {p && steps ? std::optional<std::int64_t>(*p + *steps) : std::nullopt};
  }
  Shape support_shape(const std::vector<Array>& params) const override {
    return {params[2].shape().back() + params[3].shape().back()};
  }
  void draw(GeneratorState&, const std::vector<Array>& params, Array& out) const override {
    const std::int64_t p = params[1].shape().back(), length = out.shape().back(), steps = length - p;
    if (params[2].shape().back() != p)
      throw ValueError("ar: init_dist has " + std::to_string(params[2].shape().back()) + " values, rho " +
                       std::to_string(p) + " lags");
    const std::int64_t batch = length == 0 ? 0 : out.size() / length;
    double* x = out.data<double>();
    for (std::int64_t b = 0; b < batch; ++b) {
      double* series = x + b * length;
      for (std::int64_t t = 0; t < p; ++t) series[t] = params[2].get_as_double(b * p + t);
      const double c = params[0].get_as_double(b);
      for (std::int64_t t = p; t < length; ++t) {
        double mean = c;
        for (std::int64_t i = 0; i < p; ++i) mean += params[1].get_as_double(b * p + i) * series[t - 1 - i];
        series[t] = mean + params[3].get_as_double(b * steps + t - p);
      }
    }
  }
};

class Garch11RV final : public RandomVariable {
 public:
  Garch11RV()
      : RandomVariable("garch11", 1, {0, 0, 0, 0, 1}, DType::float64, true,
                     {"omega", "alpha_1", "beta_1", "initial_vol", "z"}) {}

  // PyMC's check_parameters condition, as a draw's error.
  void check_parameters(const std::vector<Array>& params) const override {
    const char* names[] = {"omega", "alpha_1", "beta_1"};
    for (int i = 0; i < 3; ++i)
      for (std::int64_t k = 0; k < params[i].size(); ++k) {
        const double v = params[i].get_as_double(k);
        if (!(i == 0 ? v > 0 : v >= 0))
          throw_parameter_error("garch11", "omega > 0, alpha_1 >= 0, beta_1 >= 0",
                                std::string(names[i]) + " = " + format_parameter(v));
      }
  }

 protected:
  StaticShape support_static_shape(const std::vector<Var>& params) const override {
    return {params[4].type().shape().back()};
  }
  Shape support_shape(const std::vector<Array>& params) const override { return {params[4].shape().back()}; }
  void draw(GeneratorState&, const std::vector<Array>& params, Array& out) const override {
    const std::int64_t length = out.shape().back();
    const std::int64_t batch = length == 0 ? 0 : out.size() / length;
    double* y = out.data<double>();
    for (std::int64_t b = 0; b < batch; ++b) {
      const double omega = params[0].get_as_double(b), alpha = params[1].get_as_double(b),
                   beta = params[2].get_as_double(b);
      double vol = params[3].get_as_double(b);
      for (std::int64_t t = 0; t < length; ++t) {
        if (t > 0) {
          const double prev = y[b * length + t - 1];
          vol = std::sqrt(omega + alpha * prev * prev + beta * vol * vol);
        }
        y[b * length + t] = vol * params[4].get_as_double(b * length + t);
      }
    }
  }
};

}  // namespace

std::shared_ptr<const RandomVariable> random_walk_random_variable(const std::string& rv_name, int innovation_ndim_supp) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const RandomVariable>> ops;
  std::lock_guard lock(mutex);
  auto& op = ops[rv_name];
  if (!op) op = std::make_shared<RandomWalkRV>(rv_name, innovation_ndim_supp);
  return op;
}

std::shared_ptr<const RandomVariable> ar_random_variable() {
  static const auto op = std::make_shared<AutoRegressiveRV>();
  return op;
}

std::shared_ptr<const RandomVariable> garch11_random_variable() {
  static const auto op = std::make_shared<Garch11RV>();
  return op;
}

}  // namespace kiln::random
