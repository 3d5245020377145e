// The checks family: CheckAndRaise and Assert.
#include "jit/lower/families.hpp"

namespace kiln::jit {

void register_check_lowerings(LoweringTable&) {}

}  // namespace kiln::jit
