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
// PyMC's: every Dirichlet(a) of the batch, then the Multinomial(n, p)s (rv_dirichlet_multinomial.cpp).
std::shared_ptr<const RandomVariable> dirichlet_multinomial_random_variable();
// PyMC's: K + 1 stick-breaking weights from Beta(1, alpha) fractions (rv_stick_breaking.cpp).
std::shared_ptr<const RandomVariable> stick_breaking_weights_random_variable();

}  // namespace kiln::random
