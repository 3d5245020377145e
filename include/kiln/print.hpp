// Printing graphs: dprint (Aesara's debugprint layout, byte for byte) and Graphviz DOT export.
#pragma once

#include <kiln/graph.hpp>

#include <iosfwd>
#include <string>
#include <unordered_map>
#include <vector>

namespace kiln {

class Function;

// The tree of each output: ids `[id A]`, names in quotes, the ` |` layout of reference/seed/.
// Levels deeper than 64 keep the indentation of level 64 (so a deep chain prints in linear size).
void dprint(const Var& v);
void dprint(const Var& v, std::ostream& os);
void dprint(const std::vector<Var>& vs, std::ostream& os);
std::string debug_string(const Var& v);
std::string debug_string(const std::vector<Var>& vs);

// The same tree, with each Apply line ending in the node's position in `order`
// (what a compiled Function's dprint shows).
void dprint_with_order(const std::vector<Var>& vs, const std::unordered_map<const Apply*, int>& order,
                       std::ostream& os);

// A Graphviz digraph: boxes for Apply nodes, ellipses for variables (Boost.Graph's write_graphviz).
std::string to_dot(const std::vector<Var>& outputs);

}  // namespace kiln
