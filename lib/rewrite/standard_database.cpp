// The pipeline of rewrite phases every compiled function goes through, in order.
#include "rewrite/rewrite_sets.hpp"

namespace kiln {

const RewriteDatabase& RewriteDatabase::standard() {
  static const RewriteDatabase db = [] {
    RewriteDatabase d;
    for (const char* phase : {"merge", "canonicalize", "stabilize", "specialize", "merge_again", "fusion", "outputs"})
      d.add_phase(phase);
    rewrite::add_merge(d);
    rewrite::add_constant_folding(d);
    rewrite::add_canonicalize(d);
    rewrite::add_stabilize(d);
    rewrite::add_reduction_rewrites(d);
    rewrite::add_invariant_hoisting(d);
    rewrite::add_make_vector_rewrites(d);
    rewrite::add_inc_subtensor_rewrites(d);
    rewrite::add_specialize(d);
    rewrite::add_linalg_rewrites(d);
    rewrite::add_fusion(d);
    rewrite::add_output_copies(d);
    return d;
  }();
  return db;
}

}  // namespace kiln
