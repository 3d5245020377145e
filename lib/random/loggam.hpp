// log Gamma(x) for x > 0 as NumPy's random_loggam computes it. Poisson draws compare against
// it at the last bit, so a more accurate lgamma would change which draws are accepted.
#pragma once

namespace kiln::random {

double loggam(double x);

}  // namespace kiln::random
