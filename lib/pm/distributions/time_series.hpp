// What the time series files share: sizing the init and innovation distributions a series is
// built from, its length from dims or data, slicing along the time axis, and the random walks'
// logp and moment (GaussianRandomWalk, RandomWalk and MvGaussianRandomWalk differ only in how
// they build their innovations).
#pragma once

#include <kiln/pm/timeseries.hpp>

#include "pm/distributions/distribution.hpp"

#include <cstdint>
#include <string>

namespace kiln::pm::detail {

const DistributionInfo& gaussian_random_walk_info();
const DistributionInfo& random_walk_info();
const DistributionInfo& mv_gaussian_random_walk_info();
const DistributionInfo& ar_info();
const DistributionInfo& garch11_info();
// The record of a time series op by its rv_name, or null (time_series.cpp).
const DistributionInfo* time_series_distribution(const std::string& rv_name);

// `dist` (an unregistered `.dist(...)`) rebuilt with batch shape `size` + `extra`: params with
// batch dims get a new axis before their core dims for each extra axis, so a param per series
// stays one per series along the new axes. Keeps dist's generator. `what` names the argument.
Var resized(const char* series, const char* what, const Var& dist, const Shape& size, const Shape& extra);
// The batch shape: options.size, or the broadcast of `shapes`, which must be static.
Shape series_batch(const char* series, const DistOptions& options, const std::vector<StaticShape>& shapes);
// The batch part of a param's static shape (without its `core` trailing dims).
StaticShape batch_of(const Var& param, int core = 0);
// `steps`, or (when -1) the length the dims or observed data give the time axis (the one
// `supp_after` axes before the last) minus `offset` values that are not steps.
std::int64_t series_steps(const char* series, std::int64_t steps, const VarOptions& options, std::int64_t offset,
                          int supp_after = 0);
// x indexed along the axis `from_end` axes before its last (0: the last axis).
Var along(const Var& x, int from_end, const kt::Index& index);
// x with a new length-1 axis appended.
Var expand_last(const Var& x);
// x broadcast to a static shape.
Var broadcast_static(const Var& x, const Shape& shape);
// The cumulative sum of x along the axis `from_end` axes before its last (static length).
Var cumsum_along(const Var& x, int from_end);

// The random walks: params (init, innovations).
Var random_walk_logp(const Var& value, const std::vector<Var>& params);
Var random_walk_moment(const std::vector<Var>& params);
// The random walk node from a sized init (batch + support) and innovations (batch + (steps,) + support).
Var make_random_walk(const char* rv_name, const Var& init, const Var& innovations, const DistOptions& options);

}  // namespace kiln::pm::detail
