// The varying-slopes log-density and gradient by hand, built -march=native -ffast-math.
#define VARYING_SLOPES_HAND native
#include "varying_slopes_hand.inc"

namespace varying_slopes {

double Hand::operator()(const double* theta, double* grad) const {
  return native::logp_grad(data, grad_ab.data(), theta, grad);
}

}  // namespace varying_slopes
