// Seeding PCG64 from a 128-bit seed and stream selector, as NumPy's pcg64_set_seed does.
#include "random/pcg64.hpp"

namespace kiln::random {

void pcg64_seed(GeneratorState& s, uint128 initstate, uint128 initseq) {
  // PCG's srandom: start at zero on the chosen stream, step, add the seed, step again.
  const uint128 inc = (initseq << 1) | 1;
  s = GeneratorState{0, 0, static_cast<std::uint64_t>(inc), static_cast<std::uint64_t>(inc >> 64), 0, 0};
  next_uint64(s);
  const uint128 state = ((uint128{s.state_high} << 64) | s.state_low) + initstate;
  s.state_low = static_cast<std::uint64_t>(state);
  s.state_high = static_cast<std::uint64_t>(state >> 64);
  next_uint64(s);
}

}  // namespace kiln::random
