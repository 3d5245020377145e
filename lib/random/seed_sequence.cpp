// SeedSequence's pool mixing and state generation, with NumPy's hash constants: the words
// must come out identical or every stream seeded from them differs.
#include "random/seed_sequence.hpp"

namespace kiln::random {

namespace {

constexpr std::uint32_t init_a = 0x43b0d7e5;
constexpr std::uint32_t mult_a = 0x931e8875;
constexpr std::uint32_t init_b = 0x8b51f9dd;
constexpr std::uint32_t mult_b = 0x58f38ded;
constexpr std::uint32_t mix_mult_l = 0xca01f9dd;
constexpr std::uint32_t mix_mult_r = 0x4973f715;
constexpr int xshift = 16;

// Each call also advances the hash constant, so equal inputs hash differently in turn.
std::uint32_t hashmix(std::uint32_t value, std::uint32_t& hash_const) {
  value ^= hash_const;
  hash_const *= mult_a;
  value *= hash_const;
  value ^= value >> xshift;
  return value;
}

std::uint32_t mix(std::uint32_t x, std::uint32_t y) {
  std::uint32_t result = mix_mult_l * x - mix_mult_r * y;
  result ^= result >> xshift;
  return result;
}

// The seed as NumPy's _int_to_uint32_array splits it: little-endian words, and [0] for 0.
std::vector<std::uint32_t> entropy_words(std::uint64_t entropy) {
  std::vector<std::uint32_t> words;
  do {
    words.push_back(static_cast<std::uint32_t>(entropy));
    entropy >>= 32;
  } while (entropy != 0);
  return words;
}

}  // namespace

SeedSequence::SeedSequence(std::uint64_t entropy) {
  const std::vector<std::uint32_t> words = entropy_words(entropy);
  std::uint32_t hash_const = init_a;
  for (std::size_t i = 0; i < pool_.size(); ++i) {
    pool_[i] = hashmix(i < words.size() ? words[i] : 0, hash_const);
  }
  // Every pool word is mixed into every other, so late words reach early ones.
  for (std::size_t src = 0; src < pool_.size(); ++src) {
    for (std::size_t dst = 0; dst < pool_.size(); ++dst) {
      if (src != dst) pool_[dst] = mix(pool_[dst], hashmix(pool_[src], hash_const));
    }
  }
  // A 64-bit seed has at most two words: none is left over to mix in after the pool.
}

std::vector<std::uint32_t> SeedSequence::generate_state(std::size_t n_words) const {
  std::vector<std::uint32_t> out(n_words);
  std::uint32_t hash_const = init_b;
  for (std::size_t i = 0; i < n_words; ++i) {
    std::uint32_t value = pool_[i % pool_.size()];
    value ^= hash_const;
    hash_const *= mult_b;
    value *= hash_const;
    value ^= value >> xshift;
    out[i] = value;
  }
  return out;
}

}  // namespace kiln::random
