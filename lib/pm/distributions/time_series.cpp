// The time series records by rv_name, and the pieces their files share (time_series.hpp).
#include "pm/distributions/time_series.hpp"

#include <kiln/pm/model.hpp>
#include <kiln/shared.hpp>

#include "random/rv_time_series.hpp"

#include <array>

namespace kiln::pm::detail {

namespace {

using InfoFn = const DistributionInfo& (*)();

constexpr auto time_series = std::to_array<InfoFn>(
    {gaussian_random_walk_info, random_walk_info, mv_gaussian_random_walk_info, ar_info, garch11_info});

Shape known(const char* series, const StaticShape& shape) {
  Shape out;
  for (const auto& d : shape) {
    if (!d) throw InputError(std::string(series) + ": the batch and series lengths must be static (give size, dims or steps)");
    out.push_back(*d);
  }
  return out;
}

}  // namespace

const DistributionInfo* time_series_distribution(const std::string& rv_name) {
  for (InfoFn info : time_series)
    if (rv_name == info().rv_name) return &info();
  return nullptr;
}

Var resized(const char* series, const char* what, const Var& dist, const Shape& size, const Shape& extra) {
  if (!is_random_variable(dist))
    throw InputError(std::string(series) + ": " + what + " must be a distribution's .dist(...), got " +
                     (dist ? to_string(dist) : std::string("nothing")));
  if (!dist.name().empty())
    throw InputError(std::string(series) + ": " + what + " must be an unregistered .dist(...), not the model variable '" +
                     dist.name() + "'");
  const random::RandomVariable* op = rv_op(dist);
  std::vector<Var> params = rv_params(dist);
  for (std::size_t i = 0; i < params.size(); ++i) {
    const int core = op->ndims_params()[i];
    for (std::size_t e = 0; e < extra.size() && params[i].ndim() > core; ++e) {
      const int n = static_cast<int>(params[i].ndim()), at = n - core;
      std::vector<int> order;
      for (int d = 0; d < n; ++d) {
        if (d == at) order.push_back(-1);
        order.push_back(d);
      }
      if (core == 0) order.push_back(-1);
      params[i] = kt::dimshuffle(params[i], order);
    }
  }
  Shape full = size;
  full.insert(full.end(), extra.begin(), extra.end());
  auto shared_op = std::dynamic_pointer_cast<const random::RandomVariable>(dist.owner()->op_ptr());
  return make_rv(std::move(shared_op), std::move(params), {.size = full, .rng = dist.owner()->inputs()[0]});
}

StaticShape batch_of(const Var& param, int core) {
  const StaticShape& shape = param.type().shape();
  return {shape.begin(), shape.end() - core};
}

Shape series_batch(const char* series, const DistOptions& options, const std::vector<StaticShape>& shapes) {
  if (!options.size.empty()) return options.size;
  std::size_t n = 0;
  for (const auto& s : shapes) n = std::max(n, s.size());
  Shape out(n, 1);
  for (const auto& s : shapes)
    for (std::size_t i = 0; i < s.size(); ++i) {
      const std::int64_t d = known(series, {s[i]})[0];
      std::int64_t& o = out[n - s.size() + i];
      if (d != 1 && o != 1 && d != o)
        throw InputError(std::string(series) + ": the parameters' batch shapes do not broadcast");
      if (d != 1) o = d;
    }
  return out;
}

std::int64_t series_steps(const char* series, std::int64_t steps, const VarOptions& options, std::int64_t offset,
                          int supp_after) {
  if (steps >= 0) return steps;
  std::optional<std::int64_t> length;
  const auto axis = static_cast<std::size_t>(supp_after) + 1;
  if (options.dims.size() >= axis) {
    const std::string& dim = options.dims[options.dims.size() - axis];
    if (Model* model = Model::current(); model && model->coords().contains(dim)) length = model->dims_shape({dim})[0];
  }
  if (!length && options.observed) {
    const Var& data = *options.observed;
    const Shape shape = data.is_constant() ? data.constant_value().shape()
                        : data.is_shared()  ? get_value(data).shape()
                                            : known(series, data.type().shape());
    if (shape.size() >= axis) length = shape[shape.size() - axis];
  }
  if (!length) throw InputError(std::string(series) + ": give steps, or dims or observed data that fix the series' length");
  if (*length < offset + 1)
    throw InputError(std::string(series) + ": the series has " + std::to_string(*length) + " values, it needs at least " +
                     std::to_string(offset + 1));
  return *length - offset;
}

Var along(const Var& x, int from_end, const kt::Index& index) {
  std::vector<kt::Index> idx(static_cast<std::size_t>(x.ndim() - 1 - from_end), kt::Index(kt::slice(std::nullopt, std::nullopt)));
  idx.push_back(index);
  return kt::subtensor(x, idx);
}

Var expand_last(const Var& x) {
  std::vector<int> order;
  for (int d = 0; d < x.ndim(); ++d) order.push_back(d);
  order.push_back(-1);
  return kt::dimshuffle(x, order);
}

Var broadcast_static(const Var& x, const Shape& shape) { return x * make_constant(Array::full(DType::float64, shape, 1.0)); }

// x[..., t, rest] summed over j <= t, as a product with a constant lower triangle of ones: one
// node whatever the length (the time axes are short, and moments are evaluated once).
Var cumsum_along(const Var& x, int from_end) {
  const int axis = static_cast<int>(x.ndim()) - 1 - from_end;
  const std::int64_t n = known("cumsum", {x.type().shape()[static_cast<std::size_t>(axis)]})[0];
  Shape shape{n, n};
  shape.insert(shape.end(), static_cast<std::size_t>(from_end), 1);
  Array lower = Array::zeros(DType::float64, shape);
  for (std::int64_t t = 0; t < n; ++t)
    for (std::int64_t j = 0; j <= t; ++j) lower.data<double>()[t * n + j] = 1.0;
  std::vector<int> order;
  for (int d = 0; d < x.ndim(); ++d) {
    if (d == axis) order.push_back(-1);
    order.push_back(d);
  }
  return kt::sum(kt::dimshuffle(x, order) * make_constant(lower), axis + 1);
}

Var random_walk_logp(const Var& value, const std::vector<Var>& p) {
  const Var &init = p[0], &innovations = p[1];
  const int supp = rv_op(innovations)->ndim_supp();
  Var diffs = along(value, supp, kt::slice(1, std::nullopt)) - along(value, supp, kt::slice(std::nullopt, -1));
  Var init_logp = distribution_of(init).logp(along(value, supp, 0), rv_params(init));
  Var innovation_logp = distribution_of(innovations).logp(diffs, rv_params(innovations));
  return init_logp + kt::sum(innovation_logp, static_cast<int>(innovation_logp.ndim()) - 1);
}

// PyMC's: the cumulative sum of the init's moment and the innovations'.
Var random_walk_moment(const std::vector<Var>& p) {
  const Var &init = p[0], &innovations = p[1];
  const int supp = rv_op(innovations)->ndim_supp();
  Var init_moment = broadcast_static(distribution_of(init).moment(rv_params(init)), known("RandomWalk", init.type().shape()));
  Var innovation_moment = broadcast_static(distribution_of(innovations).moment(rv_params(innovations)),
                                           known("RandomWalk", innovations.type().shape()));
  std::vector<int> order;
  const int n = static_cast<int>(init_moment.ndim());
  for (int d = 0; d < n; ++d) {
    if (d == n - supp) order.push_back(-1);
    order.push_back(d);
  }
  if (supp == 0) order.push_back(-1);
  const int time_axis = static_cast<int>(innovation_moment.ndim()) - 1 - supp;
  return cumsum_along(kt::concatenate({kt::dimshuffle(init_moment, order), innovation_moment}, time_axis), supp);
}

Var make_random_walk(const char* rv_name, const Var& init, const Var& innovations, const DistOptions& options) {
  const int supp = rv_op(innovations)->ndim_supp();
  if (rv_op(init)->ndim_supp() != supp)
    throw InputError(std::string(rv_name) + ": init_dist and innovation_dist must have the same support dimensionality");
  if (!is_float(init.dtype()) || !is_float(innovations.dtype()))
    throw InputError(std::string(rv_name) + ": init_dist and innovation_dist must be continuous");
  return make_rv(random::random_walk_random_variable(rv_name, supp), {init, innovations}, {.size = options.size});
}

}  // namespace kiln::pm::detail
