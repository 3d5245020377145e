// The registration function of each lowering family (registry.cpp calls every one): each
// adds its op types to the table, in jit/lower/<family>.cpp.
#pragma once

#include "jit/lower/registry.hpp"

namespace kiln::jit {

void register_loop_lowerings(LoweringTable& table);      // loops.cpp: Elemwise, Composite, Reduce, draws
void register_shape_lowerings(LoweringTable& table);     // shape.cpp: views, Shape, Alloc, SpecifyShape
void register_indexing_lowerings(LoweringTable& table);  // indexing.cpp: IncSubtensor, gathers, scatters
void register_check_lowerings(LoweringTable& table);     // checks.cpp: CheckAndRaise, Assert
void register_join_lowerings(LoweringTable& table);      // join.cpp: MakeVector, Join
void register_reduction_lowerings(LoweringTable& table);  // reductions.cpp: Argmax
void register_linalg_lowerings(LoweringTable& table);    // linalg.cpp: LAPACK/BLAS calls, tril, diagonals
void register_product_lowerings(LoweringTable& table);   // products.cpp: Dot (BLAS, small products inlined)
void register_special_function_lowerings(LoweringTable& table);  // special_functions.cpp: runtime calls
void register_jacobian_lowerings(LoweringTable& table);  // jacobian.cpp: the compiled row products, called
void register_batch_draw_lowerings(LoweringTable& table);  // batch_draws.cpp: vector and bounded draws
void register_random_walk_lowerings(LoweringTable& table);  // random_walk.cpp: the summed series

}  // namespace kiln::jit
