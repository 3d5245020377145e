// kiln::Array storage, construction, element access and copies.
#include <kiln/array.hpp>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>

namespace kiln {
namespace {

constexpr std::size_t kAlignment = 64;

std::shared_ptr<void> allocate(std::size_t bytes) {
  std::size_t rounded = (std::max<std::size_t>(bytes, 1) + kAlignment - 1) / kAlignment * kAlignment;
  void* p = std::aligned_alloc(kAlignment, rounded);
  if (p == nullptr) throw std::bad_alloc();
  return std::shared_ptr<void>(p, [](void* q) { std::free(q); });
}

template <class T>
Array scalar_array(T value) {
  Array a = Array::empty(dtype_of<T>(), {});
  *a.data<T>() = value;
  return a;
}

}  // namespace

std::int64_t shape_size(const Shape& shape) {
  std::int64_t n = 1;
  bool overflow = false, empty = false;
  for (auto d : shape) {
    if (d < 0) throw ValueError("negative dimension " + std::to_string(d) + " in shape " + shape_string(shape));
    empty |= d == 0;
    overflow |= __builtin_mul_overflow(n, d, &n);
  }
  // An extent of 0 makes the array empty however large the others are (as NumPy).
  if (empty) return 0;
  if (overflow) throw ValueError("shape " + shape_string(shape) + " has more elements than fit in 64 bits");
  return n;
}

Strides contiguous_strides(const Shape& shape) {
  Strides strides(shape.size());
  std::int64_t s = 1;
  for (std::size_t i = shape.size(); i-- > 0;) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

std::string shape_string(const Shape& shape) {
  std::string s = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i) s += ", ";
    s += std::to_string(shape[i]);
  }
  if (shape.size() == 1) s += ",";
  return s + ")";
}

Array::Array() : Array(0.0) {}
Array::Array(double value) : Array(scalar_array(value)) {}
Array::Array(float value) : Array(scalar_array(value)) {}
Array::Array(int value) : Array(scalar_array(static_cast<std::int64_t>(value))) {}
Array::Array(std::int64_t value) : Array(scalar_array(value)) {}
Array::Array(std::uint64_t value) : Array(scalar_array(value)) {}
Array::Array(bool value) : Array(scalar_array(value)) {}

Array::Array(std::initializer_list<double> values)
    : Array(empty(DType::float64, {static_cast<std::int64_t>(values.size())})) {
  std::memcpy(data_, values.begin(), values.size() * sizeof(double));
}

Array::Array(std::initializer_list<std::initializer_list<double>> rows) {
  std::int64_t cols = rows.size() ? static_cast<std::int64_t>(rows.begin()->size()) : 0;
  for (const auto& row : rows)
    if (static_cast<std::int64_t>(row.size()) != cols)
      throw ValueError("Array: ragged nested list (rows of length " + std::to_string(cols) + " and " +
                       std::to_string(row.size()) + ")");
  *this = empty(DType::float64, {static_cast<std::int64_t>(rows.size()), cols});
  double* out = static_cast<double*>(data_);
  for (const auto& row : rows)
    for (double v : row) *out++ = v;
}

Array Array::empty(DType dtype, const Shape& shape) {
  for (auto d : shape)
    if (d < 0) throw ValueError("Array: negative dimension in shape " + shape_string(shape));
  std::int64_t bytes = 0;
  if (__builtin_mul_overflow(shape_size(shape), static_cast<std::int64_t>(itemsize(dtype)), &bytes))
    throw ValueError("Array: shape " + shape_string(shape) + " of " + std::string(dtype_name(dtype)) +
                     " needs more bytes than fit in 64 bits");
  Array a{Uninit{}};
  a.dtype_ = dtype;
  a.shape_ = shape;
  a.strides_ = contiguous_strides(shape);
  a.storage_ = allocate(static_cast<std::size_t>(bytes));
  a.data_ = a.storage_.get();
  return a;
}

Array Array::zeros(DType dtype, const Shape& shape) {
  Array a = empty(dtype, shape);
  std::memset(a.data_, 0, static_cast<std::size_t>(a.size()) * itemsize(dtype));
  return a;
}

Array Array::full(DType dtype, const Shape& shape, double value) {
  Array a = empty(dtype, shape);
  for (std::int64_t i = 0; i < a.size(); ++i) a.set_from_double(i, value);
  return a;
}

Array Array::view_raw(DType dtype, void* data, Shape shape, Strides strides,
                      std::shared_ptr<void> keep_alive) {
  Array a{Uninit{}};
  a.dtype_ = dtype;
  a.shape_ = std::move(shape);
  a.strides_ = strides.empty() && !a.shape_.empty() ? contiguous_strides(a.shape_) : std::move(strides);
  if (a.strides_.size() != a.shape_.size()) throw ValueError("Array::view: strides and shape differ in length");
  shape_size(a.shape_);  // rejects negative extents and element counts that overflow
  a.storage_ = std::move(keep_alive);
  a.data_ = data;
  return a;
}

std::int64_t Array::size() const { return shape_size(shape_); }

namespace {

// The bytes [first, last) an array's elements lie in (empty for an empty array).
std::pair<const char*, const char*> byte_span(const Array& a) {
  const char* base = static_cast<const char*>(a.raw_data());
  if (base == nullptr || a.size() == 0) return {nullptr, nullptr};
  const auto item = static_cast<std::int64_t>(itemsize(a.dtype()));
  std::int64_t lo = 0, hi = 0;
  for (std::size_t d = 0; d < a.shape().size(); ++d) {
    std::int64_t reach = a.strides()[d] * (a.shape()[d] - 1) * item;
    (reach < 0 ? lo : hi) += reach;
  }
  return {base + lo, base + hi + item};
}

}  // namespace

