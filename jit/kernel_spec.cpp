// Converting Composite and Elemwise nodes into kernel descriptions.
#include "jit/kernel_spec.hpp"

#include "random/rv_scalar.hpp"
#include "tensor/elemwise.hpp"
#include "tensor/reduce.hpp"

#include <algorithm>
#include <stdexcept>

namespace kiln::jit {
namespace {

using tensor::ScalarOp;

bool is_scalar_type(const TensorType& type) {
  return std::all_of(type.shape().begin(), type.shape().end(), [](const auto& d) { return d == 1; });
}

std::vector<KernelOperand> operands(const Apply& node) {
  std::vector<KernelOperand> ops;
  for (const auto& in : node.inputs()) ops.push_back({in.dtype(), is_scalar_type(in.type())});
  return ops;
}

std::optional<KernelSpec> from_elemwise(const Apply& node, const tensor::Elemwise& op) {
  KernelSpec spec;
  spec.ndim = node.output(0).ndim();
  spec.inputs = operands(node);
  DType out = node.output(0).dtype();
  std::vector<DType> dtypes;
  for (const auto& in : spec.inputs) dtypes.push_back(in.dtype);
  bool integer = tensor::integer_semantics(op.scalar(), out, dtypes);
  if (integer ? !has_integer_lowering(op.scalar()) : !has_double_lowering(op.scalar())) return std::nullopt;
  std::vector<int> args(spec.inputs.size());
  for (std::size_t k = 0; k < args.size(); ++k) args[k] = static_cast<int>(k);
  spec.nodes.push_back({op.scalar(), std::move(args), out, op.cast_to(), integer});
  spec.outputs = {static_cast<int>(spec.inputs.size())};
  spec.output_dtypes = {out};
  return spec;
}

std::optional<KernelSpec> from_composite(const Apply& node, const tensor::Composite& op) {
  KernelSpec spec;
  spec.inputs = operands(node);
  spec.ndim = node.inputs().empty() ? 0 : node.inputs()[0].ndim();
  for (std::size_t i = 0; i < op.nodes().size(); ++i) {
    const tensor::ScalarNode& n = op.nodes()[i];
    const bool integer = op.integer_node(i);
    if (integer ? !has_integer_lowering(n.op) : !has_double_lowering(n.op)) return std::nullopt;
    spec.nodes.push_back({n.op, n.args, n.dtype, n.cast_to, integer});
  }
  spec.outputs = op.outputs();
  for (int o : op.outputs()) spec.output_dtypes.push_back(op.ref_dtype(o));
  if (op.reduce()) {
    KernelReduce reduce{std::vector<tensor::ReduceKind>(spec.outputs.size(), op.reduce()->kind),
                        std::vector<bool>(static_cast<std::size_t>(spec.ndim), op.reduce()->axes.empty())};
    for (int a : op.reduce()->axes) reduce.axes[static_cast<std::size_t>(a)] = true;
    // A fused max or min of nothing raises, as the unfused Reduce and NumPy do.
    reduce.empty_is_error = op.reduce()->kind == tensor::ReduceKind::max || op.reduce()->kind == tensor::ReduceKind::min;
    spec.reduce = std::move(reduce);
  }
  return spec;
}

// A Reduce over float64 (accumulated in double, as the kernels do) or a logical one over bools.
std::optional<KernelSpec> from_reduce(const Apply& node, const tensor::Reduce& op) {
  DType in = node.inputs()[0].dtype();
  DType out = node.output(0).dtype();
  bool logical = op.kind() == tensor::ReduceKind::all || op.kind() == tensor::ReduceKind::any;
  if (logical ? in != DType::bool_ : (in != DType::float64 || out != DType::float64)) return std::nullopt;
  KernelSpec spec;
  spec.ndim = node.inputs()[0].ndim();
  spec.inputs = operands(node);
  spec.outputs = {0};
  spec.output_dtypes = {out};
  KernelReduce reduce{{static_cast<tensor::ReduceKind>(op.kind())}, {}, false};
  for (int d = 0; d < spec.ndim; ++d) reduce.axes.push_back(op.reduces(d));
  reduce.empty_is_error = op.kind() == tensor::ReduceKind::max || op.kind() == tensor::ReduceKind::min;
  spec.reduce = std::move(reduce);
  return spec;
}

// Whether the parts can run as one loop: the same loop nest, and the same reduction
// structure (the kinds may differ, one per output).
bool can_share_loop(const std::vector<KernelPart>& parts) {
  const KernelSpec* reducing = nullptr;
  bool mixed = false;
  if (std::count_if(parts.begin(), parts.end(), [](const KernelPart& p) { return p.spec->has_draws(); }) > 1)
    return false;
  for (const KernelPart& part : parts) {
    const KernelSpec& spec = *part.spec;
    if (spec.ndim != parts.front().spec->ndim) return false;
    mixed = mixed || spec.reduce.has_value() != parts.front().spec->reduce.has_value();
    if (!spec.reduce) continue;
    if (!reducing) reducing = &spec;
    if (spec.reduce->axes != reducing->reduce->axes || spec.reduce->empty_is_error != reducing->reduce->empty_is_error)
      return false;
  }
  return !mixed || reducing->reduce->full();
}

// Builds a merged kernel part by part. References are renumbered in two steps: every part's
// inputs first (a reference's meaning depends on the merged input count), then the nodes,
// each looked up among those already merged, so equal expressions over equal inputs are
// computed once (value numbering: a node's arguments are already merged references).
class KernelMerger {
 public:
  explicit KernelMerger(const std::vector<KernelPart>& parts) : parts_(parts), input_refs_(parts.size()) {}

