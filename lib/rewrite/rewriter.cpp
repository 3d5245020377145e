// The equilibrium engine, the database query, and the debug tracing of every replacement.
#include "rewrite/rewriter.hpp"

#include "core/logging.hpp"

#include <kiln/print.hpp>

#include <algorithm>
#include <chrono>
#include <unordered_set>
#include <sstream>

namespace kiln {
namespace {

bool has_any(const std::vector<std::string>& tags, const std::vector<std::string>& wanted) {
  for (const auto& t : tags)
    if (std::find(wanted.begin(), wanted.end(), t) != wanted.end()) return true;
  return false;
}

template <class R>
bool selected(const R& r, const RewriteQuery& q) {
  if (std::find(q.exclude.begin(), q.exclude.end(), r.name) != q.exclude.end()) return false;
  if (has_any(r.tags, q.exclude)) return false;
  return has_any(r.tags, q.include);
}

std::string node_text(const Apply& node) {
  std::ostringstream os;
  os << node;
  return os.str();
}

// Checks a rewrite's result before it touches the graph: one variable per output, each of a
// type the output accepts.
bool valid_replacement(const Apply& node, const std::vector<Var>& repl, const std::string& name) {
  static spdlog::logger& log = layer_logger("rewrite");  // looked up once: this runs per node
  if (repl.size() != node.num_outputs()) {
    log.debug("{}: returned {} outputs for {} ({} expected); skipped", name, repl.size(), node_text(node),
              node.num_outputs());
    return false;
  }
  for (std::size_t i = 0; i < repl.size(); ++i) {
    if (!repl[i] || !node.output(static_cast<int>(i)).type().accepts(repl[i].type())) {
      log.debug("{}: replacement of type {} does not fit {}; skipped", name,
                repl[i] ? repl[i].type().str() : std::string("<null>"), node.output(static_cast<int>(i)).type().str());
      return false;
    }
  }
  return true;
}

}  // namespace

void RewriteDatabase::add_phase(std::string name) { phases_.push_back(Phase{std::move(name), {}, {}}); }

Phase& RewriteDatabase::phase(const std::string& name) {
  for (auto& p : phases_)
    if (p.name == name) return p;
  throw Error("rewrite database has no phase '" + name + "'");
}

void RewriteDatabase::add(const std::string& phase_name, NodeRewrite rewrite) {
  phase(phase_name).node_rewrites.push_back(std::move(rewrite));
}

void RewriteDatabase::add(const std::string& phase_name, GraphRewrite rewrite) {
  phase(phase_name).graph_rewrites.push_back(std::move(rewrite));
}

std::vector<Phase> RewriteDatabase::query(const RewriteQuery& q) const {
  std::vector<Phase> out;
  for (const auto& p : phases_) {
    Phase sel{p.name, {}, {}};
    for (const auto& r : p.graph_rewrites)
      if (selected(r, q)) sel.graph_rewrites.push_back(r);
    for (const auto& r : p.node_rewrites)
      if (selected(r, q)) sel.node_rewrites.push_back(r);
    if (!sel.graph_rewrites.empty() || !sel.node_rewrites.empty()) out.push_back(std::move(sel));
  }
  return out;
}

namespace {

// Remembers the nodes a pass added or rewired, and their readers two levels up: the only
// places where a rewrite that did not apply before may apply now (patterns look at most
// three levels deep).
class ChangedNodes : public FunctionGraph::Listener {
 public:
  void on_import(FunctionGraph&, Apply& node) override { touched_.push_back(&node); }
  void on_change_input(FunctionGraph&, const Client& c, const Var&, const Var&, const std::string&) override {
    if (c.node) touched_.push_back(c.node);
  }
  // The touched nodes still in the graph, with their readers and their readers' readers, in a
  // deterministic order (first touched first), so a compile rewrites the same way every time.
  std::vector<const Apply*> take(const FunctionGraph& fg) {
    std::vector<const Apply*> out;
    std::unordered_set<const Apply*> seen;
    std::vector<std::pair<const Apply*, int>> stack;
    for (auto it = touched_.rbegin(); it != touched_.rend(); ++it) stack.emplace_back(*it, 0);
    touched_.clear();
    while (!stack.empty()) {
      auto [node, depth] = stack.back();
      stack.pop_back();
      if (!fg.contains(node) || !seen.insert(node).second) continue;
      out.push_back(node);
      if (depth == 2) continue;
      for (std::size_t i = 0; i < node->num_outputs(); ++i)
        for (const auto& c : fg.clients(node->output(static_cast<int>(i))))
          if (c.node) stack.emplace_back(c.node, depth + 1);
    }
    return out;
  }

