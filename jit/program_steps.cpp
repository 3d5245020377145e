// Slot values and output placement shared by the step interpreter and specialized programs.
#include "jit/program_steps.hpp"

#include <kiln/errors.hpp>

#include <cstring>
#include <string>

namespace kiln::jit {

bool TensorView::contiguous() const {
  std::int64_t expected = 1;
  for (std::size_t d = shape.size(); d-- > 0;) {
    if (shape[d] != 1 && strides[d] != expected) return false;
    expected *= shape[d];
  }
  return true;
}

void copy_elements(const TensorView& src, void* dst_data, const std::vector<std::int64_t>& dst_strides) {
  std::size_t item = itemsize(src.dtype);
  std::int64_t n = shape_size(src.shape);
  const std::size_t nd = src.shape.size();
  std::vector<std::int64_t> index(nd, 0);
  std::int64_t s = 0, d = 0;
  auto* in = static_cast<const char*>(src.data);
  auto* out = static_cast<char*>(dst_data);
  for (std::int64_t i = 0; i < n; ++i) {
    std::memcpy(out + d * static_cast<std::int64_t>(item), in + s * static_cast<std::int64_t>(item), item);
    for (std::size_t k = nd; k-- > 0;) {
      s += src.strides[k];
      d += dst_strides[k];
      if (++index[k] < src.shape[k]) break;
      s -= src.strides[k] * index[k];
      d -= dst_strides[k] * index[k];
      index[k] = 0;
    }
  }
}

void check_caller_array(const Array& dst, DType dtype, const Shape& shape, std::size_t i) {
  if (dst.dtype() != dtype || dst.shape() != shape)
    throw InputError("call_into: output " + std::to_string(i) + " needs dtype " + std::string(dtype_name(dtype)) +
                     " and shape " + shape_string(shape) + ", the given array has " +
                     std::string(dtype_name(dst.dtype())) + " and " + shape_string(dst.shape()));
}

bool holds_caller_memory(const std::vector<Array>& outputs, std::size_t i) {
  return i < outputs.size() && outputs[i].raw_data() != nullptr && outputs[i].size() > 0;
}

}  // namespace kiln::jit