  MergedKernel merge() {
    const KernelSpec& first = *parts_.front().spec;
    merged_.spec.ndim = first.ndim;
    for (const KernelPart& part : parts_)
      if (part.spec->reduce && !merged_.spec.reduce)
        merged_.spec.reduce = KernelReduce{{}, part.spec->reduce->axes, part.spec->reduce->empty_is_error};
    for (std::size_t p = 0; p < parts_.size(); ++p) merge_inputs(p);
    for (std::size_t p = 0; p < parts_.size(); ++p) merge_nodes_and_outputs(p);
    return std::move(merged_);
  }

 private:
  void merge_inputs(std::size_t p) {
    const KernelPart& part = parts_[p];
    if (part.operands.size() != part.spec->inputs.size())
      throw std::invalid_argument("merge_kernels: part " + std::to_string(p) + " has " +
                                  std::to_string(part.operands.size()) + " operands for " +
                                  std::to_string(part.spec->inputs.size()) + " inputs");
    auto& inputs = merged_.spec.inputs;
    // A gathered input is the same input only when its rows are the same caller operand.
    auto rows_id = [](const KernelPart& owner, const KernelOperand& in) {
      return in.gather_by < 0 ? -1 : owner.operands[static_cast<std::size_t>(in.gather_by)];
    };
    for (std::size_t k = 0; k < part.operands.size(); ++k) {
      KernelOperand input = part.spec->inputs[k];
      const int rows = rows_id(part, input);
      std::size_t m = 0;
      while (
          m < inputs.size() &&
          !(merged_.operands[m] == part.operands[k] && inputs[m].dtype == input.dtype &&
            inputs[m].scalar == input.scalar && inputs[m].gather_stride == input.gather_stride &&
            inputs[m].gather_wrap == input.gather_wrap &&
            (inputs[m].gather_by < 0 ? -1 : merged_.operands[static_cast<std::size_t>(inputs[m].gather_by)]) == rows))
        ++m;
      if (m == inputs.size()) {
        input.gather_by = -1;  // set below, once the rows' merged input exists
        inputs.push_back(input);
        merged_.operands.push_back(part.operands[k]);
      }
      input_refs_[p].push_back(static_cast<int>(m));
    }
    for (std::size_t k = 0; k < part.operands.size(); ++k)
      if (int by = part.spec->inputs[k].gather_by; by >= 0)
        inputs[static_cast<std::size_t>(input_refs_[p][k])].gather_by = input_refs_[p][static_cast<std::size_t>(by)];
  }

  void merge_nodes_and_outputs(std::size_t p) {
    const KernelSpec& spec = *parts_[p].spec;
    const int n_in = static_cast<int>(merged_.spec.inputs.size());
    std::vector<int> refs = input_refs_[p];  // the part's reference r is merged reference refs[r]
    auto& nodes = merged_.spec.nodes;
    for (const KernelNode& node : spec.nodes) {
      KernelNode renumbered = node;
      for (int& a : renumbered.args) a = refs[static_cast<std::size_t>(a)];
      // Equal nodes are one value, except draws: each is a draw of its own.
      auto found = renumbered.draw ? nodes.end() : std::find(nodes.begin(), nodes.end(), renumbered);
      if (found == nodes.end()) found = nodes.insert(nodes.end(), std::move(renumbered));
      refs.push_back(n_in + static_cast<int>(found - nodes.begin()));
    }
    for (std::size_t o = 0; o < spec.outputs.size(); ++o) {
      merged_.spec.outputs.push_back(refs[static_cast<std::size_t>(spec.outputs[o])]);
      merged_.spec.output_dtypes.push_back(spec.output_dtypes[o]);
      merged_.outputs.emplace_back(static_cast<int>(p), static_cast<int>(o));
      if (auto& reduce = merged_.spec.reduce) {
        const bool stored = !spec.reduce || spec.reduce->is_stored(o);
        reduce->kinds.push_back(spec.reduce ? spec.reduce->kinds[o] : tensor::ReduceKind::sum);
        reduce->stored.push_back(stored);
      }
    }
  }

