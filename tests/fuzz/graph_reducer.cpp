// The reducer: greedy passes until none shrinks the graph (or a budget of checks runs out).
#include "fuzz/graph_reducer.hpp"

namespace kiln::fuzz {
namespace {

constexpr int kMaxChecks = 400;

int resolve(const Recipe& r, int i) {
  while (r.steps[static_cast<std::size_t>(i)].alias)
    i = r.steps[static_cast<std::size_t>(i)].args[static_cast<std::size_t>(*r.steps[static_cast<std::size_t>(i)].alias)];
  return i;
}

}  // namespace

int graph_size(const Recipe& r) {
  std::vector<char> needed(r.steps.size(), 0);
  for (int o : r.outputs) needed[static_cast<std::size_t>(resolve(r, o))] = 1;
  int n = 0;
  for (std::size_t i = r.steps.size(); i-- > 0;) {
    if (!needed[i]) continue;
    ++n;
    for (int a : r.steps[i].args) needed[static_cast<std::size_t>(resolve(r, a))] = 1;
  }
  return n;
}

std::pair<Recipe, Finding> reduce(const Recipe& recipe, const Finding& finding) {
  Recipe best = recipe;
  Finding best_finding = finding;
  int checks = 0;
  // Whether the candidate still fails the same way; a candidate that no longer builds does not.
  auto try_candidate = [&](const Recipe& candidate) {
    if (checks >= kMaxChecks || graph_size(candidate) >= graph_size(best)) return false;
    ++checks;
    std::optional<Finding> f;
    try {
      f = check(candidate);
    } catch (const kiln::Error&) {
      return false;
    }
    if (!f || f->kind != finding.kind) return false;
    best = candidate;
    best_finding = *f;
    return true;
  };
  for (bool shrunk = true; shrunk && checks < kMaxChecks;) {
    shrunk = false;
    // One output: each earlier step in turn.
    for (std::size_t i = 0; i < best.steps.size(); ++i) {
      if (best.steps[i].input_value || best.steps[i].alias) continue;
      Recipe c = best;
      c.outputs = {static_cast<int>(i)};
      if (try_candidate(c)) shrunk = true;
    }
    // A step replaced by one of its operands.
    for (std::size_t i = 0; i < best.steps.size(); ++i) {
      if (best.steps[i].input_value || best.steps[i].alias) continue;
      for (std::size_t a = 0; a < best.steps[i].args.size(); ++a) {
        Recipe c = best;
        c.steps[i].alias = static_cast<int>(a);
        if (try_candidate(c)) {
          shrunk = true;
          break;
        }
      }
    }
  }
  return {best, best_finding};
}

}  // namespace kiln::fuzz
