// The time series ops: each draw assembles the series from draws its parameters already hold.
#include "random/rv_time_series.hpp"

#include "random/parameter_checks.hpp"
#include "random/rv_batch_draw.hpp"

#include <kiln/errors.hpp>

#include <cmath>
#include <map>
#include <utility>
#include <mutex>
#include <vector>

namespace kiln::random {

namespace {

std::int64_t product(const Shape& shape, std::size_t from) {
  std::int64_t n = 1;
  for (std::size_t i = from; i < shape.size(); ++i) n *= shape[i];
  return n;
}

// ---- The batch-draw entries (rv_batch_draw.hpp): one series per batch element, read from the
// params at that element and written through the output's strides (params[n], the output). A
// random walk has none: its compiled code is the sum itself (jit/lower/random_walk.cpp).

std::int32_t autoregression(GeneratorState*, const void*, void* out, std::int64_t stride, std::int64_t, std::int64_t,
                            const DrawParam* params) {
  const DrawParam &rho = params[1], &init = params[2], &innov = params[3];
  const std::int64_t p = rho.extents[0], length = params[4].extents[0];
  double* series = static_cast<double*>(out);
  for (std::int64_t t = 0; t < p; ++t) series[t * stride] = param_real(init, t * init.strides[0]);
  const double c = param_real(params[0], 0);
  for (std::int64_t t = p; t < length; ++t) {
    double mean = c;
    for (std::int64_t i = 0; i < p; ++i) mean += param_real(rho, i * rho.strides[0]) * series[(t - 1 - i) * stride];
    series[t * stride] = mean + param_real(innov, (t - p) * innov.strides[0]);
  }
  return draw_done;
}

std::int32_t garch11(GeneratorState*, const void*, void* out, std::int64_t stride, std::int64_t, std::int64_t,
                     const DrawParam* params) {
  const double omega = param_real(params[0], 0), alpha = param_real(params[1], 0), beta = param_real(params[2], 0);
  if (!(omega > 0) || !(alpha >= 0) || !(beta >= 0)) return draw_bad_parameters;
  const DrawParam& z = params[4];
  const std::int64_t length = params[5].extents[0];
  double* y = static_cast<double*>(out);
  double vol = param_real(params[3], 0);
  for (std::int64_t t = 0; t < length; ++t) {
    if (t > 0) {
      const double prev = y[(t - 1) * stride];
      vol = std::sqrt(omega + alpha * prev * prev + beta * vol * vol);
    }
    y[t * stride] = vol * param_real(z, t * z.strides[0]);
  }
  return draw_done;
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
  void check_parameters(const std::vector<Array>& params) const override {
    check_parameter_shapes({params[0].shape(), params[1].shape(), params[2].shape(), params[3].shape()});
  }

  void check_parameter_shapes(const std::vector<Shape>& params) const override {
    const std::int64_t p = params[1].back();
    if (params[2].back() != p)
      throw ValueError("ar: init_dist has " + std::to_string(params[2].back()) + " values, rho " + std::to_string(p) + " lags");
  }

 protected:
  StaticShape support_static_shape(const std::vector<Var>& params) const override {
    const auto p = params[2].type().shape().back(), steps = params[3].type().shape().back();
    return {p && steps ? std::optional<std::int64_t>(*p + *steps) : std::nullopt};
  }
  Shape support_shape(const std::vector<Array>& params) const override {
    return {params[2].shape().back() + params[3].shape().back()};
  }
  const BatchDraw* batch_draw() const override {
    static const BatchDraw entries{{{"kiln_rv_ar", &autoregression}}};
    return &entries;
  }
  void draw(GeneratorState&, const std::vector<Array>& params, Array& out) const override {
    const std::int64_t p = params[1].shape().back(), length = out.shape().back(), steps = length - p;
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
  const BatchDraw* batch_draw() const override {
    static const BatchDraw entries{{{"kiln_rv_garch11", &garch11}}};
    return &entries;
  }
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
  static std::map<std::pair<std::string, int>, std::shared_ptr<const RandomVariable>> ops;
  std::lock_guard lock(mutex);
  auto& op = ops[{rv_name, innovation_ndim_supp}];  // one name serves scalar and vector walks
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
