// Slot values and output placement shared by the step interpreter and specialized programs.
#include "jit/program_steps.hpp"

#include <kiln/errors.hpp>

#include <cstring>
#include <string>

namespace kiln::jit {

bool TensorView::contiguous() const { return is_contiguous(shape, strides); }

std::int64_t scalar_as_int(const TensorView& v) {
  switch (v.dtype) {
    case DType::bool_: case DType::uint8: return *static_cast<const std::uint8_t*>(v.data);
    case DType::int8: return *static_cast<const std::int8_t*>(v.data);
    case DType::int16: return *static_cast<const std::int16_t*>(v.data);
    case DType::uint16: return *static_cast<const std::uint16_t*>(v.data);
    case DType::int32: return *static_cast<const std::int32_t*>(v.data);
    case DType::uint32: return *static_cast<const std::uint32_t*>(v.data);
    case DType::int64: return *static_cast<const std::int64_t*>(v.data);
    case DType::uint64: return static_cast<std::int64_t>(*static_cast<const std::uint64_t*>(v.data));
    case DType::float32: return static_cast<std::int64_t>(*static_cast<const float*>(v.data));
    case DType::float64: return static_cast<std::int64_t>(*static_cast<const double*>(v.data));
  }
  return 0;
}

void copy_elements(const TensorView& src, void* dst_data, const Strides& dst_strides) {
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

void copy_to_output(const TensorView& value, std::vector<Array>& outputs, std::size_t i, bool into_caller) {
  if (into_caller && holds_caller_memory(outputs, i)) {
    check_caller_array(outputs[i], value.dtype, value.shape, i);
    copy_elements(value, outputs[i].raw_data(), outputs[i].strides());
  } else {
    Array copy = Array::empty(value.dtype, value.shape);
    copy_elements(value, copy.raw_data(), copy.strides());
    outputs[i] = std::move(copy);
  }
}

}  // namespace kiln::jit
