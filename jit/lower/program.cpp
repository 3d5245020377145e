// Lowering a StaticProgramSpec to one function, `int <name>(ptr bindings, ptr arena)`: each
// slot's pointer is computed once (a binding, an arena offset, a stack buffer, a constant),
// each kernel is its body function called with constant dims (so after inlining its loops
// have known trip counts), and each C++ step is a call through its address whose nonzero
// result returns at once.
// The entry loads the bindings and calls `<name>_body`, whose parameters (each binding, then
// the arena) are `noalias`: what a step writes (an output binding, the arena) is never memory
// another binding reads, which every caller checks (StaticProgram::run_direct and the
// overlap checks before StaticProgram::run). Once inlined, that tells the optimizer that a
// later step's loads of an input see the values an earlier step loaded, so the steps share
// their loads and the arithmetic on them. Node steps share what one computed for the next
// (NodeEmitter::shared): indices checked once serve every gather and scatter by them.
#include "jit/lower/emitter.hpp"
#include "jit/lower/lower.hpp"
#include "jit/static_program.hpp"

#include <llvm/IR/Constants.h>
#include <llvm/IR/Function.h>
#include <llvm/IR/GlobalVariable.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Module.h>

namespace kiln::jit {
namespace {

// Constants up to this size are copied into the code, where the optimizer can fold them.
constexpr std::int64_t kEmbeddedBytes = 1024;

class ProgramLowering {
 public:
  ProgramLowering(const StaticProgramSpec& spec, llvm::Module& module)
      : spec_(spec), module_(module), ctx_(module.getContext()), b_(ctx_) {}

  void emit(const std::string& name) {
    emit_body(name);
    auto* type = llvm::FunctionType::get(b_.getInt32Ty(), {b_.getPtrTy(), b_.getPtrTy()}, false);
    auto* entry = llvm::Function::Create(type, llvm::Function::ExternalLinkage, name, module_);
    entry->addFnAttr(llvm::Attribute::NoUnwind);
    for (unsigned k = 0; k < 2; ++k) entry->addParamAttr(k, llvm::Attribute::NoAlias);
    b_.SetInsertPoint(llvm::BasicBlock::Create(ctx_, "entry", entry));
    std::vector<llvm::Value*> args;
    for (int k = 0; k < spec_.num_bindings; ++k)
      args.push_back(b_.CreateLoad(b_.getPtrTy(), b_.CreateConstInBoundsGEP1_64(b_.getPtrTy(), entry->getArg(0),
                                                                                static_cast<std::uint64_t>(k))));
    args.push_back(entry->getArg(1));
    b_.CreateRet(b_.CreateCall(fn_, args));
  }

 private:
  // int <name>_body(ptr noalias binding..., ptr noalias arena)
  void emit_body(const std::string& name) {
    std::vector<llvm::Type*> params(static_cast<std::size_t>(spec_.num_bindings) + 1, b_.getPtrTy());
    auto* type = llvm::FunctionType::get(b_.getInt32Ty(), params, false);
    fn_ = llvm::Function::Create(type, llvm::Function::InternalLinkage, name + "_body", module_);
    fn_->addFnAttr(llvm::Attribute::NoUnwind);
    for (unsigned k = 0; k < params.size(); ++k) fn_->addParamAttr(k, llvm::Attribute::NoAlias);
    b_.SetInsertPoint(llvm::BasicBlock::Create(ctx_, "entry", fn_));
    pointers_.assign(spec_.slots.size(), nullptr);
    for (std::size_t s = 0; s < spec_.slots.size(); ++s) pointer(static_cast<int>(s));

    int counter = 0;
    for (const auto& step : spec_.steps) {
      switch (step.kind) {
        case StaticStep::Kind::kernel: emit_kernel(step, name + "_s" + std::to_string(counter++)); break;
        case StaticStep::Kind::node: emit_node(step); break;
        case StaticStep::Kind::call: emit_call(step); break;
      }
    }
    b_.CreateRet(b_.getInt32(0));
  }

  llvm::Value* arena() const { return fn_->getArg(static_cast<unsigned>(spec_.num_bindings)); }

  llvm::Value* i64(std::int64_t v) { return b_.getInt64(static_cast<std::uint64_t>(v)); }

  llvm::Value* address(const void* p) {
    return llvm::ConstantExpr::getIntToPtr(b_.getInt64(reinterpret_cast<std::uintptr_t>(p)), b_.getPtrTy());
  }

  llvm::Type* element_type(DType dtype) {
    switch (dtype) {
      case DType::float64: return b_.getDoubleTy();
      case DType::float32: return b_.getFloatTy();
      case DType::int64: case DType::uint64: return b_.getInt64Ty();
      case DType::int32: case DType::uint32: return b_.getInt32Ty();
      case DType::int16: case DType::uint16: return b_.getInt16Ty();
      default: return b_.getInt8Ty();
    }
  }

  // A private constant copy of a small constant, so loads from it fold.
  llvm::Value* embedded(const StaticSlot& slot) {
    std::int64_t n = shape_size(slot.shape);
    std::size_t bytes = static_cast<std::size_t>(n) * itemsize(slot.dtype);
    llvm::StringRef raw(static_cast<const char*>(slot.buffer.address), bytes);
    auto* data = llvm::ConstantDataArray::getRaw(raw, static_cast<std::uint64_t>(n), element_type(slot.dtype));
    auto* global = new llvm::GlobalVariable(module_, data->getType(), true, llvm::GlobalValue::PrivateLinkage, data);
    global->setAlignment(llvm::Align(64));
    global->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
    return global;
  }

