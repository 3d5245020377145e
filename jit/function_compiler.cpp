// The function compiler: the pipeline from user graphs to a callable Function.
//   apply givens -> program cache lookup by the request's structural key -> on a miss: clone
//   into a FunctionGraph -> rewrite phases (merge, canonicalize, stabilize, specialize, fusion,
//   outputs) -> jit::compile_program (lower fused loops, optimize, link; other ops run their
//   reference perform inside the native program)
#include "core/compile_times.hpp"
#include "core/logging.hpp"
#include "core/structural_hash.hpp"
#include "jit/native_program.hpp"
#include "rewrite/function_graph.hpp"
#include "rewrite/rewriter.hpp"

#include <kiln/function.hpp>
#include <kiln/traversal.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <unordered_map>

namespace kiln {
namespace {

void check_inputs_are_roots(const std::vector<Var>& inputs) {
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (!inputs[i]) throw InputError("function: input " + std::to_string(i) + " is a null Var");
    if (inputs[i].is_constant())
      throw InputError("function: input " + std::to_string(i) + " (" + to_string(inputs[i]) +
                       ") is a constant and cannot be an input");
    for (std::size_t j = 0; j < i; ++j)
      if (inputs[j] == inputs[i]) throw InputError("function: input " + to_string(inputs[i]) + " is given twice");
  }
}

RewriteQuery query_for(Mode mode) {
  if (mode == Mode::FAST_COMPILE) return RewriteQuery{{"fast_compile"}, {}};
  return RewriteQuery{{"fast_run"}, {}};
}

// eval compiles through the same pipeline as function, once per (output, given variables): the
// cache keeps the Function while every variable in the key is alive, so a repeated eval (a
// walkthrough printing the same draw ten times, a test loop) is a call, not a compile. An equal
// graph built again misses here and finds its program in function's program cache.
Function compiled_for_eval(const Var& output, const std::vector<Var>& inputs) {
  struct Entry {
    std::vector<std::weak_ptr<VariableNode>> vars;
    std::shared_ptr<Function> function;
  };
  static std::mutex mutex;
  static std::map<std::vector<const VariableNode*>, Entry> cache;
  std::vector<const VariableNode*> key{output.get()};
  for (const auto& in : inputs) key.push_back(in.get());
  auto alive = [](const Entry& e, const std::vector<const VariableNode*>& k) {
    for (std::size_t i = 0; i < k.size(); ++i)
      if (e.vars[i].lock().get() != k[i]) return false;
    return true;
  };
  {
    std::lock_guard lock(mutex);
    auto it = cache.find(key);
    if (it != cache.end() && alive(it->second, key)) return *it->second.function;
  }
  // A given intermediate (w.eval({{z, ...}})) becomes a fresh input that stands in for it.
  std::vector<Var> roots = inputs;
  std::vector<std::pair<Var, Var>> stand_ins;
  for (auto& in : roots)
    if (in.owner()) {
      Var fresh = make_input(in.type(), in.name());
      stand_ins.emplace_back(in, fresh);
      in = fresh;
    }
  Var target = stand_ins.empty() ? output : clone_replace({output}, stand_ins)[0];
  // eval has already checked and converted the given values.
  auto f = std::make_shared<Function>(function(roots, target, {.trust_input = true}));
  Entry entry{{output.node()}, f};
  for (const auto& in : inputs) entry.vars.push_back(in.node());
  std::lock_guard lock(mutex);
  // Entries whose variables died cannot hit again (a new variable at a reused address fails
  // the liveness check); clear them now and then so the cache stays small.
  if (cache.size() > 4096) std::erase_if(cache, [&](const auto& kv) { return !alive(kv.second, kv.first); });
  cache[key] = std::move(entry);
  return *f;
}

// Compiled programs by the structural key of their request, so that compiling an equal graph is
// a lookup: the hit reuses the rewritten graph and its native code, with no cloning or
// rewriting. A Function holds its program through a handle whose release erases the entry, so
// an entry lives exactly as long as some Function uses its program (native code outlives it a
// while in jit/code_cache).
class ProgramCache {
 public:
  static ProgramCache& instance() {
    static auto* cache = new ProgramCache();  // never destroyed: programs may be released at exit
    return *cache;
  }

  std::shared_ptr<const Program> find(const StructuralKey& key) {
    std::lock_guard lock(mutex_);
    auto [first, last] = entries_.equal_range(key.hash());
    for (auto it = first; it != last; ++it)
      if (it->second.key == key)
        if (auto program = it->second.program.lock()) return program;
    return nullptr;
  }

  // Registers `program` under `key` and returns the handle that Functions hold.
  std::shared_ptr<const Program> insert(StructuralKey key, std::shared_ptr<const Program> program) {
    const std::uint64_t hash = key.hash();
    const std::uint64_t id = next_id_++;
    const Program* raw = program.get();
    std::shared_ptr<const Program> handle(raw, [this, hash, id, program = std::move(program)](const Program*) mutable {
      erase(hash, id);
      program.reset();
    });
    std::lock_guard lock(mutex_);
    entries_.emplace(hash, Entry{id, std::move(key), handle});
    return handle;
  }

 private:
  struct Entry {
    std::uint64_t id;
    StructuralKey key;
    std::weak_ptr<const Program> program;
  };

