// The anchor models in kiln, twice each: `graph::` builds logp by hand from kt:: ops and
// differentiates it with kiln::grad; `model_layer::` declares the model with pm:: distributions
// and compiles it with Model::compile_logp_dlogp. Both take theta in the README's order.
#pragma once

#include "anchor_data.hpp"

#include <kiln/kiln.hpp>

namespace anchor::graph {

kiln::pm::LogpGradFunction normal_iid(const NormalIIDData& d);
kiln::pm::LogpGradFunction logistic(const LogisticData& d);
kiln::pm::LogpGradFunction eight_schools(const EightSchoolsData& d);
kiln::pm::LogpGradFunction hierarchical(const HierarchicalData& d);

}  // namespace anchor::graph

namespace anchor::model_layer {

// Each builds the pm::Model, checks that its unconstrained parameters come in the README's
// theta order (throws naming both orders if not), and compiles logp + dlogp.
kiln::pm::LogpGradFunction normal_iid(const NormalIIDData& d);
kiln::pm::LogpGradFunction logistic(const LogisticData& d);
kiln::pm::LogpGradFunction eight_schools(const EightSchoolsData& d);
kiln::pm::LogpGradFunction hierarchical(const HierarchicalData& d);

}  // namespace anchor::model_layer
