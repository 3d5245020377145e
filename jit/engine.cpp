// The ORC session. One LLJIT per process, created on first use and never destroyed (modules
// may be released from static destructors). A compile is: lower each kernel into a fresh
// module, optimize it for the host CPU with libmvec as the vector library, add the module under
// its own ResourceTracker, and look the entry points up (which runs codegen and the JIT
// linker). Compiles are serialized: the TargetMachine is not thread-safe.
//
// Two optimization pipelines. Step kernels (compiled when a Function is made, so their compile
// is the latency a user waits for) take a short function pipeline that does what their loop
// nests need: inline each body into its entry, hoist invariants, vectorize (no interleaving: the
// reductions already keep 16 lanes), then unroll the lane loops and promote their accumulators.
// It runs in about half the time of O2 and leaves less code for codegen. Its passes come in
// O2's order (SLP before unrolling, so unrolled remainder loops stay scalar as O2 leaves them):
// a kernel with several reduced outputs then makes the same choices as its single-output
// kernels, and each output keeps their bits. Specialized whole programs (compiled once for a
// program called again, where inlined steps gain from GVN and the rest) take the full O2.
#include "jit/engine.hpp"

#include "core/compile_times.hpp"
#include "core/logging.hpp"
#include "jit/lower/lower.hpp"
#include "jit/runtime/runtime_symbols.hpp"

#include <kiln/errors.hpp>

#include <llvm/Analysis/TargetLibraryInfo.h>
#include <llvm/ExecutionEngine/Orc/ExecutionUtils.h>
#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/ExecutionEngine/Orc/ThreadSafeModule.h>
#include <llvm/IR/Constants.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Metadata.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/DynamicLibrary.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>

#include <chrono>
#include <cstdlib>
#include <deque>
#include <functional>
#include <mutex>

