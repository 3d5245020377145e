// The rewrite engine: named rewrites registered into phases with tags (as PyTensor's rewrite
// databases), a query over tags that selects what a mode runs, and an equilibrium loop that
// applies a phase's node rewrites in toposort order until nothing changes.
#pragma once

#include "rewrite/function_graph.hpp"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kiln {

// A node-local rewrite: replacement outputs for `node`, or nothing when it does not apply.
using NodeRewriteFn = std::function<std::optional<std::vector<Var>>(FunctionGraph&, Apply& node)>;
// A graph-level rewrite; returns how many replacements it made.
using GraphRewriteFn = std::function<int(FunctionGraph&)>;

struct NodeRewrite {
  std::string name;
  std::vector<std::string> tags;
  NodeRewriteFn fn;
};

struct GraphRewrite {
  std::string name;
  std::vector<std::string> tags;
  GraphRewriteFn fn;
};

// One phase of the pipeline: its graph rewrites run once in order, then its node rewrites
// run to a fixed point.
struct Phase {
  std::string name;
  std::vector<GraphRewrite> graph_rewrites;
  std::vector<NodeRewrite> node_rewrites;
};

// What a mode runs: rewrites having any `include` tag, minus those named or tagged in `exclude`.
struct RewriteQuery {
  std::vector<std::string> include = {"fast_run"};
  std::vector<std::string> exclude = {};
};

// Counts and times, for the debug summary and for tests.
struct RewriteStats {
  std::map<std::string, int> applications;
  std::map<std::string, double> phase_ms;
  int failures = 0;  // rewrites that threw (skipped)
};

class RewriteDatabase {
 public:
  // The phases in pipeline order, with every rewrite kiln ships.
  static const RewriteDatabase& standard();

  void add_phase(std::string name);
  void add(const std::string& phase, NodeRewrite rewrite);
  void add(const std::string& phase, GraphRewrite rewrite);

  std::vector<Phase> query(const RewriteQuery& q) const;
  const std::vector<Phase>& phases() const { return phases_; }

 private:
  Phase& phase(const std::string& name);
  std::vector<Phase> phases_;
};

// Runs the phases on `fg` and returns what was applied.
RewriteStats run_rewrites(FunctionGraph& fg, const std::vector<Phase>& phases);
// Runs one phase's node rewrites to a fixed point (at most `max_passes` passes).
int rewrite_to_fixed_point(FunctionGraph& fg, const std::vector<NodeRewrite>& rewrites, RewriteStats& stats,
                           int max_passes = 50);

}  // namespace kiln
