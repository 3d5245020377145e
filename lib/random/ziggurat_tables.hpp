// The 256-box ziggurats NumPy draws standard normals and exponentials from (values in
// ziggurat_tables.cpp), with the tail constants that go with them.
#pragma once

#include <cstdint>

namespace kiln::random::ziggurat {

extern const std::uint64_t ki[256];
extern const double wi[256];
extern const double fi[256];
constexpr double normal_r = 3.6541528853610087963519472518;  // where the normal's tail begins
constexpr double normal_inv_r = 0.27366123732975827203338247596;

extern const std::uint64_t ke[256];
extern const double we[256];
extern const double fe[256];
constexpr double exponential_r = 7.6971174701310497140446280481;

}  // namespace kiln::random::ziggurat
