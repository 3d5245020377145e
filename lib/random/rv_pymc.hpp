// RandomVariables PyMC builds around other distributions: Censored (a scalar distribution's
// draws clipped to [lower, upper]), Truncated (redrawn until inside [lower, upper]) and
// NormalMixture (a categorical component, then its normal).
#pragma once

#include "random/rv_op.hpp"

#include <memory>
#include <string_view>

namespace kiln::random {

// `inner` must be a scalar RandomVariable (ScalarRandomVariable); the op's params are inner's,
// then lower and upper, and its rv_name is "censored_" + inner's.
std::shared_ptr<const RandomVariable> censored_random_variable(const std::shared_ptr<const RandomVariable>& inner);

// The same for Truncated ("truncated_" + inner's rv_name); a draw that stays outside after 10000
// tries raises ValueError, as PyMC's TruncationError.
std::shared_ptr<const RandomVariable> truncated_random_variable(const std::shared_ptr<const RandomVariable>& inner);

// Params w, mu, sigma, each (..., k): one draw per batch element.
std::shared_ptr<const RandomVariable> normal_mixture_random_variable();

// PyMC's Mixture: params w (..., k), then the components' draws: k scalar draws, or (stacked)
// one draw (..., k); `dtype` is the components' (int64 for counts, float64 otherwise).
std::shared_ptr<const RandomVariable> mixture_random_variable(std::size_t components, bool stacked, DType dtype);

// Both mixtures' weight checks before a draw: every weight >= 0, and each batch element's k
// weights sum to 1 (as NumPy's choice asks; a categorical draw from weights summing to less
// would pick no component). Throws ParameterValueError naming `method` and the offending row.
void check_mixture_weights(std::string_view method, const Array& w);

}  // namespace kiln::random
