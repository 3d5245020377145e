// The structural key of a compile request (see structural_hash.hpp): one walk over the graph
// appends fixed-width records to a byte string; ops, constant values and shared variables go
// beside it, compared by Op::equals, by bytes and by identity.
#include "core/structural_hash.hpp"

#include <cstring>
#include <functional>
#include <string_view>
#include <unordered_map>

namespace kiln {
namespace {

// The record tags of the encoding.
enum class Tag : char {
  header = 'K',
  input = 'i',
  free_input = 'f',
  constant = 'c',
  shared = 's',
  node = 'n',
  outputs = 'o'
};

// Folds `value` into the running hash `h` (boost's hash_combine step, then splitmix64's
// finalizer so that nearby values spread over all 64 bits).
std::uint64_t mix(std::uint64_t h, std::uint64_t value) {
  std::uint64_t z = h ^ (value + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2));
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

std::uint64_t hash_bytes(const void* data, std::size_t n) {
  return std::hash<std::string_view>()(std::string_view(static_cast<const char*>(data), n));
}

std::size_t byte_size(const Array& a) { return static_cast<std::size_t>(a.size()) * itemsize(a.dtype()); }

// a and b have the same dtype and shape and are C-contiguous; the same buffer (a graph compiled
// again) needs no comparison.
bool same_bytes(const Array& a, const Array& b) {
  std::size_t n = byte_size(a);
  return n == 0 || a.raw_data() == b.raw_data() || std::memcmp(a.raw_data(), b.raw_data(), n) == 0;
}

bool same_owner(const std::weak_ptr<VariableNode>& a, const std::weak_ptr<VariableNode>& b) {
  return !a.owner_before(b) && !b.owner_before(a);
}

}  // namespace

bool StructuralKey::operator==(const StructuralKey& other) const {
  if (hash_ != other.hash_ || code_ != other.code_) return false;
  // Equal codes hold as many ops, constants (of equal dtypes and shapes) and shared variables
  // (at equal addresses), in the same places.
  for (std::size_t i = 0; i < ops_.size(); ++i)
    if (ops_[i] != other.ops_[i] && !ops_[i]->equals(*other.ops_[i])) return false;
  for (std::size_t i = 0; i < constants_.size(); ++i)
    if (!same_bytes(constants_[i], other.constants_[i])) return false;
  // The same address is the same variable only if it is the same allocation: a key holds a weak
  // reference, so a dead variable's control block is never reused while its key exists.
  for (std::size_t i = 0; i < shared_.size(); ++i)
    if (!same_owner(shared_[i], other.shared_[i])) return false;
  return true;
}

// Builds a key in one depth-first walk; variables get ids in the order the walk numbers them.
class StructuralEncoder {
 public:
  StructuralEncoder(const std::vector<Var>& inputs, Mode mode) {
    put(Tag::header);
    put8(static_cast<std::uint8_t>(mode));
    put32(inputs.size());
    for (const auto& in : inputs) {
      ids_.emplace(in.get(), next_id_++);
      put(Tag::input);
      put_variable(in);
      if (in.is_shared()) put_shared(in);
    }
  }

  void add_outputs(const std::vector<Var>& outputs) {
    for (const auto& out : outputs) visit(out);
    put(Tag::outputs);
    put32(outputs.size());
    for (const auto& out : outputs) put32(ids_.at(out.get()));
  }

  StructuralKey finish() {
    std::uint64_t h = hash_bytes(key_.code_.data(), key_.code_.size());
    for (const auto& op : key_.ops_) h = mix(h, op->hash());
    for (const auto& c : key_.constants_) h = mix(h, hash_bytes(c.raw_data(), byte_size(c)));
    key_.hash_ = h;
    return std::move(key_);
  }

 private:
  // Post-order without recursion (graphs may be chains of 100,000 nodes): a node is encoded
  // once every input has an id.
  void visit(const Var& out) {
    if (ids_.count(out.get())) return;
    if (out.get()->owner == nullptr) return put_root(out);
    struct Frame {
      const Apply* node;
      std::size_t next_input;
    };
    std::vector<Frame> stack{{out.get()->owner, 0}};
    while (!stack.empty()) {
      Frame& top = stack.back();
      const auto& ins = top.node->inputs();
      if (top.next_input == ins.size()) {
        put_node(*top.node);
        stack.pop_back();
        continue;
      }
      const Var& in = ins[top.next_input++];
      if (ids_.count(in.get())) continue;
      if (in.get()->owner == nullptr)
        put_root(in);
      else
        stack.push_back({in.get()->owner, 0});  // `top` is not used after this
    }
  }

  void put_root(const Var& v) {
    ids_.emplace(v.get(), next_id_++);
    if (v.is_constant()) {
      put(Tag::constant);
      put_variable(v);
      Array value = v.constant_value();
      put8(static_cast<std::uint8_t>(value.dtype()));
      put32(static_cast<std::size_t>(value.ndim()));
      for (auto d : value.shape()) put64(static_cast<std::uint64_t>(d));
      key_.constants_.push_back(value.is_contiguous() ? std::move(value) : value.copy());
    } else if (v.is_shared()) {
      put(Tag::shared);
      put_variable(v);
      put_shared(v);
    } else {  // an input the request does not bind: the program reports it missing when run
      put(Tag::free_input);
      put_variable(v);
    }
  }

  void put_node(const Apply& node) {
    put(Tag::node);
    key_.ops_.push_back(node.op_ptr());
    put32(node.inputs().size());
    for (const auto& in : node.inputs()) put32(ids_.at(in.get()));
    put32(node.num_outputs());
    for (std::size_t i = 0; i < node.num_outputs(); ++i) {
      Var out = node.output(static_cast<int>(i));
      // An output may already have an id as an input of the request; else it gets the next one.
      auto [it, fresh] = ids_.emplace(out.get(), next_id_);
      if (fresh) ++next_id_;
      put32(it->second);
      put_variable(out);
    }
  }

  void put_variable(const Var& v) {
    put8(static_cast<std::uint8_t>(v.get()->kind));
    const TensorType& t = v.type();
    put8(static_cast<std::uint8_t>(t.kind()));
    put8(static_cast<std::uint8_t>(t.dtype()));
    put32(static_cast<std::size_t>(t.ndim()));
    for (const auto& d : t.shape()) {
      put8(d.has_value());
      if (d) put64(static_cast<std::uint64_t>(*d));
    }
    put32(v.name().size());
    key_.code_.append(v.name());
  }

  void put_shared(const Var& v) {
    put32(key_.shared_.size());
    put64(reinterpret_cast<std::uintptr_t>(v.get()));
    key_.shared_.push_back(v.node());
  }

  void put(Tag tag) { key_.code_.push_back(static_cast<char>(tag)); }
  void put8(std::uint8_t v) { key_.code_.push_back(static_cast<char>(v)); }
  void put32(std::size_t v) { append(static_cast<std::uint32_t>(v)); }
  void put64(std::uint64_t v) { append(v); }
  template <class T>
  void append(T v) {
    char bytes[sizeof v];
    std::memcpy(bytes, &v, sizeof v);
    key_.code_.append(bytes, sizeof v);
  }

  StructuralKey key_;
  std::unordered_map<const VariableNode*, std::uint32_t> ids_;
  std::uint32_t next_id_ = 0;
};

StructuralKey structural_key(const std::vector<Var>& inputs, const std::vector<Var>& outputs, Mode mode) {
  StructuralEncoder encoder(inputs, mode);
  encoder.add_outputs(outputs);
  return encoder.finish();
}

}  // namespace kiln
