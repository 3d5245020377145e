// The hand-written models' -ffast-math build without AVX-512, which valgrind cannot run: the
// baseline call_instructions counts under callgrind (the kiln JIT also targets what valgrind's
// CPUID reports, AVX2, there).
#define KILN_HAND_NAMESPACE fast_avx2
#include "hand_models.inc"
