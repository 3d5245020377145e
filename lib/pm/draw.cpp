// pm::draw: compile once with generator updates, call `draws` times into the rows of the results.
#include <kiln/function.hpp>
#include <kiln/pm/draw.hpp>
#include <kiln/random/variables.hpp>
#include <kiln/traversal.hpp>

#include <cstring>
#include <unordered_map>

namespace kiln::pm {

namespace {

bool is_generator(const Var& v) { return v.type().kind() == TensorType::Kind::RandomGenerator; }

// A node that consumes a generator (input 0) and outputs the advanced one (output 0): the
// shape every RandomVariable has, recognized without depending on the op classes.
bool consumes_generator(const Apply& node) {
  return !node.inputs().empty() && is_generator(node.inputs()[0]) && node.num_outputs() > 1 &&
         is_generator(node.output(0));
}

}  // namespace

std::vector<std::pair<Var, Var>> random_generator_updates(const std::vector<Var>& outputs) {
  std::unordered_map<const VariableNode*, Var> next_of;  // a generator -> what its consumer outputs
  for (const auto& node : toposort(outputs))
    if (consumes_generator(*node)) next_of.emplace(node->inputs()[0].get(), node->output(0));
  std::vector<std::pair<Var, Var>> updates;
  for (const auto& root : graph_inputs(outputs)) {
    if (!root.is_shared() || !is_generator(root)) continue;
    Var last = root;
    for (auto it = next_of.find(last.get()); it != next_of.end(); it = next_of.find(last.get())) last = it->second;
    if (last != root) updates.emplace_back(root, last);
  }
  return updates;
}

std::vector<Array> draw(const std::vector<Var>& vars, std::int64_t draws, const DrawOptions& options) {
  if (draws < 1) throw ValueError("draw: draws must be at least 1, got " + std::to_string(draws));
  std::vector<Var> outputs = vars;
  std::vector<std::pair<Var, Var>> updates = random_generator_updates(outputs);
  if (options.random_seed) {
    // Fresh generators stand in for the originals: one master stream seeds them in order.
    random::Generator master(*options.random_seed);
    std::vector<std::pair<Var, Var>> replace;
    for (const auto& [rng, next] : updates) replace.emplace_back(rng, random_generator_shared(master.random_raw()));
    std::vector<Var> cloned_targets = outputs;
    for (const auto& [rng, next] : updates) cloned_targets.push_back(next);
    cloned_targets = clone_replace(cloned_targets, replace);
    outputs.assign(cloned_targets.begin(), cloned_targets.begin() + static_cast<std::ptrdiff_t>(vars.size()));
    for (std::size_t i = 0; i < updates.size(); ++i) updates[i] = {replace[i].second, cloned_targets[vars.size() + i]};
  }
  // One compile per call of draw; with fixed shapes its first call is the specialized one.
  const Function f = function({}, outputs, {.updates = updates, .fixed_shapes = draws > 1});
  const std::vector<Array> first = f().values();
  if (draws == 1) return first;
  // The later draws are written straight into their row of the stacked results.
  std::vector<Array> result;
  for (const auto& value : first) {
    Shape shape = value.shape();
    shape.insert(shape.begin(), draws);
    result.push_back(Array::empty(value.dtype(), shape));
  }
  auto row = [&](std::size_t i, std::int64_t d) {
    const auto bytes = static_cast<std::int64_t>(itemsize(first[i].dtype())) * first[i].size();
    return Array::view_raw(first[i].dtype(), static_cast<char*>(result[i].raw_data()) + d * bytes, first[i].shape(), {});
  };
  for (std::size_t i = 0; i < first.size(); ++i) {
    const Array c = first[i].is_contiguous() ? first[i] : first[i].copy();
    std::memcpy(row(i, 0).raw_data(), c.raw_data(), static_cast<std::size_t>(c.size()) * itemsize(c.dtype()));
  }
  std::vector<Array> rows(result.size());
  for (std::int64_t d = 1; d < draws; ++d) {
    for (std::size_t i = 0; i < result.size(); ++i) rows[i] = row(i, d);
    f.call_into_positional(rows, {});
  }
  return result;
}

std::vector<Array> draw(std::initializer_list<Var> vars, std::int64_t draws, const DrawOptions& options) {
  return draw(std::vector<Var>(vars), draws, options);
}

Array draw(const Var& var, std::int64_t draws, const DrawOptions& options) {
  return draw(std::vector<Var>{var}, draws, options).front();
}

}  // namespace kiln::pm