bool may_share_memory(const Array& a, const Array& b) {
  auto [a0, a1] = byte_span(a);
  auto [b0, b1] = byte_span(b);
  return a0 != a1 && b0 != b1 && a0 < b1 && b0 < a1;
}

bool is_contiguous(const Shape& shape, const Strides& strides) {
  std::int64_t expected = 1;
  for (std::size_t i = shape.size(); i-- > 0;) {
    if (shape[i] != 1 && strides[i] != expected) return false;
    expected *= shape[i];
  }
  return true;
}

bool Array::is_contiguous() const { return kiln::is_contiguous(shape_, strides_); }

void Array::check_dtype(DType wanted) const {
  if (wanted != dtype_)
    throw TypeError("Array::data<" + std::string(dtype_name(wanted)) + ">: the array holds " +
                    std::string(dtype_name(dtype_)));
}

void Array::throw_item_error() const {
  throw ValueError("Array::item: can only convert an array of size 1, this one has shape " + shape_string(shape_));
}

std::int64_t Array::offset_of(std::int64_t flat) const {
  if (flat < 0 || flat >= size())
    throw ValueError("Array: flat index " + std::to_string(flat) + " is out of range for an array of shape " +
                     shape_string(shape_));
  std::int64_t off = 0;
  for (std::size_t i = shape_.size(); i-- > 0;) {
    std::int64_t d = shape_[i];
    off += (flat % d) * strides_[i];
    flat /= d;
  }
  return off;
}

double Array::get_as_double(std::int64_t flat) const {
  std::int64_t off = offset_of(flat);
  return visit_dtype(dtype_, [&](auto t) { return static_cast<double>(static_cast<const decltype(t)*>(data_)[off]); });
}

std::int64_t Array::get_as_int(std::int64_t flat) const {
  std::int64_t off = offset_of(flat);
  return visit_dtype(dtype_, [&](auto t) {
    return static_cast<std::int64_t>(static_cast<const decltype(t)*>(data_)[off]);
  });
}

void Array::set_from_double(std::int64_t flat, double value) {
  std::int64_t off = offset_of(flat);
  visit_dtype(dtype_, [&](auto t) {
    using T = decltype(t);
    static_cast<T*>(data_)[off] = static_cast<T>(value);
  });
}

void Array::set_from_int(std::int64_t flat, std::int64_t value) {
  std::int64_t off = offset_of(flat);
  visit_dtype(dtype_, [&](auto t) {
    using T = decltype(t);
    static_cast<T*>(data_)[off] = static_cast<T>(value);
  });
}

Array Array::copy() const { return astype(dtype_); }

Array Array::astype(DType dtype) const {
  Array out = empty(dtype, shape_);
  if (dtype == dtype_ && is_contiguous()) {
    std::memcpy(out.data_, data_, static_cast<std::size_t>(size()) * itemsize(dtype));
    return out;
  }
  // Typed conversion while walking the source's strides with a running index (no division
  // per element): this is the copy every non-contiguous operand of a BLAS call goes through.
  visit_dtype(dtype_, [&](auto src_tag) {
    using S = decltype(src_tag);
    visit_dtype(dtype, [&](auto dst_tag) {
      using D = decltype(dst_tag);
      const S* src = static_cast<const S*>(data_);
      D* dst = static_cast<D*>(out.data_);
      std::int64_t n = size();
      std::size_t nd = shape_.size();
      std::vector<std::int64_t> index(nd, 0);
      std::int64_t offset = 0;
      for (std::int64_t i = 0; i < n; ++i) {
        dst[i] = static_cast<D>(src[offset]);
        for (std::size_t d = nd; d-- > 0;) {
          offset += strides_[d];
          if (++index[d] < shape_[d]) break;
          offset -= strides_[d] * shape_[d];
          index[d] = 0;
        }
      }
    });
  });
  return out;
}

Array Array::reshape(const Shape& shape) const {
  for (auto d : shape)
    if (d < 0) throw ValueError("cannot reshape array of shape " + shape_string(shape_) + " into shape " +
                                shape_string(shape) + ": negative dimension " + std::to_string(d));
  if (shape_size(shape) != size())
    throw ValueError("cannot reshape array of shape " + shape_string(shape_) + " into shape " + shape_string(shape));
  Array src = is_contiguous() ? *this : copy();
  Array out = src;
  out.shape_ = shape;
  out.strides_ = contiguous_strides(shape);
  return out;
}

Array Array::broadcast_to(const Shape& shape) const {
  shape_size(shape);  // rejects negative extents and element counts that overflow
  if (shape.size() < shape_.size())
    throw ValueError("cannot broadcast shape " + shape_string(shape_) + " to " + shape_string(shape));
  Array out = *this;
  out.shape_ = shape;
  out.strides_.assign(shape.size(), 0);
  std::size_t lead = shape.size() - shape_.size();
  for (std::size_t i = 0; i < shape_.size(); ++i) {
    if (shape_[i] == shape[lead + i])
      out.strides_[lead + i] = strides_[i];
    else if (shape_[i] != 1)
      throw ValueError("cannot broadcast shape " + shape_string(shape_) + " to " + shape_string(shape));
  }
  return out;
}

bool Array::same_values(const Array& other) const {
  if (dtype_ != other.dtype_ || shape_ != other.shape_) return false;
  for (std::int64_t i = 0; i < size(); ++i) {
    if (is_float(dtype_)) {
      double a = get_as_double(i), b = other.get_as_double(i);
      if (!(a == b || (std::isnan(a) && std::isnan(b)))) return false;
    } else if (get_as_int(i) != other.get_as_int(i)) {
      return false;
    }
  }
  return true;
}

}  // namespace kiln
