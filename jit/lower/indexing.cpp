// The indexing family: IncSubtensor (set and inc into a region), AdvancedSubtensor (a gather
// of rows by an integer array) and AdvancedIncSubtensor (a scatter-add or set of rows).
#include "jit/lower/families.hpp"

namespace kiln::jit {

void register_indexing_lowerings(LoweringTable&) {}

}  // namespace kiln::jit
