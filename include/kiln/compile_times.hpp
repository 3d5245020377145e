// How long compiling took on this thread, stage by stage: what KILN_LOG=debug logs, as numbers,
// so a harness (kiln.bench) can report where a cold compile's time goes.
#pragma once

namespace kiln {

struct CompileTimes {
  double rewrite_ms = 0;     // the rewrite phases, cloned graph to fused graph
  double lowering_ms = 0;    // fused loops to LLVM IR (the step-by-step tier)
  double optimize_ms = 0;    // LLVM's pass pipeline on that IR
  double codegen_ms = 0;     // machine code and linking (ORC)
  double specialize_ms = 0;  // programs specialized to their inputs' shapes, all stages included
  int programs = 0;          // programs compiled (program-cache misses)
  int cache_hits = 0;        // function() calls served by the program cache
};

// The sums over this thread's compiles since reset_compile_times() (or the thread's start).
CompileTimes compile_times();
void reset_compile_times();

}  // namespace kiln