 private:
  std::vector<const Apply*> touched_;
};

// Tries the rewrites on one node; true when one replaced it.
bool rewrite_node(FunctionGraph& fg, Apply& node, const std::vector<NodeRewrite>& rewrites, RewriteStats& stats) {
  static spdlog::logger& log = layer_logger("rewrite");  // looked up once: this runs per node
  for (const auto& r : rewrites) {
    std::optional<std::vector<Var>> repl;
    try {
      repl = r.fn(fg, node);
    } catch (const std::exception& e) {
      ++stats.failures;
      log.debug("{} failed on {}: {}; skipped", r.name, node_text(node), e.what());
      continue;
    }
    if (!repl || !valid_replacement(node, *repl, r.name)) continue;
    bool changed = false;
    for (std::size_t i = 0; i < repl->size(); ++i) changed |= (*repl)[i] != node.output(static_cast<int>(i));
    if (!changed) continue;
    if (log.should_log(spdlog::level::debug)) {
      std::ostringstream to;
      for (const auto& v : *repl) to << (v.owner() ? node_text(*v.owner()) : to_string(v)) << " ";
      log.debug("{}: {} -> {}", r.name, node_text(node), to.str());
    }
    for (std::size_t i = 0; i < repl->size(); ++i) fg.replace(node.output(static_cast<int>(i)), (*repl)[i], r.name);
    ++stats.applications[r.name];
    return true;
  }
  return false;
}

}  // namespace

// A full pass over every node, then passes over only what changed, until nothing does; a
// last full pass confirms the fixed point (and starts again if it finds more to do).
int rewrite_to_fixed_point(FunctionGraph& fg, const std::vector<NodeRewrite>& rewrites, RewriteStats& stats,
                           int max_passes) {
  ChangedNodes changed;
  fg.add_listener(&changed);
  int total = 0;
  bool full = true;
  for (int pass = 0; pass < max_passes; ++pass) {
    // A full pass walks the graph in topological order; a worklist pass visits only the nodes
    // that changed (no walk of the whole graph for a handful of nodes).
    std::vector<std::shared_ptr<Apply>> visit;
    if (full) {
      changed.take(fg);
      visit = fg.toposort();
    } else {
      for (const Apply* n : changed.take(fg)) visit.push_back(const_cast<Apply*>(n)->shared_from_this());
    }
    int changes = 0;
    for (const auto& node : visit)
      if (fg.contains(node.get()) && rewrite_node(fg, *node, rewrites, stats)) ++changes;
    total += changes;
    if (changes == 0 && full) break;
    full = changes == 0;
  }
  fg.remove_listener(&changed);
  return total;
}

RewriteStats run_rewrites(FunctionGraph& fg, const std::vector<Phase>& phases) {
  static spdlog::logger& log = layer_logger("rewrite");  // looked up once: this runs per node
  RewriteStats stats;
  for (const auto& phase : phases) {
    auto start = std::chrono::steady_clock::now();
    for (const auto& g : phase.graph_rewrites) {
      int n = 0;
      try {
        n = g.fn(fg);
      } catch (const std::exception& e) {
        ++stats.failures;
        log.debug("{} failed: {}; skipped", g.name, e.what());
      }
      if (n) stats.applications[g.name] += n;
    }
    rewrite_to_fixed_point(fg, phase.node_rewrites, stats);
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    stats.phase_ms[phase.name] += ms;
    if (log.should_log(spdlog::level::trace)) log.trace("after {}:\n{}", phase.name, debug_string(fg.outputs()));
  }
  if (log.should_log(spdlog::level::debug)) {
    for (const auto& [name, n] : stats.applications) log.debug("applied {} x{}", name, n);
    for (const auto& [name, ms] : stats.phase_ms) log.debug("phase {}: {:.3f} ms", name, ms);
  }
  return stats;
}

}  // namespace kiln
