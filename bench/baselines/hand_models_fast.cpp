// The hand-written models built with -ffast-math (see CMakeLists.txt): the elementwise exp and
// log1p of logistic regression then vectorise through glibc's libmvec.
#define KILN_HAND_NAMESPACE fast
#include "hand_models.inc"
