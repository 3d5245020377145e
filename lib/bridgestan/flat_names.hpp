// BridgeStan's names of the scalars of flat parameter vectors: one per scalar, row-major,
// 1-based and dotted ("theta_tilde.1", "A.1.2"), comma-separated.
#pragma once

#include "bridgestan/sampler_model.hpp"

#include <string>
#include <vector>

namespace kiln::bridgestan {

// The name of the scalar at `flat` (an index into the vector the parts lay out).
std::string element_name(const std::vector<FlatPart>& parts, std::size_t flat);
// Every scalar's name, comma-separated, over the parts of each list in turn.
std::string joined_names(const std::vector<FlatPart>& parts, const std::vector<FlatPart>& more = {});

}  // namespace kiln::bridgestan