namespace kiln::jit {
namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::string error_text(llvm::Error error) { return llvm::toString(std::move(error)); }

// libmvec entry points that LLVM 19's LIBMVEC_X86 table lacks: glibc 2.35 added most of
// them, and the AVX-512 (`e`, 8 doubles or 16 floats) variants of every function, each in
// double and float (`logf`). Only the ones this libmvec exports are registered.
struct VectorVariant {
  const char* scalar;  // libm name; intrinsic names are added for those that have one
  const char* intrinsic;
  int arity;
};
constexpr VectorVariant kVectorFunctions[] = {
    {"acos", nullptr, 1},   {"acosh", nullptr, 1}, {"asin", nullptr, 1},  {"asinh", nullptr, 1},
    {"atan", nullptr, 1},   {"atanh", nullptr, 1}, {"cosh", nullptr, 1},  {"sinh", nullptr, 1},
    {"tanh", nullptr, 1},   {"erf", nullptr, 1},   {"erfc", nullptr, 1},  {"expm1", nullptr, 1},
    {"log1p", nullptr, 1},  {"exp2", "llvm.exp2.f64", 1},   {"log2", "llvm.log2.f64", 1},
    {"log10", "llvm.log10.f64", 1}, {"atan2", nullptr, 2},
    // In LLVM's table at 2 and 4 lanes only:
    {"sin", "llvm.sin.f64", 1}, {"cos", "llvm.cos.f64", 1}, {"tan", "llvm.tan.f64", 1},
    {"exp", "llvm.exp.f64", 1}, {"log", "llvm.log.f64", 1}, {"pow", "llvm.pow.f64", 2},
};

enum class Pipeline { kernels, o2 };

// instcombine runs without its fixpoint check: in LLVM 19 a pass-pipeline string's instcombine
// verifies that one iteration reached a fixpoint and aborts the process when it did not (the
// fuzzer found `eq(round(b), b)` of a bool b doing that); another round is only a missed
// simplification.
constexpr const char* kKernelPipeline =
    "function(sroa,early-cse,instcombine<no-verify-fixpoint>,simplifycfg),"
    "cgscc(inline),"
    "function(sroa,early-cse,instcombine<no-verify-fixpoint>,loop-mssa(loop-rotate,licm),loop(indvars),"
    "inject-tli-mappings,loop-vectorize<interleave-forced-only>,instcombine<no-verify-fixpoint>,simplifycfg,"
    "slp-vectorizer,loop-unroll,sroa,instcombine<no-verify-fixpoint>,simplifycfg)";

// The pipeline a module was lowered for, as a module flag the IR transform layer reads.
constexpr const char* kPipelineFlag = "kiln.pipeline";

class Engine {
 public:
  Engine() {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    auto jtmb = llvm::orc::JITTargetMachineBuilder::detectHost();
    if (!jtmb) throw CompileError("jit: cannot describe the host CPU: " + error_text(jtmb.takeError()));
    jtmb->setCodeGenOptLevel(llvm::CodeGenOptLevel::Aggressive);
    cpu_ = jtmb->getCPU();
    features_ = jtmb->getFeatures().getString();
    avx512_ = features_.find("+avx512f") != std::string::npos;
    prefer_vector_width_ = avx512_ ? 512 : 0;
    // AMD Zen's vector gathers are microcoded and lose to one load per lane: a loop reading
    // ab[county[i]] (varying slopes, 919 rows) took 2.20 us per logp+gradient with vgatherqpd
    // and 2.05 us without on a Zen 5 (hierarchical linear: 4.30 -> 4.11 us). LLVM sets this
    // tuning for the Intel cores whose gathers microcode made slow, not for Zen.
    if (cpu_.rfind("znver", 0) == 0) features_ += ",+prefer-no-gather";
    if (const char* width = std::getenv("KILN_JIT_VECTOR_WIDTH")) prefer_vector_width_ = std::atoi(width);

    auto tm = jtmb->createTargetMachine();
    if (!tm) throw CompileError("jit: cannot create the target machine: " + error_text(tm.takeError()));
    tm_ = std::move(*tm);
    auto jit = llvm::orc::LLJITBuilder().setJITTargetMachineBuilder(*jtmb).create();
    if (!jit) throw CompileError("jit: cannot create the LLJIT session: " + error_text(jit.takeError()));
    jit_ = std::move(*jit);
    jit_->getExecutionSession().setErrorReporter(
        [](llvm::Error error) { layer_logger("jit").error("ORC: {}", error_text(std::move(error))); });

    auto& jd = jit_->getMainJITDylib();
    llvm::orc::SymbolMap runtime;
    for (const auto& symbol : runtime_symbols())
      runtime[jit_->mangleAndIntern(symbol.name)] = {llvm::orc::ExecutorAddr::fromPtr(symbol.address),
                                                     llvm::JITSymbolFlags::Exported | llvm::JITSymbolFlags::Callable};
    if (auto error = jd.define(llvm::orc::absoluteSymbols(std::move(runtime))))
      throw CompileError("jit: cannot define the runtime symbols: " + error_text(std::move(error)));
    setup_vector_library();
    jit_->getIRTransformLayer().setTransform(
        [this](llvm::orc::ThreadSafeModule module, const llvm::orc::MaterializationResponsibility&) {
          module.withModuleDo([this](llvm::Module& m) {
            auto start = Clock::now();
            optimize(m, pipeline_of(m));
            dump(m, m.getName().str() + ".opt.ll");
            last_optimize_ms_ = ms_since(start);
          });
          return llvm::Expected<llvm::orc::ThreadSafeModule>(std::move(module));
        });
    layer_logger("jit").debug("LLJIT for {} ({}), {} vector-function mappings, prefer-vector-width {}", cpu_,
                              tm_->getTargetTriple().str(), vector_functions_, prefer_vector_width_);
  }

