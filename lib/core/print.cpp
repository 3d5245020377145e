// dprint in Aesara's debugprint layout, and DOT export through Boost.Graph.
#include <kiln/print.hpp>
#include <kiln/traversal.hpp>

// Boost.Graph's edge iterators trip GCC 12's -Wmaybe-uninitialized when inlined here, and with
// the sanitizers (KILN_SANITIZE) named_graph.hpp's empty boost::optional trips -Wuninitialized:
// false positives in Boost's code, silenced for this file only.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/graphviz.hpp>

#include <iostream>
#include <sstream>

namespace kiln {
namespace {

// A, B, ... Z, BA, BB, ...: base 26 with A as the zero digit, as Aesara's ids.
std::string letter_id(std::size_t n) {
  std::string s;
  do {
    s.insert(s.begin(), static_cast<char>('A' + n % 26));
    n /= 26;
  } while (n);
  return s;
}

// Deeper levels print at this level's indentation: a chain of a million nodes would otherwise
// print a prefix of up to two million characters per line (output quadratic in its depth).
constexpr std::size_t kMaxIndentDepth = 64;

class TreePrinter {
 public:
  TreePrinter(std::ostream& os, const std::unordered_map<const Apply*, int>* order) : os_(os), order_(order) {}

  // Iterative, so that deep graphs do not exhaust the stack.
  void print(const Var& root) {
    struct Item {
      Var var;
      std::string line_prefix;
      std::string child_prefix;
      std::size_t depth;
    };
    std::vector<Item> stack{{root, "", "", 0}};
    while (!stack.empty()) {
      Item item = std::move(stack.back());
      stack.pop_back();
      const Apply* owner = item.var.get()->owner;
      const void* key = owner ? static_cast<const void*>(owner) : item.var.get();
      auto [it, fresh] = ids_.emplace(key, ids_.size());
      os_ << item.line_prefix << line_text(item.var) << " [id " << letter_id(it->second) << "]";
      if (owner && !item.var.name().empty()) os_ << " '" << item.var.name() << "'";
      if (owner && order_) {
        auto pos = order_->find(owner);
        if (pos != order_->end()) os_ << " " << pos->second;
      }
      os_ << "\n";
      if (!owner || !fresh) continue;
      const auto& ins = owner->inputs();
      const bool indent = item.depth < kMaxIndentDepth;
      for (std::size_t i = ins.size(); i-- > 0;) {
        bool last = i + 1 == ins.size();
        if (indent)
          stack.push_back({ins[i], item.child_prefix + " |", item.child_prefix + (last ? "  " : " |"), item.depth + 1});
        else
          stack.push_back({ins[i], item.line_prefix, item.child_prefix, item.depth + 1});
      }
    }
  }

 private:
  static std::string line_text(const Var& v) {
    const Apply* owner = v.get()->owner;
    if (!owner) return to_string(v);
    if (owner->num_outputs() == 1) return owner->op().name();
    return owner->op().name() + "." + std::to_string(v.index());
  }

  std::ostream& os_;
  const std::unordered_map<const Apply*, int>* order_;
  std::unordered_map<const void*, std::size_t> ids_;
};

}  // namespace

void dprint(const std::vector<Var>& vs, std::ostream& os) {
  require_vars(vs, "dprint", "variable");
  TreePrinter printer(os, nullptr);
  for (const auto& v : vs) printer.print(v);
}

void dprint_with_order(const std::vector<Var>& vs, const std::unordered_map<const Apply*, int>& order,
                       std::ostream& os) {
  require_vars(vs, "dprint", "variable");
  TreePrinter printer(os, &order);
  for (const auto& v : vs) printer.print(v);
}

void dprint(const Var& v, std::ostream& os) { dprint(std::vector<Var>{v}, os); }
void dprint(const Var& v) { dprint(v, std::cout); }

std::string debug_string(const std::vector<Var>& vs) {
  std::ostringstream os;
  dprint(vs, os);
  return os.str();
}

std::string debug_string(const Var& v) { return debug_string(std::vector<Var>{v}); }

std::string to_dot(const std::vector<Var>& outputs) {
  require_vars(outputs, "to_dot", "output");
  struct VertexProps {
    std::string label;
    std::string shape;
  };
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, VertexProps>;
  Graph g;
  std::unordered_map<const void*, Graph::vertex_descriptor> vertex;
  auto var_vertex = [&](const Var& v) {
    auto [it, fresh] = vertex.emplace(v.get(), 0);
    if (fresh) it->second = boost::add_vertex(VertexProps{to_string(v) + "\\n" + v.type().str(), "ellipse"}, g);
    return it->second;
  };
  for (const auto& node : toposort(outputs)) {
    auto a = boost::add_vertex(VertexProps{node->op().name(), "box"}, g);
    for (const auto& in : node->inputs()) boost::add_edge(var_vertex(in), a, g);
    for (const auto& out : node->outputs()) boost::add_edge(a, var_vertex(out), g);
  }
  for (const auto& out : outputs) var_vertex(out);
  std::ostringstream os;
  boost::write_graphviz(os, g, [&](std::ostream& o, Graph::vertex_descriptor v) {
    std::string label;
    for (char c : g[v].label) label += c == '"' ? std::string("\\\"") : std::string(1, c);
    o << "[label=\"" << label << "\", shape=" << g[v].shape << "]";
  });
  return os.str();
}

}  // namespace kiln

#pragma GCC diagnostic pop
