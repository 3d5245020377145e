// kiln: typed symbolic tensor graphs, rewrites, JIT-compiled functions, random variables and
// probabilistic models. Including this header gives the whole public API.
#pragma once

#include <kiln/array.hpp>
#include <kiln/compile_times.hpp>
#include <kiln/dtype.hpp>
#include <kiln/errors.hpp>
#include <kiln/function.hpp>
#include <kiln/graph.hpp>
#include <kiln/pm/custom_dist.hpp>
#include <kiln/pm/distributions.hpp>
#include <kiln/pm/draw.hpp>
#include <kiln/pm/math.hpp>
#include <kiln/pm/mixture.hpp>
#include <kiln/pm/model.hpp>
#include <kiln/pm/multivariate.hpp>
#include <kiln/pm/timeseries.hpp>
#include <kiln/print.hpp>
#include <kiln/random/variables.hpp>
#include <kiln/shared.hpp>
#include <kiln/tensor.hpp>
#include <kiln/traversal.hpp>
#include <kiln/type.hpp>
#include <kiln/grad.hpp>