  const std::vector<KernelPart>& parts_;
  std::vector<std::vector<int>> input_refs_;  // per part, per input: the merged input
  MergedKernel merged_;
};

}  // namespace

std::optional<MergedKernel> merge_kernels(const std::vector<KernelPart>& parts) {
  if (parts.empty() || !can_share_loop(parts)) return std::nullopt;
  return KernelMerger(parts).merge();
}

bool KernelSpec::has_draws() const {
  return std::any_of(nodes.begin(), nodes.end(), [](const KernelNode& n) { return n.draw != nullptr; });
}

int KernelSpec::add_input(KernelOperand operand) {
  const int n_in = static_cast<int>(inputs.size());
  auto shift = [&](int& ref) {
    if (ref >= n_in) ++ref;
  };
  for (auto& node : nodes) std::for_each(node.args.begin(), node.args.end(), shift);
  std::for_each(outputs.begin(), outputs.end(), shift);
  inputs.push_back(operand);
  return n_in;
}

bool KernelSpec::has_scatters() const {
  return std::any_of(scatters.begin(), scatters.end(), [](const KernelScatter& s) { return s.rows >= 0; });
}

bool KernelReduce::full() const { return std::all_of(axes.begin(), axes.end(), [](bool r) { return r; }); }

DType KernelSpec::ref_dtype(int ref) const {
  int n = static_cast<int>(inputs.size());
  return ref < n ? inputs[static_cast<std::size_t>(ref)].dtype : nodes[static_cast<std::size_t>(ref - n)].dtype;
}

void KernelSpec::append_key(std::string& key) const {
  auto put = [&](long v) { key += std::to_string(v) + ','; };
  put(ndim);
  key += "i:";
  for (const auto& in : inputs) {
    put(static_cast<int>(in.dtype));
    put(in.scalar);
    put(in.gather_by);
    put(in.gather_stride);
    put(in.gather_wrap);
    put(in.state);
  }
  key += "n:";
  for (const auto& n : nodes) {
    put(static_cast<int>(n.op));
    put(static_cast<int>(n.dtype));
    put(static_cast<int>(n.cast_to));
    put(n.integer);
    // A draw's distribution: its entry's symbol, or (a record drawn through the generic entry,
    // whose code holds the record's address) its name and address.
    if (n.draw)
      key += n.draw->entry ? n.draw->symbol
                           : std::string(n.draw->name) + "@" + std::to_string(reinterpret_cast<std::uintptr_t>(n.draw));
    key += '(';
    for (int a : n.args) put(a);
    key += ')';
  }
  key += "o:";
  for (std::size_t o = 0; o < outputs.size(); ++o) {
    put(outputs[o]);
    put(static_cast<int>(output_dtypes[o]));
  }
  if (reduce) {
    key += "r:";
    put(static_cast<long>(reduce->kinds.size()));
    for (tensor::ReduceKind kind : reduce->kinds) put(static_cast<int>(kind));
    for (bool r : reduce->axes) put(r);
    put(reduce->empty_is_error);
    for (bool stored : reduce->stored) put(stored);
  }
  if (has_scatters()) {
    key += "s:";
    for (const KernelScatter& s : scatters) {
      put(s.rows);
      put(s.wrap);
    }
  }
  key += ';';
}

bool has_double_lowering(ScalarOp op) { return op <= ScalarOp::polygamma; }

bool has_float32_lowering(ScalarOp op) {
  switch (op) {
    // libmvec's atan2f is an ulp off glibc's correctly rounded atan2f at (1, 1): a vector loop's
    // lanes and its scalar tail would give equal inputs different values (an argmax tie moves).
    case ScalarOp::arctan2:
    case ScalarOp::int_div: case ScalarOp::erfcx: case ScalarOp::erfinv: case ScalarOp::gammaln:
    case ScalarOp::digamma: case ScalarOp::trigamma: case ScalarOp::polygamma:
      return false;
    default:
      return has_double_lowering(op);
  }
}

bool has_integer_lowering(ScalarOp op) {
  switch (op) {
    case ScalarOp::add: case ScalarOp::mul: case ScalarOp::sub: case ScalarOp::int_div:
    case ScalarOp::mod: case ScalarOp::neg: case ScalarOp::pow: case ScalarOp::abs:
    case ScalarOp::sign: case ScalarOp::sqr: case ScalarOp::maximum: case ScalarOp::minimum:
    case ScalarOp::switch_: case ScalarOp::lt: case ScalarOp::le: case ScalarOp::gt:
    case ScalarOp::ge: case ScalarOp::eq: case ScalarOp::neq: case ScalarOp::and_:
    case ScalarOp::or_: case ScalarOp::xor_: case ScalarOp::invert: case ScalarOp::isnan:
    case ScalarOp::isinf: case ScalarOp::cast: case ScalarOp::identity: case ScalarOp::clip:
    case ScalarOp::second:
      return true;
    default:
      return false;
  }
}

std::optional<KernelSpec> kernel_spec(const Apply& node) {
  if (auto* composite = dynamic_cast<const tensor::Composite*>(&node.op())) return from_composite(node, *composite);
  if (auto* elemwise = dynamic_cast<const tensor::Elemwise*>(&node.op())) return from_elemwise(node, *elemwise);
  if (auto* reduce = dynamic_cast<const tensor::Reduce*>(&node.op())) return from_reduce(node, *reduce);
  return std::nullopt;
}

}  // namespace kiln::jit
