// RandomVariable nodes as kernels (see random_kernel.hpp).
#include "jit/random_kernel.hpp"

#include "random/rv_scalar.hpp"

#include <algorithm>

namespace kiln::jit {

std::optional<KernelSpec> random_kernel_spec(const Apply& node) {
  const auto* op = dynamic_cast<const random::ScalarRandomVariable*>(&node.op());
  if (!op || op->distribution().fill) return std::nullopt;  // drawn in passes: a batch draw
  const random::ScalarDistribution& d = op->distribution();
  const DType natural = d.dtype;
  KernelSpec spec;
  spec.ndim = node.output(1).ndim();
  spec.inputs.push_back({DType::uint64, true, -1, true});
  KernelNode draw{tensor::ScalarOp::identity, {0}, natural, natural, false, &d};
  for (std::size_t p = 0; p < d.params.size(); ++p) {
    const Var& param = node.inputs()[3 + p];
    if (param.ndim() > spec.ndim) return std::nullopt;
    const bool scalar =
        std::all_of(param.type().shape().begin(), param.type().shape().end(), [](const auto& dim) { return dim == 1; });
    spec.inputs.push_back({param.dtype(), scalar});
    draw.args.push_back(static_cast<int>(p) + 1);
  }
  spec.nodes.push_back(std::move(draw));
  spec.outputs = {static_cast<int>(spec.inputs.size())};
  // Drawn in the natural dtype and stored converted, as perform's astype (float32 draws).
  spec.output_dtypes = {node.output(1).dtype()};
  return spec;
}

std::optional<Shape> random_draw_shape(const Array& size, const std::vector<Shape>& params) {
  const Shape requested = size.to_vector<std::int64_t>();
  std::size_t ndim = requested.size();
  for (const auto& p : params) ndim = std::max(ndim, p.size());
  Shape shape(ndim, 1);
  auto join = [&](const Shape& s) {
    const std::size_t lead = ndim - s.size();
    for (std::size_t d = 0; d < s.size(); ++d) {
      if (s[d] == 1) continue;
      if (shape[lead + d] != 1 && shape[lead + d] != s[d]) return false;
      shape[lead + d] = s[d];
    }
    return true;
  };
  if (!join(requested)) return std::nullopt;
  for (const auto& p : params)
    if (!join(p)) return std::nullopt;
  if (!requested.empty() && shape != requested) return std::nullopt;
  return shape;
}

}  // namespace kiln::jit
