// PCG64 (XSL-RR 128/64) stepping a GeneratorState exactly as NumPy's pcg64.h does, and the
// raw words and unit doubles that every distribution is drawn from.
#pragma once

#include <kiln/random/generator.hpp>

#include <bit>
#include <cstdint>

namespace kiln::random {

__extension__ typedef unsigned __int128 uint128;

// Sets the stream as NumPy's pcg64_set_seed does from a seed and a stream selector.
void pcg64_seed(GeneratorState& s, uint128 initstate, uint128 initseq);

inline std::uint64_t next_uint64(GeneratorState& s) {
  constexpr uint128 multiplier = (uint128{2549297995355413924ULL} << 64) | 4865540595714422341ULL;
  uint128 state = (uint128{s.state_high} << 64) | s.state_low;
  const uint128 inc = (uint128{s.inc_high} << 64) | s.inc_low;
  state = state * multiplier + inc;
  s.state_low = static_cast<std::uint64_t>(state);
  s.state_high = static_cast<std::uint64_t>(state >> 64);
  return std::rotr(s.state_high ^ s.state_low, static_cast<int>(state >> 122));
}

// NumPy hands out each 64-bit word as two 32-bit draws, low half first, keeping the high half
// in the state: integers() over a 32-bit range depends on this.
inline std::uint32_t next_uint32(GeneratorState& s) {
  if (s.has_uint32) {
    s.has_uint32 = 0;
    return static_cast<std::uint32_t>(s.uinteger);
  }
  const std::uint64_t word = next_uint64(s);
  s.has_uint32 = 1;
  s.uinteger = word >> 32;
  return static_cast<std::uint32_t>(word);
}

// The top 53 bits as a double in [0, 1).
inline double next_double(GeneratorState& s) {
  return static_cast<double>(next_uint64(s) >> 11) * (1.0 / 9007199254740992.0);
}

}  // namespace kiln::random