  std::shared_ptr<const CompiledModule> compile(const std::vector<KernelSpec>& kernels, const std::string& name) {
    std::lock_guard lock(mutex_);
    auto& log = layer_logger("jit");
    auto start = Clock::now();
    auto flat = lower(kernels, name, KernelVariant::flat);
    auto strided = lower(kernels, name, KernelVariant::strided);
    double lower_ms = ms_since(start);

    // Optimization runs in the IR transform layer, when a module is materialized: now for the
    // flat module (looked up below), at first use for the strided one.
    start = Clock::now();
    auto& jd = jit_->getMainJITDylib();
    auto tracker = jd.createResourceTracker();
    std::vector<KernelFn> entries;
    try {
      for (auto* module : {&flat, &strided})
        if (auto error = jit_->addIRModule(tracker, std::move(*module)))
          throw CompileError("jit: cannot add module " + name + ": " + error_text(std::move(error)));
      entries = lookup(kernels.size(), name, "_flat");
    } catch (const CompileError&) {
      if (auto error = tracker->remove()) log.error("ORC: {}", error_text(std::move(error)));
      throw;
    }
    log.debug("compiled {} ({} kernels): lower {:.3f} ms, optimize {:.3f} ms, codegen+link {:.3f} ms", name,
              kernels.size(), lower_ms, last_optimize_ms_, ms_since(start) - last_optimize_ms_);
    auto& times = compile_times_of_this_thread();
    times.lowering_ms += lower_ms;
    times.optimize_ms += last_optimize_ms_;
    times.codegen_ms += ms_since(start) - last_optimize_ms_;

    std::shared_ptr<void> resources(nullptr, [tracker](void*) {
      if (auto error = tracker->remove()) layer_logger("jit").error("ORC: {}", error_text(std::move(error)));
    });
    auto resolve = [this, name, n = kernels.size()] {
      std::lock_guard lazy_lock(mutex_);
      auto start = Clock::now();
      auto addresses = lookup(n, name, "_strided");
      layer_logger("jit").debug("strided kernels of {}: {:.3f} ms", name, ms_since(start));
      return addresses;
    };
    return std::make_shared<CompiledModule>(std::move(entries), std::move(resolve), std::move(resources));
  }

  std::shared_ptr<const CompiledProgram> compile(const StaticProgramSpec& spec, const std::string& name) {
    std::lock_guard lock(mutex_);
    auto start = Clock::now();
    auto module = new_module(name, Pipeline::o2, [&](llvm::Module& m) { lower_static_program(spec, m, name); });
    double lower_ms = ms_since(start);
    start = Clock::now();
    auto tracker = jit_->getMainJITDylib().createResourceTracker();
    ProgramFn fn = nullptr;
    try {
      if (auto error = jit_->addIRModule(tracker, std::move(module)))
        throw CompileError("jit: cannot add module " + name + ": " + error_text(std::move(error)));
      auto found = jit_->lookup(name);
      if (!found) throw CompileError("jit: code generation for " + name + " failed: " + error_text(found.takeError()));
      fn = found->toPtr<ProgramFn>();
    } catch (const CompileError&) {
      if (auto error = tracker->remove()) layer_logger("jit").error("ORC: {}", error_text(std::move(error)));
      throw;
    }
    layer_logger("jit").debug("compiled {} ({} steps, {} kernels): lower {:.3f} ms, optimize {:.3f} ms, codegen+link {:.3f} ms",
                              name, spec.steps.size(), spec.kernels.size(), lower_ms, last_optimize_ms_,
                              ms_since(start) - last_optimize_ms_);
    std::shared_ptr<void> resources(nullptr, [tracker](void*) {
      if (auto error = tracker->remove()) layer_logger("jit").error("ORC: {}", error_text(std::move(error)));
    });
    return std::make_shared<CompiledProgram>(CompiledProgram{fn, std::move(resources)});
  }