  void erase(std::uint64_t hash, std::uint64_t id) {
    std::optional<Entry> erased;  // destroyed after the lock: its ops and constants may hold Functions
    std::lock_guard lock(mutex_);
    auto [first, last] = entries_.equal_range(hash);
    for (auto it = first; it != last; ++it)
      if (it->second.id == id) {
        erased.emplace(std::move(it->second));
        entries_.erase(it);
        break;
      }
  }

  std::mutex mutex_;
  std::unordered_multimap<std::uint64_t, Entry> entries_;
  std::atomic<std::uint64_t> next_id_{0};
};

double ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

// The pipeline proper: clone, rewrite, compile.
std::shared_ptr<const Program> compile_request(const std::vector<Var>& inputs, const std::vector<Var>& outputs,
                                               Mode mode, bool fixed_shapes) {
  const auto start = std::chrono::steady_clock::now();
  FunctionGraph fg(inputs, outputs);
  run_rewrites(fg, RewriteDatabase::standard().query(query_for(mode)));
  auto& times = compile_times_of_this_thread();
  times.rewrite_ms += ms_since(start);
  ++times.programs;
  return jit::compile_program(inputs, fg.outputs(), fixed_shapes);
}

// (A cached program serves requests with and without fixed_shapes alike: that option only
// decides when its step kernels compile.)
std::shared_ptr<const Program> cached_program(const std::vector<Var>& inputs, const std::vector<Var>& outputs,
                                              Mode mode, bool fixed_shapes) {
  auto& log = layer_logger("jit");
  // The compiled dprint shows the graph above an intermediate input, which the key leaves out.
  if (std::any_of(inputs.begin(), inputs.end(), [](const Var& in) { return in.get()->owner != nullptr; })) {
    log.debug("function: an input is an intermediate variable: compiled without the program cache");
    return compile_request(inputs, outputs, mode, fixed_shapes);
  }
  const auto start = std::chrono::steady_clock::now();
  StructuralKey key = structural_key(inputs, outputs, mode);
  const std::uint64_t hash = key.hash();
  const std::size_t nodes = key.num_nodes();
  auto& cache = ProgramCache::instance();
  if (auto program = cache.find(key)) {
    ++compile_times_of_this_thread().cache_hits;
    log.debug("function: program cache hit, key {:016x} ({} nodes) in {:.3f} ms", hash, nodes, ms_since(start));
    return program;
  }
  auto program = cache.insert(std::move(key), compile_request(inputs, outputs, mode, fixed_shapes));
  log.debug("function: program cache miss, key {:016x} ({} nodes) compiled in {:.3f} ms", hash, nodes, ms_since(start));
  return program;
}

}  // namespace

Function function(const std::vector<Var>& inputs, const std::vector<Var>& outputs, FunctionOptions options) {
  check_inputs_are_roots(inputs);
  std::vector<Var> program_outputs = outputs;
  for (const auto& [shared_var, update] : options.updates) {
    if (!shared_var || !update) throw InputError("function: an update pair holds a null Var");
    if (!shared_var.is_shared())
      throw InputError("function: update target " + to_string(shared_var) + " is not a shared variable");
    if (!shared_var.type().accepts(update.type()) && shared_var.dtype() != update.dtype())
      throw TypeError("function: update of " + to_string(shared_var) + " (" + shared_var.type().str() +
                      ") has type " + update.type().str());
    program_outputs.push_back(update);
  }
  for (const auto& out : program_outputs)
    if (!out) throw InputError("function: an output is a null Var");
  // Givens go in first, so the cache key covers the graph that compiles. The update targets are
  // not part of it: the Function, not the program, writes the updated values.
  if (!options.givens.empty()) program_outputs = clone_replace(program_outputs, options.givens);
  auto program = cached_program(inputs, program_outputs, options.mode, options.fixed_shapes);
  return Function(inputs, outputs, std::move(options), std::move(program));
}

Function function(const std::vector<Var>& inputs, const Var& output, FunctionOptions options) {
  return function(inputs, std::vector<Var>{output}, std::move(options));
}

Array Var::eval(const Givens& givens) const {
  if (!node_) throw InputError("eval: called on a null Var");
  Givens converted;
  for (const auto& [var, value] : givens) {
    if (!var) throw InputError("eval: a given variable is a null Var");
    Array v = value;
    if (v.dtype() != var.dtype()) {
      if (promote(v.dtype(), var.dtype()) != var.dtype())
        throw InputError("eval: " + to_string(var) + " expects dtype " + std::string(dtype_name(var.dtype())) +
                         ", got " + std::string(dtype_name(v.dtype())));
      v = v.astype(var.dtype());
    }
    if (!var.type().accepts(v))
      throw InputError("eval: " + to_string(var) + " expects " + var.type().str() + ", got an array of shape " +
                       shape_string(v.shape()));
    converted.emplace_back(var, std::move(v));
  }
  std::vector<Var> inputs;
  std::vector<Array> args;
  for (auto& [var, value] : converted) {
    inputs.push_back(var);
    args.push_back(std::move(value));
  }
  return compiled_for_eval(*this, inputs).call_positional(std::move(args))[0];
}

}  // namespace kiln
