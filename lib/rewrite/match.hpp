// Small queries rewrites share: which scalar op a node maps, the value of a constant seen
// through broadcasting, and making a replacement keep the replaced variable's shape and dtype.
#pragma once

#include "tensor/elemwise.hpp"

#include <kiln/graph.hpp>

#include <optional>

namespace kiln::rewrite {

using tensor::ScalarOp;

// The Elemwise op of `node`, or null.
const tensor::Elemwise* elemwise_op(const Apply& node);
// True when `node` is an Elemwise of `op`.
bool is_elemwise(const Apply& node, ScalarOp op);
// The owner of `v` when it is an Elemwise of `op`, else null.
std::shared_ptr<Apply> owner_if(const Var& v, ScalarOp op);
// The single value of a constant (every element equal), looking through DimShuffle and casts.
std::optional<double> scalar_constant(const Var& v);
// `v` with any DimShuffle that only adds broadcastable axes removed.
Var strip_broadcast_dimshuffle(const Var& v);

// Makes `repl` a valid replacement for `old`: cast to its dtype, and broadcast to its shape
// through `second` with one of `shape_sources` (variables known to have old's shape, e.g. the
// replaced node's inputs). Nothing when no source carries the shape.
std::optional<Var> fit_to(const Var& repl, const Var& old, const std::vector<Var>& shape_sources);

// `v` cast to `dtype` (itself when it has it). A rewrite that moves an operand under another
// op (x / -1 -> -x, x / s -> x * (1 / s)) computes that op in the result's dtype, as the
// original did: -cast(b) of a bool b, not cast(-b); 1 / x of a float32 x in float64 when the
// quotient is float64 (a float32 denormal's reciprocal overflows).
Var as_dtype(const Var& v, DType dtype);

// True when broadcasting these operands (right-aligned) cannot raise at run time: in each
// dimension, the operands not statically of length 1 all have one known extent, or there is
// at most one of them. A rewrite that drops an operand (shape(x + y) -> shape(x)) keeps the
// run-time broadcasting error only under this condition.
bool broadcasts_statically(const std::vector<Var>& operands);

// `repl` for a node whose `operands` broadcast together, when `repl` reads only `kept` of them:
// if broadcasting the operands could raise at run time (not broadcasts_statically), each
// operand it no longer reads fills it (second(operand, repl)), so that the call still raises
// the run-time broadcasting error the graph as written raises (x + y - y -> second(y, x)).
Var keep_broadcast_error(Var repl, const std::vector<Var>& operands, const std::vector<Var>& kept);

// True when v's values are known to be >= 0 (exp, sqr, abs, sqrt, softplus, non-negative constants).
bool known_nonnegative(const Var& v);

}  // namespace kiln::rewrite
