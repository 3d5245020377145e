// Names, sizes and NumPy's promotion table for kiln's dtypes.
#include <kiln/dtype.hpp>

#include <algorithm>
#include <array>

namespace kiln {
namespace {

struct DTypeInfo {
  std::string_view name;
  std::size_t size;
};

constexpr std::array<DTypeInfo, 11> kInfo{{
    {"bool", 1},
    {"int8", 1},
    {"int16", 2},
    {"int32", 4},
    {"int64", 8},
    {"uint8", 1},
    {"uint16", 2},
    {"uint32", 4},
    {"uint64", 8},
    {"float32", 4},
    {"float64", 8},
}};

const DTypeInfo& info(DType d) { return kInfo[static_cast<std::size_t>(d)]; }

DType signed_of_size(std::size_t bytes) {
  switch (bytes) {
    case 1: return DType::int8;
    case 2: return DType::int16;
    case 4: return DType::int32;
    default: return DType::int64;
  }
}

}  // namespace

std::string_view dtype_name(DType dtype) { return info(dtype).name; }

std::optional<DType> dtype_from_name(std::string_view name) {
  for (std::size_t i = 0; i < kInfo.size(); ++i)
    if (kInfo[i].name == name) return static_cast<DType>(i);
  if (name == "floatX") return DType::float64;
  return std::nullopt;
}

std::size_t itemsize(DType dtype) { return info(dtype).size; }
bool is_float(DType d) { return d == DType::float32 || d == DType::float64; }
bool is_bool(DType d) { return d == DType::bool_; }
bool is_unsigned(DType d) { return d >= DType::uint8 && d <= DType::uint64; }
bool is_integer(DType d) { return d >= DType::int8 && d <= DType::uint64; }

DType promote(DType a, DType b) {
  if (a == b) return a;
  if (is_bool(a)) return b;
  if (is_bool(b)) return a;
  if (is_float(a) || is_float(b)) {
    if (is_float(a) && is_float(b)) return DType::float64;
    DType f = is_float(a) ? a : b;
    DType i = is_float(a) ? b : a;
    if (f == DType::float64) return f;
    return itemsize(i) <= 2 ? DType::float32 : DType::float64;  // int32/int64 do not fit float32
  }
  if (is_unsigned(a) == is_unsigned(b)) return itemsize(a) >= itemsize(b) ? a : b;
  DType u = is_unsigned(a) ? a : b;
  DType s = is_unsigned(a) ? b : a;
  if (itemsize(s) > itemsize(u)) return s;
  if (u == DType::uint64) return DType::float64;  // NumPy: no integer holds both
  return signed_of_size(itemsize(u) * 2);
}

DType float_dtype_for(DType dtype) {
  if (is_float(dtype)) return dtype;
  return itemsize(dtype) <= 2 ? DType::float32 : DType::float64;  // Aesara's upgrade_to_float
}

}  // namespace kiln
