// Sibling fusion (see sibling_fusion.hpp). The steps form a dependency graph (a step depends on
// the steps whose results it reads, through views too). Two groupable kernels merge when
// neither depends on the other, directly or through other steps, in the graph as merged so
// far (so a merge never creates a cycle); the steps are then re-emitted in a topological order
// that keeps the original order wherever it can.
#include "jit/sibling_fusion.hpp"

#include <algorithm>
#include <map>
#include <queue>
#include <set>

namespace kiln::jit {
namespace {

// Flat loops of the same length and rank share a loop: full reductions and elementwise
// kernels alike (merge_kernels stores the latter's values while it sums the former's).
struct LoopKey {
  std::int64_t n;
  int ndim;
  bool operator==(const LoopKey&) const = default;
};

// A loop over one element is straight-line code once inlined, where the optimizer already
// shares what its neighbours compute: merging it gains nothing, and would tie its readers'
// order to its siblings'. Longer loops, even of a few elements, are vectorized one by one,
// after the optimizer has shared what it can, so each would compute their common terms again
// (eight schools' residuals, once per sum of its gradient).
constexpr std::int64_t kMinElements = 2;

bool groupable(const StaticProgramSpec& spec, const StaticStep& step) {
  if (step.kind != StaticStep::Kind::kernel || !step.flat || step.dims.at(0) < kMinElements) return false;
  const KernelSpec& kernel = spec.kernels[static_cast<std::size_t>(step.kernel)];
  // A loop that draws stays where it is: it advances a generator state that the steps around
  // it copy in and read on, which no slot dependency shows.
  return (!kernel.reduce || kernel.reduce->full()) && !kernel.has_draws();
}

LoopKey key_of(const StaticProgramSpec& spec, const StaticStep& step) {
  const KernelSpec& kernel = spec.kernels[static_cast<std::size_t>(step.kernel)];
  return {step.dims.at(0), kernel.ndim};
}

// Steps merged into groups: group[t] is the representative step of step t's group.
class Groups {
 public:
  explicit Groups(const StaticProgramSpec& spec) : spec_(spec), group_(spec.steps.size()), deps_(spec.steps.size()) {
    std::map<int, std::size_t> producer;
    for (std::size_t t = 0; t < spec.steps.size(); ++t) {
      group_[t] = t;
      for (int s : spec.steps[t].inputs) {
        auto it = producer.find(base_slot(spec, s));
        if (it != producer.end()) deps_[t].insert(it->second);
      }
      for (int s : spec.steps[t].outputs) producer[s] = t;
    }
  }

  void merge_siblings() {
    const std::size_t n = spec_.steps.size();
    for (std::size_t a = 0; a < n; ++a) {
      if (group_[a] != a || !groupable(spec_, spec_.steps[a])) continue;
      for (std::size_t b = a + 1; b < n; ++b) {
        if (group_[b] != b || !groupable(spec_, spec_.steps[b])) continue;
        if (!(key_of(spec_, spec_.steps[a]) == key_of(spec_, spec_.steps[b]))) continue;
        if (depends(a, b) || depends(b, a)) continue;
        join(a, b);
      }
    }
  }

  // The groups' member steps, in a topological order of the groups that keeps the original
  // order where it can.
  std::vector<std::vector<std::size_t>> ordered() const {
    const std::size_t n = spec_.steps.size();
    std::vector<std::set<std::size_t>> waits(n);
    std::vector<std::vector<std::size_t>> readers(n);
    for (std::size_t g = 0; g < n; ++g) {
      if (group_[g] != g) continue;
      for (std::size_t d : deps_[g]) {
        waits[g].insert(d);
        readers[d].push_back(g);
      }
    }
    std::priority_queue<std::size_t, std::vector<std::size_t>, std::greater<>> ready;
    for (std::size_t g = 0; g < n; ++g)
      if (group_[g] == g && waits[g].empty()) ready.push(g);
    std::vector<std::vector<std::size_t>> order;
    while (!ready.empty()) {
      std::size_t g = ready.top();
      ready.pop();
      order.push_back(members(g));
      for (std::size_t r : readers[g])
        if (waits[r].erase(g) && waits[r].empty()) ready.push(r);
    }
    return order;
  }

 private:
  // Whether group `later` reads, through any chain of steps, a result of group `earlier`.
  bool depends(std::size_t later, std::size_t earlier) const {
    std::vector<std::size_t> stack{later};
    std::set<std::size_t> seen;
    while (!stack.empty()) {
      std::size_t g = stack.back();
      stack.pop_back();
      for (std::size_t d : deps_[g]) {
        if (d == earlier) return true;
        if (seen.insert(d).second) stack.push_back(d);
      }
    }
    return false;
  }

  // Group b joins group a: a reads what either read; readers of b now read a.
  void join(std::size_t a, std::size_t b) {
    for (std::size_t t = 0; t < group_.size(); ++t)
      if (group_[t] == b) group_[t] = a;
    deps_[a].insert(deps_[b].begin(), deps_[b].end());
    deps_[b].clear();
    for (auto& d : deps_)
      if (d.erase(b)) d.insert(a);
    deps_[a].erase(a);
  }

  std::vector<std::size_t> members(std::size_t g) const {
    std::vector<std::size_t> m;
    for (std::size_t t = 0; t < group_.size(); ++t)
      if (group_[t] == g) m.push_back(t);
    return m;
  }

  const StaticProgramSpec& spec_;
  std::vector<std::size_t> group_;
  std::vector<std::set<std::size_t>> deps_;  // per group representative: the groups it reads
};

}  // namespace

int fuse_sibling_kernels(StaticProgramSpec& spec) {
  Groups groups(spec);
  groups.merge_siblings();
  std::vector<StaticStep> steps;
  int merged_away = 0;
  for (const auto& members : groups.ordered()) {
    if (members.size() == 1) {
      steps.push_back(spec.steps[members[0]]);
      continue;
    }
    std::vector<KernelPart> parts;
    for (std::size_t t : members)
      parts.push_back({&spec.kernels[static_cast<std::size_t>(spec.steps[t].kernel)], spec.steps[t].inputs});
    auto merged = merge_kernels(parts);
    if (!merged) {  // the members run one after another, as they were
      for (std::size_t t : members) steps.push_back(spec.steps[t]);
      continue;
    }
    StaticStep step;
    step.kernel = static_cast<int>(spec.kernels.size());
    step.flat = true;
    step.dims = spec.steps[members[0]].dims;
    step.inputs = merged->operands;
    for (const auto& [part, output] : merged->outputs)
      step.outputs.push_back(spec.steps[members[static_cast<std::size_t>(part)]].outputs[static_cast<std::size_t>(output)]);
    spec.kernels.push_back(std::move(merged->spec));
    steps.push_back(std::move(step));
    merged_away += static_cast<int>(members.size()) - 1;
  }
  spec.steps = std::move(steps);
  return merged_away;
}

}  // namespace kiln::jit
