// NumPy's SeedSequence for one non-negative integer seed: it hashes the seed's 32-bit words
// into a pool of four and draws well-mixed 32-bit words from that pool.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace kiln::random {

class SeedSequence {
 public:
  explicit SeedSequence(std::uint64_t entropy);

  // As SeedSequence(entropy).generate_state(n_words, np.uint32).
  std::vector<std::uint32_t> generate_state(std::size_t n_words) const;

 private:
  std::array<std::uint32_t, 4> pool_;
};

}  // namespace kiln::random