  std::shared_ptr<const CompiledNodes> compile(const std::vector<const Apply*>& nodes, const std::string& name) {
    std::lock_guard lock(mutex_);
    auto module = new_module(name, Pipeline::o2, [&](llvm::Module& m) {
      for (std::size_t k = 0; k < nodes.size(); ++k) lower_node_function(*nodes[k], m, name + "_n" + std::to_string(k));
    });
    auto tracker = jit_->getMainJITDylib().createResourceTracker();
    auto compiled = std::make_shared<CompiledNodes>();
    try {
      if (auto error = jit_->addIRModule(tracker, std::move(module)))
        throw CompileError("jit: cannot add module " + name + ": " + error_text(std::move(error)));
      for (std::size_t k = 0; k < nodes.size(); ++k) {
        auto found = jit_->lookup(name + "_n" + std::to_string(k));
        if (!found) throw CompileError("jit: code generation for " + name + " failed: " + error_text(found.takeError()));
        compiled->fns.push_back(found->toPtr<NodeFn>());
      }
    } catch (const CompileError&) {
      if (auto error = tracker->remove()) layer_logger("jit").error("ORC: {}", error_text(std::move(error)));
      throw;
    }
    compiled->resources = std::shared_ptr<void>(nullptr, [tracker](void*) {
      if (auto error = tracker->remove()) layer_logger("jit").error("ORC: {}", error_text(std::move(error)));
    });
    return compiled;
  }

  EngineInfo info() const { return {cpu_, avx512_, prefer_vector_width_, vector_functions_}; }

 private:
  static std::string kernel_name(const std::string& module, std::size_t k) { return module + "_k" + std::to_string(k); }

  // One module `<name><suffix>` holding one variant of every kernel, `<name>_k<i><suffix>`.
  llvm::orc::ThreadSafeModule lower(const std::vector<KernelSpec>& kernels, const std::string& name, KernelVariant variant) {
    const char* suffix = variant_suffix(variant);
    return new_module(name + suffix, Pipeline::kernels, [&](llvm::Module& module) {
      for (std::size_t k = 0; k < kernels.size(); ++k) lower_kernel(kernels[k], module, kernel_name(name, k) + suffix, variant);
    });
  }

  // A module named `name`, filled by `fill`, set up for this host and verified; `pipeline`
  // optimizes it when it is materialized.
  llvm::orc::ThreadSafeModule new_module(const std::string& name, Pipeline pipeline,
                                         const std::function<void(llvm::Module&)>& fill) {
    auto context = std::make_unique<llvm::LLVMContext>();
    auto module = std::make_unique<llvm::Module>(name, *context);
    module->setDataLayout(jit_->getDataLayout());
    module->setTargetTriple(tm_->getTargetTriple().str());
    module->addModuleFlag(llvm::Module::Error, kPipelineFlag, static_cast<std::uint32_t>(pipeline));
    fill(*module);
    for (auto& fn : *module) {
      if (fn.isDeclaration()) continue;
      fn.addFnAttr("target-cpu", cpu_);
      fn.addFnAttr("target-features", features_);
      if (prefer_vector_width_ > 0) fn.addFnAttr("prefer-vector-width", std::to_string(prefer_vector_width_));
    }
    std::string problems;
    llvm::raw_string_ostream problem_stream(problems);
    if (llvm::verifyModule(*module, &problem_stream))
      throw CompileError("jit: lowering produced invalid IR for " + module->getName().str() + ": " + problems);
    dump(*module, module->getName().str() + ".ll");
    if (auto& log = layer_logger("jit"); log.should_log(spdlog::level::trace)) {
      std::string text;
      llvm::raw_string_ostream os(text);
      module->print(os, nullptr);
      log.trace("IR of {} after lowering:\n{}", module->getName().str(), text);
    }
    return llvm::orc::ThreadSafeModule(std::move(module), llvm::orc::ThreadSafeContext(std::move(context)));
  }

  static const char* variant_suffix(KernelVariant variant) { return variant == KernelVariant::flat ? "_flat" : "_strided"; }

  // The entry points `<name>_k<i><variant>`, materializing (optimizing, compiling, linking)
  // their module if it is not yet.
  std::vector<KernelFn> lookup(std::size_t n, const std::string& name, const char* variant) {
    llvm::orc::SymbolLookupSet symbols;
    std::vector<llvm::orc::SymbolStringPtr> names;
    for (std::size_t k = 0; k < n; ++k) {
      names.push_back(jit_->mangleAndIntern(kernel_name(name, k) + variant));
      symbols.add(names.back());
    }
    auto& jd = jit_->getMainJITDylib();
    auto found = jit_->getExecutionSession().lookup(llvm::orc::makeJITDylibSearchOrder(&jd), std::move(symbols));
    if (!found) throw CompileError("jit: code generation for " + name + " failed: " + error_text(found.takeError()));
    std::vector<KernelFn> entries;
    for (const auto& symbol : names) entries.push_back((*found)[symbol].getAddress().toPtr<KernelFn>());
    return entries;
  }

