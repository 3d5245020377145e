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

// An angle wrapped into [-pi, pi]; the value itself going back (PyMC's CircularTransform),
// so the log-Jacobian is 0.
class CircularTransform final : public Transform {
 public:
  std::string name() const override { return "circular"; }
  Var forward(const Var& x) const override { return kt::arctan2(kt::sin(x), kt::cos(x)); }
  Var backward(const Var& y) const override { return y; }
  Var log_jac_det(const Var& y) const override { return kt::zeros_like(y); }
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

// The one-sided forms of PyMC's interval transform, which keeps its name: x_interval__.
class LowerBoundTransform final : public Transform {
 public:
  explicit LowerBoundTransform(Var lower) : lower_(std::move(lower)) {}
  std::string name() const override { return "interval"; }
  Var forward(const Var& x) const override { return kt::log(x - lower_); }
  Var backward(const Var& y) const override { return lower_ + kt::exp(y); }
  Var log_jac_det(const Var& y) const override { return y; }

 private:
  Var lower_;
};

class UpperBoundTransform final : public Transform {
 public:
  explicit UpperBoundTransform(Var upper) : upper_(std::move(upper)) {}
  std::string name() const override { return "interval"; }
  Var forward(const Var& x) const override { return kt::log(upper_ - x); }
  Var backward(const Var& y) const override { return upper_ - kt::exp(y); }
  Var log_jac_det(const Var& y) const override { return y; }

 private:
  Var upper_;
};

// The transforms of a support vector work along the last axis: a matrix is a batch of rows.
Var last_axis_sum(const Var& v, bool keepdims = false) { return kt::sum(v, std::vector<int>{v.ndim() - 1}, keepdims); }
Var last_axis_max(const Var& v) { return kt::max(v, std::vector<int>{v.ndim() - 1}, true); }
Var last_axis_length(const Var& v) { return kt::cast(kt::shape(v)[v.ndim() - 1], DType::float64); }
Var join_last_axis(const std::vector<Var>& parts) { return kt::concatenate(parts, parts[0].ndim() - 1); }

// v[..., start:stop].
Var last_axis_slice(const Var& v, std::optional<std::int64_t> start, std::optional<std::int64_t> stop) {
  std::vector<kt::Index> index(static_cast<std::size_t>(v.ndim() - 1),
                               kt::Index(kt::slice(std::nullopt, std::nullopt)));
  index.push_back(kt::slice(start, stop));
  return kt::subtensor(v, index);
}

void require_axis(const Var& v, const char* transform) {
  if (v.ndim() == 0)
    throw TypeError(std::string(transform) + " transform: needs a value with a last axis to work along, got " +
                    v.type().str());
}

// PyMC's SimplexTransform: y = log(x[..., :-1]) - mean(log x); backward appends -sum(y) and
// takes a softmax, along the last axis.
class SimplexTransform final : public Transform {
 public:
  std::string name() const override { return "simplex"; }
  int ndim_supp() const override { return 1; }
  std::int64_t unconstrained_length(std::int64_t n) const override { return n - 1; }
  Var forward(const Var& x) const override {
    require_axis(x, "simplex");
    Var log_x = kt::log(x);
    return last_axis_slice(log_x, std::nullopt, -1) - last_axis_sum(log_x, true) / last_axis_length(x);
  }
  Var backward(const Var& y) const override {
    require_axis(y, "simplex");
    Var full = join_last_axis({y, -last_axis_sum(y, true)});
    Var e = kt::exp(full - last_axis_max(full));
    return e / last_axis_sum(e, true);
  }
  Var log_jac_det(const Var& y) const override {
    require_axis(y, "simplex");
    Var n = last_axis_length(y) + 1.0;
    Var s = last_axis_sum(y, true);
    Var expanded = join_last_axis({y + s, kt::zeros_like(s)});
    Var m = last_axis_max(expanded);
    Var lse = kt::log(last_axis_sum(kt::exp(expanded - m), true)) + m;
    return last_axis_sum(kt::log(n) + n * s - n * lse);
  }
};

// y = (x0, log(x1 - x0), log(x2 - x1), ...) along the last axis; backward is a cumulative sum,
// done as a product with a triangular matrix of ones (kiln has no cumsum op), so the last
// axis's length must be known.
class OrderedTransform final : public Transform {
 public:
  std::string name() const override { return "ordered"; }
  int ndim_supp() const override { return 1; }
  Var forward(const Var& x) const override {
    require_axis(x, "ordered");
    return join_last_axis({last_axis_slice(x, 0, 1),
                           kt::log(last_axis_slice(x, 1, std::nullopt) - last_axis_slice(x, std::nullopt, -1))});
  }
  Var backward(const Var& y) const override {
    require_axis(y, "ordered");
    const auto& n = y.type().shape().back();
    if (!n)
      throw TypeError("ordered transform: needs a value whose last axis has a known length, got " + y.type().str());
    Var steps = join_last_axis({last_axis_slice(y, 0, 1), kt::exp(last_axis_slice(y, 1, std::nullopt))});
    return cumulative_sum(steps, *n);
  }
  Var log_jac_det(const Var& y) const override {
    require_axis(y, "ordered");
    return last_axis_sum(last_axis_slice(y, 1, std::nullopt));
  }

 private:
  // sum_{j <= i} v[..., j]: L v for a vector (L lower triangular), rows times L^T for a batch.
  static Var cumulative_sum(const Var& v, std::int64_t n) {
    Array lower = Array::zeros(DType::float64, {n, n});
    for (std::int64_t i = 0; i < n; ++i)
      for (std::int64_t j = 0; j <= i; ++j) lower.set_from_double(i * n + j, 1.0);
    if (v.ndim() == 1) return kt::dot(Var(lower), v);
    Var rows = v.ndim() == 2 ? v : kt::reshape(v, std::vector<std::int64_t>{-1, n});
    Var summed = kt::dot(rows, kt::transpose(Var(lower)));
    return v.ndim() == 2 ? summed : kt::reshape(summed, kt::shape(v));
  }
};

}  // namespace

namespace transforms {

const TransformPtr log = std::make_shared<LogTransform>();
const TransformPtr logodds = std::make_shared<IntervalTransform>(Var(0.0), Var(1.0), "logodds");
const TransformPtr simplex = std::make_shared<SimplexTransform>();
const TransformPtr ordered = std::make_shared<OrderedTransform>();
const TransformPtr circular = std::make_shared<CircularTransform>();

TransformPtr interval(Var lower, Var upper) {
  return std::make_shared<IntervalTransform>(std::move(lower), std::move(upper), "interval");
}
TransformPtr lower_bound(Var lower) { return std::make_shared<LowerBoundTransform>(std::move(lower)); }
TransformPtr upper_bound(Var upper) { return std::make_shared<UpperBoundTransform>(std::move(upper)); }

}  // namespace transforms

}  // namespace kiln::pm
