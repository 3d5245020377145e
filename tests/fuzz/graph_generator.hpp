// The seeded random-graph generator of the differential fuzzer.
#pragma once

#include "fuzz/graph_recipe.hpp"

#include <cstdint>

namespace kiln::fuzz {

// Graph number `index` of the stream `seed`: the same recipe on every platform (the generator
// uses its own splitmix64 stream, not the standard library's distributions).
Recipe generate(std::uint64_t seed, std::uint64_t index);

}  // namespace kiln::fuzz
