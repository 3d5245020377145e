// The hand-written models without -ffast-math (IEEE semantics; GCC may still contract FMAs).
#define KILN_HAND_NAMESPACE strict
#include "hand_models.inc"
