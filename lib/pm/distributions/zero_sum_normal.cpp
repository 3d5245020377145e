// ZeroSumNormal(sigma, n_zerosum_axes, support_shape): PyMC's normal log-density on the zero-sum
// subspace (its degrees of freedom prod(K - 1) over the zero-sum axes' lengths K), the zero-sum
// transform (PyMC's extend_axis / extend_axis_rev), and the draws of random/rv_gaussian_fields.
#include "pm/distributions/distribution.hpp"

#include <kiln/pm/model.hpp>
#include <kiln/pm/multivariate.hpp>
#include <kiln/shared.hpp>

#include "random/rv_gaussian_fields.hpp"

#include <cmath>
#include <numbers>

namespace kiln::pm {

namespace detail {
namespace {

// The number of zero-sum axes of a ZeroSumNormal's params: support_shape's constant length.
int zerosum_axes(const std::vector<Var>& p) { return static_cast<int>(*p[1].type().shape()[0]); }

std::vector<int> last_axes(const Var& v, int n) {
  std::vector<int> axes;
  for (int a = v.ndim() - n; a < v.ndim(); ++a) axes.push_back(a);
  return axes;
}

Var axis_length(const Var& v, int axis) { return kt::cast(kt::shape(v)[axis], DType::float64); }

// v[..., start:stop, ...] along `axis`.
Var axis_slice(const Var& v, int axis, std::optional<std::int64_t> start, std::optional<std::int64_t> stop) {
  std::vector<kt::Index> index(static_cast<std::size_t>(axis), kt::Index(kt::slice(std::nullopt, std::nullopt)));
  index.push_back(kt::slice(start, stop));
  return kt::subtensor(v, index);
}

// PyMC's ZeroSumTransform.extend_axis_rev: drops the last entry along `axis` after a shift that
// maps the zero-sum subspace isometrically onto R^(K - 1).
Var extend_axis_rev(const Var& x, int axis) {
  Var n = axis_length(x, axis);
  Var sum_vals = -axis_slice(x, axis, -1, std::nullopt) * kt::sqrt(n);
  Var norm = sum_vals / (kt::sqrt(n) + n);
  return axis_slice(x, axis, std::nullopt, -1) + norm;
}

// PyMC's ZeroSumTransform.extend_axis: its inverse, appending the entry that makes the sum zero.
Var extend_axis(const Var& y, int axis) {
  Var n = axis_length(y, axis) + 1.0;
  Var sum_vals = kt::sum(y, std::vector<int>{axis}, true);
  Var norm = sum_vals / (kt::sqrt(n) + n);
  Var fill = norm - sum_vals / kt::sqrt(n);
  return kt::concatenate({y, fill}, axis) - norm;
}

// The last n axes, the next-to-last first, as PyMC's zerosum_axes = (-n, ..., -1).
class ZeroSumTransform final : public Transform {
 public:
  explicit ZeroSumTransform(int n) : n_(n) {}
  std::string name() const override { return "zerosum"; }
  int ndim_supp() const override { return n_; }
  std::int64_t unconstrained_length(std::int64_t k) const override { return k - 1; }
  Var forward(const Var& x) const override {
    require_axes(x);
    Var y = x;
    for (int a : last_axes(x, n_)) y = extend_axis_rev(y, a);
    return y;
  }
  Var backward(const Var& y) const override {
    require_axes(y);
    Var x = y;
    for (int a : last_axes(y, n_)) x = extend_axis(x, a);
    return x;
  }
  // Both directions are isometries between R^(K - 1) and the zero-sum subspace.
  Var log_jac_det(const Var&) const override { return Var(0.0); }

