// The distributions Censored and Truncated wrap: every scalar distribution with a logcdf, each
// with whether its values are counts. `wrap_all<Wrapper>()` instantiates Wrapper<info, discrete>
// for each and lists their records' makers, so each wrapper has one record per distribution.
#pragma once

#include "pm/distributions/distribution.hpp"

#include <array>

namespace kiln::pm::detail {

using InfoFn = const DistributionInfo& (*)();

template <template <InfoFn, bool> class Wrapper>
constexpr auto wrap_all() {
  return std::to_array<InfoFn>({
      Wrapper<normal_info, false>::info,           Wrapper<halfnormal_info, false>::info,
      Wrapper<studentt_info, false>::info,         Wrapper<cauchy_info, false>::info,
      Wrapper<halfcauchy_info, false>::info,       Wrapper<laplace_info, false>::info,
      Wrapper<logistic_info, false>::info,         Wrapper<lognormal_info, false>::info,
      Wrapper<exponential_info, false>::info,      Wrapper<gamma_info, false>::info,
      Wrapper<inverse_gamma_info, false>::info,    Wrapper<beta_info, false>::info,
      Wrapper<uniform_info, false>::info,          Wrapper<weibull_info, false>::info,
      Wrapper<gumbel_info, false>::info,           Wrapper<exgaussian_info, false>::info,
      Wrapper<kumaraswamy_info, false>::info,      Wrapper<moyal_info, false>::info,
      Wrapper<skew_studentt_info, false>::info,    Wrapper<wald_info, false>::info,
      Wrapper<poisson_info, true>::info,           Wrapper<binomial_info, true>::info,
      Wrapper<negative_binomial_info, true>::info, Wrapper<geometric_info, true>::info,
      Wrapper<discrete_weibull_info, true>::info,
  });
}

// The record among `records` whose rv_name is `rv_name`, or null.
template <class Records>
const DistributionInfo* find_record(const Records& records, const std::string& rv_name) {
  for (InfoFn info : records)
    if (rv_name == info().rv_name) return &info();
  return nullptr;
}

}  // namespace kiln::pm::detail
