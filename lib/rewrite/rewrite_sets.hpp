// The rewrite sets kiln ships, one file each, and the order they run in (standard_database.cpp).
#pragma once

#include "rewrite/rewriter.hpp"

namespace kiln::rewrite {

void add_merge(RewriteDatabase& db);
void add_constant_folding(RewriteDatabase& db);
void add_canonicalize(RewriteDatabase& db);
void add_stabilize(RewriteDatabase& db);
void add_reduction_rewrites(RewriteDatabase& db);
void add_invariant_hoisting(RewriteDatabase& db);
void add_make_vector_rewrites(RewriteDatabase& db);
void add_inc_subtensor_rewrites(RewriteDatabase& db);
void add_specialize(RewriteDatabase& db);
void add_linalg_rewrites(RewriteDatabase& db);
void add_fusion(RewriteDatabase& db);
void add_output_copies(RewriteDatabase& db);

}  // namespace kiln::rewrite