  llvm::Value* pointer(int s) {
    auto& p = pointers_[static_cast<std::size_t>(s)];
    if (p) return p;
    const StaticSlot& slot = spec_.slots[static_cast<std::size_t>(s)];
    const StaticBuffer& buf = slot.buffer;
    switch (buf.kind) {
      case StaticBuffer::Kind::binding:
        p = fn_->getArg(static_cast<unsigned>(buf.index));
        break;
      case StaticBuffer::Kind::arena:
        p = b_.CreateConstInBoundsGEP1_64(b_.getInt8Ty(), arena(), static_cast<std::uint64_t>(buf.offset));
        break;
      case StaticBuffer::Kind::local: {
        llvm::IRBuilder<> entry(&fn_->getEntryBlock(), fn_->getEntryBlock().begin());
        auto* a = entry.CreateAlloca(llvm::ArrayType::get(b_.getInt8Ty(), static_cast<std::uint64_t>(buf.bytes)));
        a->setAlignment(llvm::Align(64));
        p = a;
        break;
      }
      case StaticBuffer::Kind::constant: {
        std::int64_t bytes = shape_size(slot.shape) * static_cast<std::int64_t>(itemsize(slot.dtype));
        p = bytes > 0 && bytes <= kEmbeddedBytes && is_contiguous(slot.shape, slot.strides) ? embedded(slot) : address(buf.address);
        break;
      }
      case StaticBuffer::Kind::view:
        p = b_.CreateGEP(b_.getInt8Ty(), pointer(buf.index), i64(buf.offset));
        break;
    }
    return p;
  }

  llvm::Value* constant_dims(const std::vector<std::int64_t>& dims) {
    std::vector<std::uint64_t> values(dims.begin(), dims.end());
    if (values.empty()) values.push_back(0);
    auto* data = llvm::ConstantDataArray::get(ctx_, values);
    auto* global = new llvm::GlobalVariable(module_, data->getType(), true, llvm::GlobalValue::PrivateLinkage, data);
    global->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
    return global;
  }

  void emit_kernel(const StaticStep& step, const std::string& name) {
    const KernelSpec& spec = spec_.kernels[static_cast<std::size_t>(step.kernel)];
    llvm::Function* body =
        lower_kernel_body(spec, module_, name, step.flat ? KernelVariant::flat : KernelVariant::strided);
    std::vector<llvm::Value*> args;
    for (int s : step.outputs) args.push_back(pointer(s));
    for (int s : step.inputs) args.push_back(pointer(s));
    args.push_back(constant_dims(step.dims));
    b_.CreateCall(body, args);
  }

  // A node's lowering, inlined with its operands' extents and its params as constants.
  void emit_node(const StaticStep& step) {
    auto operand = [&](int s) {
      const StaticSlot& slot = spec_.slots[static_cast<std::size_t>(s)];
      Operand op;
      op.data = pointer(s);
      op.dtype = slot.dtype;
      for (std::int64_t d : slot.shape) op.shape.push_back(i64(d));
      for (std::int64_t d : slot.strides) op.strides.push_back(i64(d));
      return op;
    };
    std::vector<Operand> outputs, inputs;
    for (int s : step.outputs) outputs.push_back(operand(s));
    for (int s : step.inputs) inputs.push_back(operand(s));
    auto param = [this, &step](std::size_t i) { return i64(step.dims.at(i)); };
    NodeEmitter emitter(b_, *step.node, address(step.node), std::move(inputs), std::move(outputs), param);
    emitter.shared = &shared_;
    if (step.check_only)
      emit_gather_check(emitter);
    else if (step.scatter_start)
      emit_scatter_start(emitter);
    else
      find_lowering(*step.node)->emit(emitter);
  }

  void emit_call(const StaticStep& step) {
    std::size_t n = step.outputs.size() + step.inputs.size();
    llvm::IRBuilder<> entry(&fn_->getEntryBlock(), fn_->getEntryBlock().begin());
    auto* array = entry.CreateAlloca(llvm::ArrayType::get(b_.getPtrTy(), std::max<std::size_t>(n, 1)));
    std::size_t k = 0;
    for (const auto* list : {&step.outputs, &step.inputs})
      for (int s : *list) b_.CreateStore(pointer(s), b_.CreateConstInBoundsGEP2_64(array->getAllocatedType(), array, 0, k++));
    auto* type = llvm::FunctionType::get(b_.getInt32Ty(), {b_.getPtrTy(), b_.getPtrTy()}, false);
    auto* fn = address(reinterpret_cast<const void*>(step.fn));
    llvm::Value* status = b_.CreateCall(type, fn, {address(step.context), array});
    auto* failed = llvm::BasicBlock::Create(ctx_, "failed", fn_);
    auto* next = llvm::BasicBlock::Create(ctx_, "next", fn_);
    b_.CreateCondBr(b_.CreateICmpNE(status, b_.getInt32(0)), failed, next);
    b_.SetInsertPoint(failed);
    b_.CreateRet(status);
    b_.SetInsertPoint(next);
  }

  const StaticProgramSpec& spec_;
  llvm::Module& module_;
  llvm::LLVMContext& ctx_;
  llvm::IRBuilder<> b_;
  llvm::Function* fn_ = nullptr;
  std::vector<llvm::Value*> pointers_;
  NodeEmitter::SharedValues shared_;  // what node steps computed for later ones (index checks)
};

}  // namespace

void lower_static_program(const StaticProgramSpec& spec, llvm::Module& module, const std::string& name) {
  ProgramLowering(spec, module).emit(name);
}

}  // namespace kiln::jit
