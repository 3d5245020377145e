// The transforms of transforms.hpp: forward, backward and log-Jacobian graphs, as PyMC's.
#include <kiln/pm/transforms.hpp>
#include <kiln/tensor.hpp>

#include <cmath>

namespace kiln::pm {

namespace kt = kiln::tensor;

namespace {

class LogTransform final : public Transform {
 public:
  std::string name() const override { return "log"; }
  Var forward(const Var& x) const override { return kt::log(x); }
  Var backward(const Var& y) const override { return kt::exp(y); }
  Var log_jac_det(const Var& y) const override { return y; }
};

// lower + (upper - lower) * sigmoid(y); log-Jacobian log(upper - lower) + log sigmoid(y) + log sigmoid(-y).
class IntervalTransform final : public Transform {
 public:
  IntervalTransform(Var lower, Var upper, std::string name)
      : lower_(std::move(lower)), upper_(std::move(upper)), name_(std::move(name)) {}
  std::string name() const override { return name_; }
  Var forward(const Var& x) const override { return kt::log(x - lower_) - kt::log(upper_ - x); }
  Var backward(const Var& y) const override { return lower_ + (upper_ - lower_) * kt::sigmoid(y); }
  Var log_jac_det(const Var& y) const override {
    return kt::log(upper_ - lower_) - kt::softplus(-y) - kt::softplus(y);
  }

 private:
  Var lower_, upper_;
  std::string name_;
};

class LowerBoundTransform final : public Transform {
 public:
  explicit LowerBoundTransform(Var lower) : lower_(std::move(lower)) {}
  std::string name() const override { return "lowerbound"; }
  Var forward(const Var& x) const override { return kt::log(x - lower_); }
  Var backward(const Var& y) const override { return lower_ + kt::exp(y); }
  Var log_jac_det(const Var& y) const override { return y; }

 private:
  Var lower_;
};

class UpperBoundTransform final : public Transform {
 public:
  explicit UpperBoundTransform(Var upper) : upper_(std::move(upper)) {}
  std::string name() const override { return "upperbound"; }
  Var forward(const Var& x) const override { return kt::log(upper_ - x); }
  Var backward(const Var& y) const override { return upper_ - kt::exp(y); }
  Var log_jac_det(const Var& y) const override { return y; }

 private:
  Var upper_;
};

Var last_axis_sum(const Var& v, bool keepdims = false) { return kt::sum(v, std::vector<int>{v.ndim() - 1}, keepdims); }
Var last_axis_max(const Var& v) { return kt::max(v, std::vector<int>{v.ndim() - 1}, true); }

// PyMC's SimplexTransform on vectors: y = log(x[:-1]) - mean(log x); backward appends
// -sum(y) and takes a softmax.
class SimplexTransform final : public Transform {
 public:
  std::string name() const override { return "simplex"; }
  int ndim_supp() const override { return 1; }
  std::int64_t unconstrained_length(std::int64_t n) const override { return n - 1; }
  Var forward(const Var& x) const override {
    require_vector(x);
    Var log_x = kt::log(x);
    Var n = kt::cast(kt::shape(x)[0], DType::float64);
    return log_x[kt::slice(std::nullopt, -1)] - last_axis_sum(log_x) / n;
  }
  Var backward(const Var& y) const override {
    require_vector(y);
    Var full = kt::concatenate({y, kt::reshape(-last_axis_sum(y), std::vector<std::int64_t>{1})});
    Var e = kt::exp(full - last_axis_max(full));
    return e / last_axis_sum(e, true);
  }
  Var log_jac_det(const Var& y) const override {
    require_vector(y);
    Var n = kt::cast(kt::shape(y)[0], DType::float64) + 1.0;
    Var s = last_axis_sum(y);
    Var expanded = kt::concatenate({y + s, Var(Array(std::vector<double>{0.0}))});
    Var m = last_axis_max(expanded);
    Var lse = kt::log(last_axis_sum(kt::exp(expanded - m))) + kt::sum(m);
    return kt::log(n) + n * s - n * lse;
  }

 private:
  static void require_vector(const Var& v) {
    if (v.ndim() != 1) throw Error("simplex transform: only vectors are supported, got " + v.type().str());
  }
};

// y = (x0, log(x1 - x0), log(x2 - x1), ...); backward is a cumulative sum, done as a dot with a
// lower-triangular matrix of ones (kiln has no cumsum op), so the length must be known.
class OrderedTransform final : public Transform {
 public:
  std::string name() const override { return "ordered"; }
  int ndim_supp() const override { return 1; }
  Var forward(const Var& x) const override {
    return kt::concatenate({x[kt::slice(0, 1)], kt::log(x[kt::slice(1, std::nullopt)] - x[kt::slice(std::nullopt, -1)])});
  }
  Var backward(const Var& y) const override {
    const auto& shape = y.type().shape();
    if (y.ndim() != 1 || !shape[0]) throw Error("ordered transform: needs a vector of known length, got " + y.type().str());
    const std::int64_t n = *shape[0];
    Array ones = Array::zeros(DType::float64, {n, n});
    for (std::int64_t i = 0; i < n; ++i)
      for (std::int64_t j = 0; j <= i; ++j) ones.set_from_double(i * n + j, 1.0);
    Var steps = kt::concatenate({y[kt::slice(0, 1)], kt::exp(y[kt::slice(1, std::nullopt)])});
    return kt::dot(Var(ones), steps);
  }
  Var log_jac_det(const Var& y) const override { return kt::sum(y[kt::slice(1, std::nullopt)]); }
};

}  // namespace

namespace transforms {

const TransformPtr log = std::make_shared<LogTransform>();
const TransformPtr logodds = std::make_shared<IntervalTransform>(Var(0.0), Var(1.0), "logodds");
const TransformPtr simplex = std::make_shared<SimplexTransform>();
const TransformPtr ordered = std::make_shared<OrderedTransform>();

TransformPtr interval(Var lower, Var upper) {
  return std::make_shared<IntervalTransform>(std::move(lower), std::move(upper), "interval");
}
TransformPtr lower_bound(Var lower) { return std::make_shared<LowerBoundTransform>(std::move(lower)); }
TransformPtr upper_bound(Var upper) { return std::make_shared<UpperBoundTransform>(std::move(upper)); }

}  // namespace transforms

}  // namespace kiln::pm
