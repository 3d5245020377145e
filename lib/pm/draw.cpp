// pm::draw: compile once with the generators' states as inputs, call `draws` times into the rows
// of the results, each call taking the states the previous one left.
#include <kiln/function.hpp>
#include <kiln/pm/draw.hpp>
#include <kiln/random/variables.hpp>
#include <kiln/traversal.hpp>

#include <kiln/shared.hpp>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <new>
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

// Draws rows 1.. of `result` (row 0 is drawn), each call reading `states` and writing the next
// ones into `next` (then swapped). Through the program's direct entry when it has one (the
// specialized program, called with pointers only), else through call_into.
void draw_rows(const Function& f, std::vector<Array>& result, std::vector<Array>& states, std::vector<Array>& next,
               std::int64_t draws) {
  const std::size_t n_vars = result.size(), n_rngs = states.size();
  auto row = [&](std::size_t i, std::int64_t d) {
    const Array& r = result[i];
    const Shape shape(r.shape().begin() + 1, r.shape().end());
    const auto bytes = static_cast<std::int64_t>(itemsize(r.dtype())) * shape_size(shape);
    return Array::view_raw(r.dtype(), static_cast<char*>(r.raw_data()) + d * bytes, shape, {});
  };
  std::vector<Array> outs;
  for (std::size_t i = 0; i < n_vars; ++i) outs.push_back(row(i, 1));
  outs.insert(outs.end(), next.begin(), next.end());
  const DirectCall direct = f.program().direct_call(states, outs);
  std::shared_ptr<char[]> arena;
  if (direct && direct.arena_bytes > 0)
    arena = std::shared_ptr<char[]>(static_cast<char*>(::operator new[](direct.arena_bytes, std::align_val_t{64})),
                                    [](char* p) { ::operator delete[](p, std::align_val_t{64}); });
  std::vector<void*> pointers(n_rngs + n_vars + n_rngs);
  std::vector<std::int64_t> row_bytes(n_vars);
  for (std::size_t i = 0; i < n_vars; ++i)
    row_bytes[i] = outs[i].size() * static_cast<std::int64_t>(itemsize(outs[i].dtype()));
  for (std::int64_t d = 1; d < draws; ++d) {
    bool done = false;
    if (direct) {  // pointers only: no Array per call
      for (std::size_t j = 0; j < n_rngs; ++j) {
        pointers[j] = states[j].raw_data();
        pointers[n_rngs + n_vars + j] = next[j].raw_data();
      }
      for (std::size_t i = 0; i < n_vars; ++i)
        pointers[n_rngs + i] = static_cast<char*>(result[i].raw_data()) + d * row_bytes[i];
      done = direct.fn(pointers.data(), arena.get()) == 0;
    }
    if (!done) {  // raises the error a direct call met
      for (std::size_t i = 0; i < n_vars; ++i) outs[i] = row(i, d);
      for (std::size_t j = 0; j < n_rngs; ++j) outs[n_vars + j] = next[j];
      f.call_into_positional(outs, states);
    }
    std::swap(states, next);
  }
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
  const std::vector<std::pair<Var, Var>> updates = random_generator_updates(vars);
  // The generators become inputs: one function maps their states to the draws and the next
  // states, so the loop below can hand each call's next states to the next call.
  std::vector<Var> states_in;
  std::vector<std::pair<Var, Var>> replace;
  std::vector<Var> targets = vars;
  for (const auto& [rng, next] : updates) {
    states_in.push_back(make_input(rng.type(), rng.name()));
    replace.emplace_back(rng, states_in.back());
    targets.push_back(next);
  }
  targets = clone_replace(targets, replace);
  const std::size_t n_vars = vars.size(), n_rngs = updates.size();

  // Unseeded, the generators themselves advance: each is held for the whole draw, as a
  // function's update holds it for one call, so concurrent draws never share a state.
  std::vector<std::shared_ptr<SharedValue>> held;
  if (!options.random_seed)
    for (const auto& [rng, next] : updates) held.push_back(rng.get()->shared);
  std::sort(held.begin(), held.end());
  std::vector<std::unique_lock<std::mutex>> locks;
  for (const auto& shared : held) locks.emplace_back(shared->update_mutex);
  // Two state buffers per generator, read and written in turn.
  std::vector<Array> states, next_states;
  // Seeded, fresh generators stand in for the originals: one master stream seeds them in order.
  std::optional<random::Generator> master;
  if (options.random_seed) master.emplace(*options.random_seed);
  for (const auto& [rng, next] : updates) {
    states.push_back(master ? get_value(random_generator_shared(master->random_raw())) : get_value(rng).copy());
    next_states.push_back(Array::empty(DType::uint64, {6}));
  }

  // One compile per call of draw; with fixed shapes its first call is the specialized one.
  const Function f = function(states_in, targets, {.trust_input = true, .fixed_shapes = draws > 1});
  std::vector<Array> first = f.call_positional(states).values();
  for (std::size_t j = 0; j < n_rngs; ++j) std::swap(states[j], first[n_vars + j]);
  first.resize(n_vars);
  std::vector<Array> result;
  if (draws == 1) {
    result = std::move(first);
  } else {
    for (auto& value : first) {
      Shape shape = value.shape();
      shape.insert(shape.begin(), draws);
      result.push_back(Array::empty(value.dtype(), shape));
      const Array c = value.is_contiguous() ? value : value.copy();
      std::memcpy(result.back().raw_data(), c.raw_data(), static_cast<std::size_t>(c.size()) * itemsize(c.dtype()));
    }
    draw_rows(f, result, states, next_states, draws);
  }
  if (!options.random_seed)
    for (std::size_t j = 0; j < n_rngs; ++j) set_value(updates[j].first, states[j]);
  return result;
}

std::vector<Array> draw(std::initializer_list<Var> vars, std::int64_t draws, const DrawOptions& options) {
  return draw(std::vector<Var>(vars), draws, options);
}

Array draw(const Var& var, std::int64_t draws, const DrawOptions& options) {
  return draw(std::vector<Var>{var}, draws, options).front();
}

}  // namespace kiln::pm
