// kiln::Array: the runtime n-d array. A dtype, a shape, strides (in elements) and a shared,
// 64-byte aligned buffer, or a zero-copy view of caller memory. Printing gives NumPy's repr.
#pragma once

#include <kiln/dims.hpp>
#include <kiln/dtype.hpp>
#include <kiln/errors.hpp>

#include <cstdint>
#include <initializer_list>
#include <iosfwd>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

namespace kiln {

// Extents and strides (in elements): short lists held inline (see dims.hpp).
using Shape = Dims;
using Strides = Dims;

std::int64_t shape_size(const Shape& shape);  // (declared with its comment below)

class Array {
 public:
  // A 0-d float64 zero.
  Array();
  // 0-d arrays from C++ scalars (NumPy's default dtypes: float64, int64, bool).
  Array(double value);
  Array(float value);
  Array(int value);
  Array(std::int64_t value);
  Array(std::uint64_t value);
  Array(bool value);
  // 1-d and 2-d float64 arrays from lists: Array{1.0, 2.0}, Array{{1.0, 2.0}, {3.0, 4.0}}.
  Array(std::initializer_list<double> values);
  Array(std::initializer_list<std::initializer_list<double>> rows);
  // 1-d arrays from vectors.
  template <class T>
  Array(const std::vector<T>& values) : Array(empty(dtype_of<T>(), {static_cast<std::int64_t>(values.size())})) {
    T* out = data<T>();
    for (std::size_t i = 0; i < values.size(); ++i) out[i] = values[i];
  }

  // A new owning, C-contiguous array; `empty` leaves it uninitialized, `zeros` clears it.
  static Array empty(DType dtype, const Shape& shape);
  static Array zeros(DType dtype, const Shape& shape);
  static Array full(DType dtype, const Shape& shape, double value);
  // A zero-copy view of caller memory (C-contiguous); the caller keeps the memory alive.
  // (A view of rank up to Dims::kInline allocates nothing: a hot caller may build one per call.)
  template <class T>
  static Array view(T* data, Shape shape) {
    Array a{Uninit{}};
    a.dtype_ = dtype_of<T>();
    a.data_ = data;
    a.set_contiguous(std::move(shape));
    return a;
  }
  // `Array::view(p, {n})`, the form a per-call view is written in: the extents go straight
  // into the view's shape, with no Shape built and moved first.
  template <class T>
  static Array view(T* data, std::initializer_list<std::int64_t> shape) {
    Array a{Uninit{}};
    a.dtype_ = dtype_of<T>();
    a.data_ = data;
    a.shape_.assign(shape.begin(), shape.end());
    a.set_contiguous_strides();
    return a;
  }
  static Array view_raw(DType dtype, void* data, Shape shape, Strides strides,
                        std::shared_ptr<void> keep_alive = nullptr);

  DType dtype() const { return dtype_; }
  int ndim() const { return static_cast<int>(shape_.size()); }
  const Shape& shape() const { return shape_; }
  const Strides& strides() const { return strides_; }  // in elements
  std::int64_t size() const;
  bool is_contiguous() const;  // C order

  // Typed pointer to the first element; throws TypeError if T is not the dtype.
  template <class T>
  T* data() {
    check_dtype(dtype_of<T>());
    return static_cast<T*>(data_);
  }
  template <class T>
  const T* data() const {
    check_dtype(dtype_of<T>());
    return static_cast<const T*>(data_);
  }
  void* raw_data() const { return data_; }
  // Points this view at other memory laid out the same way (same dtype, shape, strides). Lets
  // a hot caller reuse its Array handles across calls instead of building new ones.
  void retarget(void* data) { data_ = data; }

  // The single element (0-d or size 1), converted to T as NumPy's item() would.
  template <class T>
  T item() const {
    if (size() != 1) throw_item_error();
    return static_cast<T>(get_as_double(0));
  }
  // The elements in C order, converted to T.
  template <class T>
  std::vector<T> to_vector() const {
    std::vector<T> out(static_cast<std::size_t>(size()));
    // Integers go through int64 so values above 2^53 stay exact.
    bool exact = std::is_integral_v<T> && !is_float(dtype_);
    for (std::int64_t i = 0; i < size(); ++i)
      out[static_cast<std::size_t>(i)] = exact ? static_cast<T>(get_as_int(i)) : static_cast<T>(get_as_double(i));
    return out;
  }
  // Element `flat` (C order over the shape) as a double / as an int64 (exact for integers).
  double get_as_double(std::int64_t flat) const;
  std::int64_t get_as_int(std::int64_t flat) const;
  void set_from_double(std::int64_t flat, double value);
  void set_from_int(std::int64_t flat, std::int64_t value);

  Array copy() const;                // owning, C-contiguous deep copy
  Array astype(DType dtype) const;   // owning copy converted to dtype
  Array reshape(const Shape& shape) const;  // a view when contiguous, else a copy
  Array broadcast_to(const Shape& shape) const;  // a strided view (zero strides)

  // True when both hold the same dtype, shape and values (NaN equal to NaN).
  bool same_values(const Array& other) const;

 private:
  struct Uninit {};
  explicit Array(Uninit) {}
  // Takes this shape with C-contiguous strides. Inline, with shape_size's checks (a negative
  // extent, a count past int64: it throws their errors), so a view built per call costs little.
  void set_contiguous(Shape&& shape) {
    shape_ = std::move(shape);
    set_contiguous_strides();
  }
  void set_contiguous_strides() {
    strides_.resize_for_overwrite(shape_.size());
    std::int64_t n = 1;
    bool check = false;
    for (std::size_t d = shape_.size(); d-- > 0;) {
      strides_[d] = n;
      check |= shape_[d] < 0;
      check |= __builtin_mul_overflow(n, shape_[d], &n);
    }
    if (check) shape_size(shape_);
  }
  void check_dtype(DType wanted) const;
  [[noreturn]] void throw_item_error() const;
  std::int64_t offset_of(std::int64_t flat) const;

  DType dtype_ = DType::float64;
  Shape shape_;
  Strides strides_;
  std::shared_ptr<void> storage_;
  void* data_ = nullptr;
};

// C-order strides (in elements) of a contiguous array of this shape.
Strides contiguous_strides(const Shape& shape);
// Whether elements laid out with these strides (in elements) are C-contiguous (extents of 1
// may have any stride).
bool is_contiguous(const Shape& shape, const Strides& strides);
// NumPy's may_share_memory: whether the bytes the two arrays' elements span overlap (arrays
// that interleave without touching count as overlapping; empty arrays never do).
bool may_share_memory(const Array& a, const Array& b);
// The number of elements. Throws ValueError naming the shape for a negative extent, or when
// the count does not fit in int64 (so no caller can size a buffer from a wrapped product).
std::int64_t shape_size(const Shape& shape);

// NumPy's repr: `array([0., 1.])`, `array(-1.96919646)`, `array([1, 2], dtype=int32)`.
std::string repr(const Array& a);
// NumPy's str: `[0.36816521 0.47495408]`.
std::string str(const Array& a);
// Python's repr of a float: the shortest string that reads back the same (`-1.969196457220078`).
std::string float_repr(double value);
std::ostream& operator<<(std::ostream& os, const Array& a);
std::string shape_string(const Shape& shape);  // "(2, 3)", "(2,)", "()"

}  // namespace kiln
