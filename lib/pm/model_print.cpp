// How model collections print, as PyMC's str_for_dist: `x ~ N(mu, sigma)`, scalar constants
// with 3 significant digits, other constants as <constant>, expressions as f(<their RVs>).
#include "pm/model_impl.hpp"

#include "pm/distributions/distribution.hpp"

#include <algorithm>
#include <cstdio>
#include <ostream>
#include <unordered_set>

namespace kiln::pm {

namespace {

// The random variables an expression depends on, not looking past them.
// Depth-first, inputs left to right, each node once (a worklist: expressions may be deep).
void collect_rv_names(const Var& root, std::vector<std::string>& names) {
  std::vector<Var> stack{root};
  std::unordered_set<const VariableNode*> seen;
  while (!stack.empty()) {
    Var v = std::move(stack.back());
    stack.pop_back();
    if (!seen.insert(v.get()).second) continue;
    if (detail::is_random_variable(v)) {
      if (!v.name().empty() && std::find(names.begin(), names.end(), v.name()) == names.end()) names.push_back(v.name());
      continue;
    }
    if (auto owner = v.owner())
      for (auto it = owner->inputs().rbegin(); it != owner->inputs().rend(); ++it) stack.push_back(*it);
  }
}

std::string param_text(const Var& p) {
  if (p.is_constant()) {
    const Array& a = p.constant_value();
    if (a.ndim() != 0) return "<constant>";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3g", a.get_as_double(0));
    return buf;
  }
  if (!p.name().empty()) return p.name();
  std::vector<std::string> names;
  collect_rv_names(p, names);
  std::string s = "f(";
  for (std::size_t i = 0; i < names.size(); ++i) s += (i ? ", " : "") + names[i];
  return s + ")";
}

std::string str_for_dist(const Var& rv) {
  const auto& info = detail::distribution_of(rv);
  std::string s = rv.name() + " ~ " + info.print_name + "(";
  auto params = detail::rv_params(rv);
  for (std::size_t i = 0; i < params.size(); ++i) s += (i ? ", " : "") + param_text(params[i]);
  return s + ")";
}

}  // namespace

std::ostream& operator<<(std::ostream& os, const RandomVariables& rvs) {
  os << "[";
  for (std::size_t i = 0; i < rvs.size(); ++i) os << (i ? ", " : "") << str_for_dist(rvs[i]);
  return os << "]";
}

std::ostream& operator<<(std::ostream& os, const RVsToValues& map) {
  os << "{";
  for (std::size_t i = 0; i < map.size(); ++i) os << (i ? ", " : "") << str_for_dist(map.at(i).first) << ": " << map.at(i).second;
  return os << "}";
}

std::string repr(const std::vector<Array>& arrays) {
  std::string s = "[";
  for (std::size_t i = 0; i < arrays.size(); ++i) s += (i ? ", " : "") + kiln::repr(arrays[i]);
  return s + "]";
}

}  // namespace kiln::pm
