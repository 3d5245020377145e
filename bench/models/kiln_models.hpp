// The anchor models in kiln, three ways each: `graph::` builds logp by hand from kt:: ops over
// theta's parts as separate inputs and differentiates it with kiln::grad; `flat::` builds the
// same logp from one theta vector by index and slice, as a sampler's logp is usually written;
// `model_layer::` declares the model with pm:: distributions and compiles it with
// Model::compile_logp_dlogp. All take theta in the README's order.
#pragma once

#include "anchor_data.hpp"

#include <kiln/kiln.hpp>

#include <functional>

namespace anchor::graph {

kiln::pm::LogpGradFunction normal_iid(const NormalIIDData& d);
kiln::pm::LogpGradFunction logistic(const LogisticData& d);
kiln::pm::LogpGradFunction eight_schools(const EightSchoolsData& d);
kiln::pm::LogpGradFunction hierarchical(const HierarchicalData& d);

}  // namespace anchor::graph

namespace anchor {

// logp(theta) with the gradient written into grad.
using FlatLogpGrad = std::function<double(const double* theta, double* grad)>;

}  // namespace anchor

namespace anchor::flat {

FlatLogpGrad normal_iid(const NormalIIDData& d);
FlatLogpGrad logistic(const LogisticData& d);
FlatLogpGrad eight_schools(const EightSchoolsData& d);
FlatLogpGrad hierarchical(const HierarchicalData& d);

}  // namespace anchor::flat

namespace anchor::model_layer {

// Each builds the pm::Model, checks that its unconstrained parameters come in the README's
// theta order (throws naming both orders if not), and compiles logp + dlogp.
kiln::pm::LogpGradFunction normal_iid(const NormalIIDData& d);
kiln::pm::LogpGradFunction logistic(const LogisticData& d);
kiln::pm::LogpGradFunction eight_schools(const EightSchoolsData& d);
kiln::pm::LogpGradFunction hierarchical(const HierarchicalData& d);

}  // namespace anchor::model_layer
