// The RandomVariables with vector params or vector draws: dirichlet, multinomial,
// multivariate_normal (ndim_supp 1) and categorical (a scalar draw from a vector of p).
#pragma once

#include "random/rv_op.hpp"

#include <memory>

namespace kiln::random {

std::shared_ptr<const RandomVariable> dirichlet_random_variable();
std::shared_ptr<const RandomVariable> multinomial_random_variable();
std::shared_ptr<const RandomVariable> categorical_random_variable();
std::shared_ptr<const RandomVariable> multivariate_normal_random_variable();

}  // namespace kiln::random