  void setup_vector_library() {
    llvm::Triple triple = tm_->getTargetTriple();
    tlii_ = std::make_unique<llvm::TargetLibraryInfoImpl>(triple);
    std::string error;
    auto libmvec = llvm::sys::DynamicLibrary::getPermanentLibrary("libmvec.so.1", &error);
    if (!libmvec.isValid()) {
      layer_logger("jit").warn("libmvec.so.1 not found ({}): transcendental functions stay scalar", error);
      return;
    }
    auto generator = llvm::orc::DynamicLibrarySearchGenerator::Load("libmvec.so.1", jit_->getDataLayout().getGlobalPrefix());
    if (!generator) throw CompileError("jit: cannot search libmvec: " + error_text(generator.takeError()));
    jit_->getMainJITDylib().addGenerator(std::move(*generator));
    tlii_->addVectorizableFunctionsFromVecLib(llvm::TargetLibraryInfoImpl::LIBMVEC_X86, triple);

    struct Isa {
      char letter;
      int lanes;
    };
    std::vector<Isa> isas = {{'b', 2}, {'d', 4}};
    if (avx512_) isas.push_back({'e', 8});
    std::vector<llvm::VecDesc> table;
    // Registers `vector_name` at `lanes` for each of `scalars` that LLVM does not map yet.
    auto add = [&](std::initializer_list<std::string> scalars, const std::string& vector_name, int lanes, int arity) {
      if (!libmvec.getAddressOfSymbol(vector_name.c_str())) return;
      const std::string& stored_vector = keep(vector_name);
      const std::string& abi = keep("_ZGV_LLVM_N" + std::to_string(lanes) + std::string(static_cast<std::size_t>(arity), 'v'));
      auto count = llvm::ElementCount::getFixed(static_cast<unsigned>(lanes));
      for (const std::string& scalar : scalars)
        if (!scalar.empty() && !tlii_->isFunctionVectorizable(scalar, count))
          table.emplace_back(keep(scalar), stored_vector, count, false, abi);
    };
    for (const auto& f : kVectorFunctions) {
      const std::string params(static_cast<std::size_t>(f.arity), 'v');
      const std::string intrinsic = f.intrinsic ? f.intrinsic : "";
      // The float variants (logf, llvm.log.f32) have twice the lanes: float32 graphs compute in float.
      const std::string intrinsic_f = f.intrinsic ? intrinsic.substr(0, intrinsic.size() - 3) + "f32" : "";
      for (const auto& isa : isas) {
        const std::string prefix = std::string("_ZGV") + isa.letter + "N";
        add({f.scalar, intrinsic}, prefix + std::to_string(isa.lanes) + params + "_" + f.scalar, isa.lanes, f.arity);
        add({std::string(f.scalar) + "f", intrinsic_f}, prefix + std::to_string(2 * isa.lanes) + params + "_" + f.scalar + "f",
            2 * isa.lanes, f.arity);
      }
    }
    tlii_->addVectorizableFunctions(table);
    vector_functions_ = static_cast<int>(table.size());
  }

  const std::string& keep(std::string s) { return strings_.emplace_back(std::move(s)); }

  static Pipeline pipeline_of(const llvm::Module& module) {
    auto* flag = llvm::mdconst::extract_or_null<llvm::ConstantInt>(module.getModuleFlag(kPipelineFlag));
    bool kernels = flag && flag->getZExtValue() == static_cast<std::uint64_t>(Pipeline::kernels);
    return kernels ? Pipeline::kernels : Pipeline::o2;
  }

