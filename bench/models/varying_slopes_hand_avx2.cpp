// The varying-slopes hand-written code built without AVX-512, which valgrind cannot run: the
// baseline call_instructions counts under callgrind.
#define VARYING_SLOPES_HAND avx2
#include "varying_slopes_hand.inc"