 private:
  void require_axes(const Var& v) const {
    if (v.ndim() < n_)
      throw TypeError("zerosum transform: needs a value with " + std::to_string(n_) + " zero-sum axes, got " + v.type().str());
  }
  int n_;
};

Var logp(const Var& value, const std::vector<Var>& p) {
  const Var& sigma = p[0];
  const int n = zerosum_axes(p);
  const std::vector<int> axes = last_axes(value, n);
  // PyMC's _degrees_of_freedom / _full_size: the batch dims cancel.
  Var dof_ratio(1.0);
  for (int a : axes) dof_ratio = dof_ratio * (axis_length(value, a) - 1.0) / axis_length(value, a);
  Var res = kt::sum(-0.5 * kt::sqr(value / sigma) - (std::log(std::sqrt(2.0 * std::numbers::pi)) + kt::log(sigma)) * dof_ratio,
                    std::vector<int>(axes));
  // PyMC's pt.isclose(mean, 0, atol=1e-9), along each zero-sum axis (the last first).
  std::vector<Var> zero_sums;
  for (int k = 0; k < n; ++k) zero_sums.push_back(kt::le(kt::abs(kt::mean(value, value.ndim() - 1 - k)), 1e-9));
  return check_parameters(res, zero_sums, "mean(value, axis=n_zerosum_axes) = 0");
}

Var moment(const std::vector<Var>&) { return Var(0.0); }

TransformPtr transform(const std::vector<Var>& p) { return std::make_shared<ZeroSumTransform>(zerosum_axes(p)); }

// The zero-sum axes' lengths from the dims or the observed data, as PyMC's get_support_shape.
Shape implied_support_shape(const VarOptions& options, int n) {
  Shape shape;
  if (!options.dims.empty() && Model::current() != nullptr)
    shape = Model::current()->dims_shape(options.dims);
  else if (options.observed && options.observed->is_shared())
    shape = get_value(*options.observed).shape();
  else if (options.observed && options.observed->is_constant())
    shape = options.observed->constant_value().shape();
  else
    return {};
  if (static_cast<int>(shape.size()) < n)
    throw InputError("ZeroSumNormal: the " + std::string(options.dims.empty() ? "observed data's" : "dims'") + " shape " +
                     shape_string(shape) + " has fewer axes than n_zerosum_axes = " + std::to_string(n));
  return Shape(shape.end() - n, shape.end());
}

}  // namespace

const DistributionInfo& zero_sum_normal_info() {
  static const DistributionInfo info{"ZeroSumNormal", "ZeroSumNormal", "zerosumnormal", logp, nullptr, moment, transform};
  return info;
}

}  // namespace detail

Var ZeroSumNormal::dist(Var sigma, int n_zerosum_axes, Shape support_shape, const DistOptions& options) {
  if (n_zerosum_axes <= 0)
    throw InputError("ZeroSumNormal: n_zerosum_axes has to be > 0, got " + std::to_string(n_zerosum_axes));
  if (support_shape.empty()) throw InputError("ZeroSumNormal: You must specify dims, shape or support_shape parameter");
  if (static_cast<int>(support_shape.size()) != n_zerosum_axes)
    throw InputError("ZeroSumNormal: support_shape " + shape_string(support_shape) + " has to be as long as n_zerosum_axes = " +
                     std::to_string(n_zerosum_axes));
  for (std::int64_t k : support_shape)
    if (k < 1) throw InputError("ZeroSumNormal: support_shape must be positive, got " + shape_string(support_shape));
  // PyMC's atleast_Nd(sigma, n): leading axes, so sigma's last n axes are the zero-sum ones.
  sigma = detail::floatx(sigma);
  if (sigma.ndim() < n_zerosum_axes) {
    std::vector<int> order(static_cast<std::size_t>(n_zerosum_axes - sigma.ndim()), -1);
    for (int a = 0; a < sigma.ndim(); ++a) order.push_back(a);
    sigma = kt::dimshuffle(sigma, order);
  }
  const auto& sigma_shape = sigma.type().shape();
  for (std::size_t d = sigma_shape.size() - static_cast<std::size_t>(n_zerosum_axes); d < sigma_shape.size(); ++d)
    if (sigma_shape[d] != std::optional<std::int64_t>(1))
      throw InputError("ZeroSumNormal: sigma must have length one across the zero-sum axes, got " + sigma.type().str());
  return detail::make_rv(random::zero_sum_normal_random_variable(n_zerosum_axes),
                         {sigma, make_constant(Array(std::vector<std::int64_t>(support_shape.begin(), support_shape.end())))}, options);
}

ZeroSumNormal::ZeroSumNormal(std::string name, Var sigma, int n_zerosum_axes, Shape support_shape,
                             const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) {
        if (support_shape.empty() && n_zerosum_axes > 0) support_shape = detail::implied_support_shape(options, n_zerosum_axes);
        return dist(sigma, n_zerosum_axes, support_shape, d);
      })) {}

}  // namespace kiln::pm