  void optimize(llvm::Module& module, Pipeline pipeline) {
    llvm::LoopAnalysisManager lam;
    llvm::FunctionAnalysisManager fam;
    llvm::CGSCCAnalysisManager cgam;
    llvm::ModuleAnalysisManager mam;
    llvm::PipelineTuningOptions tuning;
    tuning.LoopVectorization = true;
    tuning.SLPVectorization = true;
    llvm::PassBuilder builder(tm_.get(), tuning);
    // Registered before the defaults, or the default TLI (no vector library) wins.
    fam.registerPass([&] { return llvm::TargetLibraryAnalysis(*tlii_); });
    builder.registerModuleAnalyses(mam);
    builder.registerCGSCCAnalyses(cgam);
    builder.registerFunctionAnalyses(fam);
    builder.registerLoopAnalyses(lam);
    builder.crossRegisterProxies(lam, fam, cgam, mam);
    llvm::ModulePassManager passes;
    if (pipeline == Pipeline::kernels) {
      // Runs inside ORC's materialization, where nothing may throw: a pipeline that does not
      // parse (an LLVM whose pass names changed) is logged and O2 serves instead.
      if (auto error = builder.parsePassPipeline(passes, kKernelPipeline)) {
        layer_logger("jit").error("the kernel pass pipeline does not parse ({}): using O2", error_text(std::move(error)));
        passes = builder.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O2);
      }
    } else {
      passes = builder.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O2);
    }
    passes.run(module, mam);
  }

  // KILN_DUMP_IR=DIR: the IR of each module before (`name.ll`) and after (`name.opt.ll`) optimization.
  static void dump(const llvm::Module& module, const std::string& file) {
    const char* dir = std::getenv("KILN_DUMP_IR");
    if (!dir || !*dir) return;
    std::error_code ec;
    llvm::raw_fd_ostream out(std::string(dir) + "/" + file, ec, llvm::sys::fs::OF_Text);
    if (ec) {
      layer_logger("jit").warn("KILN_DUMP_IR: cannot write {}/{}: {}", dir, file, ec.message());
      return;
    }
    module.print(out, nullptr);
  }

  std::mutex mutex_;
  std::unique_ptr<llvm::orc::LLJIT> jit_;
  std::unique_ptr<llvm::TargetMachine> tm_;
  std::unique_ptr<llvm::TargetLibraryInfoImpl> tlii_;
  std::deque<std::string> strings_;  // the VecDesc names point into these
  std::string cpu_;
  std::string features_;
  bool avx512_ = false;
  int prefer_vector_width_ = 0;
  int vector_functions_ = 0;
  double last_optimize_ms_ = 0;  // written by the transform, under mutex_
};

Engine& engine() {
  static Engine* instance = new Engine();  // thread-safe lazy init; never destroyed (see top)
  return *instance;
}

}  // namespace

CompiledModule::CompiledModule(std::vector<KernelFn> flat, Resolver resolve_strided, std::shared_ptr<void> resources)
    : flat_(std::move(flat)),
      strided_(std::make_unique<std::atomic<KernelFn>[]>(flat_.size())),
      resolve_strided_(std::move(resolve_strided)),
      resources_(std::move(resources)) {}

KernelFn CompiledModule::strided(std::size_t k) const {
  KernelFn fn = strided_[k].load(std::memory_order_acquire);
  if (!fn) {
    std::vector<KernelFn> all = resolve_strided_();
    for (std::size_t i = 0; i < all.size(); ++i) strided_[i].store(all[i], std::memory_order_release);
    fn = all[k];
  }
  return fn;
}

std::shared_ptr<const CompiledModule> compile_kernels(const std::vector<KernelSpec>& kernels, const std::string& name) {
  return engine().compile(kernels, name);
}

std::shared_ptr<const CompiledProgram> compile_static_program(const StaticProgramSpec& spec, const std::string& name) {
  return engine().compile(spec, name);
}

std::shared_ptr<const CompiledNodes> compile_nodes(const std::vector<const Apply*>& nodes, const std::string& name) {
  return engine().compile(nodes, name);
}

EngineInfo engine_info() { return engine().info(); }

}  // namespace kiln::jit
