// pm::draw: samples of random variables, as PyMC's pm.draw. One function is compiled for the
// variables with updates that advance every random generator they depend on, then called
// `draws` times; variables drawn together share each call's upstream draws.
#pragma once

#include <kiln/graph.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <vector>

namespace kiln::pm {

struct DrawOptions {
  // Set: the draws come from copies of the generators seeded from this seed, so the same seed
  // gives the same draws and the variables' own generators are left as they were. Unset: the
  // generators themselves advance, and a later eval() sees the advanced state (as in PyMC).
  std::optional<std::uint64_t> random_seed = std::nullopt;
};

// draws == 1: the single draw with the variable's own shape; else an Array (draws, *shape).
Array draw(const Var& var, std::int64_t draws = 1, const DrawOptions& options = {});
// One result per variable, drawn jointly.
std::vector<Array> draw(const std::vector<Var>& vars, std::int64_t draws = 1, const DrawOptions& options = {});
std::vector<Array> draw(std::initializer_list<Var> vars, std::int64_t draws = 1, const DrawOptions& options = {});

// The update of every random generator the outputs depend on: the generator paired with the
// next_rng of the last RandomVariable in its chain (what compile_pymc's updates hold).
std::vector<std::pair<Var, Var>> random_generator_updates(const std::vector<Var>& outputs);

}  // namespace kiln::pm
