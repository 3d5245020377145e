// Scalar op emission: each case mirrors the matching line of tensor::eval_scalar or
// tensor::eval_scalar_int (signed zeros, NaN propagation and all), so native kernels agree
// with the reference. Transcendentals are LLVM intrinsics or libm calls that the vector
// library maps to libmvec; kiln's special functions are calls into jit/runtime.
#include "jit/lower/scalar_ops.hpp"

#include <kiln/errors.hpp>

#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/Module.h>

#include <cmath>
#include <string>

namespace kiln::jit {

using llvm::Value;
using tensor::ScalarOp;

ScalarEmitter::ScalarEmitter(llvm::IRBuilder<>& builder, llvm::Module& module)
    : b_(builder), module_(module), f64_(builder.getDoubleTy()), i64_(builder.getInt64Ty()) {}

llvm::Type* ScalarEmitter::element_type(DType dtype) {
  switch (dtype) {
    case DType::bool_:
    case DType::int8:
    case DType::uint8: return b_.getInt8Ty();
    case DType::int16:
    case DType::uint16: return b_.getInt16Ty();
    case DType::int32:
    case DType::uint32: return b_.getInt32Ty();
    case DType::int64:
    case DType::uint64: return b_.getInt64Ty();
    case DType::float32: return b_.getFloatTy();
    case DType::float64: break;
  }
  return f64_;
}

Value* ScalarEmitter::f64_constant(double v) { return llvm::ConstantFP::get(f64_, v); }
Value* ScalarEmitter::bool_to_double(Value* flag) { return b_.CreateUIToFP(flag, f64_); }

Value* unsigned_to_float(llvm::IRBuilder<>& b, Value* v, unsigned bits, llvm::Type* to) {
  llvm::Type* f64 = b.getDoubleTy();
  // A part of n <= 32 bits: signed, plus 2^n when its top bit is set (exact in double).
  auto part = [&](Value* x) -> Value* {
    const unsigned n = x->getType()->getIntegerBitWidth();
    if (n == 1) return b.CreateSelect(x, llvm::ConstantFP::get(f64, 1.0), llvm::ConstantFP::get(f64, 0.0));
    Value* s = b.CreateSIToFP(x, f64);
    Value* negative = b.CreateICmpSLT(x, llvm::ConstantInt::get(x->getType(), 0));
    return b.CreateSelect(negative, b.CreateFAdd(s, llvm::ConstantFP::get(f64, std::ldexp(1.0, static_cast<int>(n)))), s);
  };
  if (v->getType()->getIntegerBitWidth() > bits) v = b.CreateTrunc(v, b.getIntNTy(bits));
  Value* d = nullptr;
  if (bits <= 32) {
    d = part(v);
  } else {  // high * 2^32 (exact) + low: the sum is the one rounding
    Value* high = part(b.CreateTrunc(b.CreateLShr(v, 32), b.getInt32Ty()));
    Value* low = part(b.CreateTrunc(v, b.getInt32Ty()));
    d = b.CreateFAdd(b.CreateFMul(high, llvm::ConstantFP::get(f64, 4294967296.0)), low);
  }
  return to == f64 ? d : b.CreateFPTrunc(d, to);
}

Value* ScalarEmitter::unsigned_to_double(Value* v, DType dtype) {
  return unsigned_to_float(b_, v, static_cast<unsigned>(itemsize(dtype) * 8), f64_);
}

Value* ScalarEmitter::intrinsic(llvm::Intrinsic::ID id, std::span<Value* const> args) {
  return b_.CreateIntrinsic(id, {args[0]->getType()}, llvm::ArrayRef<Value*>(args.data(), args.size()));
}

// The libm function of `name` for values of `type`: logf for float, log for double.
std::string libm_name(const char* name, llvm::Type* type) { return std::string(name) + (type->isFloatTy() ? "f" : ""); }

Value* ScalarEmitter::call_pure(const std::string& name, std::span<Value* const> args) {
  llvm::Type* type = args[0]->getType();
  std::vector<llvm::Type*> params(args.size(), type);
  llvm::FunctionCallee callee = module_.getOrInsertFunction(name, llvm::FunctionType::get(type, params, false));
  if (auto* fn = llvm::dyn_cast<llvm::Function>(callee.getCallee())) {
    fn->setDoesNotThrow();
    fn->setWillReturn();
    fn->setDoesNotAccessMemory();
  }
  auto* call = b_.CreateCall(callee, llvm::ArrayRef<Value*>(args.data(), args.size()));
  call->setDoesNotAccessMemory();
  return call;
}

ScalarValue ScalarEmitter::load(Value* base, Value* index, DType dtype, bool as_integer) {
  llvm::Type* type = element_type(dtype);
  Value* raw = b_.CreateLoad(type, b_.CreateInBoundsGEP(type, base, index));
  if (dtype == DType::bool_) raw = b_.CreateICmpNE(raw, llvm::ConstantInt::get(type, 0));
  if (as_integer) {
    if (is_float(dtype)) return {b_.CreateIntrinsic(llvm::Intrinsic::fptosi_sat, {i64_, type}, {raw}), true};
    return {is_unsigned(dtype) || dtype == DType::bool_ ? b_.CreateZExt(raw, i64_) : b_.CreateSExt(raw, i64_), true};
  }
  if (is_float(dtype)) return {raw, false};  // float32 stays float: its nodes compute in float
  if (dtype == DType::bool_) return {bool_to_double(raw), false};
  if (is_unsigned(dtype)) return {unsigned_to_double(raw, dtype), false};
  return {b_.CreateSIToFP(raw, f64_), false};
}

void ScalarEmitter::store(ScalarValue v, Value* base, Value* index, DType dtype) {
  llvm::Type* type = element_type(dtype);
  Value* out = nullptr;
  if (!v.integer && v.value->getType()->isFloatTy() && dtype != DType::float32) v.value = b_.CreateFPExt(v.value, f64_);
  if (v.integer) {
    if (dtype == DType::bool_)
      out = b_.CreateZExt(b_.CreateICmpNE(v.value, llvm::ConstantInt::get(i64_, 0)), type);
    else if (is_float(dtype))
      out = b_.CreateSIToFP(v.value, type);
    else
      out = b_.CreateTrunc(v.value, type);
  } else if (is_float(dtype)) {
    out = b_.CreateFPCast(v.value, type);
  } else if (dtype == DType::bool_) {
    out = b_.CreateZExt(b_.CreateFCmpUNE(v.value, f64_constant(0.0)), type);
  } else {
    out = float_to_int(v.value, dtype);
  }
  b_.CreateStore(out, b_.CreateInBoundsGEP(type, base, index));
}

Value* ScalarEmitter::to_double(ScalarValue v, DType dtype) {
  if (!v.integer) return b_.CreateFPExt(v.value, f64_);  // a no-op for a double
  return is_unsigned(dtype) ? unsigned_to_double(v.value, dtype) : b_.CreateSIToFP(v.value, f64_);
}

Value* ScalarEmitter::to_int64(ScalarValue v) {
  if (v.integer) return v.value;
  return b_.CreateIntrinsic(llvm::Intrinsic::fptosi_sat, {i64_, v.value->getType()}, {v.value});
}

// A float32 node's argument: the reference's static_cast<float>(double(v)) (an int64 through
// double, as its cast does).
Value* ScalarEmitter::to_float32(ScalarValue v, DType dtype) {
  if (!v.integer && v.value->getType()->isFloatTy()) return v.value;
  return b_.CreateFPTrunc(to_double(v, dtype), b_.getFloatTy());
}

// static_cast<T>(v) for the dtype's T (the reference's per-node rounding): a float for float32,
// else the double static_cast<double>(static_cast<T>(v)).
Value* ScalarEmitter::round_double(Value* v, DType dtype) {
  if (dtype == DType::float64) return v;
  if (dtype == DType::float32) return b_.CreateFPTrunc(v, b_.getFloatTy());
  if (dtype == DType::bool_) return bool_to_double(b_.CreateFCmpUNE(v, f64_constant(0.0)));
  Value* i = float_to_int(v, dtype);
  return is_unsigned(dtype) ? unsigned_to_double(i, dtype) : b_.CreateSIToFP(i, f64_);
}

// x86-64's truncating conversion to a `bits`-wide signed integer (cvttsd2si): NaN and values
// out of range give the "integer indefinite" INT_MIN instead of LLVM's poison.
Value* ScalarEmitter::cvtt(Value* v, unsigned bits) {
  llvm::Type* type = b_.getIntNTy(bits);
  double limit = std::ldexp(1.0, static_cast<int>(bits) - 1);
  Value* in_range = b_.CreateAnd(b_.CreateFCmpOGE(v, f64_constant(-limit)), b_.CreateFCmpOLT(v, f64_constant(limit)));
  Value* converted = b_.CreateIntrinsic(llvm::Intrinsic::fptosi_sat, {type, f64_}, {v});
  return b_.CreateSelect(in_range, converted, llvm::ConstantInt::get(type, llvm::APInt::getSignedMinValue(bits)));
}

// static_cast<T>(double) as the reference compiled for x86-64 does it, out-of-range values
// included (UB in C++, so the reference's behaviour is the hardware's): narrow types convert
// through int32 (uint32 through int64) and wrap; uint64 converts below 2^63 (and NaN, which
// compares unordered) directly, else v - 2^63 with the top bit flipped back (NaN -> 2^63,
// inf -> 0, negative values wrap).
Value* ScalarEmitter::float_to_int(Value* v, DType dtype) {
  llvm::Type* type = element_type(dtype);
  switch (dtype) {
    case DType::int64: return cvtt(v, 64);
    case DType::int32: return cvtt(v, 32);
    case DType::int8:
    case DType::int16:
    case DType::uint8:
    case DType::uint16: return b_.CreateTrunc(cvtt(v, 32), type);
    case DType::uint32: return b_.CreateTrunc(cvtt(v, 64), type);
    default: break;
  }
  const double two63 = 9223372036854775808.0;
  Value* low = b_.CreateFCmpULT(v, f64_constant(two63));
  Value* high = b_.CreateXor(cvtt(b_.CreateFSub(v, f64_constant(two63)), 64),
                             llvm::ConstantInt::get(type, llvm::APInt::getSignedMinValue(64)));
  return b_.CreateSelect(low, cvtt(v, 64), high);
}

Value* ScalarEmitter::round_int(Value* v, DType dtype) {
  if (dtype == DType::int64 || dtype == DType::uint64 || is_float(dtype)) return v;
  if (dtype == DType::bool_) return b_.CreateZExt(b_.CreateICmpNE(v, llvm::ConstantInt::get(i64_, 0)), i64_);
  Value* narrow = b_.CreateTrunc(v, element_type(dtype));
  return is_unsigned(dtype) ? b_.CreateZExt(narrow, i64_) : b_.CreateSExt(narrow, i64_);
}

ScalarValue ScalarEmitter::node(const KernelNode& node, std::span<const ScalarValue> args,
                                std::span<const DType> arg_dtypes) {
  std::vector<Value*> a;
  a.reserve(args.size());
  if (node.integer) {
    for (const auto& v : args) a.push_back(to_int64(v));
    return {round_int(int_op(node.op, a), node.dtype), true};
  }
  if (node.dtype == DType::float32 && has_float32_lowering(node.op)) {
    // As NumPy and PyTensor: float32 arithmetic and float32 libm. +, -, *, / and sqrt give
    // the reference's bits (rounding a double result of float operands to float is exact
    // rounding); transcendentals may differ from its correctly rounded double in the last bits.
    // A switch's condition is tested in its own precision (1e-300 is true).
    for (std::size_t k = 0; k < args.size(); ++k) {
      const bool condition = node.op == ScalarOp::switch_ && k == 0;
      a.push_back(condition && !args[k].integer ? args[k].value
                  : condition                   ? to_double(args[k], arg_dtypes[k])
                                                : to_float32(args[k], arg_dtypes[k]));
    }
    return {float_op(node.op, a, b_.getFloatTy()), false};
  }
  for (std::size_t k = 0; k < args.size(); ++k) a.push_back(to_double(args[k], arg_dtypes[k]));
  return {round_double(float_op(node.op, a, f64_), node.dtype), false};
}

Value* ScalarEmitter::float_op(ScalarOp op, std::span<Value* const> a, llvm::Type* type) {
  using llvm::Intrinsic::ID;
  auto& b = b_;
  auto un = [&](ID id) { return intrinsic(id, a.first(1)); };
  auto exp_of = [&](Value* v) { return intrinsic(llvm::Intrinsic::exp, std::span<Value* const>(&v, 1)); };
  auto libm = [&](const char* name) { return call_pure(libm_name(name, type), a); };
  auto fc = [&](double v) { return llvm::ConstantFP::get(type, v); };
  auto bool_to_float = [&](Value* flag) { return b.CreateUIToFP(flag, type); };
  Value* zero = fc(0.0);
  auto nonzero = [&](Value* v) { return b.CreateFCmpUNE(v, llvm::ConstantFP::get(v->getType(), 0.0)); };  // C++ `v != 0`: true for NaN
  auto std_max = [&](Value* x, Value* y) { return b.CreateSelect(b.CreateFCmpOLT(x, y), y, x); };
  auto std_min = [&](Value* x, Value* y) { return b.CreateSelect(b.CreateFCmpOLT(y, x), y, x); };
  switch (op) {
    case ScalarOp::add: {
      Value* s = a[0];
      for (std::size_t k = 1; k < a.size(); ++k) s = b.CreateFAdd(s, a[k]);
      return s;
    }
    case ScalarOp::mul: {
      Value* s = a[0];
      for (std::size_t k = 1; k < a.size(); ++k) s = b.CreateFMul(s, a[k]);
      return s;
    }
    case ScalarOp::sub: return b.CreateFSub(a[0], a[1]);
    case ScalarOp::true_div: return b.CreateFDiv(a[0], a[1]);
    case ScalarOp::int_div: {
      Value* q = b.CreateFDiv(a[0], a[1]);
      return intrinsic(llvm::Intrinsic::floor, std::span<Value* const>(&q, 1));
    }
    case ScalarOp::mod: {
      Value* r = b.CreateFRem(a[0], a[1]);
      Value* fix = b.CreateAnd(nonzero(r), b.CreateXor(b.CreateFCmpOLT(r, zero), b.CreateFCmpOLT(a[1], zero)));
      return b.CreateSelect(fix, b.CreateFAdd(r, a[1]), r);
    }
    case ScalarOp::neg: return b.CreateFNeg(a[0]);
    case ScalarOp::pow: return intrinsic(llvm::Intrinsic::pow, a);
    case ScalarOp::abs: return un(llvm::Intrinsic::fabs);
    case ScalarOp::sign: {
      Value* s = b.CreateSelect(b.CreateFCmpOGT(a[0], zero), fc(1.0),
                                b.CreateSelect(b.CreateFCmpOLT(a[0], zero), fc(-1.0), zero));
      return b.CreateSelect(b.CreateFCmpUNO(a[0], a[0]), a[0], s);
    }
    case ScalarOp::exp: return un(llvm::Intrinsic::exp);
    case ScalarOp::exp2: return un(llvm::Intrinsic::exp2);
    case ScalarOp::expm1: {
      if (!type->isFloatTy()) return libm("expm1");
      // float32 in double, then rounded, as the reference and NumPy (expm1(1) is 1.7182819):
      // glibc's expm1f is an ulp off there (1.7182817), which a draw with it as a parameter
      // turns into another value.
      Value* wide = b.CreateFPExt(a[0], f64_);
      return b.CreateFPTrunc(call_pure("expm1", std::span<Value* const>(&wide, 1)), type);
    }
    case ScalarOp::log: return un(llvm::Intrinsic::log);
    case ScalarOp::log2: return un(llvm::Intrinsic::log2);
    case ScalarOp::log10: return un(llvm::Intrinsic::log10);
    case ScalarOp::log1p: return libm("log1p");
    case ScalarOp::sqrt: return un(llvm::Intrinsic::sqrt);
    case ScalarOp::sqr: return b.CreateFMul(a[0], a[0]);
    case ScalarOp::reciprocal: return b.CreateFDiv(fc(1.0), a[0]);
    case ScalarOp::sin: return un(llvm::Intrinsic::sin);
    case ScalarOp::cos: return un(llvm::Intrinsic::cos);
    case ScalarOp::tan: return libm("tan");
    case ScalarOp::arcsin: return libm("asin");
    case ScalarOp::arccos: return libm("acos");
    case ScalarOp::arctan: return libm("atan");
    case ScalarOp::arctan2: return libm("atan2");
    case ScalarOp::sinh: return libm("sinh");
    case ScalarOp::cosh: return libm("cosh");
    case ScalarOp::tanh: return libm("tanh");
    case ScalarOp::arcsinh: return libm("asinh");
    case ScalarOp::arccosh: return libm("acosh");
    case ScalarOp::arctanh: return libm("atanh");
    // The next three (and erfcx below) follow special_functions.cpp's branches, as selects over functions the
    // vectorizer maps to libmvec (a call into the runtime would keep the loop scalar).
    case ScalarOp::sigmoid: {  // 1/(1+exp(-x)) for x >= 0, e/(1+e) with e = exp(x) below
      Value* e = exp_of(b.CreateFNeg(un(llvm::Intrinsic::fabs)));
      Value* d = b.CreateFAdd(fc(1.0), e);
      return b.CreateSelect(b.CreateFCmpOGE(a[0], zero), b.CreateFDiv(fc(1.0), d), b.CreateFDiv(e, d));
    }
    case ScalarOp::softplus: {
      // The reference's branches, exp(x) | log1p(exp(x)) | x + exp(-x) | x at -37, 18, 33.3,
      // over one exp, t = exp(-|x|), the very one sigmoid takes (a logp and its gradient fused
      // in one loop share it): below 0 t is exp(x); from 0 to 18, log1p(exp(x)) is computed as
      // x + log1p(t) (within 2 ulp of it); from 18, exp(-x) is t.
      Value* x = a[0];
      Value* t = exp_of(b.CreateFNeg(un(llvm::Intrinsic::fabs)));
      Value* log1p_t = call_pure(libm_name("log1p", type), std::span<Value* const>(&t, 1));
      Value* r = b.CreateSelect(b.CreateFCmpOLT(x, fc(33.3)), b.CreateFAdd(x, t), x);
      Value* middle = b.CreateSelect(b.CreateFCmpOLT(x, zero), log1p_t, b.CreateFAdd(x, log1p_t));
      r = b.CreateSelect(b.CreateFCmpOLT(x, fc(18.0)), middle, r);
      return b.CreateSelect(b.CreateFCmpOLT(x, fc(-37.0)), t, r);
    }
    case ScalarOp::log1mexp: {  // nan above 0; log(-expm1(x)) above -log 2; log1p(-exp(x))
      Value* x = a[0];
      Value* m = b.CreateFNeg(call_pure(libm_name("expm1", type), a.first(1)));
      Value* near = intrinsic(llvm::Intrinsic::log, std::span<Value* const>(&m, 1));
      Value* n = b.CreateFNeg(exp_of(x));
      Value* far = call_pure(libm_name("log1p", type), std::span<Value* const>(&n, 1));
      Value* r = b.CreateSelect(b.CreateFCmpOGT(x, fc(-0.6931471805599453)), near, far);
      return b.CreateSelect(b.CreateFCmpOGT(x, zero), fc(NAN), r);
    }
    case ScalarOp::erf: return libm("erf");
    case ScalarOp::erfc: return libm("erfc");
    case ScalarOp::erfcx: {  // special_functions.cpp's erfcx, as selects: inf | exp(x^2) erfc(x) | series at -26.7, 26
      Value* x = a[0];
      Value* hi = b.CreateFMul(x, x);
      Value* fma_args[] = {x, x, b.CreateFNeg(hi)};
      Value* lo = intrinsic(llvm::Intrinsic::fma, fma_args);  // x^2 - hi exactly
      Value* direct = b.CreateFMul(b.CreateFMul(exp_of(hi), b.CreateFAdd(fc(1.0), lo)), libm("erfc"));
      Value* inv2x2 = b.CreateFDiv(fc(1.0), b.CreateFMul(fc(2.0), hi));
      Value* term = fc(1.0);
      Value* sum = fc(1.0);
      for (int k = 1; k < 12; ++k) {
        term = b.CreateFMul(term, b.CreateFMul(fc(-(2.0 * k - 1.0)), inv2x2));
        sum = b.CreateFAdd(sum, term);
      }
      Value* series = b.CreateFMul(b.CreateFDiv(fc(0.56418958354775628695), x), sum);
      Value* r = b.CreateSelect(b.CreateFCmpOLT(x, fc(26.0)), direct, series);
      r = b.CreateSelect(b.CreateFCmpOLT(x, fc(-26.7)), fc(INFINITY), r);
      return b.CreateSelect(b.CreateFCmpUNO(x, x), x, r);
    }
    case ScalarOp::erfinv: return libm("kiln_rt_erfinv");
    case ScalarOp::gammaln: return libm("kiln_rt_gammaln");
    case ScalarOp::digamma: return libm("kiln_rt_digamma");
    case ScalarOp::trigamma: return libm("kiln_rt_trigamma");
    case ScalarOp::polygamma: return libm("kiln_rt_polygamma");
    case ScalarOp::maximum:
    case ScalarOp::minimum: {
      Value* m = op == ScalarOp::maximum ? std_max(a[0], a[1]) : std_min(a[0], a[1]);
      Value* any_nan = b.CreateOr(b.CreateFCmpUNO(a[0], a[0]), b.CreateFCmpUNO(a[1], a[1]));
      return b.CreateSelect(any_nan, fc(NAN), m);
    }
    case ScalarOp::floor: return un(llvm::Intrinsic::floor);
    case ScalarOp::ceil: return un(llvm::Intrinsic::ceil);
    case ScalarOp::round: return un(llvm::Intrinsic::roundeven);  // nearbyint in the default rounding mode
    case ScalarOp::switch_: return b.CreateSelect(nonzero(a[0]), a[1], a[2]);
    case ScalarOp::lt: return bool_to_float(b.CreateFCmpOLT(a[0], a[1]));
    case ScalarOp::le: return bool_to_float(b.CreateFCmpOLE(a[0], a[1]));
    case ScalarOp::gt: return bool_to_float(b.CreateFCmpOGT(a[0], a[1]));
    case ScalarOp::ge: return bool_to_float(b.CreateFCmpOGE(a[0], a[1]));
    case ScalarOp::eq: return bool_to_float(b.CreateFCmpOEQ(a[0], a[1]));
    case ScalarOp::neq: return bool_to_float(b.CreateFCmpUNE(a[0], a[1]));
    case ScalarOp::and_: return bool_to_float(b.CreateAnd(nonzero(a[0]), nonzero(a[1])));
    case ScalarOp::or_: return bool_to_float(b.CreateOr(nonzero(a[0]), nonzero(a[1])));
    case ScalarOp::xor_: return bool_to_float(b.CreateXor(nonzero(a[0]), nonzero(a[1])));
    case ScalarOp::invert: return bool_to_float(b.CreateFCmpOEQ(a[0], zero));
    case ScalarOp::isnan: return bool_to_float(b.CreateFCmpUNO(a[0], a[0]));
    case ScalarOp::isinf: return bool_to_float(b.CreateFCmpOEQ(un(llvm::Intrinsic::fabs), fc(INFINITY)));
    case ScalarOp::cast: return a[0];
    case ScalarOp::clip:
      return b.CreateSelect(b.CreateFCmpUNO(a[0], a[0]), a[0], std_min(std_max(a[0], a[1]), a[2]));
    case ScalarOp::second: return a[1];
    case ScalarOp::identity: return a[0];
    default: break;
  }
  throw CompileError("jit: no floating-point lowering for scalar op " + std::string(tensor::scalar_info(op).name));
}

Value* ScalarEmitter::int_op(ScalarOp op, std::span<Value* const> a) {
  auto& b = b_;
  auto c = [&](std::int64_t v) { return llvm::ConstantInt::get(i64_, static_cast<std::uint64_t>(v), true); };
  auto flag = [&](Value* f) { return b.CreateZExt(f, i64_); };
  auto bin = [&](llvm::Intrinsic::ID id, Value* x, Value* y) { return b.CreateBinaryIntrinsic(id, x, y); };
  switch (op) {
    case ScalarOp::add: {
      Value* s = a[0];
      for (std::size_t k = 1; k < a.size(); ++k) s = b.CreateAdd(s, a[k]);
      return s;
    }
    case ScalarOp::mul: {
      Value* s = a[0];
      for (std::size_t k = 1; k < a.size(); ++k) s = b.CreateMul(s, a[k]);
      return s;
    }
    case ScalarOp::sub: return b.CreateSub(a[0], a[1]);
    case ScalarOp::int_div:
    case ScalarOp::mod: {
      // The reference gives 0 for a zero divisor; x / -1 is done as a negation so that
      // INT64_MIN / -1 wraps instead of trapping.
      Value* zero_div = b.CreateICmpEQ(a[1], c(0));
      Value* minus_one = b.CreateICmpEQ(a[1], c(-1));
      Value* d = b.CreateSelect(b.CreateOr(zero_div, minus_one), c(1), a[1]);
      Value* q = b.CreateSelect(minus_one, b.CreateSub(c(0), a[0]), b.CreateSDiv(a[0], d));
      Value* r = b.CreateSRem(a[0], d);
      Value* r_nonzero = b.CreateICmpNE(r, c(0));
      Value* result;
      if (op == ScalarOp::int_div) {
        Value* signs_differ = b.CreateXor(b.CreateICmpSLT(a[0], c(0)), b.CreateICmpSLT(a[1], c(0)));
        result = b.CreateSelect(b.CreateAnd(r_nonzero, signs_differ), b.CreateSub(q, c(1)), q);
      } else {
        Value* signs_differ = b.CreateXor(b.CreateICmpSLT(r, c(0)), b.CreateICmpSLT(a[1], c(0)));
        result = b.CreateSelect(b.CreateAnd(r_nonzero, signs_differ), b.CreateAdd(r, a[1]), r);
      }
      return b.CreateSelect(zero_div, c(0), result);
    }
    case ScalarOp::neg: return b.CreateSub(c(0), a[0]);
    case ScalarOp::pow: {
      llvm::FunctionCallee callee =
          module_.getOrInsertFunction("kiln_rt_int_pow", llvm::FunctionType::get(i64_, {i64_, i64_}, false));
      if (auto* fn = llvm::dyn_cast<llvm::Function>(callee.getCallee())) {
        fn->setDoesNotThrow();
        fn->setWillReturn();
        fn->setDoesNotAccessMemory();
      }
      return b.CreateCall(callee, {a[0], a[1]});
    }
    case ScalarOp::abs: return b.CreateSelect(b.CreateICmpSLT(a[0], c(0)), b.CreateSub(c(0), a[0]), a[0]);
    case ScalarOp::sign: return b.CreateSub(flag(b.CreateICmpSGT(a[0], c(0))), flag(b.CreateICmpSLT(a[0], c(0))));
    case ScalarOp::sqr: return b.CreateMul(a[0], a[0]);
    case ScalarOp::maximum: return bin(llvm::Intrinsic::smax, a[0], a[1]);
    case ScalarOp::minimum: return bin(llvm::Intrinsic::smin, a[0], a[1]);
    case ScalarOp::switch_: return b.CreateSelect(b.CreateICmpNE(a[0], c(0)), a[1], a[2]);
    case ScalarOp::lt: return flag(b.CreateICmpSLT(a[0], a[1]));
    case ScalarOp::le: return flag(b.CreateICmpSLE(a[0], a[1]));
    case ScalarOp::gt: return flag(b.CreateICmpSGT(a[0], a[1]));
    case ScalarOp::ge: return flag(b.CreateICmpSGE(a[0], a[1]));
    case ScalarOp::eq: return flag(b.CreateICmpEQ(a[0], a[1]));
    case ScalarOp::neq: return flag(b.CreateICmpNE(a[0], a[1]));
    case ScalarOp::and_: return b.CreateAnd(a[0], a[1]);
    case ScalarOp::or_: return b.CreateOr(a[0], a[1]);
    case ScalarOp::xor_: return b.CreateXor(a[0], a[1]);
    case ScalarOp::invert: return b.CreateNot(a[0]);
    case ScalarOp::isnan:
    case ScalarOp::isinf: return c(0);
    case ScalarOp::cast:
    case ScalarOp::identity: return a[0];
    case ScalarOp::clip: return bin(llvm::Intrinsic::smin, bin(llvm::Intrinsic::smax, a[0], a[1]), a[2]);
    case ScalarOp::second: return a[1];
    default: break;
  }
  throw CompileError("jit: no int64 lowering for scalar op " + std::string(tensor::scalar_info(op).name));
}

}  // namespace kiln::jit
