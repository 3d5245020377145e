// Var, Apply and Op basics: building nodes, identity, and Aesara's printing of variables.
#include "core/shared_value.hpp"

#include <kiln/graph.hpp>
#include <kiln/shared.hpp>

#include <cstdio>
#include <limits>
#include <ostream>
#include <sstream>
#include <typeinfo>

namespace kiln {

Var::Var(double value) : Var(make_constant(Array(value))) {}
Var::Var(int value) : Var(make_int_constant(value)) {}
Var::Var(std::int64_t value) : Var(make_int_constant(value)) {}
Var::Var(const Array& value) : Var(make_constant(value)) {}

void Var::throw_null() {
  throw InputError("a null Var (default-constructed or moved from) was used where a variable is needed");
}

void require_var(const Var& v, const std::string& where, const std::string& what) {
  if (!v) throw InputError(where + ": " + what + " is a null Var");
}

void require_vars(const std::vector<Var>& vs, const std::string& where, const std::string& what) {
  for (std::size_t i = 0; i < vs.size(); ++i) require_var(vs[i], where, what + " " + std::to_string(i));
}

std::shared_ptr<Apply> Var::owner() const {
  if (!node_ || node_->owner == nullptr) return nullptr;
  return node_->owner->shared_from_this();
}

const Array& Var::constant_value() const {
  if (!is_constant()) throw TypeError("variable " + to_string(*this) + " is not a constant");
  return node_->constant;
}

std::vector<Var> Op::grad(const Apply& node, const std::vector<Var>&) const {
  return std::vector<Var>(node.inputs().size());
}

const Var& disconnected_gradient() {
  static const Var marker = make_constant(Array(std::numeric_limits<double>::quiet_NaN()), "disconnected_gradient");
  return marker;
}

bool Op::equals(const Op& other) const { return typeid(*this) == typeid(other) && name() == other.name(); }

std::size_t Op::hash() const { return std::hash<std::string>()(name()); }

Apply::Apply(OpPtr op, std::vector<Var> inputs, const std::vector<TensorType>& types)
    : op_(std::move(op)), inputs_(std::move(inputs)), outputs_(types.size()) {
  for (std::size_t i = 0; i < types.size(); ++i) {
    outputs_[i].type = types[i];
    outputs_[i].kind = VariableNode::Kind::Output;
    outputs_[i].owner = this;
    outputs_[i].index = static_cast<int>(i);
  }
}

Apply::~Apply() {
  // The first ~Apply on this thread drains a worklist; nested ones (run while a Var in the
  // worklist is released) only add their inputs to it.
  static thread_local std::vector<Var>* pending = nullptr;
  if (pending) {
    for (auto& in : inputs_) pending->push_back(std::move(in));
    return;
  }
  std::vector<Var> work(std::make_move_iterator(inputs_.begin()), std::make_move_iterator(inputs_.end()));
  pending = &work;
  while (!work.empty()) {
    Var v = std::move(work.back());
    work.pop_back();
  }
  pending = nullptr;
}

std::shared_ptr<Apply> Apply::make(OpPtr op, std::vector<Var> inputs) {
  // The op's name is written only for the error: a fused Composite's name spells out its whole
  // expression (a tree: quadratic in a chain whose values are read twice, as a gradient's are).
  for (const auto& in : inputs)
    if (!in) require_vars(inputs, op->name(), "input");
  auto types = op->output_types(inputs);
  return std::make_shared<Apply>(std::move(op), std::move(inputs), types);
}

Var Apply::output(int i) const {
  auto self = std::const_pointer_cast<Apply>(shared_from_this());
  auto* node = const_cast<VariableNode*>(&outputs_.at(static_cast<std::size_t>(i)));
  return Var(std::shared_ptr<VariableNode>(self, node));
}

std::vector<Var> Apply::outputs() const {
  std::vector<Var> out;
  for (std::size_t i = 0; i < outputs_.size(); ++i) out.push_back(output(static_cast<int>(i)));
  return out;
}

Var apply_op(OpPtr op, std::vector<Var> inputs) { return Apply::make(std::move(op), std::move(inputs))->output(0); }

Var make_input(TensorType type, std::string name) {
  auto node = std::make_shared<VariableNode>();
  node->type = std::move(type);
  node->kind = VariableNode::Kind::Input;
  node->name = std::move(name);
  return Var(node);
}

Var make_constant(Array value, std::string name) {
  auto node = std::make_shared<VariableNode>();
  StaticShape shape(value.shape().begin(), value.shape().end());
  node->type = TensorType(value.dtype(), shape);
  node->kind = VariableNode::Kind::Constant;
  node->name = std::move(name);
  node->constant = std::move(value);
  return Var(node);
}

Var make_int_constant(std::int64_t value) {
  DType dtype = DType::int64;
  if (value >= INT8_MIN && value <= INT8_MAX)
    dtype = DType::int8;
  else if (value >= INT16_MIN && value <= INT16_MAX)
    dtype = DType::int16;
  else if (value >= INT32_MIN && value <= INT32_MAX)
    dtype = DType::int32;
  return make_constant(Array(value).astype(dtype));
}

std::string constant_text(const Array& value) {
  std::string text;
  bool unique = value.ndim() > 0 && value.size() > 0;
  for (std::int64_t i = 1; unique && i < value.size(); ++i)
    unique = value.get_as_double(i) == value.get_as_double(0);
  if (unique) {
    Array first = Array::empty(value.dtype(), {});
    first.set_from_double(0, value.get_as_double(0));
    text = shape_string(value.shape()) + " of " + str(first);
  } else {
    text = str(value);
  }
  if (text.size() > 20) text = text.substr(0, 10) + ".." + text.substr(text.size() - 10);
  return text;
}

std::string to_string(const Var& v) {
  if (!v) return "<null>";
  const VariableNode& n = *v.get();
  if (!n.name.empty()) return n.name;
  switch (n.kind) {
    case VariableNode::Kind::Output:
      return n.owner->op().name() + "." + std::to_string(n.index);
    case VariableNode::Kind::Constant:
      return "TensorConstant{" + constant_text(n.constant) + "}";
    case VariableNode::Kind::Shared:
      if (n.type.kind() == TensorType::Kind::RandomGenerator) {
        char addr[32];
        std::snprintf(addr, sizeof addr, "%llX",
                      static_cast<unsigned long long>(reinterpret_cast<std::uintptr_t>(n.shared.get())));
        return "RandomGeneratorSharedVariable(<Generator(PCG64) at 0x" + std::string(addr) + ">)";
      }
      return "<" + n.type.str() + ">";
    case VariableNode::Kind::Input:
      break;
  }
  return "<" + n.type.str() + ">";
}

std::ostream& operator<<(std::ostream& os, const Var& v) { return os << to_string(v); }

std::ostream& operator<<(std::ostream& os, const std::vector<Var>& vs) {
  os << "[";
  for (std::size_t i = 0; i < vs.size(); ++i) os << (i ? ", " : "") << vs[i];
  return os << "]";
}

std::ostream& operator<<(std::ostream& os, const Op& op) { return os << op.name(); }

std::ostream& operator<<(std::ostream& os, const Apply& node) {
  os << node.op().name() << "(";
  for (std::size_t i = 0; i < node.inputs().size(); ++i) os << (i ? ", " : "") << node.inputs()[i];
  return os << ")";
}

std::ostream& operator<<(std::ostream& os, const std::shared_ptr<Apply>& node) {
  if (!node) return os << "None";
  return os << *node;
}

Var shared(Array value, std::string name, bool static_shape) {
  auto node = std::make_shared<VariableNode>();
  StaticShape shape(static_cast<std::size_t>(value.ndim()));
  if (static_shape) shape.assign(value.shape().begin(), value.shape().end());
  node->type = TensorType(value.dtype(), shape);
  node->kind = VariableNode::Kind::Shared;
  node->name = std::move(name);
  node->shared = std::make_shared<SharedValue>();
  node->shared->value = std::move(value);
  return Var(node);
}

Array get_value(const Var& v) {
  if (!v.is_shared()) throw TypeError("get_value: " + to_string(v) + " is not a shared variable");
  std::lock_guard lock(v.get()->shared->mutex);
  return v.get()->shared->value;
}

bool still_holds(const Var& v, const Array& value) {
  const SharedValue& shared = *v.get()->shared;
  std::lock_guard lock(shared.mutex);
  return shared.value.raw_data() == value.raw_data() && shared.value.shape() == value.shape() &&
         shared.value.dtype() == value.dtype();
}

void set_value(const Var& v, Array value) {
  if (!v.is_shared()) throw TypeError("set_value: " + to_string(v) + " is not a shared variable");
  if (!v.type().accepts(value))
    throw TypeError("set_value: " + to_string(v) + " has type " + v.type().str() + ", the value has dtype " +
                    std::string(dtype_name(value.dtype())) + " and shape " + shape_string(value.shape()));
  std::lock_guard lock(v.get()->shared->mutex);
  v.get()->shared->value = std::move(value);
}

}  // namespace kiln
