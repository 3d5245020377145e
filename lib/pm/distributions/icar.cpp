// ICAR(W, sigma, zero_sum_stdev): PyMC's intrinsic conditional autoregression. W is checked and
// turned into its edge list (the lower triangle's ones, in NumPy's nonzero order) when the graph
// is built, as PyMC's checks force W to be a constant; ICAR has no draws.
#include "pm/distributions/distribution.hpp"

#include <kiln/pm/multivariate.hpp>

#include "random/rv_gaussian_fields.hpp"

#include <cmath>
#include <numbers>
#include <sstream>

namespace kiln::pm {

namespace detail {
namespace {

// value with its last axis first, so an edge list indexes it along axis 0.
Var nodes_first(const Var& value) {
  if (value.ndim() == 1) return value;
  std::vector<int> order{value.ndim() - 1};
  for (int a = 0; a + 1 < value.ndim(); ++a) order.push_back(a);
  return kt::dimshuffle(value, order);
}

Var logp(const Var& value, const std::vector<Var>& p) {
  const Var &W = p[0], &sigma = p[1], &zero_sum_stdev = p[2];
  const Array adjacency = W.constant_value();
  const std::int64_t N = adjacency.shape()[0];
  if (value.ndim() == 0) throw TypeError("ICAR: the value must have a last axis of length " + std::to_string(N));
  if (const auto& k = value.type().shape().back(); k && *k != N)
    throw InputError("ICAR: the value has " + std::to_string(*k) + " entries along its last axis, but W is " +
                     std::to_string(N) + " x " + std::to_string(N));
  std::vector<std::int64_t> node1, node2;
  for (std::int64_t i = 0; i < N; ++i)
    for (std::int64_t j = 0; j <= i; ++j)
      if (adjacency.get_as_int(i * N + j) == 1) node1.push_back(i), node2.push_back(j);
  const int axis = value.ndim() - 1;
  Var pairwise(0.0);
  if (!node1.empty()) {
    Var nodes = nodes_first(value);
    Var diff = kt::advanced_subtensor(nodes, make_constant(Array(node1))) - kt::advanced_subtensor(nodes, make_constant(Array(node2)));
    pairwise = (-1.0 / (2.0 * kt::sqr(sigma))) * kt::sum(kt::sqr(diff), 0);
  }
  Var scale = zero_sum_stdev * static_cast<double>(N);
  Var zero_sum = -0.5 * kt::sqr(kt::sum(value, axis) / scale) - std::log(std::sqrt(2.0 * std::numbers::pi)) - kt::log(scale);
  return check_parameters(pairwise + zero_sum, {sigma > 0}, "sigma > 0");
}

Var moment(const std::vector<Var>&) { return Var(0.0); }

std::string number(double x) {
  std::ostringstream out;
  out << x;
  return out.str();
}

// PyMC's ICAR.dist checks, which need W's values.
Var checked_adjacency(const Var& W) {
  if (!W.is_constant()) throw InputError("ICAR: W must be a constant matrix (its checks and edge list need its values), got " + to_string(W));
  const Array a = W.constant_value();
  if (a.ndim() != 2) throw InputError("ICAR: W must be matrix with ndim=2, got shape " + shape_string(a.shape()));
  const std::int64_t n = a.shape()[0];
  if (a.shape()[1] != n) throw InputError("ICAR: W must be a square matrix, got shape " + shape_string(a.shape()));
  for (std::int64_t i = 0; i < n; ++i)
    for (std::int64_t j = 0; j < n; ++j) {
      const double x = a.get_as_double(i * n + j), t = a.get_as_double(j * n + i);
      if (!(std::fabs(x - t) <= 1e-8 + 1e-5 * std::fabs(t)))
        throw InputError("ICAR: W must be a symmetric matrix, but W[" + std::to_string(i) + ", " + std::to_string(j) +
                         "] != W[" + std::to_string(j) + ", " + std::to_string(i) + "]");
      if (x != 0 && x != 1)
        throw InputError("ICAR: W must be composed of only 1s and 0s, but W[" + std::to_string(i) + ", " + std::to_string(j) +
                         "] = " + number(x));
    }
  return make_constant(a.astype(DType::int64));
}

}  // namespace

const DistributionInfo& icar_info() {
  static const DistributionInfo info{"ICAR", "ICAR", "icar", logp, nullptr, moment, nullptr};
  return info;
}

}  // namespace detail

Var ICAR::dist(Var W, Var sigma, Var zero_sum_stdev, const DistOptions& options) {
  return detail::make_rv(random::icar_random_variable(),
                         {detail::checked_adjacency(W), detail::floatx(sigma), detail::floatx(zero_sum_stdev)}, options);
}

ICAR::ICAR(std::string name, Var W, Var sigma, Var zero_sum_stdev, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(W, sigma, zero_sum_stdev, d); })) {}

}  // namespace kiln::pm
